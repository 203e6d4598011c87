package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.aftersales.cases.CaseRow;
import com.aftersales.cases.CaseStatus;
import com.aftersales.cases.CaseType;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderStatus;
import com.aftersales.refunds.Refund;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every path of bpmn/not-received.bpmn (policy section 5), of the flows it calls (parcel-tracking, missing-parcel,
 * returned-parcel, lost-parcel-remedy) and of refund-or-reship.bpmn (R-GEN-2).
 */
class NotReceivedProcessTest extends FlowTestSupport {

    private String openNotReceived(Order order) {
        String caseId = openWithEvidence(CaseType.NOT_RECEIVED, order, "The parcel never came", List.of());
        runJobs(caseId);
        return caseId;
    }

    private Order inTransit(String price, boolean insured) {
        return shipped(price, OrderStatus.SHIPPED, "1Z999", LocalDate.now().plusDays(5), null, insured);
    }

    private void assertOneRefund(String caseId, String amount, String ruleId) {
        List<Refund> refunds = refunds(caseId);
        assertThat(refunds).hasSize(1);
        assertThat(refunds.get(0).amount()).isEqualByComparingTo(amount);
        assertThat(refunds.get(0).currency()).isEqualTo("USD");
        assertThat(refunds.get(0).ruleId()).isEqualTo(ruleId);
    }

    @Test
    void rLost1_inTransitBeforeLatestDate_buyerGetsCarrierAndTracking_noMoney_checkedAgainAfterThatDate() {
        String caseId = openNotReceived(inTransit("25.00", false));

        assertThat(shippingRequests(caseId)).containsExactly("CARRIER_TRACKING_QUERY");
        assertThat(messageTemplates(caseId)).containsExactly("in-transit-wait");
        assertThat(outbox.forCase(caseId).get(0).body())
                .contains("UPS", "1Z999", LocalDate.now().plusDays(5).toString());
        assertThat(instance(caseId))
                .isWaitingAt("Task_FollowParcel")
                .calledProcessInstance("Process_ParcelTracking")
                .isWaitingAt("Gateway_WaitInTransit");
        assertThat(refunds(caseId)).isEmpty();
        CaseRow row = caseRow(caseId);
        assertThat(row.responsibility()).isEqualTo("LOGISTICS");
        assertThat(row.rulesApplied()).contains("R-GEN-1", "R-LOST-1");

        passTime(caseId, Duration.ofDays(4));
        assertThat(refunds(caseId)).isEmpty();

        passTime(caseId, Duration.ofDays(3));
        assertThat(shippingRequests(caseId)).contains("CARRIER_TRACKING_QUERY_2");
        assertOneRefund(caseId, "29.99", "R-LOST-4");
        assertThat(caseRow(caseId).resolution()).isEqualTo("FULL_REFUND");
        assertEndedAt(caseId, "EndEvent_LostParcelRemedied");
        assertCalledFlowEndedAt(caseId, "Process_LostParcelRemedy", "EndEvent_NoClaim");
    }

    @Test
    void rLost1_inTransitWithoutALatestDate_checkedAgainAfterTheWaitOfTheTable() {
        String caseId = openNotReceived(shipped("25.00", OrderStatus.SHIPPED, "1Z999", null, null, false));
        assertThat(messageTemplates(caseId)).containsExactly("in-transit-wait");
        passTime(caseId, Duration.ofDays(6));
        assertThat(shippingRequests(caseId)).containsExactly("CARRIER_TRACKING_QUERY");

        passTime(caseId, Duration.ofDays(1).plusMinutes(1));

        assertThat(shippingRequests(caseId)).contains("CARRIER_TRACKING_QUERY_2");
        assertThat(messageTemplates(caseId)).containsExactly("in-transit-wait", "in-transit-wait");
        assertThat(refunds(caseId)).isEmpty();
    }

