package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.Test;

/** Every path of bpmn/damaged-item.bpmn (policy section 6, R-GEN-6). */
class DamagedItemProcessTest extends FlowTestSupport {

    private static final List<String> PHOTOS = List.of("https://files.example.com/box.jpg", "file:7781");

    private Order delivered(String price) {
        return shipped(
                price,
                OrderStatus.DELIVERED,
                "1Z999",
                LocalDate.now().minusDays(3),
                OffsetDateTime.now().minusDays(1),
                false);
    }

    private String openDamaged(Order order, List<String> evidence) {
        String caseId = openWithEvidence(CaseType.DAMAGED, order, "Screen cracked on arrival", evidence);
        runJobs(caseId);
        return caseId;
    }

    private void assertOneRefund(String caseId, String amount, String ruleId) {
        List<Refund> refunds = refunds(caseId);
        assertThat(refunds).hasSize(1);
        assertThat(refunds.get(0).amount()).isEqualByComparingTo(amount);
        assertThat(refunds.get(0).ruleId()).isEqualTo(ruleId);
    }

    @Test
    void rGen6_rDmg1_noEvidence_buyerAsked_noneInThreeDays_closedAsNoEvidence() {
        String caseId = openDamaged(delivered("25.00"), List.of());
        assertThat(messageTemplates(caseId)).containsExactly("evidence-request");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_BUYER);

        passTime(caseId, Duration.ofDays(3).plusMinutes(1));

        CaseRow row = caseRow(caseId);
        assertThat(row.status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(row.resolution()).isEqualTo("NO_EVIDENCE");
        assertThat(row.rulesApplied()).contains("R-GEN-6");
        assertThat(messageTemplates(caseId)).last().isEqualTo("closed-no-evidence");
        assertThat(refunds(caseId)).isEmpty();
        assertThat(processEnded(caseId)).isTrue();
        assertEndedAt(caseId, "EndEvent_NoEvidence");
    }

