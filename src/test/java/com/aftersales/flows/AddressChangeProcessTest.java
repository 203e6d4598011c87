package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.aftersales.cases.CaseStatus;
import com.aftersales.cases.CaseType;
import com.aftersales.orders.Order;
import com.aftersales.refunds.Refund;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every path of bpmn/address-change.bpmn (policy section 3). */
class AddressChangeProcessTest extends FlowTestSupport {

    private String openAddressChange(Order order) {
        return open(CaseType.ADDRESS_CHANGE, order, "Moved last week", NEW_HOME);
    }

    @Test
    void rAddr1_notShipped_agentConfirms_orderAddressUpdatedAndWarehouseTold_noMoney() {
        Order order = paidOrder("25.00");
        String caseId = openAddressChange(order);
        var task = task(caseId, "Task_ConfirmNewAddress");
        assertThat(task).hasCandidateGroup("after-sales-agents");
        assertThat(tasks.getVariable(task.getId(), "newAddress")).isEqualTo(NEW_HOME.asText());

        complete(caseId, "Task_ConfirmNewAddress", Map.of("addressDecision", "CONFIRMED"));

        assertThat(orders.get(order.orderId()).shippingAddress()).isEqualTo(NEW_HOME);
        assertThat(shippingRequests(caseId)).containsExactly("WAREHOUSE_ADDRESS_UPDATE");
        assertThat(refunds(caseId)).isEmpty();
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("ADDRESS_UPDATED");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-ADDR-1", "R-GEN-8");
        assertThat(messageTemplates(caseId)).containsExactly("address-updated");
        assertEndedAt(caseId, "EndEvent_AddressUpdated");
    }

    @Test
    void rAddr1_markedShippedButNotWithCarrier_isStillChangedInTheWarehouse() {
        Order order = markedShippedOrder("25.00");
        String caseId = openAddressChange(order);
        complete(caseId, "Task_ConfirmNewAddress", Map.of("addressDecision", "CONFIRMED"));

        assertThat(orders.get(order.orderId()).shippingAddress()).isEqualTo(NEW_HOME);
        assertThat(shippingRequests(caseId)).containsExactly("WAREHOUSE_ADDRESS_UPDATE");
        assertThat(shippingRequests(caseId)).doesNotContain("WAREHOUSE_RESHIP", "CARRIER_INTERCEPT");
        assertThat(caseRow(caseId).resolution()).isEqualTo("ADDRESS_UPDATED");
        assertEndedAt(caseId, "EndEvent_AddressUpdated");
    }

    @Test
    void rAddr1_addressNotConfirmed_orderKeepsItsAddress_caseClosed() {
        Order order = paidOrder("25.00");
        String caseId = openAddressChange(order);
        complete(caseId, "Task_ConfirmNewAddress", Map.of("addressDecision", "NOT_CONFIRMED"));

        assertThat(orders.get(order.orderId()).shippingAddress()).isEqualTo(HOME);
        assertThat(shippingRequests(caseId)).isEmpty();
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("DENIED");
        assertThat(messageTemplates(caseId)).containsExactly("address-not-confirmed");
        assertEndedAt(caseId, "EndEvent_AddressNotChanged");
    }

    @Test
    void rAddr2_rGen2_shippedLowValueWithStock_reshipToNewAddressAndInterceptFirstParcel() {
        Order order = shippedOrder("30.00");
        String sku = order.items().get(0).sku();
        stock.set(sku, 3);
        String caseId = openAddressChange(order);
        runJobs(caseId);

        assertThat(stock.available(sku)).contains(2);
        assertThat(shippingRequests(caseId)).containsExactlyInAnyOrder("WAREHOUSE_RESHIP", "CARRIER_INTERCEPT");
        assertThat(orders.get(order.orderId()).shippingAddress()).isEqualTo(NEW_HOME);
        assertThat(caseRow(caseId).resolution()).isEqualTo("RESHIP");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-ADDR-2", "R-GEN-2");
        assertThat(messageTemplates(caseId)).containsExactly("reship-sent");
        assertThat(refunds(caseId)).isEmpty();
        assertEndedAt(caseId, "EndEvent_Reshipped");
    }