    @Test
    void rLost4_pastLatestDate_refundsItemAndShipping_noClaimWithoutInsurance() {
        String caseId = openNotReceived(
                shipped("25.00", OrderStatus.SHIPPED, "1Z999", LocalDate.now().minusDays(1), null, false));

        assertOneRefund(caseId, "29.99", "R-LOST-4");
        CaseRow row = caseRow(caseId);
        assertThat(row.status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(row.resolution()).isEqualTo("FULL_REFUND");
        assertThat(row.rulesApplied()).contains("R-LOST-4", "R-GEN-2", "R-GEN-4", "R-GEN-8");
        assertThat(messageTemplates(caseId)).containsExactly("refund-issued");
        assertThat(outbox.forCase(caseId).get(0).body()).contains("29.99 USD");
        assertThat(processEnded(caseId)).as("not insured: no claim task").isTrue();
        assertEndedAt(caseId, "EndEvent_LostParcelRemedied");
        assertCalledFlowEndedAt(caseId, "Process_LostParcelRemedy", "EndEvent_NoClaim");
    }

    @Test
    void rLost4_rGen2_carrierReportsLost_buyerChoosesReship_withStock_reshipped_thenClaimTaskBecauseInsured() {
        Order order = inTransit("25.00", true);
        stock.set(sku(order), 3);
        String caseId = openNotReceived(order);
        send(caseId, Map.of("type", "CARRIER_UPDATE", "trackingState", "LOST"));

        assertThat(messageTemplates(caseId)).containsExactly("in-transit-wait", "refund-or-reship");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_BUYER);
        assertThat(stock.available(sku(order))).contains(2);
        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "RESHIP"));

        assertThat(refunds(caseId)).isEmpty();
        assertThat(shippingRequests(caseId)).contains("WAREHOUSE_RESHIP");
        CaseRow row = caseRow(caseId);
        assertThat(row.status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(row.resolution()).isEqualTo("RESHIP");
        assertThat(messageTemplates(caseId)).last().isEqualTo("replacement-sent");
        assertThat(candidateGroups(caseId, "Task_FileCarrierClaim")).containsExactly("after-sales-agents");

        complete(caseId, "Task_FileCarrierClaim", Map.of("claimReference", "UPS-CLAIM-1"));
        assertThat(processEnded(caseId)).isTrue();
        assertEndedAt(caseId, "EndEvent_LostParcelRemedied");
        assertCalledFlowEndedAt(caseId, "Process_LostParcelRemedy", "EndEvent_Claimed");
    }

    @Test
    void rLost4_rGen2_buyerChoosesRefund_reservedStockGoesBack_refundItemAndShipping() {
        Order order = inTransit("25.00", false);
        stock.set(sku(order), 1);
        String caseId = openNotReceived(order);
        send(caseId, Map.of("type", "CARRIER_UPDATE", "trackingState", "LOST"));
        assertThat(stock.available(sku(order))).contains(0);

        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "REFUND"));

        assertThat(stock.available(sku(order))).contains(1);
        assertOneRefund(caseId, "29.99", "R-LOST-4");
        assertThat(caseRow(caseId).resolution()).isEqualTo("FULL_REFUND");
        assertThat(shippingRequests(caseId)).doesNotContain("WAREHOUSE_RESHIP");
        assertEndedAt(caseId, "EndEvent_LostParcelRemedied");
        assertCalledFlowEndedAt(caseId, "Process_LostParcelRemedy", "EndEvent_NoClaim");
    }

    @Test
    void rLost4_rGen2_buyerDoesNotChooseInThreeDays_refunded() {
        Order order = inTransit("25.00", false);
        stock.set(sku(order), 1);
        String caseId = openNotReceived(order);
        send(caseId, Map.of("type", "CARRIER_UPDATE", "trackingState", "LOST"));

        passTime(caseId, Duration.ofDays(3).plusMinutes(1));

        assertOneRefund(caseId, "29.99", "R-LOST-4");
        assertThat(stock.available(sku(order))).contains(1);
        assertEndedAt(caseId, "EndEvent_LostParcelRemedied");
        assertCalledFlowEndedAt(caseId, "Process_LostParcelRemedy", "EndEvent_NoClaim");
    }

    @Test
    void rLost2_invalidTracking_logisticsTask_correctNumberFound_checkedAgainAndBuyerToldTheTracking() {
        Order order = shipped("25.00", OrderStatus.SHIPPED, "", LocalDate.now().plusDays(5), null, false);
        String caseId = openNotReceived(order);

        assertThat(messageTemplates(caseId)).containsExactly("tracking-being-checked");
        assertThat(candidateGroups(caseId, "Task_InvestigateTracking")).containsExactly("after-sales-agents");
        assertDueBy(task(caseId, "Task_InvestigateTracking"), "R-SLA-1", Duration.ofHours(24));

        complete(
                caseId,
                "Task_InvestigateTracking",
                Map.of("trackingFinding", "CORRECTED", "correctedTrackingNumber", "1Z555"));

        assertThat(orders.get(order.orderId()).shipment().trackingNumber()).isEqualTo("1Z555");
        assertThat(messageTemplates(caseId)).containsExactly("tracking-being-checked", "in-transit-wait");
        assertThat(outbox.forCase(caseId).get(1).body()).contains("1Z555");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-LOST-2", "R-LOST-1");
        assertThat(refunds(caseId)).isEmpty();
    }

    @Test
    void rLost2_invalidTracking_treatedAsLost_refundsItemAndShipping() {
        String caseId = openNotReceived(
                shipped("25.00", OrderStatus.SHIPPED, "", LocalDate.now().plusDays(5), null, false));
        complete(caseId, "Task_InvestigateTracking", Map.of("trackingFinding", "TREAT_AS_LOST"));
        assertOneRefund(caseId, "29.99", "R-LOST-4");
        assertEndedAt(caseId, "EndEvent_LostParcelRemedied");
        assertCalledFlowEndedAt(caseId, "Process_LostParcelRemedy", "EndEvent_NoClaim");
    }

    private String deliveredButMissing(String price) {
        return openNotReceived(shipped(
                price,
                OrderStatus.DELIVERED,
                "1Z999",
                LocalDate.now().minusDays(2),
                OffsetDateTime.now().minusDays(2),
                false));
    }

    @Test
    void rLost3_deliveredButMissing_lowValue_buyerStillMissing_refundOrReshipByTheValueRule() {
        String caseId = deliveredButMissing("25.00");
        assertThat(messageTemplates(caseId)).containsExactly("check-delivery");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_BUYER);
        assertThat(instance(caseId))
                .isWaitingAt("Task_DeliveredButMissing")
                .calledProcessInstance("Process_MissingParcel")
                .isWaitingAt("Gateway_WaitBuyerCheck");

        send(caseId, Map.of("type", "BUYER_REPLIED", "message", "Still not here, neighbours have nothing"));

        assertOneRefund(caseId, "29.99", "R-LOST-3");
        assertThat(caseRow(caseId).resolution()).isEqualTo("FULL_REFUND");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-LOST-3", "R-GEN-2");
        assertEndedAt(caseId, "EndEvent_MissingParcelSettled");
        assertCalledFlowEndedAt(caseId, "Process_MissingParcel", "EndEvent_Remedied");
        assertCalledFlowEndedAt(caseId, "Process_LostParcelRemedy", "EndEvent_NoClaim");
    }

    @Test
    void rLost3_noReplyWithinThreeDays_closedAsFound_noMoney() {
        String caseId = deliveredButMissing("25.00");
        passTime(caseId, Duration.ofDays(2));
        assertThat(processEnded(caseId)).isFalse();

        passTime(caseId, Duration.ofDays(1).plusMinutes(1));

        assertThat(refunds(caseId)).isEmpty();
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("WITHDRAWN");
        assertThat(messageTemplates(caseId)).last().isEqualTo("not-received-closed");
        assertThat(processEnded(caseId)).isTrue();
        assertEndedAt(caseId, "EndEvent_MissingParcelSettled");
        assertCalledFlowEndedAt(caseId, "Process_MissingParcel", "EndEvent_NoReply");
    }

    @Test
    void rLost3_highValue_agentRefundsAfterTheCarrierInvestigation_noReshipOffered() {
        String caseId = deliveredButMissing("80.00");
        send(caseId, Map.of("type", "BUYER_REPLIED", "message", "Not here"));
        assertThat(candidateGroups(caseId, "Task_DecideMissingParcel")).containsExactly("after-sales-agents");

        complete(caseId, "Task_DecideMissingParcel", Map.of("missingParcelDecision", "REFUND"));

        assertOneRefund(caseId, "84.99", "R-LOST-3");
        assertThat(messageTemplates(caseId)).doesNotContain("refund-or-reship");
        assertEndedAt(caseId, "EndEvent_MissingParcelSettled");
        assertCalledFlowEndedAt(caseId, "Process_MissingParcel", "EndEvent_Remedied");
        assertCalledFlowEndedAt(caseId, "Process_LostParcelRemedy", "EndEvent_NoClaim");
    }

    @Test
    void rLost3_highValue_agentDeclines_buyerToldAndMayEscalate_thenClosedAsDenied() {
        String caseId = deliveredButMissing("80.00");
        send(caseId, Map.of("type", "BUYER_REPLIED", "message", "Not here"));
        complete(caseId, "Task_DecideMissingParcel", Map.of("missingParcelDecision", "DECLINE"));
        assertThat(messageTemplates(caseId)).last().isEqualTo("claim-declined");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_BUYER);

        passTime(caseId, Duration.ofDays(14).plusMinutes(1));

        assertThat(refunds(caseId)).isEmpty();
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertEndedAt(caseId, "EndEvent_MissingParcelSettled");
        assertCalledFlowEndedAt(caseId, "Process_MissingParcel", "EndEvent_Declined");
    }

    @Test
    void rLost5_returnedToSender_refundOnlyOnceTheParcelIsBack_itemAndShipping() {
        String caseId = openNotReceived(inTransit("25.00", false));
        send(caseId, Map.of("type", "CARRIER_UPDATE", "trackingState", "RETURNED_TO_SENDER"));
        complete(caseId, "Task_CheckReturnedParcel", Map.of("returnReason", "OTHER"));

        assertThat(messageTemplates(caseId)).last().isEqualTo("returned-to-sender");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_RETURN);
        assertThat(refunds(caseId)).as("R-GEN-3: not before the parcel is back").isEmpty();

        send(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "AS_NEW"));

        assertOneRefund(caseId, "29.99", "R-LOST-5");
        assertThat(caseRow(caseId).resolution()).isEqualTo("FULL_REFUND");
        assertThat(caseRow(caseId).responsibility()).isEqualTo("LOGISTICS");
        assertEndedAt(caseId, "EndEvent_RefundedOnceBack");
        assertCalledFlowEndedAt(caseId, "Process_ReturnedParcel", "EndEvent_Returned");
    }

    @Test
    void rLost5_buyerGaveWrongAddress_buyersResponsibility_refundWithoutShipping() {
        String caseId = openNotReceived(inTransit("25.00", false));
        send(caseId, Map.of("type", "CARRIER_UPDATE", "trackingState", "RETURNED_TO_SENDER"));
        complete(caseId, "Task_CheckReturnedParcel", Map.of("returnReason", "BUYER_WRONG_ADDRESS"));
        send(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "AS_NEW"));

        assertOneRefund(caseId, "25.00", "R-LOST-5");
        assertThat(caseRow(caseId).responsibility()).isEqualTo("BUYER");
        assertThat(caseRow(caseId).resolution()).isEqualTo("REFUND_WITHOUT_SHIPPING");
        assertEndedAt(caseId, "EndEvent_RefundedOnceBack");
        assertCalledFlowEndedAt(caseId, "Process_ReturnedParcel", "EndEvent_Returned");
    }

    @Test
    void rLost5_customsHold_released_checkedAgainAsInTransit() {
        String caseId = openNotReceived(inTransit("25.00", false));
        send(caseId, Map.of("type", "CARRIER_UPDATE", "trackingState", "CUSTOMS_HOLD"));
        complete(caseId, "Task_ResolveCustomsHold", Map.of("customsOutcome", "RELEASED"));

        assertThat(messageTemplates(caseId)).containsExactly("in-transit-wait", "in-transit-wait");
        assertThat(instance(caseId))
                .isWaitingAt("Task_FollowParcel")
                .calledProcessInstance("Process_ParcelTracking")
                .isWaitingAt("Gateway_WaitInTransit");
        assertThat(refunds(caseId)).isEmpty();
    }

    @Test
    void rLost5_customsHold_lost_refundsItemAndShipping() {
        String caseId = openNotReceived(inTransit("25.00", false));
        send(caseId, Map.of("type", "CARRIER_UPDATE", "trackingState", "CUSTOMS_HOLD"));
        complete(caseId, "Task_ResolveCustomsHold", Map.of("customsOutcome", "LOST"));
        assertOneRefund(caseId, "29.99", "R-LOST-4");
        assertEndedAt(caseId, "EndEvent_LostParcelRemedied");
        assertCalledFlowEndedAt(caseId, "Process_LostParcelRemedy", "EndEvent_NoClaim");
    }

    @Test
    void rLost5_customsHold_sentBack_handledAsReturnedToSender() {
        String caseId = openNotReceived(inTransit("25.00", false));
        send(caseId, Map.of("type", "CARRIER_UPDATE", "trackingState", "CUSTOMS_HOLD"));
        complete(caseId, "Task_ResolveCustomsHold", Map.of("customsOutcome", "RETURNED"));
        assertThat(task(caseId, "Task_CheckReturnedParcel")).isNotNull();
    }
}
