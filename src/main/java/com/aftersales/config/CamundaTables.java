package com.aftersales.config;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/** Where the app reads Camunda's tables with its own SQL (the history, the running tasks). */
public final class CamundaTables {

    private CamundaTables() {}

    /** Camunda's table prefix as the engine is configured (none by default), to put before {@code ACT_…}. */
    public static String prefix(ProcessEngine engine) {
        String prefix =
                ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDatabaseTablePrefix();
        return prefix == null ? "" : prefix;
    }
}
