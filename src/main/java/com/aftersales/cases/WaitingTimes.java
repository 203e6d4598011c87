package com.aftersales.cases;

import com.aftersales.deployments.DecisionRow;
import com.aftersales.deployments.ProcessBean;
import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * How long a flow waits for the buyer (decision {@code WaitingTime} in bpmn/waiting-times.dmn, one row
 * per rule ID). Used in timer durations: {@code ${waitingTimes.of(execution, 'R-LOST-3')}} → "P3D".
 */
@Component
@ProcessBean
public class WaitingTimes {

    /** The decision table of the waits, one row per rule ID (input {@link #WAIT_RULE_ID}). */
    public static final String DECISION = "WaitingTime";

    public static final String WAIT_RULE_ID = "waitRuleId";

    public String of(
            DelegateExecution execution, @DecisionRow(decision = DECISION, input = WAIT_RULE_ID) String ruleId) {
        DmnDecisionTableResult result = execution
                .getProcessEngineServices()
                .getDecisionService()
                .evaluateDecisionTableByKey(DECISION, Variables.putValue(WAIT_RULE_ID, ruleId));
        if (result.isEmpty()) throw new IllegalStateException("The WaitingTime table has no wait for " + ruleId);
        return result.getSingleResult().getEntry("wait").toString();
    }
}
