package com.aftersales.cases;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/**
 * How the app's engine plugins (deadlines, the case card, policy figures) add their parse listener: after Camunda's
 * own, keeping the ones already there, so every diagram deployed from Modeler gets the same behaviour without a
 * listener in its XML.
 */
final class UserTaskCreateListeners {

    private UserTaskCreateListeners() {}

    static void addParseListener(ProcessEngineConfigurationImpl configuration, BpmnParseListener listener) {
        List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null
                ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        listeners.add(listener);
        configuration.setCustomPostBPMNParseListeners(listeners);
    }
}
