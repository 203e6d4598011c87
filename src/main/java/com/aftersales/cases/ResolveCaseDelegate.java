package com.aftersales.cases;

import com.aftersales.messaging.BuyerMessageOutbox;
import com.aftersales.messaging.SendBuyerMessageDelegate;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Last step of a flow, R-GEN-8: records the outcome on the case and sends the buyer the
 * resolution message. Input parameters: {@code resolution} (FULL_REFUND, CANCELLED, …),
 * {@code resolutionRuleId}, optional {@code caseStatus} (RESOLVED by default; CLOSED for a case
 * that ends without action) and optional {@code buyerMessage} (a template name).
 */
@Component
public class ResolveCaseDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(ResolveCaseDelegate.class);

    private final CaseRepository cases;
    private final BuyerMessageOutbox outbox;

    public ResolveCaseDelegate(CaseRepository cases, BuyerMessageOutbox outbox) {
        this.cases = cases;
        this.outbox = outbox;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String caseId = (String) execution.getVariable(CaseVariables.CASE_ID);
        String resolution = (String) execution.getVariable("resolution");
        String ruleId = (String) execution.getVariable("resolutionRuleId");
        if (resolution == null || ruleId == null) {
            throw new IllegalStateException("Input parameters 'resolution' and 'resolutionRuleId' are required on "
                    + execution.getCurrentActivityId());
        }
        Object status = execution.getVariable("caseStatus");
        Object message = execution.getVariable("buyerMessage");
        if (message != null) {
            outbox.send(caseId, message.toString(), SendBuyerMessageDelegate.processValues(execution));
        }
        CaseStatus finalStatus = status == null ? CaseStatus.RESOLVED : CaseStatus.valueOf(status.toString());
        cases.resolve(caseId, finalStatus, resolution);
        cases.addRulesApplied(caseId, List.of(ruleId, "R-GEN-8"));
        cases.addTimeline(caseId, "Case " + finalStatus + ": " + resolution + " (" + ruleId + ")");
        log.info("Case {}: {} ({})", finalStatus, resolution, ruleId);
    }
}
