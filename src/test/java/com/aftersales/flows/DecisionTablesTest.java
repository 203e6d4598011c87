package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.engine.DecisionService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/** One case per rule of each decision table in bpmn/ (as deployed), plus the edges of the thresholds. */
class DecisionTablesTest extends FlowTestSupport {

    @Autowired
    DecisionService decisions;

    private Object single(String decision, String input, Object value, String output) {
        DmnDecisionTableResult result = decisions.evaluateDecisionTableByKey(decision, Map.of(input, value));
        assertThat(result).hasSize(1);
        return result.getSingleResult().getEntry(output);
    }

    @ParameterizedTest(name = "R-GEN-1: {0} -> {1}")
    @CsvSource({
        "ADDRESS_CHANGE, BUYER",
        "CANCELLATION, BUYER",
        "NOT_RECEIVED, LOGISTICS",
        "DAMAGED, LOGISTICS",
        "QUALITY_DEFECT, SELLER",
        "WRONG_OR_MISSING_ITEM, SELLER",
        "NO_REASON_RETURN, BUYER"
    })
    void rGen1_caseClassification(String caseType, String responsibility) {
        assertThat(single("CaseClassification", "caseType", caseType, "responsibility"))
                .isEqualTo(responsibility);
    }

    @ParameterizedTest(name = "R-GEN-1: {0} is not classified until an agent decides")
    @CsvSource({"NOT_AS_DESCRIBED"})
    void rGen1_notAsDescribedHasNoClassYet(String caseType) {
        assertThat(decisions.evaluateDecisionTableByKey("CaseClassification", Map.of("caseType", caseType)))
                .isEmpty();
    }

    @ParameterizedTest(name = "reship limit: order value {0} -> reship allowed {1}")
    @CsvSource({"0.50, true", "30.00, true", "30.01, false", "500, false"})
    void rAddr2_rAddr3_reshipLimitOf30(double orderValue, boolean allowed) {
        assertThat(single("ReshipEligibility", "orderValue", orderValue, "reshipAllowed"))
                .isEqualTo(allowed);
    }

