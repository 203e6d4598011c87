package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aftersales.cases.CaseDeadlines;
import com.aftersales.cases.CaseRepository;
import com.aftersales.cases.CaseRow;
import com.aftersales.cases.CaseStatus;
import com.aftersales.cases.CaseType;
import com.aftersales.config.ApiProblem;
import com.aftersales.orders.OrderStatus;
import com.aftersales.refunds.Refund;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every path of bpmn/platform-escalation.bpmn (policy section 11, R-SLA-6), called from the flows. */
class PlatformEscalationProcessTest extends FlowTestSupport {

    @Autowired
    CaseDeadlines deadlines;

    /** A lost-parcel case waiting for the parcel; the buyer escalates to the platform. */
    private String escalatedCase() {
        String caseId = openWithEvidence(
                CaseType.NOT_RECEIVED,
                shipped("25.00", OrderStatus.SHIPPED, "1Z999", LocalDate.now().plusDays(5), null, false),
                "Never came",
                List.of());
        runJobs(caseId);
        send(caseId, Map.of("type", "BUYER_ESCALATED", "platformCaseId", "AZ-555"));
        return caseId;
    }

    private String respondedCase() {
        String caseId = escalatedCase();
        complete(caseId, "Task_RespondToPlatform", Map.of("platformResponse", "Tracking and proof of shipment sent"));
        return caseId;
    }

    private CaseRepository.Escalation escalation(String caseId) {
        return cases.escalation(caseId).orElseThrow();
    }

    @Test
    void rEsc1_rEsc2_buyerEscalates_flowStops_agentRespondsWithin48h() {
        String caseId = escalatedCase();
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.ESCALATED);
        Task task = task(caseId, "Task_RespondToPlatform");
        assertThat(candidateGroups(caseId, "Task_RespondToPlatform")).containsExactly("after-sales-agents");
        assertThat(tasks.getVariableLocal(task.getId(), "slaRuleId")).isEqualTo("R-SLA-6");
        assertThat(Duration.between(
                        task.getCreateTime().toInstant(), task.getDueDate().toInstant()))
                .isBetween(
                        Duration.ofHours(48).minusSeconds(1),
                        Duration.ofHours(48).plusSeconds(1));
        assertThat(escalation(caseId).platformCaseId()).isEqualTo("AZ-555");
        assertThat(escalation(caseId).outcome()).isNull();
        assertThat(caseRow(caseId).rulesApplied()).contains("R-ESC-1", "R-ESC-4");
        assertThatThrownBy(() -> events.accept(caseId, Map.of("type", "CARRIER_UPDATE", "trackingState", "LOST")))
                .isInstanceOf(ApiProblem.class)
                .hasMessageContaining("not waiting for CARRIER_UPDATE");