    @Test
    void rGen6_evidenceSentAfterAsking_agentAssessesWithTheLinksAndTheOrderValueOnTheForm() {
        String caseId = openDamaged(delivered("25.00"), List.of());
        send(caseId, Map.of("type", "EVIDENCE_ADDED", "evidence", PHOTOS));

        assertThat(candidateGroups(caseId, "Task_AssessDamage")).containsExactly("after-sales-agents");
        String taskId = task(caseId, "Task_AssessDamage").getId();
        assertThat(tasks.getVariable(taskId, "evidenceText").toString())
                .contains("https://files.example.com/box.jpg", "file:7781");
        assertThat(tasks.getVariable(taskId, "orderValueText")).isEqualTo("25.00");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.OPEN);
        assertThat(caseRow(caseId).responsibility()).isEqualTo("LOGISTICS");
    }

    @Test
    void rDmg2_slightDamage_keepOfferAccepted_partialRefund_thenCarrierClaim() {
        String caseId = openDamaged(delivered("40.00"), PHOTOS);
        complete(caseId, "Task_AssessDamage", Map.of("damageSeverity", "SLIGHT", "offerAmount", 12.5));
        assertThat(messageTemplates(caseId)).containsExactly("keep-offer");
        assertThat(outbox.forCase(caseId).get(0).body()).contains("12.50 USD");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_BUYER);

        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "ACCEPT_OFFER"));

        assertOneRefund(caseId, "12.50", "R-DMG-2");
        CaseRow row = caseRow(caseId);
        assertThat(row.status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(row.resolution()).isEqualTo("PARTIAL_REFUND");
        assertThat(candidateGroups(caseId, "Task_FileCarrierClaim")).containsExactly("after-sales-agents");
        assertThat(insightColumns(caseId).get("carrier_claim_filed_at")).isNull();
        complete(caseId, "Task_FileCarrierClaim", Map.of("claimReference", "UPS-77"));
        assertThat(insightColumns(caseId))
                .as("R-DMG-5: the claim filed, for the insights")
                .containsEntry("carrier_claim_reference", "UPS-77")
                .containsEntry("sku", sku(orders.get(row.orderId())))
                .extractingByKey("carrier_claim_filed_at")
                .isNotNull();
        assertThat(processEnded(caseId)).isTrue();
        assertEndedAt(caseId, "EndEvent_Claimed");
    }

    @Test
    void rDmg2_offerAbove35Percent_isRefused_taskStaysOpen() {
        String caseId = openDamaged(delivered("40.00"), PHOTOS);
        String taskId = task(caseId, "Task_AssessDamage").getId();
        assertThatThrownBy(() -> tasks.complete(taskId, Map.of("damageSeverity", "SLIGHT", "offerAmount", 14.01)))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("at most 14.00");
        assertThat(task(caseId, "Task_AssessDamage")).isNotNull();
        assertThat(messageTemplates(caseId)).isEmpty();
    }

    @Test
    void rDmg2_rDmg4_offerDeclined_severePath_aboveReshipLimit_refundOnly() {
        String caseId = openDamaged(delivered("40.00"), PHOTOS);
        complete(caseId, "Task_AssessDamage", Map.of("damageSeverity", "SLIGHT", "offerAmount", 10));
        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "DECLINE_OFFER"));

        assertOneRefund(caseId, "44.99", "R-DMG-4");
        assertThat(messageTemplates(caseId)).containsExactly("keep-offer", "refund-issued");
        assertThat(caseRow(caseId).resolution()).isEqualTo("FULL_REFUND");
        assertThat(task(caseId, "Task_FileCarrierClaim")).isNotNull();
    }

    @Test
    void rDmg2_noAnswerToTheOfferInThreeDays_countsAsDeclined() {
        String caseId = openDamaged(delivered("40.00"), PHOTOS);
        complete(caseId, "Task_AssessDamage", Map.of("damageSeverity", "SLIGHT", "offerAmount", 10));
        passTime(caseId, Duration.ofDays(3).plusMinutes(1));
        assertOneRefund(caseId, "44.99", "R-DMG-4");
    }

    @Test
    void rDmg3_rGen2_severeLowValue_buyerChoosesReship_withStock_reshippedNoRefund() {
        Order order = delivered("25.00");
        stock.set(sku(order), 2);
        String caseId = openDamaged(order, PHOTOS);
        complete(caseId, "Task_AssessDamage", Map.of("damageSeverity", "SEVERE"));
        assertThat(messageTemplates(caseId)).containsExactly("refund-or-reship");

        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "RESHIP"));

        assertThat(refunds(caseId)).isEmpty();
        assertThat(shippingRequests(caseId)).contains("WAREHOUSE_RESHIP");
        assertThat(stock.available(sku(order))).contains(1);
        assertThat(caseRow(caseId).resolution()).isEqualTo("RESHIP");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-DMG-3", "R-GEN-2");
        assertThat(task(caseId, "Task_FileCarrierClaim")).isNotNull();
    }

    @Test
    void rDmg3_severeLowValue_buyerChoosesRefund_itemAndShipping() {
        Order order = delivered("25.00");
        stock.set(sku(order), 2);
        String caseId = openDamaged(order, PHOTOS);
        complete(caseId, "Task_AssessDamage", Map.of("damageSeverity", "SEVERE"));
        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "REFUND"));

        assertOneRefund(caseId, "29.99", "R-DMG-3");
        assertThat(stock.available(sku(order))).contains(2);
        assertThat(caseRow(caseId).resolution()).isEqualTo("FULL_REFUND");
    }

    @Test
    void rDmg3_rGen2_severeLowValue_noStock_refundWithoutAsking() {
        String caseId = openDamaged(delivered("25.00"), PHOTOS);
        complete(caseId, "Task_AssessDamage", Map.of("damageSeverity", "SEVERE"));
        assertOneRefund(caseId, "29.99", "R-DMG-3");
        assertThat(messageTemplates(caseId)).containsExactly("refund-issued");
    }

    @Test
    void rDmg4_severeAboveReshipLimit_refundOnly_evenWithStock() {
        Order order = delivered("30.01");
        stock.set(sku(order), 5);
        String caseId = openDamaged(order, PHOTOS);
        complete(caseId, "Task_AssessDamage", Map.of("damageSeverity", "SEVERE"));
        assertOneRefund(caseId, "35.00", "R-DMG-4");
        assertThat(stock.available(sku(order))).contains(5);
        assertThat(messageTemplates(caseId)).doesNotContain("refund-or-reship");
    }
}