    @ParameterizedTest(name = "R-GEN-7: order value {0} -> ceiling {1} %")
    @CsvSource({"10, 35", "199.99, 35", "200, 10", "1000, 10"})
    void rGen7_compensationCeiling(double orderValue, double percent) {
        assertThat(single("CompensationCeiling", "orderValue", orderValue, "ceilingPercent"))
                .isEqualTo(percent);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "R-SLA-1, PT24H",
        "R-SLA-2, PT2H",
        "R-SLA-3, PT24H",
        "R-SLA-4, PT3M",
        "R-SLA-5, PT4H",
        "R-SLA-6, PT48H",
        "R-SLA-7, P2D",
        "R-SLA-8, PT24H"
    })
    void rSla_responseTimeLimits(String ruleId, String limit) {
        assertThat(single("ServiceLevel", "slaRuleId", ruleId, "limit")).isEqualTo(limit);
    }

    @ParameterizedTest(name = "{0}: escalate to team leads at {1} % of the limit")
    @CsvSource({
        "R-SLA-1, 75",
        "R-SLA-2, 75",
        "R-SLA-3, 75",
        "R-SLA-4, 75",
        "R-SLA-5, 75",
        "R-SLA-6, 75",
        "R-SLA-7, 75",
        "R-SLA-8, 75"
    })
    void rSla_escalateShortlyBeforeTheDeadline(String ruleId, int percent) {
        assertThat(single("ServiceLevel", "slaRuleId", ruleId, "escalateAtPercent"))
                .isEqualTo(percent);
    }

    @ParameterizedTest(name = "R-CARE-3: {0} buyer, {1}, {2} -> priority {3}, {4} % of the SLA limit ({5})")
    @CsvSource({
        "CORE, CANCELLATION, R-SLA-1, 60, 50, Rule_Core",
        "CORE, DAMAGED, R-SLA-5, 60, 50, Rule_Core",
        "CORE, DAMAGED, R-SLA-6, 60, 100, Rule_CorePlatformClaim",
        "AT_RISK, CANCELLATION, R-SLA-1, 50, 100, Rule_AtRisk",
        "REGULAR, CANCELLATION, R-SLA-1, 50, 100, Rule_Regular",
        "REGULAR, DAMAGED, R-SLA-6, 50, 100, Rule_Regular"
    })
    void rCare3_customerPriority(
            String tier, String caseType, String slaRuleId, int priority, int slaPercent, String rule) {
        DmnDecisionTableResult result = decisions.evaluateDecisionTableByKey(
                "CustomerPriority", Map.of("customerTier", tier, "caseType", caseType, "slaRuleId", slaRuleId));
        assertThat(result).as("hit policy FIRST: the first matching row").hasSize(1);
        assertThat(result.getSingleResult().getEntryMap())
                .containsEntry("taskPriority", priority)
                .containsEntry("slaPercent", slaPercent);
        assertThat(result.getSingleResult().getEntryMap()).hasSize(2);
    }

    @ParameterizedTest(name = "{0}: wait {1}")
    @CsvSource({
        "R-LOST-1, P7D",
        "R-LOST-3, P3D",
        "R-GEN-6, P3D",
        "R-GEN-2, P3D",
        "R-DMG-2, P3D",
        "R-ESC-1, P14D",
        "R-RET-5, P10D",
        "R-RET-7, P3D",
        "R-WRONG-3, P3D",
        "R-NAD-2, P3D",
        "R-NAD-3, P3D",
        "R-CARE-2, P7D"
    })
    void waitingTimes(String ruleId, String wait) {
        assertThat(single("WaitingTime", "waitRuleId", ruleId, "wait")).isEqualTo(wait);
    }

    @ParameterizedTest(name = "R-ESC-3: {0} -> {1}, defect {2}, {3} {4}")
    @CsvSource({
        "WITHDRAWN, NONE, false, WITHDRAWN, CLOSED",
        "SELLER_REFUNDED, SELLER_REFUND, true, FULL_REFUND, RESOLVED",
        "GRANTED_SELLER_FUNDED, PLATFORM_DEBIT, true, PLATFORM_REFUNDED, RESOLVED",
        "CLOSED_SELLER_FAVOUR, NONE, false, DENIED, CLOSED",
        "LOST_BY_SILENCE, PLATFORM_DEBIT, true, PLATFORM_REFUNDED, RESOLVED"
    })
    void rEsc3_platformRuling(String ruling, String action, boolean defect, String resolution, String status) {
        DmnDecisionTableResult result =
                decisions.evaluateDecisionTableByKey("PlatformRuling", Map.of("platformRuling", ruling));
        assertThat(result).hasSize(1);
        assertThat(result.getSingleResult().getEntryMap())
                .containsEntry("escalationOutcome", ruling)
                .containsEntry("rulingAction", action)
                .containsEntry("orderDefect", defect)
                .containsEntry("rulingResolution", resolution)
                .containsEntry("rulingCaseStatus", status);
    }

    @ParameterizedTest(name = "R-GEN-3: paid by {0}, return shipping {1} for an item of {2} -> abandon {3}")
    @CsvSource({
        "SELLER, 7.50, 7.50, true",
        "SELLER, 9.00, 6.00, true",
        "SELLER, 7.50, 7.51, false",
        "BUYER, 50.00, 6.00, false",
        "PLATFORM, 50.00, 6.00, false"
    })
    void rGen3_abandonTheReturnWhenTheSellerPaysAndShippingCostsAtLeastTheItem(
            String paidBy, double cost, double orderValue, boolean abandon) {
        DmnDecisionTableResult result = decisions.evaluateDecisionTableByKey(
                "AbandonReturn",
                Map.of("returnShippingPaidBy", paidBy, "returnShippingCost", cost, "orderValue", orderValue));
        assertThat(result).hasSize(1);
        assertThat((Object) result.getSingleResult().getEntry("abandonReturn")).isEqualTo(abandon);
    }

    @ParameterizedTest(name = "R-RET-6: {0}, return paid by {1} -> restocking fee {2} %")
    @CsvSource({"OPENED, BUYER, 0", "OPENED, SELLER, 0", "AS_NEW, BUYER, 0", "USED, SELLER, 0"})
    void rRet6_restockingFee(String condition, String paidBy, double percent) {
        DmnDecisionTableResult result = decisions.evaluateDecisionTableByKey(
                "RestockingFee", Map.of("returnCondition", condition, "returnShippingPaidBy", paidBy));
        assertThat(result).hasSize(1);
        assertThat((Object) result.getSingleResult().getEntry("restockingFeePercent"))
                .isEqualTo(percent);
    }

    /**
     * Empty cells are null: not reported by the shop. The table refuses what is out of the window or excluded whatever
     * was reported, sends the return at once only for an unopened item in its original state, not near expiry, and
     * leaves the rest to an agent (REVIEW), whose findings (AGENT) it then decides on.
     */
    @ParameterizedTest(name = "{7}: {0} days, {1}, near expiry {2}, {3}, opened {4}, reported by {5} -> {6}")
    @CsvSource({
        "8, shoes, false, ORIGINAL, false, BUYER, REFUSE, R-RET-1",
        "8, shoes, , , , BUYER, REFUSE, R-RET-1",
        "8, shoes, false, ORIGINAL, false, AGENT, REFUSE, R-RET-1",
        "7, shoes, false, ORIGINAL, false, BUYER, RETURN, R-RET-1",
        "0, shoes, false, ORIGINAL, false, BUYER, RETURN, R-RET-1",
        "2, furniture, , , , BUYER, REFUSE, R-RET-3",
        "2, cosmetics, true, ORIGINAL, false, BUYER, REFUSE, R-RET-3",
        "2, cosmetics, true, , , BUYER, REFUSE, R-RET-3",
        "2, shoes, , USED_WASHED_OR_TAG_REMOVED, , BUYER, REFUSE, R-RET-3",
        "2, shoes, false, USED_WASHED_OR_TAG_REMOVED, true, AGENT, REFUSE, R-RET-3",
        "2, shoes, false, ABNORMAL_USE_DAMAGE, true, AGENT, REFUSE, R-RET-3",
        "2, shoes, false, LISTED_DEFECT, false, AGENT, REFUSE, R-RET-3",
        "2, shoes, false, INCOMPLETE, false, BUYER, REFUSE, R-RET-2",
        "2, shoes, false, INCOMPLETE, , AGENT, REFUSE, R-RET-2",
        "2, shoes, false, ORIGINAL, true, BUYER, REVIEW, R-RET-2",
        "2, shoes, , ORIGINAL, false, BUYER, REVIEW, R-RET-2",
        "2, shoes, false, , false, BUYER, REVIEW, R-RET-2",
        "2, shoes, false, ORIGINAL, , BUYER, REVIEW, R-RET-2",
        "2, shoes, , , , BUYER, REVIEW, R-RET-2",
        "2, shoes, false, ORIGINAL, true, AGENT, RETURN, R-RET-1",
        "2, shoes, false, ORIGINAL, , AGENT, RETURN, R-RET-1"
    })
    void rRet1_rRet2_rRet3_returnEligibility(
            int days,
            String category,
            Boolean nearExpiry,
            String condition,
            Boolean opened,
            String reportedBy,
            String decision,
            String ruleId) {
        Map<String, Object> facts = new HashMap<>();
        facts.put("daysSinceDelivery", days);
        facts.put("itemCategory", category);
        facts.put("nearExpiry", nearExpiry);
        facts.put("itemCondition", condition);
        facts.put("itemOpened", opened);
        facts.put("conditionReportedBy", reportedBy);
        DmnDecisionTableResult result = decisions.evaluateDecisionTableByKey("ReturnEligibility", facts);
        assertThat(result).hasSize(1);
        assertThat((Object) result.getSingleResult().getEntry("returnDecision")).isEqualTo(decision);
        assertThat((Object) result.getSingleResult().getEntry("eligibilityRuleId"))
                .isEqualTo(ruleId);
        assertThat(result.getSingleResult().<String>getEntry("refusalReason")).satisfies(reason -> {
            if (decision.equals("REFUSE")) assertThat(reason).isNotBlank();
            else assertThat(reason).isEmpty();
        });
    }
}
