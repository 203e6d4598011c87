package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.cases.CaseStatus;
import com.aftersales.cases.CaseType;
import com.aftersales.config.ApiProblem;
import com.aftersales.refunds.Refund;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.Deployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * bpmn/return-and-refund.bpmn, the return leg the flows call (R-GEN-3, R-GEN-5, R-RET-5, R-RET-6, R-SLA-7),
 * driven here through the cancellation flow's return (R-CAN-2); the product flows' own tests drive it too.
 */
class ReturnAndRefundProcessTest extends FlowTestSupport {

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    @Autowired
    RepositoryService repository;

    private String caseWaitingForReturn() {
        return caseWaitingForReturn("40.00", false);
    }

    private String caseWaitingForReturn(String unitPrice, boolean sellerAtFault) {
        String caseId = open(CaseType.CANCELLATION, shippedOrder(unitPrice), "Changed my mind", null);
        complete(
                caseId,
                "Task_OfferShippedOption",
                Map.of("cancellationOffer", "RETURN_AFTER_DELIVERY", "sellerAtFault", sellerAtFault));
        return caseId;
    }

    @Test
    void rGen5_returnLabelAndInstructionsSayWhoPaysReturnShipping() {
        String caseId = caseWaitingForReturn();
        assertThat(shippingRequests(caseId)).contains("RETURN_LABEL_BUYER");
        assertThat(outbox.forCase(caseId)).last().satisfies(m -> {
            assertThat(m.template()).isEqualTo("return-instructions");
            assertThat(m.body()).contains("Return shipping is paid by: BUYER");
        });
        assertThat(caseRow(caseId).returnShippingPaidBy()).isEqualTo("BUYER");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_RETURN);
    }

    @Test
    void rRet6_rSla7_asNewItemBack_refundedAtOnceWithoutFee() {
        String caseId = caseWaitingForReturn();
        send(caseId, Map.of("type", "RETURN_SHIPPED", "trackingNumber", "RT100"));
        assertThat(refunds(caseId)).isEmpty();
        send(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "AS_NEW"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("40.00"));
        assertThat(refunds(caseId).get(0).ruleId()).isEqualTo("R-CAN-2");
        assertThat(messageTemplates(caseId)).contains("return-refund-issued");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-GEN-3", "R-RET-6");
        assertEndedAt(caseId, "EndEvent_Returned");
    }

    @Test
    void rRet6_openedItemBack_noRestockingFeeByDefault() {
        String caseId = caseWaitingForReturn();
        send(caseId, Map.of("type", "RETURN_SHIPPED", "trackingNumber", "RT101"));
        send(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "OPENED"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("40.00"));
        assertEndedAt(caseId, "EndEvent_Returned");
    }

    @Test
    void rRet6_openedItemBack_refundLessTheRestockingFeeTheTableSets() throws Exception {
        String table = new String(
                        getClass().getResourceAsStream("/bpmn/return-leg.dmn").readAllBytes(), StandardCharsets.UTF_8)
                .replace(
                        "<outputEntry id=\"OutputEntry_OpenedBuyer\"><text>0</text>",
                        "<outputEntry id=\"OutputEntry_OpenedBuyer\"><text>15</text>");
        Deployment changed = repository
                .createDeployment()
                .name("restocking fee 15 %")
                .addString("return-leg.dmn", table)
                .deploy();
        try {
            String caseId = caseWaitingForReturn();
            send(caseId, Map.of("type", "RETURN_SHIPPED", "trackingNumber", "RT102"));
            send(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "OPENED"));

            Refund refund = refunds(caseId).get(0);
            assertThat(refund.amount()).isEqualByComparingTo("34.00");
            assertThat(refund.reason()).contains("restocking fee of 15 %", "6.00 USD", "R-RET-6");
            assertEndedAt(caseId, "EndEvent_Returned");
        } finally {
            repository.deleteDeployment(changed.getId(), true);
        }
    }

    @Test
    void rGen3_sellerPaysAndReturnShippingCostsAtLeastTheItem_refundWithoutTheItem() {
        // the default carrier adapter quotes 7.50 for a return label; the item is worth 6.00
        String caseId = caseWaitingForReturn("6.00", true);

        assertThat(shippingRequests(caseId)).contains("RETURN_LABEL_SELLER");
        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("10.99"));
        assertThat(messageTemplates(caseId)).contains("return-abandoned").doesNotContain("return-instructions");
        assertThat(caseRow(caseId).returnShippingPaidBy()).isEqualTo("SELLER");
        assertThat(caseRow(caseId).resolution()).isEqualTo("RETURN_AND_REFUND");
        assertThat(processEnded(caseId)).isTrue();
        assertEndedAt(caseId, "EndEvent_Returned");
    }

    @Test
    void rGen3_sellerPaysButTheItemIsWorthMoreThanReturnShipping_itemComesBackFirst() {
        String caseId = caseWaitingForReturn("7.51", true);

        assertThat(refunds(caseId)).isEmpty();
        assertThat(messageTemplates(caseId)).last().isEqualTo("return-instructions");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_RETURN);
    }

    @Test
    void rGen3_failedInspection_agentRefusesTheRefund() {
        String caseId = caseWaitingForReturn();
        send(caseId, Map.of("type", "RETURN_SHIPPED", "trackingNumber", "RT103"));
        send(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "EMPTY_OR_WRONG"));
        assertThat(candidateGroups(caseId, "Task_InspectReturn")).containsExactly("after-sales-agents");

        complete(caseId, "Task_InspectReturn", Map.of("inspectionDecision", "NO_REFUND"));

        assertThat(refunds(caseId)).isEmpty();
        assertThat(messageTemplates(caseId)).contains("return-rejected");
        assertThat(processEnded(caseId)).isTrue();
        assertEndedAt(caseId, "EndEvent_ReturnDenied");
    }

    @Test
    void rGen3_returnReceivedBeforeItWasShipped_isRefusedWithWhatTheCaseWaitsFor() {
        String caseId = caseWaitingForReturn();
        Assertions.assertThatThrownBy(
                        () -> events.accept(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "AS_NEW")))
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
        assertDueBy(task(caseId, "Task_InspectReturn"), "R-SLA-7", Duration.ofDays(2));
        assertThat(refunds(caseId)).isEmpty();

        complete(caseId, "Task_InspectReturn", Map.of("inspectionDecision", "REFUND"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("40.00"));
        assertThat(caseRow(caseId).resolution()).isEqualTo("RETURN_AND_REFUND");
        assertEndedAt(caseId, "EndEvent_Returned");
    }

    @Test
    void rRet5_noReturnTrackingWithinTenDays_returnClosedWithoutRefund() {
        String caseId = caseWaitingForReturn();
        assertThat(dueJobs(caseId)).isEmpty();

        ClockUtil.setCurrentTime(
                Date.from(Instant.now().plus(Duration.ofDays(10)).plusSeconds(60)));
        runJobs(caseId);

        assertThat(refunds(caseId)).isEmpty();
        assertThat(messageTemplates(caseId)).last().isEqualTo("return-closed");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertThat(processEnded(caseId)).isTrue();
        assertEndedAt(caseId, "EndEvent_ReturnDenied");
    }
}
