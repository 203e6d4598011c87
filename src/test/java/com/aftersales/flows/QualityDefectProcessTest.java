package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.cases.CaseStatus;
import com.aftersales.cases.CaseType;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderStatus;
import com.aftersales.refunds.Refund;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** bpmn/quality-defect.bpmn: policy section 7, R-QUAL-1..3. */
class QualityDefectProcessTest extends FlowTestSupport {

    private static final List<String> VIDEO = List.of("https://files.example.com/unboxing.mp4");

    /** Delivered a long time ago: R-QUAL-1 has no time limit. */
    private Order deliveredLongAgo(String price) {
        return shipped(
                price,
                OrderStatus.DELIVERED,
                "1Z999",
                LocalDate.now().minusDays(200),
                OffsetDateTime.now().minusDays(190),
                false);
    }

    private String openDefect(Order order, List<String> evidence) {
        return openWithEvidence(CaseType.QUALITY_DEFECT, order, "Stopped charging after a week", evidence);
    }

    @Test
    void rQual1_rQual3_rGen2_confirmedDefectMonthsAfterDelivery_noStockForAnExchange_itemAndShippingRefunded() {
        Order order = deliveredLongAgo("80.00");
        String caseId = openDefect(order, VIDEO);
        assertThat(caseRow(caseId).responsibility()).isEqualTo("SELLER");
        assertThat(candidateGroups(caseId, "Task_AssessQualityDefect")).containsExactly("after-sales-agents");
        assertDueBy(task(caseId, "Task_AssessQualityDefect"), "R-SLA-5", Duration.ofHours(4));

        complete(caseId, "Task_AssessQualityDefect", Map.of("qualityFinding", "DEFECT", "inspectItem", false));
        // no stock for the SKU: no exchange is offered, the buyer is refunded (R-GEN-2)
        assertThat(messageTemplates(caseId)).containsExactly("refund-issued");
        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("84.99"));
        assertThat(refunds(caseId).get(0).ruleId()).isEqualTo("R-QUAL-3");
        assertThat(caseRow(caseId).resolution()).isEqualTo("FULL_REFUND");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(processEnded(caseId)).isTrue();
        assertEndedAt(caseId, "EndEvent_Remedied");
    }

    @Test
    void rQual3_confirmedDefect_exchangeAboveTheReshipLimit_whenInStockAndChosen() {
        Order order = deliveredLongAgo("80.00");
        stock.set(sku(order), 3);
        String caseId = openDefect(order, VIDEO);
        complete(caseId, "Task_AssessQualityDefect", Map.of("qualityFinding", "DEFECT", "inspectItem", false));
        assertThat(messageTemplates(caseId)).last().isEqualTo("refund-or-reship");

        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "RESHIP"));

        assertThat(shippingRequests(caseId)).contains("WAREHOUSE_RESHIP");
        assertThat(refunds(caseId)).isEmpty();
        assertThat(caseRow(caseId).resolution()).isEqualTo("RESHIP");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(caseRow(caseId).rulesApplied()).contains("R-QUAL-3", "R-GEN-2");
        assertThat(messageTemplates(caseId)).last().isEqualTo("replacement-sent");
        assertEndedAt(caseId, "EndEvent_Remedied");
    }

    @Test
    void rQual3_confirmedDefect_refundChosen_itemAndOutboundShippingRefunded() {
        Order order = deliveredLongAgo("80.00");
        stock.set(sku(order), 3);
        String caseId = openDefect(order, VIDEO);
        complete(caseId, "Task_AssessQualityDefect", Map.of("qualityFinding", "DEFECT", "inspectItem", false));
        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "REFUND"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("84.99"));
        assertThat(refunds(caseId).get(0).ruleId()).isEqualTo("R-QUAL-3");
        assertThat(caseRow(caseId).resolution()).isEqualTo("FULL_REFUND");
        assertThat(messageTemplates(caseId)).last().isEqualTo("refund-issued");
        assertEndedAt(caseId, "EndEvent_Remedied");
    }

    @Test
    void rQual2_vagueReportAboveTheReshipLimit_fullRefundOnly() {
        Order order = deliveredLongAgo("80.00");
        stock.set(sku(order), 3);
        String caseId = openDefect(order, VIDEO);
        complete(caseId, "Task_AssessQualityDefect", Map.of("qualityFinding", "VAGUE", "inspectItem", false));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("84.99"));
        assertThat(refunds(caseId).get(0).ruleId()).isEqualTo("R-QUAL-2");
        assertThat(messageTemplates(caseId)).doesNotContain("refund-or-reship");
        assertThat(caseRow(caseId).resolution()).isEqualTo("FULL_REFUND");
        assertThat(processEnded(caseId)).isTrue();
        assertEndedAt(caseId, "EndEvent_Remedied");
    }

    @Test
    void rQual2_vagueReportWithinTheReshipLimit_buyerChoosesReship() {
        Order order = deliveredLongAgo("25.00");
        stock.set(sku(order), 1);
        String caseId = openDefect(order, VIDEO);
        complete(caseId, "Task_AssessQualityDefect", Map.of("qualityFinding", "VAGUE", "inspectItem", false));
        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "RESHIP"));

        assertThat(caseRow(caseId).resolution()).isEqualTo("RESHIP");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-QUAL-2");
        assertEndedAt(caseId, "EndEvent_Remedied");
    }

    @Test
    void rQual2_rQual3_itemBackForInspection_sellerPaysReturnShipping_itemAndShippingRefundedOnReceipt() {
        Order order = deliveredLongAgo("80.00");
        String caseId = openDefect(order, VIDEO);
        complete(caseId, "Task_AssessQualityDefect", Map.of("qualityFinding", "DEFECT", "inspectItem", true));

        assertThat(shippingRequests(caseId)).contains("RETURN_LABEL_SELLER");
        assertThat(outbox.forCase(caseId).get(outbox.forCase(caseId).size() - 1).body())
                .contains("Return shipping is paid by: SELLER");
        assertThat(caseRow(caseId).returnShippingPaidBy()).isEqualTo("SELLER");
        send(caseId, Map.of("type", "RETURN_SHIPPED", "trackingNumber", "RT-Q1"));
        send(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "OPENED"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("84.99"));
        assertThat(refunds(caseId).get(0).ruleId()).isEqualTo("R-QUAL-3");
        assertThat(caseRow(caseId).resolution()).isEqualTo("RETURN_AND_REFUND");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.RESOLVED);
        assertEndedAt(caseId, "EndEvent_Returned");
    }

    @Test
    void rGen3_itemWorthLessThanItsReturnShipping_refundedWithoutTheReturn() {
        Order order = deliveredLongAgo("6.00");
        String caseId = openDefect(order, VIDEO);
        complete(caseId, "Task_AssessQualityDefect", Map.of("qualityFinding", "DEFECT", "inspectItem", true));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("10.99"));
        assertThat(messageTemplates(caseId)).last().isEqualTo("return-abandoned");
        assertThat(caseRow(caseId).resolution()).isEqualTo("RETURN_AND_REFUND");
        assertEndedAt(caseId, "EndEvent_Returned");
    }

    @Test
    void rGen5_whatnotPaysTheReturnRoundTrip() {
        Order order = new Order(
                "T-W-" + java.util.UUID.randomUUID(),
                Order.Platform.WHATNOT,
                new Order.Buyer("B-2", "Li Wei", null),
                "USD",
                List.of(new Order.Item(
                        "SKU-W-" + java.util.UUID.randomUUID().toString().substring(0, 6),
                        "Card sleeve",
                        1,
                        new BigDecimal("5.00"),
                        "cards")),
                new BigDecimal("3.00"),
                OrderStatus.DELIVERED,
                HOME,
                null);
        orders.save(order);
        String caseId = openDefect(order, VIDEO);
        complete(caseId, "Task_AssessQualityDefect", Map.of("qualityFinding", "DEFECT", "inspectItem", true));

        assertThat(caseRow(caseId).returnShippingPaidBy()).isEqualTo("PLATFORM");
        assertThat(shippingRequests(caseId)).contains("RETURN_LABEL_PLATFORM");
        assertThat(refunds(caseId)).isEmpty();
        assertThat(messageTemplates(caseId)).last().isEqualTo("return-instructions");
    }

    @Test
    void rQual1_inspectionFailed_agentRefuses_closedWithoutRefund() {
        String caseId = openDefect(deliveredLongAgo("80.00"), VIDEO);
        complete(caseId, "Task_AssessQualityDefect", Map.of("qualityFinding", "DEFECT", "inspectItem", true));
        send(caseId, Map.of("type", "RETURN_SHIPPED", "trackingNumber", "RT-Q2"));
        send(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "EMPTY_OR_WRONG"));
        complete(caseId, "Task_InspectReturn", Map.of("inspectionDecision", "NO_REFUND"));

        assertThat(refunds(caseId)).isEmpty();
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertEndedAt(caseId, "EndEvent_Rejected");
    }

    @Test
    void rRet5_itemNotSentBackForInspection_closedWithoutRefund() {
        String caseId = openDefect(deliveredLongAgo("80.00"), VIDEO);
        complete(caseId, "Task_AssessQualityDefect", Map.of("qualityFinding", "VAGUE", "inspectItem", true));

        passTime(caseId, Duration.ofDays(10).plusMinutes(1));

        assertThat(refunds(caseId)).isEmpty();
        assertThat(messageTemplates(caseId)).last().isEqualTo("return-closed");
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-RET-5");
        assertEndedAt(caseId, "EndEvent_NotSent");
    }

    @Test
    void rQual1_rGen6_noEvidence_askedForAVideo_noneInThreeDays_closedAsNoEvidence() {
        String caseId = openDefect(deliveredLongAgo("80.00"), List.of());
        assertThat(messageTemplates(caseId)).containsExactly("quality-evidence-request");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_BUYER);

        passTime(caseId, Duration.ofDays(3).plusMinutes(1));

        assertThat(messageTemplates(caseId)).last().isEqualTo("quality-closed-no-evidence");
        assertThat(caseRow(caseId).resolution()).isEqualTo("NO_EVIDENCE");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertEndedAt(caseId, "EndEvent_NoEvidence");
    }

    @Test
    void rGen6_evidenceSentAfterAsking_agentAssesses() {
        String caseId = openDefect(deliveredLongAgo("80.00"), List.of());
        send(caseId, Map.of("type", "EVIDENCE_ADDED", "evidence", VIDEO));

        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.OPEN);
        assertThat(tasks.getVariable(task(caseId, "Task_AssessQualityDefect").getId(), "evidenceText")
                        .toString())
                .contains("unboxing.mp4");
    }

    @Test
    void rQual1_evidenceShowsNoDefect_declined_buyerMayStillEscalate_closedAfterTheWindow() {
        String caseId = openDefect(deliveredLongAgo("80.00"), VIDEO);
        complete(caseId, "Task_AssessQualityDefect", Map.of("qualityFinding", "NOT_A_DEFECT", "inspectItem", false));
        assertThat(messageTemplates(caseId)).last().isEqualTo("quality-claim-declined");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_BUYER);

        passTime(caseId, Duration.ofDays(14).plusMinutes(1));

        assertThat(refunds(caseId)).isEmpty();
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertEndedAt(caseId, "EndEvent_Declined");
    }

    @Test
    void rEsc4_declinedBuyerEscalates_platformEscalationTakesOver() {
        String caseId = openDefect(deliveredLongAgo("80.00"), VIDEO);
        complete(caseId, "Task_AssessQualityDefect", Map.of("qualityFinding", "NOT_A_DEFECT", "inspectItem", false));
        send(caseId, Map.of("type", "BUYER_ESCALATED", "platformCaseId", "AZ-Q1"));

        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.ESCALATED);
        assertThat(candidateGroups(caseId, "Task_RespondToPlatform")).containsExactly("after-sales-agents");
    }

    @Test
    void rGen9_refundOnlyOnTheOrderBefore_qualityReturnIsReportedToThePlatform_noSecondRefund() {
        Order order = deliveredLongAgo("40.00");
        String damaged = openWithEvidence(CaseType.DAMAGED, order, "Corner dented", VIDEO);
        complete(damaged, "Task_AssessDamage", Map.of("damageSeverity", "SLIGHT", "offerAmount", 10.0));
        send(damaged, Map.of("type", "BUYER_CHOICE", "choice", "ACCEPT_OFFER"));
        assertThat(refunds(damaged)).extracting(Refund::amount).containsExactly(new BigDecimal("10.00"));

        String caseId = openDefect(order, VIDEO);

        assertThat(candidateGroups(caseId, "Task_ReportAbuse")).containsExactly("team-leads");
        assertDueBy(task(caseId, "Task_ReportAbuse"), "R-SLA-3", Duration.ofHours(24));
        String report = tasks.getVariable(task(caseId, "Task_ReportAbuse").getId(), "abuseReport")
                .toString();
        assertThat(report)
                .contains(
                        damaged,
                        "DAMAGED",
                        "refunded without a return",
                        "10.00 USD (KEEP_OFFER, R-DMG-2)",
                        "message",
                        "keep-offer");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-GEN-9");

        complete(caseId, "Task_ReportAbuse", Map.of("platformReportReference", "AZ-ABN-1"));

        assertThat(refunds(caseId)).isEmpty();
        assertThat(messageTemplates(caseId)).containsExactly("already-refunded");
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(processEnded(caseId)).isTrue();
        assertEndedAt(caseId, "EndEvent_Reported");
    }

    @Test
    void rGen9_anEarlierRefundOnReturnIsNotARefundOnly_qualityCaseGoesAhead() {
        Order order = deliveredLongAgo("40.00");
        String earlier = openDefect(order, VIDEO);
        complete(earlier, "Task_AssessQualityDefect", Map.of("qualityFinding", "DEFECT", "inspectItem", true));
        send(earlier, Map.of("type", "RETURN_SHIPPED", "trackingNumber", "RT-G9"));
        send(earlier, Map.of("type", "RETURN_RECEIVED", "condition", "AS_NEW"));
        assertThat(caseRow(earlier).status()).isEqualTo(CaseStatus.RESOLVED);
        assertEndedAt(earlier, "EndEvent_Returned");

        String caseId = openDefect(order, VIDEO);

        assertThat(task(caseId, "Task_AssessQualityDefect")).isNotNull();
        assertThat(caseRow(caseId).rulesApplied()).doesNotContain("R-GEN-9");
    }
}