        complete(caseId, "Task_RespondToPlatform", Map.of("platformResponse", "Tracking sent"));
        assertThat(caseRow(caseId).rulesApplied()).contains("R-ESC-2");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.ESCALATED);
    }

    @Test
    void rEsc3_withdrawn_closedNoMoneyNoDefect() {
        String caseId = respondedCase();
        send(caseId, Map.of("type", "PLATFORM_RULING", "outcome", "WITHDRAWN"));

        assertThat(refunds(caseId)).isEmpty();
        CaseRow row = caseRow(caseId);
        assertThat(row.status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(row.resolution()).isEqualTo("WITHDRAWN");
        assertThat(escalation(caseId).outcome()).isEqualTo("WITHDRAWN");
        assertThat(escalation(caseId).orderDefect()).isFalse();
        assertThat(messageTemplates(caseId)).last().isEqualTo("platform-ruling");
        assertThat(processEnded(caseId)).isTrue();
        assertEndedAt(caseId, "EndEvent_Escalated");
    }

    @Test
    void rEsc3_sellerRefunded_itemAndShippingRefunded_countsAsDefect() {
        String caseId = respondedCase();
        send(caseId, Map.of("type", "PLATFORM_RULING", "outcome", "SELLER_REFUNDED"));

        List<Refund> refunds = refunds(caseId);
        assertThat(refunds).hasSize(1);
        assertThat(refunds.get(0).amount()).isEqualByComparingTo("29.99");
        assertThat(refunds.get(0).ruleId()).isEqualTo("R-ESC-3");
        assertThat(refunds.get(0).gatewayReference()).startsWith("LEDGER-");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("FULL_REFUND");
        assertThat(escalation(caseId).orderDefect()).isTrue();
        assertEndedAt(caseId, "EndEvent_Escalated");
    }

    @Test
    void rEsc3_grantedSellerFunded_platformDebitRecorded_notPaidAgain_defect() {
        String caseId = respondedCase();
        send(caseId, Map.of("type", "PLATFORM_RULING", "outcome", "GRANTED_SELLER_FUNDED"));

        List<Refund> refunds = refunds(caseId);
        assertThat(refunds).hasSize(1);
        assertThat(refunds.get(0).purpose()).isEqualTo("PLATFORM_DEBIT");
        assertThat(refunds.get(0).amount()).isEqualByComparingTo("29.99");
        assertThat(refunds.get(0).ruleId()).isEqualTo("R-ESC-3");
        assertThat(refunds.get(0).gatewayReference())
                .as("not paid through the gateway")
                .isEqualTo("PLATFORM-DEBIT:AZ-555");
        assertThat(caseRow(caseId).resolution()).isEqualTo("PLATFORM_REFUNDED");
        assertThat(escalation(caseId).outcome()).isEqualTo("GRANTED_SELLER_FUNDED");
        assertThat(escalation(caseId).orderDefect()).isTrue();
        assertEndedAt(caseId, "EndEvent_Escalated");
    }

    @Test
    void rEsc3_closedInSellersFavour_closedDenied_noDefect() {
        String caseId = respondedCase();
        send(caseId, Map.of("type", "PLATFORM_RULING", "outcome", "CLOSED_SELLER_FAVOUR"));

        assertThat(refunds(caseId)).isEmpty();
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertThat(escalation(caseId).orderDefect()).isFalse();
        assertEndedAt(caseId, "EndEvent_Escalated");
    }

    @Test
    void rSla6_noResponseWithin48h_escalatedToTeamLeadsFirst_thenLostBySilence_debitAndBreachRecorded() {
        String caseId = escalatedCase();
        passTime(caseId, Duration.ofHours(36).plusMinutes(1));
        assertThat(candidateGroups(caseId, "Task_RespondToPlatform"))
                .containsExactly("after-sales-agents", "team-leads");

        passTime(caseId, Duration.ofHours(12));

        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(caseId).count())
                .isZero();
        assertThat(escalation(caseId).outcome()).isEqualTo("LOST_BY_SILENCE");
        assertThat(escalation(caseId).orderDefect()).isTrue();
        List<Refund> refunds = refunds(caseId);
        assertThat(refunds).singleElement().satisfies(r -> {
            assertThat(r.purpose()).isEqualTo("PLATFORM_DEBIT");
            assertThat(r.ruleId()).isEqualTo("R-SLA-6");
            assertThat(r.amount()).isEqualByComparingTo("29.99");
        });
        assertThat(deadlines.forCase(caseId)).singleElement().satisfies(b -> {
            assertThat(b.ruleId()).isEqualTo("R-SLA-6");
            assertThat(b.taskKey()).isEqualTo("Task_RespondToPlatform");
        });
        assertThat(caseRow(caseId).resolution()).isEqualTo("PLATFORM_REFUNDED");
        assertThat(processEnded(caseId)).isTrue();
        assertEndedAt(caseId, "EndEvent_Escalated");
    }

    @Test
    void rEsc4_damagedCaseWaitingForEvidence_buyerEscalates_sameEscalation() {
        String caseId = openWithEvidence(
                CaseType.DAMAGED,
                shipped(
                        "25.00",
                        OrderStatus.DELIVERED,
                        "1Z999",
                        LocalDate.now().minusDays(3),
                        OffsetDateTime.now().minusDays(1),
                        false),
                "Broken",
                List.of());
        runJobs(caseId);
        send(caseId, Map.of("type", "BUYER_ESCALATED", "platformCaseId", "EB-9"));

        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.ESCALATED);
        complete(caseId, "Task_RespondToPlatform", Map.of("platformResponse", "Photos requested, none received"));
        send(caseId, Map.of("type", "PLATFORM_RULING", "outcome", "CLOSED_SELLER_FAVOUR"));
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertThat(escalation(caseId).platformCaseId()).isEqualTo("EB-9");
        assertEndedAt(caseId, "EndEvent_Escalated");
    }

    @Test
    void rEsc1_negotiationFailed_declinedClaim_buyerEscalatesWithinTheWindow() {
        String caseId = openWithEvidence(
                CaseType.NOT_RECEIVED,
                shipped(
                        "80.00",
                        OrderStatus.DELIVERED,
                        "1Z999",
                        LocalDate.now().minusDays(3),
                        OffsetDateTime.now().minusDays(2),
                        false),
                "Never came",
                List.of());
        runJobs(caseId);
        send(caseId, Map.of("type", "BUYER_REPLIED", "message", "Not here"));
        complete(caseId, "Task_DecideMissingParcel", Map.of("missingParcelDecision", "DECLINE"));
        passTime(caseId, Duration.ofDays(10));

        send(caseId, Map.of("type", "BUYER_ESCALATED", "platformCaseId", "AZ-777"));
        complete(caseId, "Task_RespondToPlatform", Map.of("platformResponse", "Carrier proof of delivery"));
        send(caseId, Map.of("type", "PLATFORM_RULING", "outcome", "SELLER_REFUNDED"));

        assertThat(refunds(caseId))
                .singleElement()
                .satisfies(r -> assertThat(r.amount()).isEqualByComparingTo("84.99"));
        assertThat(caseRow(caseId).resolution()).isEqualTo("FULL_REFUND");
        assertEndedAt(caseId, "EndEvent_Escalated");
    }

    @Test
    void rEsc4_shippedCancellation_buyerEscalatesWhileTheAgentPrepares_sameEscalation() {
        String caseId = open(
                CaseType.CANCELLATION, shippedOrder("40.00"), "Changed my mind", (com.aftersales.orders.Address) null);
        assertThat(task(caseId, "Task_OfferShippedOption")).isNotNull();

        send(caseId, Map.of("type", "BUYER_ESCALATED", "platformCaseId", "AZ-901"));

        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.ESCALATED);
        complete(caseId, "Task_RespondToPlatform", Map.of("platformResponse", "Order shipped before the request"));
        send(caseId, Map.of("type", "PLATFORM_RULING", "outcome", "WITHDRAWN"));
        assertThat(caseRow(caseId).resolution()).isEqualTo("WITHDRAWN");
        assertThat(refunds(caseId)).isEmpty();
        assertThat(processEnded(caseId)).isTrue();
        assertEndedAt(caseId, "EndEvent_Escalated");
    }
}