    @Test
    void rGen2_shippedLowValueWithoutStock_noReship_agentAgreesASolutionAsForHighValue() {
        Order order = shippedOrder("20.00");
        stock.set(order.items().get(0).sku(), 0);
        String caseId = openAddressChange(order);
        runJobs(caseId);

        task(caseId, "Task_AgreeAddressSolution");
        assertThat(shippingRequests(caseId)).containsExactly("CARRIER_INTERCEPT");
        assertThat(stock.available(order.items().get(0).sku())).contains(0);
    }

    @Test
    void rAddr3_shippedHighValue_noReship_buyerToldAndCarrierAsked_thenRedirected() {
        Order order = shippedOrder("30.01");
        stock.set(order.items().get(0).sku(), 10);
        String caseId = openAddressChange(order);
        assertThat(instance(caseId)).isWaitingAt("Task_RequestIntercept");
        assertThat(messageTemplates(caseId)).containsExactly("order-left-warehouse");
        runJobs(caseId);
        assertThat(shippingRequests(caseId)).containsExactly("CARRIER_INTERCEPT");

        complete(caseId, "Task_AgreeAddressSolution", Map.of("addressSolution", "REDIRECTED"));

        assertThat(stock.available(order.items().get(0).sku())).contains(10);
        assertThat(orders.get(order.orderId()).shippingAddress()).isEqualTo(NEW_HOME);
        assertThat(caseRow(caseId).resolution()).isEqualTo("ADDRESS_UPDATED");
        assertThat(caseRow(caseId).rulesApplied()).contains("R-ADDR-3");
        assertEndedAt(caseId, "EndEvent_Redirected");
    }

    @Test
    void rAddr3_deliverToOldAddress_noMoney() {
        Order order = shippedOrder("80.00");
        String caseId = openAddressChange(order);
        runJobs(caseId);
        complete(caseId, "Task_AgreeAddressSolution", Map.of("addressSolution", "DELIVER_TO_OLD_ADDRESS"));

        assertThat(orders.get(order.orderId()).shippingAddress()).isEqualTo(HOME);
        assertThat(caseRow(caseId).resolution()).isEqualTo("DELIVER_TO_OLD_ADDRESS");
        assertThat(refunds(caseId)).isEmpty();
        assertThat(messageTemplates(caseId)).last().isEqualTo("deliver-to-old-address");
        assertEndedAt(caseId, "EndEvent_OldAddress");
    }

    @Test
    void rAddr3_rGen3_buyerRefusesDelivery_refundOfTheItemOnlyOnceTheParcelIsBack() {
        Order order = shippedOrder("80.00");
        String caseId = openAddressChange(order);
        runJobs(caseId);
        complete(caseId, "Task_AgreeAddressSolution", Map.of("addressSolution", "REFUSE_AND_REFUND"));
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.WAITING_FOR_RETURN);

        send(caseId, Map.of("type", "CARRIER_UPDATE", "trackingState", "IN_TRANSIT"));
        assertThat(refunds(caseId)).isEmpty();
        assertThat(instance(caseId)).isWaitingAt("Event_CarrierUpdate");

        send(caseId, Map.of("type", "CARRIER_UPDATE", "trackingState", "RETURNED_TO_SENDER"));

        assertThat(refunds(caseId)).extracting(Refund::amount).containsExactly(new BigDecimal("80.00"));
        assertThat(refunds(caseId).get(0).ruleId()).isEqualTo("R-ADDR-3");
        assertThat(caseRow(caseId).status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(caseRow(caseId).resolution()).isEqualTo("RETURN_AND_REFUND");
        assertThat(messageTemplates(caseId)).last().isEqualTo("refund-issued");
        assertEndedAt(caseId, "EndEvent_Refunded");
    }
}
