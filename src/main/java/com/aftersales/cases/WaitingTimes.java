package com.aftersales.cases;

import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * How long a flow waits for the buyer (decision {@code WaitingTime} in bpmn/waiting-times.dmn, one row
 * per rule ID). Used in timer durations: {@code ${waitingTimes.of(execution, 'R-LOST-3')}} → "P3D".
 */
@Component
public class WaitingTimes {

    public String of(DelegateExecution execution, String ruleId) {
        DmnDecisionTableResult result = execution.getProcessEngineServices().getDecisionService()
                .evaluateDecisionTableByKey("WaitingTime", Variables.putValue("waitRuleId", ruleId));
        if (result.isEmpty()) throw new IllegalStateException("The WaitingTime table has no wait for " + ruleId);
        return result.getSingleResult().getEntry("wait").toString();
    }
}
