package com.aftersales.deployments;

import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.impl.Page;
import org.camunda.bpm.engine.impl.ProcessDefinitionQueryImpl;
import org.camunda.bpm.engine.impl.dmn.entity.repository.DecisionDefinitionEntity;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/** What the engine holds already, which a new deployment may refer to: forms, decisions, processes (by default: nothing). */
public interface DeployedDefinitions {

    /** Whether a Camunda Form with that id is deployed (any version; with a version: that version). */
    default boolean hasForm(String key, Integer version) {
        return false;
    }

    default boolean hasProcess(String key) {
        return false;
    }

    /** The file of the latest deployed decision with that key, or {@code null}. */
    default byte[] decisionFile(String key) {
        return null;
    }

    /** The file of the latest version of every deployed process, by process key. */
    default Map<String, Resource> latestDiagrams() {
        return Map.of();
    }

    record Resource(String name, byte[] bytes) {}

    /** Nothing deployed yet (the check of bpmn/ in CI); the defaults above say so. */
    DeployedDefinitions NOTHING = new DeployedDefinitions() {};

    /** What the engine holds, read inside the deploy command (its transaction, without authorization checks). */
    static DeployedDefinitions of(CommandContext context) {
        return new DeployedDefinitions() {
            @Override
            public boolean hasForm(String key, Integer version) {
                return version == null
                        ? context.getCamundaFormDefinitionManager().findLatestDefinitionByKey(key) != null
                        : context.getCamundaFormDefinitionManager()
                                        .findDefinitionByKeyVersionAndTenantId(key, version, null)
                                != null;
            }

            @Override
            public boolean hasProcess(String key) {
                return context.getProcessDefinitionManager().findLatestProcessDefinitionByKey(key) != null;
            }

            @Override
            public byte[] decisionFile(String key) {
                DecisionDefinitionEntity decision =
                        context.getDecisionDefinitionManager().findLatestDecisionDefinitionByKey(key);
                if (decision == null) return null;
                ResourceEntity file = context.getResourceManager()
                        .findResourceByDeploymentIdAndResourceName(
                                decision.getDeploymentId(), decision.getResourceName());
                return file == null ? null : file.getBytes();
            }

            @Override
            public Map<String, Resource> latestDiagrams() {
                Map<String, Resource> diagrams = new LinkedHashMap<>();
                ProcessDefinitionQueryImpl latest = new ProcessDefinitionQueryImpl();
                latest.latestVersion();
                for (ProcessDefinition process : context.getProcessDefinitionManager()
                        .findProcessDefinitionsByQueryCriteria(latest, new Page(0, 10_000))) {
                    ResourceEntity file = context.getResourceManager()
                            .findResourceByDeploymentIdAndResourceName(
                                    process.getDeploymentId(), process.getResourceName());
                    if (file != null) diagrams.put(process.getKey(), new Resource(file.getName(), file.getBytes()));
                }
                return diagrams;
            }
        };
    }
}
