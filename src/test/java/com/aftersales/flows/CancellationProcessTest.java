package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.aftersales.cases.CaseRow;
import com.aftersales.cases.CaseStatus;
import com.aftersales.cases.CaseType;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderStatus;
import com.aftersales.refunds.Refund;
import com.aftersales.refunds.RefundService;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every path of bpmn/cancellation.bpmn (policy section 4). */
class CancellationProcessTest extends FlowTestSupport {

    @Autowired
    RefundService refundService;

    private String openCancellation(Order order) {
        return open(CaseType.CANCELLATION, order, "Ordered the wrong colour", null);
    }

    @Test
    void rCan1_notShipped_warehouseStops_orderCancelledAndItemPlusShippingRefundedOnce() {
        Order order = paidOrder("25.00");
        String caseId = openCancellation(order);
        assertThat(instance(caseId)).isWaitingAt("Task_StopShipment", "Event_WarehouseAnswer");

        runJobs(caseId);
        assertThat(shippingRequests(caseId)).containsExactly("WAREHOUSE_STOP_SHIPMENT");
        send(caseId, Map.of("type", "WAREHOUSE_UPDATE", "status", "SHIPMENT_STOPPED"));

        List<Refund> refunds = refunds(caseId);
        assertThat(refunds).hasSize(1);
        assertThat(refunds.get(0).amount()).isEqualByComparingTo("29.99");
        assertThat(refunds.get(0).currency()).isEqualTo("USD");
        assertThat(refunds.get(0).ruleId()).isEqualTo("R-CAN-1");
        assertThat(orders.get(order.orderId()).status()).isEqualTo(OrderStatus.CANCELLED);
        CaseRow row = caseRow(caseId);
        assertThat(row.status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(row.resolution()).isEqualTo("CANCELLED");
        assertThat(row.responsibility()).isEqualTo("BUYER");
        assertThat(row.rulesApplied()).contains("R-GEN-1", "R-CAN-1", "R-GEN-4", "R-CARE-1", "R-GEN-8");
        assertThat(messageTemplates(caseId)).containsExactly("order-cancelled");
        assertThat(outbox.forCase(caseId).get(0).body()).contains("29.99 USD");
        assertThat(processEnded(caseId)).isTrue();
        assertEndedAt(caseId, "EndEvent_Cancelled");
    }

    @Test
    void rCan1_warehouseAnswersBeforeItsRequestJobRan_answerIsNotLost() {
        String caseId = openCancellation(paidOrder("25.00"));
        send(caseId, Map.of("type", "WAREHOUSE_UPDATE", "status", "SHIPMENT_STOPPED"));
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("29.99"));
        assertEndedAt(caseId, "EndEvent_Cancelled");
    }

