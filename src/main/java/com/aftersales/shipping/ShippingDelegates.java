package com.aftersales.shipping;

import com.aftersales.cases.CaseKey;
import com.aftersales.cases.CaseRepository;
import com.aftersales.cases.CaseRow;
import com.aftersales.cases.CaseVariables;
import com.aftersales.cases.EngineClock;
import com.aftersales.cases.WaitingTimes;
import com.aftersales.deployments.ProcessBean;
import com.aftersales.orders.Address;
import com.aftersales.orders.Money;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderRepository;
import com.aftersales.orders.OrderStatus;
import com.aftersales.orders.Shipment;
import com.aftersales.orders.StockRepository;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
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

    /** Everything a shipping step reads of its case: the process's case (CaseKey) and that case's order. */
    record Step(String caseId, CaseRow caseRow, Order order) {
        static Step of(DelegateExecution execution, CaseRepository cases, OrderRepository orders) {
            String caseId = CaseKey.of(execution);
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
    @ProcessBean
    JavaDelegate stopShipmentDelegate(WarehousePort warehouse, CaseRepository cases, OrderRepository orders) {
        return execution -> {
            Step step = Step.of(execution, cases, orders);
            warehouse.stopShipment(step.caseId(), step.order());
            cases.addTimeline(step.caseId(), "Warehouse asked to stop the shipment");
        };
    }

    /** R-CAN-1/R-CAN-3: the order is cancelled. */
    @Bean
    @ProcessBean
    JavaDelegate cancelOrderDelegate(CaseRepository cases, OrderRepository orders) {
        return execution -> {
            Step step = Step.of(execution, cases, orders);
            orders.save(step.order().withStatus(OrderStatus.CANCELLED));
            cases.addTimeline(
                    step.caseId(),
                    "Order " + step.order().orderId() + " cancelled; buyer's reason",
                    ": "
                            + (step.caseRow().description() == null
                                    ? "none given"
                                    : step.caseRow().description()));
        };
    }

    /** R-ADDR-1: the order's shipping address becomes the confirmed new address; the warehouse is told. */
    @Bean
    @ProcessBean
    JavaDelegate updateShippingAddressDelegate(WarehousePort warehouse, CaseRepository cases, OrderRepository orders) {
        return execution -> {
            Step step = Step.of(execution, cases, orders);
            Address address = step.newAddress();
            orders.save(step.order().withShippingAddress(address));
            warehouse.updateShippingAddress(step.caseId(), step.order(), address);
            cases.addTimeline(step.caseId(), "Shipping address changed, warehouse told", ": " + address.asText());
        };
    }

    /** R-GEN-2: reserve stock for every item of the order before a reship; sets {@code stockReserved}. */
    @Bean
    @ProcessBean
    JavaDelegate reserveStockDelegate(StockRepository stock, CaseRepository cases, OrderRepository orders) {
        return execution -> {
            Step step = Step.of(execution, cases, orders);
            Map<String, Integer> quantities = new LinkedHashMap<>();
            step.order().items().forEach(item -> quantities.merge(item.sku(), item.quantity(), Integer::sum));
            boolean reserved = stock.reserveAll(step.caseId(), quantities);
            execution.setVariable(CaseVariables.STOCK_RESERVED, reserved);
            cases.addRulesApplied(step.caseId(), List.of("R-GEN-2"));
            cases.addTimeline(
                    step.caseId(),
                    reserved ? "Stock reserved for a reship: " + quantities : "No stock for a reship of " + quantities);
        };
    }

    /** R-GEN-2: the buyer chose a refund after all: the reserved units go back to stock. */
    @Bean
    @ProcessBean
    JavaDelegate releaseStockDelegate(StockRepository stock, CaseRepository cases) {
        return execution -> {
            String caseId = CaseKey.of(execution);
            stock.releaseAll(caseId);
            execution.setVariable(CaseVariables.STOCK_RESERVED, false);
            cases.addTimeline(caseId, "Reserved stock released: the buyer chose a refund");
        };
    }

    /**
     * R-LOST-1..5: where the parcel is. The latest state the carrier reported (CARRIER_UPDATE, variable
     * {@code trackingState}) wins; without one the carrier is asked ({@link CarrierPort#queryTracking}).
     * Sets {@code parcelState}, {@code pastLatestDate} (in transit and the latest delivery date has
     * passed, by the engine clock), {@code latestDeliveryDate} and {@code recheckAt} (the day after it,
     * when the process checks again; without a latest date, after the R-LOST-1 wait of waiting-times.dmn).
     */
    @Bean
    @ProcessBean
    JavaDelegate checkTrackingDelegate(
            CarrierPort carrier, CaseRepository cases, OrderRepository orders, WaitingTimes waitingTimes) {
        return execution -> {
            Step step = Step.of(execution, cases, orders);
            Object reported = execution.getVariable(CaseVariables.TRACKING_STATE);
            int attempt =
                    execution.getVariable(CaseVariables.TRACKING_CHECKS) instanceof Number n ? n.intValue() + 1 : 1;
            execution.setVariable(CaseVariables.TRACKING_CHECKS, attempt);
            String state = reported != null
                    ? reported.toString()
                    : carrier.queryTracking(step.caseId(), step.order(), attempt);
            LocalDate latest = step.order().shipment() == null
                    ? null
                    : step.order().shipment().latestDeliveryDate();
            boolean past = "IN_TRANSIT".equals(state)
                    && latest != null
                    && EngineClock.today().isAfter(latest);
            execution.setVariable(CaseVariables.PARCEL_STATE, state);
            execution.setVariable(CaseVariables.PAST_LATEST_DATE, past);
            execution.setVariable(CaseVariables.LATEST_DELIVERY_DATE, latest == null ? "" : latest.toString());
            Instant recheck = latest != null
                    ? latest.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : EngineClock.now().toInstant().plus(Duration.parse(waitingTimes.of(execution, "R-LOST-1")));
            execution.setVariable(CaseVariables.RECHECK_AT, Date.from(recheck));
            Shipment shipment = step.order().shipment();
            execution.setVariable(
                    CaseVariables.TRACKING_NUMBER,
                    shipment == null || shipment.trackingNumber() == null ? "" : shipment.trackingNumber());
            execution.setVariable(CaseVariables.INSURED, shipment != null && Boolean.TRUE.equals(shipment.insured()));
            cases.addTimeline(
                    step.caseId(),
                    "Tracking state " + state + (reported != null ? " (reported by the carrier)" : " (carrier asked)")
                            + (latest == null ? "" : "; latest delivery date " + latest) + (past ? ", passed" : ""));
        };
    }

    /** R-LOST-2: logistics found the right tracking number; the order gets it. */
    @Bean
    @ProcessBean
    JavaDelegate correctTrackingNumberDelegate(CaseRepository cases, OrderRepository orders) {
        return execution -> {
            Step step = Step.of(execution, cases, orders);
            String corrected = String.valueOf(execution.getVariable("correctedTrackingNumber"))
                    .trim();
            orders.save(step.order().withTrackingNumber(corrected));
            execution.removeVariable(CaseVariables.TRACKING_STATE);
            cases.addTimeline(step.caseId(), "Tracking number corrected to " + corrected);
        };
    }

    /** Send a new unit to the case's new address (or the order's address). */
    @Bean
    @ProcessBean
    JavaDelegate reshipDelegate(WarehousePort warehouse, CaseRepository cases, OrderRepository orders) {
        return execution -> {
            Step step = Step.of(execution, cases, orders);
            Address address = step.caseRow().newAddress() != null
                    ? step.caseRow().newAddress()
                    : step.order().shippingAddress();
            warehouse.reship(step.caseId(), step.order(), address);
            if (step.caseRow().newAddress() != null) orders.save(step.order().withShippingAddress(address));
            cases.addTimeline(step.caseId(), "Reship requested", " to " + address.asText());
        };
    }

    /** R-ADDR-2/3: ask the carrier to intercept the parcel in transit. */
    @Bean
    @ProcessBean
    JavaDelegate requestCarrierInterceptDelegate(CarrierPort carrier, CaseRepository cases, OrderRepository orders) {
        return execution -> {
            Step step = Step.of(execution, cases, orders);
            carrier.requestIntercept(step.caseId(), step.order());
            cases.addTimeline(
                    step.caseId(),
                    "Carrier asked to intercept the parcel"
                            + (step.order().shipment() == null
                                    ? ""
                                    : " " + step.order().shipment().trackingNumber()));
        };
    }

    /**
     * R-GEN-3, R-GEN-5: a return label paid by {@code returnShippingPaidBy}; sets {@code returnShippingCost}
     * (the carrier's quote, for the AbandonReturn decision) and {@code returnShippingCostText}.
     */
    @Bean
    @ProcessBean
    JavaDelegate createReturnLabelDelegate(CarrierPort carrier, CaseRepository cases, OrderRepository orders) {
        return execution -> {
            Step step = Step.of(execution, cases, orders);
            String paidBy = String.valueOf(execution.getVariable(CaseVariables.RETURN_SHIPPING_PAID_BY));
            // a quote with more decimals than the order's currency is refused (an incident), never rounded
            BigDecimal cost = Money.exact(
                    carrier.returnLabel(step.caseId(), step.order(), paidBy),
                    step.order().currency());
            execution.setVariable(CaseVariables.RETURN_SHIPPING_COST, Money.asVariable(cost));
            execution.setVariable(CaseVariables.RETURN_SHIPPING_COST_TEXT, cost.toPlainString());
            cases.addTimeline(
                    step.caseId(),
                    "Return label requested, return shipping paid by " + paidBy + ", quoted " + cost.toPlainString()
                            + " " + step.order().currency());
        };
    }

    /** R-WRONG-2: the procured accessory ({@code accessoryDescription} from the agent's form) goes to the order's address. */
    @Bean
    @ProcessBean
    JavaDelegate shipAccessoryDelegate(WarehousePort warehouse, CaseRepository cases, OrderRepository orders) {
        return execution -> {
            Step step = Step.of(execution, cases, orders);
            String accessory = String.valueOf(execution.getVariable("accessoryDescription"));
            warehouse.shipAccessory(step.caseId(), step.order(), step.order().shippingAddress(), accessory);
            cases.addTimeline(step.caseId(), "Missing accessory sent: " + accessory);
        };
    }
}
