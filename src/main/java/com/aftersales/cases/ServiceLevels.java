package com.aftersales.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * Due dates of agents' tasks from the SLA table (policy §2, decision {@code ServiceLevel} in
 * bpmn/service-levels.dmn). Used as a create listener on every user task:
 * {@code ${serviceLevels.due(task, 'R-SLA-3')}}; the rule ID stays on the task as {@code slaRuleId}.
 */
@Component
public class ServiceLevels {

    public static final String SLA_RULE_ID = "slaRuleId";

    public void due(DelegateTask task, String ruleId) {
        DmnDecisionTableResult result = task.getProcessEngineServices().getDecisionService()
                .evaluateDecisionTableByKey("ServiceLevel", Variables.putValue(SLA_RULE_ID, ruleId));
        if (result.isEmpty()) {
            throw new IllegalStateException("The ServiceLevel table has no limit for " + ruleId);
        }
        Duration limit = Duration.parse(result.getSingleResult().getEntry("limit").toString());
        task.setDueDate(Date.from(Instant.now().plus(limit)));
        task.setVariableLocal(SLA_RULE_ID, ruleId);
    }
}