    @Test
    void rCan1_warehouseSaysAlreadyLeft_continuesAsShipped_rCan2() {
        Order order = paidOrder("25.00");
        String caseId = openCancellation(order);
        runJobs(caseId);
        send(caseId, Map.of("type", "WAREHOUSE_UPDATE", "status", "ALREADY_LEFT"));

        task(caseId, "Task_OfferShippedOption");
        assertThat(messageTemplates(caseId)).containsExactly("cannot-cancel-shipped");
        assertThat(refunds(caseId)).isEmpty();
        assertThat(orders.get(order.orderId()).status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void rCan3_markedShippedButNotWithCarrier_buyerStillCancels_refundedWithoutWaitingForWarehouse() {
        Order order = markedShippedOrder("25.00");
        String caseId = openCancellation(order);
        var task = task(caseId, "Task_ConfirmCancellationWithBuyer");
        assertThat(task).hasCandidateGroup("after-sales-agents");
        assertDueBy(task, "R-SLA-1", Duration.ofHours(24));

        complete(caseId, "Task_ConfirmCancellationWithBuyer", Map.of("buyerDecision", "CANCEL"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("29.99"));
        assertThat(shippingRequests(caseId)).containsExactly("WAREHOUSE_STOP_SHIPMENT");
        assertThat(orders.get(order.orderId()).status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("CANCELLED");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-CAN-3");
        assertEndedAt(caseId, "EndEvent_Cancelled");
    }

    @Test
    void rCan3_buyerKeepsTheOrder_caseClosedWithoutMoney() {
        String caseId = openCancellation(markedShippedOrder("25.00"));
        complete(caseId, "Task_ConfirmCancellationWithBuyer", Map.of("buyerDecision", "KEEP_ORDER"));

        assertThat(refunds(caseId)).isEmpty();
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("WITHDRAWN");
        assertThat(messageTemplates(caseId)).containsExactly("cancellation-withdrawn");
        assertEndedAt(caseId, "EndEvent_KeepsOrder");
    }

    /** Issue 13: the agent records that the buyer did not answer; cancelling needs the buyer's yes, so the order ships. */
    @Test
    void rCan3_buyerDidNotAnswer_orderShips_noMoney_buyerToldHowToAskAgain() {
        String caseId = openCancellation(markedShippedOrder("25.00"));
        complete(caseId, "Task_ConfirmCancellationWithBuyer", Map.of("buyerDecision", "NO_ANSWER"));

        assertThat(refunds(caseId)).isEmpty();
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("WITHDRAWN");
        assertThat(messageTemplates(caseId)).containsExactly("cancellation-no-answer");
        assertThat(outbox.forCase(caseId).get(0).body())
                .contains("we did not hear from you")
                .contains("continues as planned");
        assertEndedAt(caseId, "EndEvent_NoAnswer");
    }

    @Test
    void rCan2_rGen7_shippedOrder_keepOfferWithinCeiling_buyerAccepts_partialRefundOfTheOffer() {
        String caseId = openCancellation(shippedOrder("40.00"));
        var offerTask = task(caseId, "Task_OfferShippedOption");
        assertThat(tasks.getVariable(offerTask.getId(), "maxKeepOffer")).isEqualTo(14.0); // 35 % of 40.00
        assertThat(tasks.getVariable(offerTask.getId(), "maxKeepOfferText"))
                .as("as the agent reads it")
                .isEqualTo("14.00");
        assertThat(tasks.getVariable(offerTask.getId(), "orderValueText")).isEqualTo("40.00");

        complete(
                caseId,
                "Task_OfferShippedOption",
                Map.of("cancellationOffer", "KEEP_WITH_PARTIAL_REFUND", "offerAmount", 12.5));
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_BUYER);
        assertThat(outbox.forCase(caseId).get(1).body()).contains("12.50 USD");

        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "ACCEPT_OFFER"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("12.50"));
        assertThat(caseRow(caseId).resolution()).isEqualTo("PARTIAL_REFUND");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-CAN-2", "R-GEN-7");
        assertThat(messageTemplates(caseId)).containsExactly("cannot-cancel-shipped", "keep-offer", "refund-issued");
        assertEndedAt(caseId, "EndEvent_PartialRefund");
    }

    @Test
    void rGen7_offerAboveCeiling_goesToTeamLead_rejectedOfferIsMadeAgain_approvedIsSent() {
        String caseId = openCancellation(shippedOrder("40.00"));
        complete(
                caseId,
                "Task_OfferShippedOption",
                Map.of("cancellationOffer", "KEEP_WITH_PARTIAL_REFUND", "offerAmount", 20));

        assertThat(task(caseId, "Task_ApproveOfferAboveCeiling")).hasCandidateGroup("team-leads");
        complete(caseId, "Task_ApproveOfferAboveCeiling", Map.of("offerDecision", "REJECT"));

        task(caseId, "Task_OfferShippedOption");
        complete(
                caseId,
                "Task_OfferShippedOption",
                Map.of("cancellationOffer", "KEEP_WITH_PARTIAL_REFUND", "offerAmount", 18));
        complete(caseId, "Task_ApproveOfferAboveCeiling", Map.of("offerDecision", "APPROVE"));
        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "ACCEPT_OFFER"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("18.00"));
        assertEndedAt(caseId, "EndEvent_PartialRefund");
    }

    @Test
    void rGen7_highValueOrder_ceilingIsTenPercent() {
        String caseId = openCancellation(shippedOrder("250.00"));
        assertThat(tasks.getVariable(task(caseId, "Task_OfferShippedOption").getId(), "maxKeepOffer"))
                .isEqualTo(25.0);
        complete(
                caseId,
                "Task_OfferShippedOption",
                Map.of("cancellationOffer", "KEEP_WITH_PARTIAL_REFUND", "offerAmount", 30));
        task(caseId, "Task_ApproveOfferAboveCeiling");
    }

    @Test
    void rCan2_offerOfTheWholeOrderValueOrNoAmount_isRefusedAndTheTaskStaysOpen() {
        String caseId = openCancellation(shippedOrder("40.00"));
        String taskId = task(caseId, "Task_OfferShippedOption").getId();

        assertThatThrownBy(() -> tasks.complete(
                        taskId, Map.of("cancellationOffer", "KEEP_WITH_PARTIAL_REFUND", "offerAmount", 40)))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("below the order value of 40.00");
        Map<String, Object> noAmount = new HashMap<>();
        noAmount.put("cancellationOffer", "KEEP_WITH_PARTIAL_REFUND");
        assertThatThrownBy(() -> tasks.complete(taskId, noAmount))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("Enter the amount");

        task(caseId, "Task_OfferShippedOption");
        assertThat(refunds(caseId)).isEmpty();
    }

    @Test
    void rCan2_rGen3_returnAfterDelivery_refundOfTheItemOnlyAfterTheReturnIsReceived_buyerPaysReturn() {
        String caseId = openCancellation(shippedOrder("40.00"));
        complete(caseId, "Task_OfferShippedOption", Map.of("cancellationOffer", "RETURN_AFTER_DELIVERY"));

        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_RETURN);
        assertThat(caseRow(caseId).returnShippingPaidBy()).isEqualTo("BUYER");
        send(caseId, Map.of("type", "RETURN_SHIPPED", "trackingNumber", "RT123"));
        assertThat(refunds(caseId)).isEmpty();

        send(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "AS_NEW"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("40.00"));
        assertThat(refunds(caseId).get(0).ruleId()).isEqualTo("R-CAN-2");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("RETURN_AND_REFUND");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-GEN-3", "R-GEN-5");
        assertThat(processEnded(caseId)).isTrue();
        assertEndedAt(caseId, "EndEvent_Returned");
    }

