package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aftersales.cases.CaseStatus;
import com.aftersales.cases.CaseType;
import com.aftersales.cases.KeepOffers;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderStatus;
import com.aftersales.refunds.Refund;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 11, finding 1 on the Java API: process variables set by whoever may write them (an administrator, a tool,
 * a forged completion) do not move money, orders or stock. The steps take the case from the business key, the
 * order from the case's row, amounts from the order, the ledger and the case's checked keep-the-item offer.
 */
class MoneyFromRecordsProcessTest extends FlowTestSupport {

    @Autowired
    KeepOffers offers;

    private Order inTransit(String price) {
        return shipped(price, OrderStatus.SHIPPED, "1Z999", LocalDate.now().plusDays(5), null, false);
    }

    @Test
    void finding1_variablesOfTheCalledRefundOrReship_pointAtAnotherCase_refundAndStockStayWithTheCase() {
        Order own = inTransit("25.00");
        Order other = inTransit("2500.00");
        stock.set(sku(own), 1);
        stock.set(sku(other), 5);
        String otherCase = openWithEvidence(CaseType.NOT_RECEIVED, other, "Other", List.of());
        String caseId = openWithEvidence(CaseType.NOT_RECEIVED, own, "Never came", List.of());
        runJobs(otherCase);
        runJobs(caseId);
        send(caseId, Map.of("type", "CARRIER_UPDATE", "trackingState", "LOST"));
        assertThat(stock.available(sku(own))).contains(0);

        // the called refund-or-reship process and the case's own process both get forged ids
        for (ProcessInstance instance : runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(caseId)
                .list()) {
            runtime.setVariables(instance.getId(), Map.of("caseId", otherCase, "orderId", other.orderId()));
        }
        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "REFUND"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("29.99"));
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(stock.available(sku(own)))
                .as("the case's reservation went back")
                .contains(1);
        assertThat(refunds(otherCase)).isEmpty();
        assertThat(caseRow(otherCase).status()).isNotIn(CaseStatus.RESOLVED, CaseStatus.CLOSED);
        assertThat(stock.available(sku(other))).contains(5);
        assertThat(messageTemplates(otherCase)).doesNotContain("refund-issued");
        assertEndedAt(caseId, "EndEvent_LostParcelRemedied");
        assertCalledFlowEndedAt(caseId, "Process_LostParcelRemedy", "EndEvent_NoClaim");
    }

    @Test
    void finding1_forgedCeilingBeforeTheOffer_stillGoesToATeamLead_forgedOfferAmountAfterIt_isNotPaid() {
        String caseId = open(CaseType.CANCELLATION, shippedOrder("100.00"), "Changed my mind", null);
        runtime.setVariables(instance(caseId).getId(), Map.of("maxKeepOffer", 100000.0, "ceilingPercent", 100000.0));

        complete(
                caseId,
                "Task_OfferShippedOption",
                Map.of("cancellationOffer", "KEEP_WITH_PARTIAL_REFUND", "offerAmount", 50));
        task(caseId, "Task_ApproveOfferAboveCeiling");
        assertThat(offers.find(caseId).orElseThrow().approval()).isEqualTo(KeepOffers.Approval.PENDING);
        complete(caseId, "Task_ApproveOfferAboveCeiling", Map.of("offerDecision", "APPROVE"));
        runtime.setVariables(instance(caseId).getId(), Map.of("offerAmount", 99.99, "maxKeepOffer", 100000.0));
        send(caseId, Map.of("type", "BUYER_CHOICE", "choice", "ACCEPT_OFFER"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("50.00"));
        assertThat(outbox.forCase(caseId))
                .filteredOn(m -> m.template().equals("keep-offer"))
                .singleElement()
                .satisfies(m -> assertThat(m.body()).contains("50.00 USD"));
        assertEndedAt(caseId, "EndEvent_PartialRefund");
    }

    @Test
    void finding1_anOfferWithinTheCeilingByTheForm_aboveItByAForgedCeiling_isRefusedWhereOnlyTheCeilingIsAllowed() {
        String caseId = openWithEvidence(
                CaseType.DAMAGED, shippedOrder("40.00"), "Dented", List.of("https://files.example.com/d.jpg"));
        runJobs(caseId);
        runtime.setVariables(instance(caseId).getId(), Map.of("maxKeepOffer", 1000.0, "maxKeepOfferText", "1000.00"));

        assertThatThrownBy(() ->
                        complete(caseId, "Task_AssessDamage", Map.of("damageSeverity", "SLIGHT", "offerAmount", 30)))
                .hasMessageContaining("may be at most 14.00 (35 % of the order value");
        assertThat(offers.find(caseId).orElseThrow().amount()).isNull();
    }
}
