package com.aftersales.deployments;

import java.util.Map;
import java.util.Set;

/**
 * What a deployment brings (form ids, decision keys with their file, process keys) and what the engine
 * holds already: where a diagram's forms, decisions and called processes are found.
 */
record DeploymentContents(
        Set<String> forms, Map<String, byte[]> decisions, Set<String> processes, DeployedDefinitions deployed) {

    /** The file of the decision: this deployment's, else the latest deployed one; {@code null} if neither. */
    byte[] decisionFile(String key) {
        byte[] file = decisions.get(key);
        return file != null ? file : deployed.decisionFile(key);
    }
}
