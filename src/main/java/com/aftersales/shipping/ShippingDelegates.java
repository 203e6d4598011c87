package com.aftersales.shipping;

import com.aftersales.cases.CaseRepository;
import com.aftersales.cases.CaseRow;
import com.aftersales.cases.CaseVariables;
import com.aftersales.orders.Address;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderRepository;
import com.aftersales.orders.OrderStatus;
import com.aftersales.orders.StockRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The automated shipping steps of the diagrams, each a bean named after its step
 * ({@code ${stopShipmentDelegate}} …). Steps that reach the warehouse or the carrier are
 * asynchronous with retries in the diagram.
 */
@Configuration
public class ShippingDelegates {

    /** Everything a shipping step reads of its case. */
    record Step(String caseId, CaseRow caseRow, Order order) {
        static Step of(DelegateExecution execution, CaseRepository cases, OrderRepository orders) {
            String caseId = (String) execution.getVariable(CaseVariables.CASE_ID);
            CaseRow row = cases.get(caseId);
            return new Step(caseId, row, orders.get(row.orderId()));
        }

        Address newAddress() {
            if (caseRow.newAddress() == null) throw new IllegalStateException("Case " + caseId + " has no new address");
            return caseRow.newAddress();
        }
    }

    /** R-CAN-1: ask the warehouse to hold the parcel. */
    @Bean
    JavaDelegate stopShipmentDelegate(WarehousePort warehouse, CaseRepository cases, OrderRepository orders) {
        return execution -> {
            Step step = Step.of(execution, cases, orders);
            warehouse.stopShipment(step.caseId(), step.order());
            cases.addTimeline(step.caseId(), "Warehouse asked to stop the shipment");
        };
    }

    /** R-CAN-1/R-CAN-3: the order is cancelled. */
    @Bean
    JavaDelegate cancelOrderDelegate(CaseRepository cases, OrderRepository orders) {
        return execution -> {
            Step step = Step.of(execution, cases, orders);
            orders.save(step.order().withStatus(OrderStatus.CANCELLED));
            cases.addTimeline(step.caseId(), "Order " + step.order().orderId() + " cancelled; buyer's reason: "
                    + (step.caseRow().description() == null ? "none given" : step.caseRow().description()));
        };
    }

    /** R-ADDR-1: the order's shipping address becomes the confirmed new address; the warehouse is told. */
    @Bean
    JavaDelegate updateShippingAddressDelegate(WarehousePort warehouse, CaseRepository cases, OrderRepository orders) {
        return execution -> {
            Step step = Step.of(execution, cases, orders);
            Address address = step.newAddress();
            orders.save(step.order().withShippingAddress(address));
            warehouse.updateShippingAddress(step.caseId(), step.order(), address);
            cases.addTimeline(step.caseId(), "Shipping address changed to " + address.asText() + "; warehouse told");
        };
    }

    /** R-GEN-2: reserve stock for every item of the order before a reship; sets {@code stockReserved}. */
    @Bean
    JavaDelegate reserveStockDelegate(StockRepository stock, CaseRepository cases, OrderRepository orders) {
        return execution -> {
            Step step = Step.of(execution, cases, orders);
            Map<String, Integer> quantities = new LinkedHashMap<>();
            step.order().items().forEach(item -> quantities.merge(item.sku(), item.quantity(), Integer::sum));
            boolean reserved = stock.reserveAll(step.caseId(), quantities);
            execution.setVariable(CaseVariables.STOCK_RESERVED, reserved);
            cases.addRulesApplied(step.caseId(), List.of("R-GEN-2"));
            cases.addTimeline(step.caseId(), reserved ? "Stock reserved for a reship: " + quantities
                    : "No stock for a reship of " + quantities);
        };
    }

    /** Send a new unit to the case's new address (or the order's address). */
    @Bean
    JavaDelegate reshipDelegate(WarehousePort warehouse, CaseRepository cases, OrderRepository orders) {
        return execution -> {
            Step step = Step.of(execution, cases, orders);
            Address address = step.caseRow().newAddress() != null ? step.caseRow().newAddress() : step.order().shippingAddress();
            warehouse.reship(step.caseId(), step.order(), address);
            if (step.caseRow().newAddress() != null) orders.save(step.order().withShippingAddress(address));
            cases.addTimeline(step.caseId(), "Reship requested to " + address.asText());
        };
    }

    /** R-ADDR-2/3: ask the carrier to intercept the parcel in transit. */
    @Bean
    JavaDelegate requestCarrierInterceptDelegate(CarrierPort carrier, CaseRepository cases, OrderRepository orders) {
        return execution -> {
            Step step = Step.of(execution, cases, orders);
            carrier.requestIntercept(step.caseId(), step.order());
            cases.addTimeline(step.caseId(), "Carrier asked to intercept the parcel"
                    + (step.order().shipment() == null ? "" : " " + step.order().shipment().trackingNumber()));
        };
    }
}
