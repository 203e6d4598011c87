package com.aftersales.cases;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * What the diagrams write on the case as they go, used from listener expressions:
 * {@code ${caseRecord.status(execution, 'WAITING_FOR_BUYER')}} when a wait for the buyer starts,
 * {@code ${caseRecord.classified(execution)}} after the classification decision (R-GEN-1).
 */
@Component
public class CaseRecord {

    private final CaseRepository cases;

    public CaseRecord(CaseRepository cases) {
        this.cases = cases;
    }

    public void status(DelegateExecution execution, String status) {
        String caseId = caseId(execution);
        CaseStatus next = CaseStatus.valueOf(status);
        if (cases.get(caseId).status() != next) {
            cases.setStatus(caseId, next);
            cases.addTimeline(caseId, "Status " + next);
        }
    }

    /** R-GEN-1: records the responsibility the CaseClassification decision gave. */
    public void classified(DelegateExecution execution) {
        String caseId = caseId(execution);
        Object responsibility = execution.getVariable(CaseVariables.RESPONSIBILITY);
        cases.setResponsibility(caseId, responsibility == null ? null : responsibility.toString());
        cases.addRulesApplied(caseId, List.of("R-GEN-1"));
        cases.addTimeline(caseId, "Classified: responsibility " + responsibility);
    }

    /** Records the return-shipping payer (R-GEN-5) a flow decided on. */
    public void returnShippingPaidBy(DelegateExecution execution, String paidBy) {
        String caseId = caseId(execution);
        execution.setVariable(CaseVariables.RETURN_SHIPPING_PAID_BY, paidBy);
        cases.setReturnShippingPaidBy(caseId, paidBy);
        cases.addRulesApplied(caseId, List.of("R-GEN-5"));
    }

    /** Notes a rule a step carried out, where no delegate records it. */
    public void ruleApplied(DelegateExecution execution, String ruleId) {
        cases.addRulesApplied(caseId(execution), List.of(ruleId));
    }

    private static String caseId(DelegateExecution execution) {
        return (String) execution.getVariable(CaseVariables.CASE_ID);
    }
}
