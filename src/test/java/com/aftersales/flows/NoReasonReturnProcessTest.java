package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aftersales.cases.CaseStatus;
import com.aftersales.cases.CaseType;
import com.aftersales.cases.ItemCondition;
import com.aftersales.cases.OpenCaseRequest;
import com.aftersales.config.ApiProblem;
import com.aftersales.messaging.BuyerMessage;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderStatus;
import com.aftersales.orders.Shipment;
import com.aftersales.refunds.Refund;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/** bpmn/no-reason-return.bpmn: the buyer changed their mind (policy section 10, R-RET-1..7). */
class NoReasonReturnProcessTest extends FlowTestSupport {

    /** One item of {@code unitPrice} USD (+ 4.99 shipping) in {@code category}, delivered {@code daysAgo} days ago. */
    private Order delivered(String unitPrice, String category, int daysAgo) {
        Order order = new Order(
                "T-" + UUID.randomUUID(),
                Order.Platform.AMAZON,
                new Order.Buyer("B-1", "Ana Ruiz", "ana@example.com"),
                "USD",
                List.of(new Order.Item(
                        "SKU-" + UUID.randomUUID().toString().substring(0, 8),
                        "Sneakers",
                        1,
                        new BigDecimal(unitPrice),
                        category)),
                new BigDecimal("4.99"),
                OrderStatus.DELIVERED,
                HOME,
                new Shipment(
                        "UPS",
                        "1Z777",
                        OffsetDateTime.now().minusDays(daysAgo + 3),
                        LocalDate.now().minusDays(daysAgo),
                        OffsetDateTime.now().minusDays(daysAgo),
                        false,
                        true));
        orders.save(order);
        return order;
    }

    /** A return the shop opens without the buyer's report (condition, opened, near expiry): the table decides what it can. */
    private String openReturn(Order order) {
        return open(CaseType.NO_REASON_RETURN, order, "Changed my mind, wrong colour", null);
    }

    /** A return the shop opens with what the buyer reported; the jobs the decision started are run. */
    private String openReturnReporting(Order order, ItemCondition condition, Boolean opened, Boolean nearExpiry) {
        String caseId = intake.open(
                new OpenCaseRequest(
                        order.orderId(),
                        CaseType.NO_REASON_RETURN,
                        "Changed my mind, wrong colour",
                        List.of(),
                        null,
                        condition,
                        opened,
                        nearExpiry),
                "test");
        runJobs(caseId);
        return caseId;
    }

    private List<Task> openTasks(String caseId) {
        return tasks.createTaskQuery().processInstanceBusinessKey(caseId).list();
    }

    private static Map<String, Object> review(String condition, boolean nearExpiry, String alternative, Double offer) {
        Map<String, Object> values = new HashMap<>(
                Map.of("itemCondition", condition, "nearExpiry", nearExpiry, "returnAlternative", alternative));
        if (offer != null) values.put("offerAmount", offer);
        return values;
    }

    private String returnUnderway(String unitPrice) {
        String caseId = openReturn(delivered(unitPrice, "shoes", 2));
        complete(caseId, "Task_ReviewReturnRequest", review("ORIGINAL", false, "NONE", null));
        return caseId;
    }

    private BuyerMessage lastMessage(String caseId) {
        List<BuyerMessage> all = outbox.forCase(caseId);
        return all.get(all.size() - 1);
    }

    @Test
    void rRet1_rRet2_unopenedOriginalWithinTheWindow_labelAtOnceWithoutAnAgent_refundedOnlyAfterTheReturnArrives() {
        String caseId = openReturnReporting(delivered("40.00", "shoes", 2), ItemCondition.ORIGINAL, false, false);

        assertThat(openTasks(caseId)).isEmpty();
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_RETURN);
        assertThat(shippingRequests(caseId)).contains("RETURN_LABEL_BUYER");
        assertThat(lastMessage(caseId).template()).isEqualTo("return-instructions");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-RET-1", "R-RET-2", "R-RET-4");
        assertThat(refunds(caseId)).isEmpty();

