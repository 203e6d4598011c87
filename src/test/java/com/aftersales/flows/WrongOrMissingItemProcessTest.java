package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.Test;

/** bpmn/wrong-or-missing-item.bpmn: policy section 9, R-WRONG-1..3. */
class WrongOrMissingItemProcessTest extends FlowTestSupport {

    private static final List<String> PHOTO = List.of("https://files.example.com/what-arrived.jpg");

    private Order delivered(String price) {
        return shipped(
                price,
                OrderStatus.DELIVERED,
                "1Z999",
                LocalDate.now().minusDays(3),
                OffsetDateTime.now().minusDays(1),
                false);
    }

    private String openCase(Order order, List<String> evidence) {
        return openWithEvidence(CaseType.WRONG_OR_MISSING_ITEM, order, "Box had no charging cable", evidence);
    }

    @Test
    void rWrong1_genericAccessoryMissing_smallCompensationNoReship() {
        String caseId = openCase(delivered("40.00"), PHOTO);
        assertThat(caseRow(caseId).responsibility()).isEqualTo("SELLER");
        assertThat(candidateGroups(caseId, "Task_AssessWrongOrMissing")).containsExactly("after-sales-agents");
        assertDueBy(task(caseId, "Task_AssessWrongOrMissing"), "R-SLA-5", Duration.ofHours(4));

        complete(
                caseId, "Task_AssessWrongOrMissing", Map.of("wrongOrMissing", "GENERIC_ACCESSORY", "offerAmount", 3.0));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("3.00"));
        assertThat(refunds(caseId).get(0).ruleId()).isEqualTo("R-WRONG-1");
        assertThat(shippingRequests(caseId)).isEmpty();
        assertThat(messageTemplates(caseId)).containsExactly("accessory-compensated");
        assertThat(caseRow(caseId).resolution()).isEqualTo("COMPENSATION");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(processEnded(caseId)).isTrue();
        assertEndedAt(caseId, "EndEvent_GenericCompensated");
    }

    @Test
    void rWrong1_rGen7_compensationAboveTheCeiling_isRefusedOnTheForm() {
        String caseId = openCase(delivered("40.00"), PHOTO);
        String taskId = task(caseId, "Task_AssessWrongOrMissing").getId();
        assertThatThrownBy(() ->
                        tasks.complete(taskId, Map.of("wrongOrMissing", "GENERIC_ACCESSORY", "offerAmount", 14.01)))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("at most 14.00");
    }

    @Test
    void rWrong2_specificAccessoryMissing_procuredAndSent() {
        String caseId = openCase(delivered("40.00"), PHOTO);
        complete(
                caseId,
                "Task_AssessWrongOrMissing",
                Map.of("wrongOrMissing", "SPECIFIC_ACCESSORY", "accessoryDescription", "Lens cap 58 mm"));
        assertThat(candidateGroups(caseId, "Task_ProcureAccessory")).containsExactly("after-sales-agents");
        assertDueBy(task(caseId, "Task_ProcureAccessory"), "R-SLA-3", Duration.ofHours(24));

        complete(caseId, "Task_ProcureAccessory", Map.of("accessoryProcured", "PROCURED"));

        assertThat(shippingRequests(caseId)).containsExactly("WAREHOUSE_SHIP_ACCESSORY");
        assertThat(shipping.forCase(caseId).get(0).details()).contains("Lens cap 58 mm");
        assertThat(refunds(caseId)).isEmpty();
        assertThat(messageTemplates(caseId)).containsExactly("accessory-sent");
        assertThat(caseRow(caseId).resolution()).isEqualTo("RESHIP");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-WRONG-2");
        assertEndedAt(caseId, "EndEvent_AccessorySent");
    }

    @Test
    void rWrong2_specificAccessoryCannotBeHad_compensationInstead() {
        String caseId = openCase(delivered("40.00"), PHOTO);
        complete(
                caseId,
                "Task_AssessWrongOrMissing",
                Map.of("wrongOrMissing", "SPECIFIC_ACCESSORY", "accessoryDescription", "Lens cap"));
        complete(caseId, "Task_ProcureAccessory", Map.of("accessoryProcured", "UNAVAILABLE", "offerAmount", 6.0));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("6.00"));
        assertThat(refunds(caseId).get(0).ruleId()).isEqualTo("R-WRONG-2");
        assertThat(caseRow(caseId).resolution()).isEqualTo("COMPENSATION");
        assertEndedAt(caseId, "EndEvent_UnavailableCompensated");
    }

    @Test
    void rWrong3_wrongItem_compensationAcceptedFirst_partialRefund() {
        String caseId = openCase(delivered("40.00"), PHOTO);
        complete(caseId, "Task_AssessWrongOrMissing", Map.of("wrongOrMissing", "WRONG_ITEM", "offerAmount", 12.0));
        assertThat(messageTemplates(caseId)).containsExactly("keep-offer");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_BUYER);

        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "ACCEPT_OFFER"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("12.00"));
        assertThat(refunds(caseId).get(0).ruleId()).isEqualTo("R-WRONG-3");
        assertThat(caseRow(caseId).resolution()).isEqualTo("PARTIAL_REFUND");
        assertEndedAt(caseId, "EndEvent_KeptWithRefund");
    }

    @Test
    void rWrong3_wrongItem_compensationRefused_rightItemSentWhenInStock() {
        Order order = delivered("40.00");
        stock.set(sku(order), 2);
        String caseId = openCase(order, PHOTO);
        complete(caseId, "Task_AssessWrongOrMissing", Map.of("wrongOrMissing", "WRONG_ITEM", "offerAmount", 12.0));
        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "DECLINE_OFFER"));
        assertThat(messageTemplates(caseId)).last().isEqualTo("refund-or-reship");

        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "RESHIP"));

        assertThat(shippingRequests(caseId)).contains("WAREHOUSE_RESHIP");
        assertThat(refunds(caseId)).isEmpty();
        assertThat(caseRow(caseId).resolution()).isEqualTo("RESHIP");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-WRONG-3", "R-GEN-2");
        assertEndedAt(caseId, "EndEvent_Remedied");
    }

    @Test
    void rWrong3_wrongItem_noAnswerToTheCompensation_noStock_fullRefundOfItemAndShipping() {
        String caseId = openCase(delivered("40.00"), PHOTO);
        complete(caseId, "Task_AssessWrongOrMissing", Map.of("wrongOrMissing", "WRONG_ITEM", "offerAmount", 12.0));

        passTime(caseId, Duration.ofDays(3).plusMinutes(1));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("44.99"));
        assertThat(refunds(caseId).get(0).ruleId()).isEqualTo("R-WRONG-3");
        assertThat(caseRow(caseId).resolution()).isEqualTo("FULL_REFUND");
        assertThat(messageTemplates(caseId)).last().isEqualTo("refund-issued");
        assertEndedAt(caseId, "EndEvent_Remedied");
    }

    @Test
    void rWrong3_rGen6_noPhoto_askedForOne_noneInThreeDays_closed() {
        String caseId = openCase(delivered("40.00"), List.of());
        assertThat(messageTemplates(caseId)).containsExactly("wrong-evidence-request");

        passTime(caseId, Duration.ofDays(3).plusMinutes(1));

        assertThat(messageTemplates(caseId)).last().isEqualTo("wrong-closed-no-evidence");
        assertThat(caseRow(caseId).resolution()).isEqualTo("NO_EVIDENCE");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertEndedAt(caseId, "EndEvent_NoEvidence");
    }

    @Test
    void rWrong3_photoDoesNotConfirmIt_declined_closedAfterTheEscalationWindow() {
        String caseId = openCase(delivered("40.00"), PHOTO);
        complete(caseId, "Task_AssessWrongOrMissing", Map.of("wrongOrMissing", "NOT_CONFIRMED"));
        assertThat(messageTemplates(caseId)).containsExactly("wrong-item-declined");

        passTime(caseId, Duration.ofDays(14).plusMinutes(1));

        assertThat(refunds(caseId)).isEmpty();
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertEndedAt(caseId, "EndEvent_Declined");
    }

    @Test
    void rEsc4_buyerEscalatesWhileTheOfferIsOpen() {
        String caseId = openCase(delivered("40.00"), PHOTO);
        complete(caseId, "Task_AssessWrongOrMissing", Map.of("wrongOrMissing", "WRONG_ITEM", "offerAmount", 12.0));
        send(caseId, Map.of("type", "BUYER_ESCALATED", "platformCaseId", "AZ-W1"));

        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.ESCALATED);
        assertThat(candidateGroups(caseId, "Task_RespondToPlatform")).containsExactly("after-sales-agents");
    }
}
