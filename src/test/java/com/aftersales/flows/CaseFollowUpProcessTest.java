package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aftersales.cases.CaseStatus;
import com.aftersales.cases.CaseType;
import com.aftersales.config.ApiProblem;
import com.aftersales.orders.OrderStatus;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** bpmn/case-follow-up.bpmn: every resolved case is followed up (R-GEN-8, R-CARE-2). */
class CaseFollowUpProcessTest extends FlowTestSupport {

    /** A wrong-or-missing case resolved with a small compensation (R-WRONG-1). */
    private String resolvedCase() {
        String caseId = openWithEvidence(
                CaseType.WRONG_OR_MISSING_ITEM,
                shipped(
                        "40.00",
                        OrderStatus.DELIVERED,
                        "1Z999",
                        LocalDate.now().minusDays(3),
                        OffsetDateTime.now().minusDays(1),
                        false),
                "No cable in the box",
                List.of("https://files.example.com/box.jpg"));
        complete(
                caseId, "Task_AssessWrongOrMissing", Map.of("wrongOrMissing", "GENERIC_ACCESSORY", "offerAmount", 3.0));
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.RESOLVED);
        return caseId;
    }

    @Test
    void rGen8_rCare2_resolvedCase_resolutionMessageNow_feedbackAskedSevenDaysLater_satisfied() {
        String caseId = resolvedCase();
        assertThat(messageTemplates(caseId)).containsExactly("accessory-compensated");
        assertThat(followUpRunning(caseId)).isTrue();
        assertThat(processEnded(caseId)).isTrue();

        passTime(caseId, Duration.ofDays(6));
        assertThat(messageTemplates(caseId)).doesNotContain("follow-up");
        passTime(caseId, Duration.ofDays(1).plusMinutes(1));
        assertThat(messageTemplates(caseId)).last().isEqualTo("follow-up");
        assertThat(outbox.forCase(caseId).get(1).body()).contains("Are you satisfied");

        send(caseId, Map.of("type", "BUYER_FEEDBACK", "satisfied", true, "comment", "All good"));

        assertThat(followUpRunning(caseId)).isFalse();
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(cases.timeline(caseId))
                .anySatisfy(e -> assertThat(e.what()).contains("Buyer feedback: satisfied — All good"));
        assertThat(caseRow(caseId).rulesApplied()).contains("R-GEN-8", "R-CARE-2");
        assertEndedAt(caseId, "EndEvent_GenericCompensated");
        assertFollowUpEndedAt(caseId, "EndEvent_Satisfied");
    }

    @Test
    void rCare2_dissatisfied_reopensTheCaseForAnAgent_resolvedAgain() {
        String caseId = resolvedCase();
        passTime(caseId, Duration.ofDays(7).plusMinutes(1));

        assertThat(insightColumns(caseId).get("reopened_at")).isNull();
        send(caseId, Map.of("type", "BUYER_FEEDBACK", "satisfied", false, "comment", "Three dollars is not enough"));

        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.OPEN);
        assertThat(insightColumns(caseId))
                .as("R-CARE-2: reopened, for the insights; the first resolution's time is kept")
                .extractingByKeys("reopened_at", "resolved_at")
                .doesNotContainNull();
        assertThat(messageTemplates(caseId)).last().isEqualTo("apology");
        assertThat(candidateGroups(caseId, "Task_HandleDissatisfaction")).containsExactly("after-sales-agents");
        assertDueBy(task(caseId, "Task_HandleDissatisfaction"), "R-SLA-1", Duration.ofHours(24));
        assertThat(tasks.getVariable(task(caseId, "Task_HandleDissatisfaction").getId(), "buyerComment"))
                .isEqualTo("Three dollars is not enough");

        complete(
                caseId,
                "Task_HandleDissatisfaction",
                Map.of("agentReply", "Explained the cable is standard; sent a coupon code in chat"));

        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("COMPENSATION");
        assertThat(followUpRunning(caseId)).as("no second follow-up").isFalse();
        assertThat(refunds(caseId)).hasSize(1);
        assertEndedAt(caseId, "EndEvent_GenericCompensated");
        assertFollowUpEndedAt(caseId, "EndEvent_Handled");
    }

    @Test
    void rCare2_feedbackBeforeTheBuyerWasAsked_isNotExpected() {
        String caseId = resolvedCase();
        assertThatThrownBy(() -> events.accept(caseId, Map.of("type", "BUYER_FEEDBACK", "satisfied", false)))
                .isInstanceOf(ApiProblem.class)
                .hasMessageContaining("not waiting for BUYER_FEEDBACK");
        assertThatThrownBy(() -> events.accept(caseId, Map.of("type", "BUYER_CHOICE", "choice", "REFUND")))
                .isInstanceOf(ApiProblem.class)
                .hasMessageContaining("takes no more events");
        assertEndedAt(caseId, "EndEvent_GenericCompensated");
    }

    @Test
    void rCare2_noAnswer_followUpEnds() {
        String caseId = resolvedCase();
        passTime(caseId, Duration.ofDays(7).plusMinutes(1));
        passTime(caseId, Duration.ofDays(7).plusMinutes(1));

        assertThat(followUpRunning(caseId)).isFalse();
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.RESOLVED);
        assertEndedAt(caseId, "EndEvent_GenericCompensated");
        assertFollowUpEndedAt(caseId, "EndEvent_NoFeedback");
    }

    @Test
    void rGen8_closedCaseWithoutAResolution_isNotFollowedUp() {
        String caseId = openWithEvidence(
                CaseType.WRONG_OR_MISSING_ITEM,
                shipped(
                        "40.00",
                        OrderStatus.DELIVERED,
                        "1Z999",
                        LocalDate.now().minusDays(3),
                        OffsetDateTime.now().minusDays(1),
                        false),
                "No cable",
                List.of());
        passTime(caseId, Duration.ofDays(3).plusMinutes(1));

        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(followUpRunning(caseId)).isFalse();
        assertEndedAt(caseId, "EndEvent_NoEvidence");
    }
}