        send(caseId, Map.of("type", "RETURN_SHIPPED", "trackingNumber", "RT-0"));
        assertThat(refunds(caseId)).isEmpty();
        send(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "AS_NEW"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("40.00"));
        assertThat(caseRow(caseId).resolution()).isEqualTo("RETURN_AND_REFUND");
        assertThat(processEnded(caseId)).isTrue();
    }

    @Test
    void rRet1_pastTheWindow_refusedAtOpeningWithTheTablesReason_noAgent() {
        String caseId = openReturn(delivered("40.00", "shoes", 8));

        assertThat(openTasks(caseId)).isEmpty();
        assertThat(lastMessage(caseId).template()).isEqualTo("return-refused");
        assertThat(lastMessage(caseId).body()).contains("the 7-day return period after delivery has passed");
        assertThat(refunds(caseId)).isEmpty();
        assertThat(shippingRequests(caseId)).isEmpty();
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-RET-1");
        assertThat(processEnded(caseId)).isTrue();
    }

    @Test
    void rRet3_nearExpiryReported_refusedAtOpening() {
        String caseId = openReturnReporting(delivered("12.00", "cosmetics", 1), ItemCondition.ORIGINAL, false, true);

        assertThat(openTasks(caseId)).isEmpty();
        assertThat(lastMessage(caseId).body()).contains("close to their expiry date");
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-RET-3");
    }

    @Test
    void rRet3_buyerSaysUsed_refusedAtOpening() {
        String caseId = openReturnReporting(
                delivered("40.00", "shoes", 1), ItemCondition.USED_WASHED_OR_TAG_REMOVED, true, false);

        assertThat(openTasks(caseId)).isEmpty();
        assertThat(lastMessage(caseId).body()).contains("used, washed or its tag removed");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
    }

    @Test
    void rRet2_openedItem_theTableCannotDecide_anAgentReviews_thenTheTableDecidesOnTheFindings() {
        String caseId = openReturnReporting(delivered("40.00", "shoes", 2), ItemCondition.ORIGINAL, true, false);
        assertThat(candidateGroups(caseId, "Task_ReviewReturnRequest")).containsExactly("after-sales-agents");
        assertThat(tasks.getVariable(task(caseId, "Task_ReviewReturnRequest").getId(), "itemCondition"))
                .isEqualTo("ORIGINAL");
        assertThat(messageTemplates(caseId)).isEmpty();

        complete(caseId, "Task_ReviewReturnRequest", review("ORIGINAL", false, "NONE", null));

        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_RETURN);
        assertThat(lastMessage(caseId).template()).isEqualTo("return-instructions");
    }

    @Test
    void rRet1_rRet4_rRet6_returnWithinTheWindow_buyerPaysReturnShipping_itemRefundedWithoutTheOutboundFee() {
        String caseId = openReturn(delivered("40.00", "shoes", 2));
        assertThat(caseRow(caseId).responsibility()).isEqualTo("BUYER");
        assertThat(candidateGroups(caseId, "Task_ReviewReturnRequest")).containsExactly("after-sales-agents");
        assertDueBy(task(caseId, "Task_ReviewReturnRequest"), "R-SLA-3", Duration.ofHours(24));
        assertThat(tasks.getVariable(task(caseId, "Task_ReviewReturnRequest").getId(), "daysSinceDelivery"))
                .isEqualTo(2);

        complete(caseId, "Task_ReviewReturnRequest", review("ORIGINAL", false, "NONE", null));

        assertThat(lastMessage(caseId).template()).isEqualTo("return-instructions");
        assertThat(lastMessage(caseId).body()).contains("Return shipping is paid by: BUYER");
        assertThat(shippingRequests(caseId)).contains("RETURN_LABEL_BUYER");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_RETURN);
        assertThat(caseRow(caseId).returnShippingPaidBy()).isEqualTo("BUYER");

        send(caseId, Map.of("type", "RETURN_SHIPPED", "trackingNumber", "RT-1"));
        assertThat(refunds(caseId)).isEmpty();
        send(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "AS_NEW"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("40.00"));
        assertThat(refunds(caseId).get(0).ruleId()).isEqualTo("R-RET-6");
        assertThat(messageTemplates(caseId)).last().isEqualTo("return-refund-issued");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("RETURN_AND_REFUND");
        assertThat(caseRow(caseId).rulesApplied())
                .contains("R-GEN-1", "R-GEN-3", "R-GEN-5", "R-RET-4", "R-RET-6", "R-GEN-8");
        assertThat(processEnded(caseId)).isTrue();
        assertEndedAt(caseId, "EndEvent_Returned");
    }

    @Test
    void rRet6_openedItemBack_refundedLessTheDefaultRestockingFeeOfZero() {
        String caseId = returnUnderway("40.00");
        send(caseId, Map.of("type", "RETURN_SHIPPED", "trackingNumber", "RT-2"));
        send(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "OPENED"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("40.00"));
        assertThat(caseRow(caseId).resolution()).isEqualTo("RETURN_AND_REFUND");
        assertEndedAt(caseId, "EndEvent_Returned");
    }

    @Test
    void rRet1_onTheSeventhDay_stillReturnable() {
        String caseId = openReturn(delivered("40.00", "shoes", 7));
        complete(caseId, "Task_ReviewReturnRequest", review("ORIGINAL", false, "NONE", null));

        assertThat(lastMessage(caseId).template()).isEqualTo("return-instructions");
    }

    @Test
    void rRet3_excludedCategory_refusedAtOpening() {
        String caseId = openReturn(delivered("240.00", "furniture", 1));
        assertThat(openTasks(caseId)).isEmpty();

        assertThat(lastMessage(caseId).body()).contains("excluded from returns without a reason");
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-RET-3");
        assertEndedAt(caseId, "EndEvent_Refused");
    }

    @Test
    void rRet3_nearExpiry_refused() {
        String caseId = openReturn(delivered("12.00", "cosmetics", 1));
        complete(caseId, "Task_ReviewReturnRequest", review("ORIGINAL", true, "NONE", null));

        assertThat(lastMessage(caseId).body()).contains("close to their expiry date");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertEndedAt(caseId, "EndEvent_Refused");
    }

    @Test
    void rRet3_usedWashedOrTagRemoved_refused() {
        String caseId = openReturn(delivered("40.00", "shoes", 1));
        complete(caseId, "Task_ReviewReturnRequest", review("USED_WASHED_OR_TAG_REMOVED", false, "NONE", null));

        assertThat(lastMessage(caseId).body()).contains("used, washed or its tag removed");
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertEndedAt(caseId, "EndEvent_Refused");
    }

    @Test
    void rRet2_packagingOrAccessoriesIncomplete_refused() {
        String caseId = openReturn(delivered("40.00", "shoes", 1));
        complete(caseId, "Task_ReviewReturnRequest", review("INCOMPLETE", false, "NONE", null));

        assertThat(lastMessage(caseId).body()).contains("original state");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-RET-2");
        assertEndedAt(caseId, "EndEvent_Refused");
    }

    @Test
    void rRet7_keepDiscountAccepted_partialRefundNoReturn() {
        String caseId = openReturn(delivered("40.00", "shoes", 1));
        complete(caseId, "Task_ReviewReturnRequest", review("ORIGINAL", false, "KEEP_DISCOUNT", 10.0));
        assertThat(lastMessage(caseId).template()).isEqualTo("return-alternative-keep");
        assertThat(lastMessage(caseId).body()).contains("10.00 USD");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_BUYER);

        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "ACCEPT_OFFER"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("10.00"));
        assertThat(refunds(caseId).get(0).ruleId()).isEqualTo("R-RET-7");
        assertThat(caseRow(caseId).resolution()).isEqualTo("PARTIAL_REFUND");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(shippingRequests(caseId)).isEmpty();
        assertEndedAt(caseId, "EndEvent_KeptWithDiscount");
    }

    @Test
    void rRet7_couponAccepted_noMoneyMoves() {
        String caseId = openReturn(delivered("40.00", "shoes", 1));
        complete(caseId, "Task_ReviewReturnRequest", review("ORIGINAL", false, "COUPON", 8.0));
        assertThat(lastMessage(caseId).template()).isEqualTo("return-alternative-coupon");

        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "ACCEPT_OFFER"));

        assertThat(refunds(caseId)).isEmpty();
        assertThat(lastMessage(caseId).template()).isEqualTo("coupon-issued");
        assertThat(lastMessage(caseId).body()).contains("8.00 USD");
        assertThat(caseRow(caseId).resolution()).isEqualTo("COMPENSATION");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-RET-7");
        assertEndedAt(caseId, "EndEvent_Coupon");
    }

    @Test
    void rRet7_rGen7_alternativeAboveTheCeiling_isRefusedOnTheForm() {
        String caseId = openReturn(delivered("40.00", "shoes", 1));
        String taskId = task(caseId, "Task_ReviewReturnRequest").getId();
        assertThatThrownBy(() -> tasks.complete(taskId, review("ORIGINAL", false, "COUPON", 14.01)))
                .isInstanceOf(org.camunda.bpm.engine.ProcessEngineException.class)
                .hasMessageContaining("at most 14.00");
        assertThat(task(caseId, "Task_ReviewReturnRequest")).isNotNull();
    }

    @Test
    void rRet7_alternativeDeclined_returnGoesAhead() {
        String caseId = openReturn(delivered("40.00", "shoes", 1));
        complete(caseId, "Task_ReviewReturnRequest", review("ORIGINAL", false, "KEEP_DISCOUNT", 10.0));
        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "DECLINE_OFFER"));

        assertThat(lastMessage(caseId).template()).isEqualTo("return-instructions");
        assertThat(refunds(caseId)).isEmpty();
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_RETURN);
    }

    @Test
    void rRet7_noAnswerWithinThreeDays_returnGoesAhead() {
        String caseId = openReturn(delivered("40.00", "shoes", 1));
        complete(caseId, "Task_ReviewReturnRequest", review("ORIGINAL", false, "COUPON", 5.0));

        passTime(caseId, Duration.ofDays(3).plusMinutes(1));

        assertThat(lastMessage(caseId).template()).isEqualTo("return-instructions");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_RETURN);
    }

    @Test
    void rRet5_noTrackingWithin10Days_closesWithoutRefund() {
        String caseId = returnUnderway("40.00");
        passTime(caseId, Duration.ofDays(9));
        assertThat(processEnded(caseId)).isFalse();

        passTime(caseId, Duration.ofDays(1).plusMinutes(1));

        assertThat(refunds(caseId)).isEmpty();
        assertThat(lastMessage(caseId).template()).isEqualTo("return-closed");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-RET-5");
        assertEndedAt(caseId, "EndEvent_NotSent");
    }

    @Test
    void rRet6_failedInspection_agentRefuses_closedWithoutRefund() {
        String caseId = returnUnderway("40.00");
        send(caseId, Map.of("type", "RETURN_SHIPPED", "trackingNumber", "RT-3"));
        send(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "USED"));
        assertThat(candidateGroups(caseId, "Task_InspectReturn")).containsExactly("after-sales-agents");

        complete(caseId, "Task_InspectReturn", Map.of("inspectionDecision", "NO_REFUND"));

        assertThat(refunds(caseId)).isEmpty();
        assertThat(lastMessage(caseId).template()).isEqualTo("return-rejected");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertEndedAt(caseId, "EndEvent_Rejected");
    }

    @Test
    void rRet6_failedInspection_agentRefundsAnyway() {
        String caseId = returnUnderway("40.00");
        send(caseId, Map.of("type", "RETURN_SHIPPED", "trackingNumber", "RT-4"));
        send(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "DAMAGED"));
        complete(caseId, "Task_InspectReturn", Map.of("inspectionDecision", "REFUND"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("40.00"));
        assertThat(caseRow(caseId).resolution()).isEqualTo("RETURN_AND_REFUND");
        assertEndedAt(caseId, "EndEvent_Returned");
    }

    @Test
    void rRet1_orderNotDeliveredYet_caseIsNotOpened() {
        Order shipped = shippedOrder("40.00");
        assertThatThrownBy(() -> openReturn(shipped))
                .isInstanceOf(ApiProblem.class)
                .hasMessageContaining("not been delivered");
        assertThat(cases.openCaseId(shipped.orderId(), CaseType.NO_REASON_RETURN))
                .isEmpty();
    }

    @Test
    void rEsc4_buyerEscalatesWhileWaitingForTheReturn_platformEscalationTakesOver() {
        String caseId = returnUnderway("40.00");
        send(caseId, Map.of("type", "BUYER_ESCALATED", "platformCaseId", "AZ-77"));

        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.ESCALATED);
        assertThat(candidateGroups(caseId, "Task_RespondToPlatform")).containsExactly("after-sales-agents");
    }
}
