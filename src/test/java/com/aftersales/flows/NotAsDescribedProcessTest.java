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
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/** bpmn/not-as-described.bpmn: policy section 8, R-NAD-1..3. */
class NotAsDescribedProcessTest extends FlowTestSupport {

    private static final List<String> SIDE_BY_SIDE =
            List.of("https://files.example.com/item.jpg", "https://files.example.com/listing.png");

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
        return openWithEvidence(CaseType.NOT_AS_DESCRIBED, order, "Listing says leather, this is plastic", evidence);
    }

    private String sellerAtFault(Order order, double offer) {
        String caseId = openCase(order, SIDE_BY_SIDE);
        complete(caseId, "Task_AssessNotAsDescribed", Map.of("nadFinding", "SELLER_FAULT", "offerAmount", offer));
        return caseId;
    }

    private List<String> openTaskKeys(String caseId) {
        return tasks.createTaskQuery().processInstanceBusinessKey(caseId).list().stream()
                .map(Task::getTaskDefinitionKey)
                .sorted()
                .toList();
    }

    @Test
    void rNad1_agentSeesTheSideBySideEvidenceAndTheListing_noClassUntilDecided() {
        String caseId = openCase(delivered("40.00"), SIDE_BY_SIDE);
        assertThat(caseRow(caseId).responsibility()).isNull();
        Task task = task(caseId, "Task_AssessNotAsDescribed");
        assertDueBy(task, "R-SLA-5", Duration.ofHours(4));
        assertThat(candidateGroups(caseId, "Task_AssessNotAsDescribed")).containsExactly("after-sales-agents");
        assertThat(tasks.getVariable(task.getId(), "evidenceText").toString()).contains("item.jpg", "listing.png");
        assertThat(tasks.getVariable(task.getId(), "itemTitle")).isEqualTo("Phone case");
    }

    @Test
    void rNad2_sellersFault_buyerKeepsWithAnOfferAboveTheCeiling_listingOwnerCorrectsTheListing() {
        String caseId = sellerAtFault(delivered("40.00"), 20.0);
        assertThat(caseRow(caseId).responsibility()).isEqualTo("SELLER");
        assertThat(messageTemplates(caseId)).containsExactly("nad-seller-fault-options");
        assertThat(outbox.forCase(caseId).get(0).body()).contains("20.00 USD", "at our cost");
        assertThat(openTaskKeys(caseId)).containsExactly("Task_CorrectListing");
        assertThat(candidateGroups(caseId, "Task_CorrectListing")).containsExactly("team-leads");

        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "ACCEPT_OFFER"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("20.00"));
        assertThat(refunds(caseId).get(0).ruleId()).isEqualTo("R-NAD-2");
        assertThat(caseRow(caseId).resolution()).isEqualTo("PARTIAL_REFUND");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(processEnded(caseId)).as("the listing task is still open").isFalse();

        complete(caseId, "Task_CorrectListing", Map.of("listingCorrection", "Material now says PU leather"));
        assertThat(processEnded(caseId)).isTrue();
        assertEndedAt(caseId, "EndEvent_KeptAbove", "EndEvent_ListingCorrected");
    }

    @Test
    void rNad2_sellersFault_offerNotAboveTheCeiling_isRefusedOnTheForm() {
        String caseId = openCase(delivered("40.00"), SIDE_BY_SIDE);
        String taskId = task(caseId, "Task_AssessNotAsDescribed").getId();
        assertThatThrownBy(() -> tasks.complete(taskId, Map.of("nadFinding", "SELLER_FAULT", "offerAmount", 14.0)))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("must be above 14.00");
    }

    @Test
    void rNad2_rGen5_sellersFault_buyerWantsTheFullRefund_returnAtTheSellersCost_itemAndShippingRefunded() {
        String caseId = sellerAtFault(delivered("40.00"), 20.0);
        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "REFUND"));

        assertThat(shippingRequests(caseId)).contains("RETURN_LABEL_SELLER");
        assertThat(messageTemplates(caseId)).last().isEqualTo("return-instructions");
        assertThat(caseRow(caseId).returnShippingPaidBy()).isEqualTo("SELLER");
        send(caseId, Map.of("type", "RETURN_SHIPPED", "trackingNumber", "RT-N1"));
        send(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "OPENED"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("44.99"));
        assertThat(refunds(caseId).get(0).ruleId()).isEqualTo("R-NAD-2");
        assertThat(caseRow(caseId).resolution()).isEqualTo("RETURN_AND_REFUND");
        assertThat(openTaskKeys(caseId)).containsExactly("Task_CorrectListing");
    }

    @Test
    void rNad2_sellersFault_noAnswer_fullRefundOnReturnGoesAhead() {
        String caseId = sellerAtFault(delivered("40.00"), 20.0);
        passTime(caseId, Duration.ofDays(3).plusMinutes(1));

        assertThat(messageTemplates(caseId)).last().isEqualTo("return-instructions");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_RETURN);
    }

    @Test
    void rRet5_sellersFault_returnNeverSent_closedWithoutRefund() {
        String caseId = sellerAtFault(delivered("40.00"), 20.0);
        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "REFUND"));
        passTime(caseId, Duration.ofDays(10).plusMinutes(1));

        assertThat(refunds(caseId)).isEmpty();
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
    }

    @Test
    void rGen3_sellersFault_returnFailsInspection_agentRefuses() {
        String caseId = sellerAtFault(delivered("40.00"), 20.0);
        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "DECLINE_OFFER"));
        send(caseId, Map.of("type", "RETURN_SHIPPED", "trackingNumber", "RT-N2"));
        send(caseId, Map.of("type", "RETURN_RECEIVED", "condition", "EMPTY_OR_WRONG"));
        tasks.complete(
                tasks.createTaskQuery()
                        .processInstanceBusinessKey(caseId)
                        .taskDefinitionKey("Task_InspectReturn")
                        .singleResult()
                        .getId(),
                Map.of("inspectionDecision", "NO_REFUND"));
        runJobs(caseId);

        assertThat(refunds(caseId)).isEmpty();
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
    }

    @Test
    void rNad3_misunderstanding_politeExplanationAndAnOfferUpToTheCeiling_accepted() {
        String caseId = openCase(delivered("40.00"), SIDE_BY_SIDE);
        complete(caseId, "Task_AssessNotAsDescribed", Map.of("nadFinding", "MISUNDERSTANDING", "offerAmount", 14.0));
        assertThat(caseRow(caseId).responsibility()).isEqualTo("BUYER");
        assertThat(messageTemplates(caseId)).containsExactly("nad-explanation-offer");
        assertThat(outbox.forCase(caseId).get(0).body()).contains("as the listing describes it", "14.00 USD");
        assertThat(openTaskKeys(caseId)).isEmpty();

        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "ACCEPT_OFFER"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("14.00"));
        assertThat(refunds(caseId).get(0).ruleId()).isEqualTo("R-NAD-3");
        assertThat(caseRow(caseId).resolution()).isEqualTo("PARTIAL_REFUND");
        assertThat(processEnded(caseId)).isTrue();
        assertEndedAt(caseId, "EndEvent_KeptGoodwill");
    }

    @Test
    void rNad3_misunderstanding_offerAboveTheCeiling_isRefusedOnTheForm() {
        String caseId = openCase(delivered("40.00"), SIDE_BY_SIDE);
        String taskId = task(caseId, "Task_AssessNotAsDescribed").getId();
        assertThatThrownBy(() -> tasks.complete(taskId, Map.of("nadFinding", "MISUNDERSTANDING", "offerAmount", 14.01)))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("at most 14.00");
    }

    @Test
    void rNad3_rEsc1_misunderstanding_offerRefused_buyerEscalatesToThePlatform() {
        String caseId = openCase(delivered("40.00"), SIDE_BY_SIDE);
        complete(caseId, "Task_AssessNotAsDescribed", Map.of("nadFinding", "MISUNDERSTANDING", "offerAmount", 10.0));
        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "DECLINE_OFFER"));
        assertThat(messageTemplates(caseId)).last().isEqualTo("nad-offer-declined");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_BUYER);

        send(caseId, Map.of("type", "BUYER_ESCALATED", "platformCaseId", "AZ-N1"));

        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.ESCALATED);
        assertThat(candidateGroups(caseId, "Task_RespondToPlatform")).containsExactly("after-sales-agents");
        assertThat(refunds(caseId)).isEmpty();
    }

    @Test
    void rNad3_misunderstanding_noAnswerAndNoEscalation_closedAsDeclined() {
        String caseId = openCase(delivered("40.00"), SIDE_BY_SIDE);
        complete(caseId, "Task_AssessNotAsDescribed", Map.of("nadFinding", "MISUNDERSTANDING", "offerAmount", 10.0));
        passTime(caseId, Duration.ofDays(3).plusMinutes(1));
        assertThat(messageTemplates(caseId)).last().isEqualTo("nad-offer-declined");

        passTime(caseId, Duration.ofDays(14).plusMinutes(1));

        assertThat(refunds(caseId)).isEmpty();
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(caseRow(caseId).rulesApplied()).contains("R-NAD-3");
        assertEndedAt(caseId, "EndEvent_Declined");
    }

    @Test
    void rNad1_rGen6_noSideBySide_askedForIt_noneInThreeDays_closed() {
        String caseId = openCase(delivered("40.00"), List.of());
        assertThat(messageTemplates(caseId)).containsExactly("nad-evidence-request");

        passTime(caseId, Duration.ofDays(3).plusMinutes(1));

        assertThat(messageTemplates(caseId)).last().isEqualTo("nad-closed-no-evidence");
        assertThat(caseRow(caseId).resolution()).isEqualTo("NO_EVIDENCE");
        assertEndedAt(caseId, "EndEvent_NoEvidence");
    }
}
