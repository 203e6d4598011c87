package com.aftersales.cases;

import com.aftersales.deployments.ProcessBean;
import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Last step of a flow, R-GEN-8: records the outcome on the case and sends the buyer the
 * resolution message. Input parameters: {@code resolution} (FULL_REFUND, CANCELLED, …),
 * {@code resolutionRuleId}, optional {@code caseStatus} (RESOLVED by default; CLOSED for a case
 * that ends without action) and optional {@code buyerMessage} (a template name). A RESOLVED case gets the
 * follow-up (case-follow-up.bpmn, R-CARE-2) unless {@code askForFeedback} is false (the follow-up's own step).
 */
@Component
@ProcessBean
public class ResolveCaseDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(ResolveCaseDelegate.class);

    private final CaseRepository cases;
    private final CaseProcesses processes;
    private final BuyerMessageSender messages;

    public ResolveCaseDelegate(CaseRepository cases, CaseProcesses processes, BuyerMessageSender messages) {
        this.cases = cases;
        this.processes = processes;
        this.messages = messages;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String caseId = CaseKey.of(execution);
        String resolution = (String) execution.getVariable("resolution");
        String ruleId = (String) execution.getVariable("resolutionRuleId");
        if (resolution == null || ruleId == null) {
            throw new IllegalStateException("Input parameters 'resolution' and 'resolutionRuleId' are required on "
                    + execution.getCurrentActivityId());
        }
        Object status = execution.getVariable("caseStatus");
        Object message = execution.getVariable("buyerMessage");
        if (message != null) {
            messages.send(execution, message.toString());
        }
        CaseStatus finalStatus = status == null ? CaseStatus.RESOLVED : CaseStatus.valueOf(status.toString());
        cases.resolve(caseId, finalStatus, resolution);
        cases.addRulesApplied(caseId, List.of(ruleId, "R-GEN-8"));
        cases.addTimeline(caseId, "Case " + finalStatus + ": " + resolution + " (" + ruleId + ")");
        log.info("Case {}: {} ({})", finalStatus, resolution, ruleId);
        if (finalStatus == CaseStatus.RESOLVED && !Boolean.FALSE.equals(execution.getVariable("askForFeedback"))) {
            startFollowUp(execution, cases.get(caseId), resolution);
        }
    }

    /** R-GEN-8, R-CARE-2: once per case, the follow-up that later asks the buyer whether they are satisfied. */
    private void startFollowUp(DelegateExecution execution, CaseRow row, String resolution) {
        String caseId = row.caseId();
        if (processes.running(caseId, CaseVariables.FOLLOW_UP_PROCESS)) return;
        RuntimeService runtime = execution.getProcessEngineServices().getRuntimeService();
        // the follow-up's own steps take the case from the business key; these variables are for its forms
        VariableMap variables = Variables.createVariables()
                .putValue("caseResolution", resolution)
                .putValue(CaseVariables.CASE_ID, caseId)
                .putValue(CaseVariables.CASE_TYPE, row.type().name())
                .putValue(CaseVariables.ORDER_ID, row.orderId());
        for (String name : new String[] {
            CaseVariables.PLATFORM,
            CaseVariables.BUYER_NAME,
            CaseVariables.CURRENCY,
            CaseVariables.ORDER_VALUE_TEXT,
            CaseVariables.SHIPPING_FEE_TEXT
        }) {
            variables.putValue(name, execution.getVariable(name));
        }
        runtime.startProcessInstanceByKey(CaseVariables.FOLLOW_UP_PROCESS, caseId, variables);
    }
}
