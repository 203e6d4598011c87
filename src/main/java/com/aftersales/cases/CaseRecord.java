package com.aftersales.cases;

import com.aftersales.deployments.ProcessBean;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * What the diagrams write on the case as they go, used from listener expressions:
 * {@code ${caseRecord.status(execution, 'WAITING_FOR_BUYER')}} when a wait for the buyer starts,
 * {@code ${caseRecord.classified(execution)}} after the classification decision (R-GEN-1).
 */
@Component
@ProcessBean
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

    /** R-GEN-1: an agent's finding changes the responsibility (e.g. the buyer gave a wrong address, R-LOST-5). */
    public void responsibility(DelegateExecution execution, String responsibility) {
        String caseId = caseId(execution);
        execution.setVariable(CaseVariables.RESPONSIBILITY, responsibility);
        cases.setResponsibility(caseId, responsibility);
        cases.addTimeline(caseId, "Responsibility now " + responsibility);
    }

    /**
     * The remedy a flow offers next through refund-or-reship.bpmn (R-GEN-2): the policy rule it follows
     * ({@code remedyRuleId}, also the refund's rule) and whether a reship is offered ({@code reshipOffered}).
     * A named task on the canvas, e.g. "Offer refund or exchange (R-QUAL-3)", so the choice is not hidden on an arrow.
     */
    public void remedy(DelegateExecution execution, String ruleId, boolean reshipOffered) {
        execution.setVariable("remedyRuleId", ruleId);
        execution.setVariable("reshipOffered", reshipOffered);
    }

    /** R-GEN-6: the evidence on the case, for the agent's form and the diagram ({@code evidenceCount}). */
    public void evidence(DelegateExecution execution) {
        List<String> evidence = cases.get(caseId(execution)).evidence();
        execution.setVariable(CaseVariables.EVIDENCE_COUNT, evidence.size());
        execution.setVariable(CaseVariables.EVIDENCE_TEXT, String.join("\n", evidence));
    }

    /** R-ESC-1: the buyer escalated to the platform; the case waits for its ruling. */
    public void escalated(DelegateExecution execution) {
        String caseId = caseId(execution);
        Object platformCase = execution.getVariable(CaseVariables.PLATFORM_CASE_ID);
        cases.setEscalation(
                caseId,
                new CaseRepository.Escalation(platformCase == null ? null : platformCase.toString(), null, null));
        status(execution, CaseStatus.ESCALATED.name());
        cases.addRulesApplied(caseId, List.of("R-ESC-1", "R-ESC-4"));
    }

    /**
     * R-ESC-3: records on the case what the PlatformRuling decision made of the ruling (its outputs
     * escalationOutcome and orderDefect, mapped to variables by the business rule task).
     */
    public void ruling(DelegateExecution execution) {
        String caseId = caseId(execution);
        String outcome = String.valueOf(execution.getVariable(CaseVariables.ESCALATION_OUTCOME));
        boolean defect = Boolean.TRUE.equals(execution.getVariable(CaseVariables.ORDER_DEFECT));
        Object platformCase = execution.getVariable(CaseVariables.PLATFORM_CASE_ID);
        cases.setEscalation(
                caseId,
                new CaseRepository.Escalation(platformCase == null ? null : platformCase.toString(), outcome, defect));
        cases.addRulesApplied(caseId, List.of("R-ESC-3"));
        cases.addTimeline(
                caseId,
                "Platform escalation outcome " + outcome
                        + (defect ? " (counts as an order defect)" : " (no order defect)"));
    }

    /** R-CARE-2: the buyer's answer to the follow-up (BUYER_FEEDBACK: buyerSatisfied, buyerComment) on the timeline. */
    public void feedback(DelegateExecution execution) {
        boolean satisfied = Boolean.TRUE.equals(execution.getVariable("buyerSatisfied"));
        Object comment = execution.getVariable("buyerComment");
        cases.addTimeline(
                CaseKey.of(execution),
                "Buyer feedback: " + (satisfied ? "satisfied" : "not satisfied"),
                comment == null ? null : " — " + comment);
    }

    /** R-CARE-2: a dissatisfied buyer reopens the resolved case for an agent. */
    public void reopened(DelegateExecution execution) {
        String caseId = caseId(execution);
        cases.reopen(caseId);
        cases.addRulesApplied(caseId, List.of("R-CARE-2"));
        cases.addTimeline(caseId, "Case reopened: the buyer is not satisfied (R-CARE-2)");
    }

    /**
     * R-CARE-3: the agent's proactive call to an at-risk buyer (proactive-call.bpmn: callOutcome REACHED or
     * NO_ANSWER, callNotes) on the timeline.
     */
    public void proactiveCall(DelegateExecution execution) {
        String caseId = caseId(execution);
        boolean reached = "REACHED".equals(execution.getVariable("callOutcome"));
        Object notes = execution.getVariable("callNotes");
        cases.addRulesApplied(caseId, List.of("R-CARE-3"));
        cases.addTimeline(
                caseId,
                "Proactive call to the at-risk buyer (R-CARE-3): " + (reached ? "reached" : "no answer"),
                notes == null ? null : " — " + notes);
    }

    /** R-LOST-4, R-DMG-5: the agent filed the claim with the carrier (form FileCarrierClaim: claimReference). */
    public void carrierClaimFiled(DelegateExecution execution) {
        Object reference = execution.getVariable("claimReference");
        cases.carrierClaimFiled(caseId(execution), reference == null ? null : reference.toString());
    }

    /** Notes a rule a step carried out, where no delegate records it. */
    public void ruleApplied(DelegateExecution execution, String ruleId) {
        cases.addRulesApplied(caseId(execution), List.of(ruleId));
    }

    private static String caseId(DelegateExecution execution) {
        return CaseKey.of(execution);
    }
}
