package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.api.ApiProblem;
import com.aftersales.cases.CaseStatus;
import com.aftersales.cases.CaseType;
import com.aftersales.refunds.Refund;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** bpmn/return-and-refund.bpmn, the return leg the flows call (R-GEN-3, R-RET-5). */
class ReturnAndRefundProcessTest extends FlowTestSupport {

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    private String caseWaitingForReturn() {
        String caseId = open(CaseType.CANCELLATION, shippedOrder("40.00"), "Changed my mind", null);
        complete(caseId, "Task_OfferShippedOption", Map.of("cancellationOffer", "RETURN_AFTER_DELIVERY"));
        return caseId;
    }

    @Test
    void rGen3_returnReceivedBeforeItWasShipped_isRefusedWithWhatTheCaseWaitsFor() {
        String caseId = caseWaitingForReturn();
        Assertions.assertThatThrownBy(() -> events.accept(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "AS_NEW")))
                .isInstanceOf(ApiProblem.class)
                .hasMessageContaining("not waiting for RETURN_RECEIVED")
                .hasMessageContaining("RETURN_SHIPPED");
        assertThat(refunds(caseId)).isEmpty();
    }

    @Test
    void rGen3_usedItemBack_agentStillRefunds() {
        String caseId = caseWaitingForReturn();
        send(caseId, Map.of("type", "RETURN_SHIPPED", "trackingNumber", "RT200"));
        send(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "USED"));
        assertThat(task(caseId, "Task_InspectReturn")).satisfies(t -> assertThat(t.getDueDate()).isNotNull());
        assertThat(refunds(caseId)).isEmpty();

        complete(caseId, "Task_InspectReturn", Map.of("inspectionDecision", "REFUND"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("40.00"));
        assertThat(caseRow(caseId).resolution()).isEqualTo("RETURN_AND_REFUND");
    }

    @Test
    void rRet5_noReturnTrackingWithinTenDays_returnClosedWithoutRefund() {
        String caseId = caseWaitingForReturn();
        assertThat(dueJobs(caseId)).isEmpty();

        ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofDays(10)).plusSeconds(60)));
        runJobs(caseId);

        assertThat(refunds(caseId)).isEmpty();
        assertThat(messageTemplates(caseId)).last().isEqualTo("return-closed");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertThat(processEnded(caseId)).isTrue();
    }
}