    @Test
    void rCan2_sellerAtFault_returnShippingBySeller_andShippingRefundedToo() {
        String caseId = openCancellation(shippedOrder("40.00"));
        complete(
                caseId,
                "Task_OfferShippedOption",
                Map.of("cancellationOffer", "RETURN_AFTER_DELIVERY", "sellerAtFault", true));
        assertThat(caseRow(caseId).returnShippingPaidBy()).isEqualTo("SELLER");
        send(caseId, Map.of("type", "RETURN_SHIPPED", "trackingNumber", "RT124"));
        send(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "OPENED"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("44.99"));
        assertEndedAt(caseId, "EndEvent_Returned");
    }

    @Test
    void rCan2_buyerDeclinesKeepOffer_returnAfterDelivery() {
        String caseId = openCancellation(shippedOrder("40.00"));
        complete(
                caseId,
                "Task_OfferShippedOption",
                Map.of("cancellationOffer", "KEEP_WITH_PARTIAL_REFUND", "offerAmount", 10));
        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "DECLINE_OFFER"));

        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_RETURN);
        assertThat(messageTemplates(caseId)).last().isEqualTo("return-instructions");
        assertThat(refunds(caseId)).isEmpty();
    }

    @Test
    void rCan2_buyerKeepsTheShippedOrder_caseClosed() {
        String caseId = openCancellation(shippedOrder("40.00"));
        complete(caseId, "Task_OfferShippedOption", Map.of("cancellationOffer", "BUYER_KEEPS_ORDER"));

        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("WITHDRAWN");
        assertThat(refunds(caseId)).isEmpty();
        assertEndedAt(caseId, "EndEvent_ShippedKept");
    }

    @Test
    void rGen3_returnFailsInspection_notRefunded_caseClosedAsDenied() {
        String caseId = openCancellation(shippedOrder("40.00"));
        complete(caseId, "Task_OfferShippedOption", Map.of("cancellationOffer", "RETURN_AFTER_DELIVERY"));
        send(caseId, Map.of("type", "RETURN_SHIPPED", "trackingNumber", "RT125"));
        send(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "EMPTY_OR_WRONG"));
        complete(caseId, "Task_InspectReturn", Map.of("inspectionDecision", "NO_REFUND"));

        assertThat(refunds(caseId)).isEmpty();
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertThat(messageTemplates(caseId)).last().isEqualTo("return-rejected");
        assertEndedAt(caseId, "EndEvent_ReturnDenied");
    }

    @Test
    void rGen4_aRefundThatCannotBePaid_retriesThenShowsAsAnIncident_andNothingIsPaid() {
        // an administrator moves the case to the keep-offer refund although no offer was agreed (finding 1 of issue 11)
        String caseId = openCancellation(shippedOrder("40.00"));
        task(caseId, "Task_OfferShippedOption");
        runtime.createProcessInstanceModification(instance(caseId).getId())
                .startBeforeActivity("Task_RefundKeepOffer")
                .setVariable("offerAmount", 30)
                .execute();

        String refundJob = dueJobs(caseId).get(0).getId();
        int attempts = 0;
        while (management.createJobQuery().jobId(refundJob).singleResult().getRetries() > 0) {
            assertThatThrownBy(() -> management.executeJob(refundJob))
                    .hasMessageContaining("has no agreed keep-the-item offer");
            attempts++;
        }
        assertThat(attempts)
                .as("the first try and one retry per interval of the retry cycle in the diagram")
                .isEqualTo(6);

        assertThat(runtime.createIncidentQuery()
                        .processInstanceId(instance(caseId).getId())
                        .singleResult()
                        .getIncidentMessage())
                .contains("has no agreed keep-the-item offer");
        assertThat(refunds(caseId)).isEmpty();
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.OPEN);
    }

    @Test
    void finding3_orderRefundedByHandBefore_theCancellationPaysNothingMore_buyerToldAndTeamLeadsReview() {
        Order order = markedShippedOrder("25.00");
        String caseId = openCancellation(order);
        tasks.complete(task(caseId, "Task_ConfirmCancellationWithBuyer").getId(), Map.of("buyerDecision", "CANCEL"));
        management.executeJob(dueJobs(caseId).get(0).getId()); // the warehouse is asked to pull the parcel
        refundService.issue(caseId, "GOODWILL", new BigDecimal("29.99"), "paid by hand", "R-CAN-3");
        runJobs(caseId);

        assertThat(refunds(caseId)).extracting(Refund::purpose).containsExactly("GOODWILL");
        assertThat(ledger.cappedForCase(caseId)).singleElement().satisfies(c -> {
            assertThat(c.purpose()).isEqualTo("CANCELLATION");
            assertThat(c.paid()).isEqualByComparingTo("0");
            assertThat(tasks.createTaskQuery()
                            .taskId(c.reviewTaskId())
                            .taskCandidateGroup("team-leads")
                            .count())
                    .isEqualTo(1);
        });
        assertThat(caseRow(caseId).resolution()).isEqualTo("CANCELLED");
        assertThat(outbox.forCase(caseId)).singleElement().satisfies(m -> {
            assertThat(m.template()).isEqualTo("order-cancelled");
            assertThat(m.body()).as("what the case paid, once").contains("29.99 USD");
        });
        assertEndedAt(caseId, "EndEvent_Cancelled");
    }
}
