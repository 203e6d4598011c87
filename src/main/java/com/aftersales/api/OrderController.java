package com.aftersales.api;

import com.aftersales.config.ApiProblem;
import com.aftersales.orders.Address;
import com.aftersales.orders.Money;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderRepository;
import com.aftersales.orders.StockRepository;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Orders and stock: the facts cases start from, sent by the shop or marketplace connector. */
@RestController
@RequestMapping("/api")
@Tag(name = "Orders and stock", description = "The facts cases start from: orders and stock levels, sent by the shop")
public class OrderController {

    public record StockLevel(
            @NotNull @PositiveOrZero @Max(1_000_000_000) Integer available) {}

    private final OrderRepository orders;
    private final StockRepository stock;
    private final ContactDataAccess contactData;

    public OrderController(OrderRepository orders, StockRepository stock, ContactDataAccess contactData) {
        this.contactData = contactData;
        this.orders = orders;
        this.stock = stock;
    }

    @Operation(operationId = "putOrder", summary = "Create (201) or replace (200) an order")
    @ApiResponse(responseCode = "200", description = "The order was replaced")
    @ApiResponse(responseCode = "201", description = "The order was created")
    @ProblemAnswer(
            status = 400,
            type = "validation",
            when = "orderId differs from the path; an unknown currency; an amount "
                    + "with more decimals than its currency has")
    @PutMapping(path = "/orders/{orderId}", consumes = "application/json")
    @Transactional
    public ResponseEntity<Order> putOrder(@PathVariable String orderId, @Valid @RequestBody Order order) {
        if (!orderId.equals(order.orderId())) {
            throw ApiProblem.invalid(
                    "orderId", "'" + order.orderId() + "' differs from the order id in the path '" + orderId + "'");
        }
        checkAmounts(order);
        boolean created = orders.save(order);
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .body(order);
    }

    /**
     * Amounts in the order's currency, never rounded: each unit price and the shipping fee have at most the
     * currency's decimals (USD 2, JPY 0; {@link Money#decimals}), and the order value fits the ledger.
     */
    private static void checkAmounts(Order order) {
        try {
            Money.decimals(order.currency());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("currency", e.getMessage());
        }
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < order.items().size(); i++) {
            String problem = Money.decimalsProblem(order.items().get(i).unitPrice(), order.currency());
            if (problem != null) errors.add(new ApiProblem.FieldError("items[" + i + "].unitPrice", problem));
        }
        String problem = Money.decimalsProblem(order.shippingFee(), order.currency());
        if (problem != null) errors.add(new ApiProblem.FieldError("shippingFee", problem));
        if (errors.isEmpty()
                && Money.decimalsProblem(order.orderValue().add(order.shippingFee()), order.currency()) != null) {
            errors.add(new ApiProblem.FieldError(
                    "items",
                    "the order's total is too large (at most " + Money.MAX_INTEGER_DIGITS
                            + " digits before the decimal point)"));
        }
        if (!errors.isEmpty()) throw ApiProblem.invalid(errors);
    }

    /** GET /api/orders/{orderId}: the order as the shop sent it, and whether its contact data is left out. */
    public record OrderView(
            @JsonUnwrapped Order order,

            @Schema(
                    description = "true: buyer.name, buyer.email and the shipping address but its country are "
                            + "left out (null): the caller may not see the buyer's contact data")
            boolean contactDataRedacted) {}

    @Operation(
            operationId = "getOrder",
            summary = "Read an order",
            description =
                    "The buyer's name, e-mail and shipping address only for integrations, team leads, admins and agents "
                            + "who hold or held a task of one of the order's cases; for everyone else (process owners, other agents) they "
                            + "are null (the shipping address keeps its country) and contactDataRedacted is true.")
    @ProblemAnswer(status = 404, type = "not-found", when = "there is no order orderId")
    @GetMapping("/orders/{orderId}")
    public OrderView getOrder(@PathVariable String orderId, Authentication caller) {
        Order order = orders.find(orderId)
                .orElseThrow(() -> ApiProblem.notFound("Order", "There is no order " + orderId + "."));
        if (contactData.forOrder(caller, orderId)) return new OrderView(order, false);
        Order redacted = new Order(
                order.orderId(),
                order.platform(),
                new Order.Buyer(order.buyer().id(), null, null),
                order.currency(),
                order.items(),
                order.shippingFee(),
                order.status(),
                new Address(
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        order.shippingAddress().country()),
                order.shipment(),
                order.customerTier(),
                order.payment());
        return new OrderView(redacted, true);
    }

    @Operation(operationId = "putStock", summary = "Set the stock of a SKU (201 for a new SKU)")
    @ApiResponse(responseCode = "200", description = "The stock level was set")
    @ApiResponse(responseCode = "201", description = "The SKU is new; its stock level was set")
    @ProblemAnswer(
            status = 400,
            type = "validation",
            when = "available missing, below 0 or above 1,000,000,000; a SKU " + "longer than 64 characters")
    @PutMapping(path = "/stock/{sku}", consumes = "application/json")
    @Transactional // one commit, written to the database before the answer (config/DurableCommits)
    public ResponseEntity<Map<String, Object>> putStock(
            @PathVariable String sku, @Valid @RequestBody StockLevel level) {
        if (sku.length() > 64) throw ApiProblem.invalid("sku", "is longer than 64 characters");
        boolean created = stock.set(sku, level.available());
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .body(Map.of("sku", sku, "available", level.available()));
    }

    @Operation(operationId = "getStock", summary = "Read the stock of a SKU")
    @ProblemAnswer(status = 404, type = "not-found", when = "there is no stock record for the SKU")
    @GetMapping("/stock/{sku}")
    public Map<String, Object> getStock(@PathVariable String sku) {
        int available = stock.available(sku)
                .orElseThrow(() -> ApiProblem.notFound("SKU", "There is no stock record for SKU " + sku + "."));
        return Map.of("sku", sku, "available", available);
    }
}
