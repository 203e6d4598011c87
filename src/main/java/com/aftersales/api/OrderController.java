package com.aftersales.api;

import com.aftersales.orders.Order;
import com.aftersales.orders.OrderRepository;
import com.aftersales.orders.StockRepository;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.Currency;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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
public class OrderController {

    public record StockLevel(@NotNull @PositiveOrZero @Max(1_000_000_000) Integer available) { }

    private final OrderRepository orders;
    private final StockRepository stock;

    public OrderController(OrderRepository orders, StockRepository stock) {
        this.orders = orders;
        this.stock = stock;
    }

    @Operation(summary = "Create (201) or replace (200) an order")
    @PutMapping(path = "/orders/{orderId}", consumes = "application/json")
    @Transactional
    public ResponseEntity<Order> putOrder(@PathVariable String orderId, @Valid @RequestBody Order order) {
        if (!orderId.equals(order.orderId())) {
            throw ApiProblem.invalid("orderId", "'" + order.orderId() + "' differs from the order id in the path '" + orderId + "'");
        }
        try {
            Currency.getInstance(order.currency());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("currency", "'" + order.currency() + "' is not an ISO 4217 currency code");
        }
        boolean created = orders.save(order);
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(order);
    }

    @Operation(summary = "Read an order")
    @GetMapping("/orders/{orderId}")
    public Order getOrder(@PathVariable String orderId) {
        return orders.find(orderId).orElseThrow(() -> ApiProblem.notFound("Order", "There is no order " + orderId + "."));
    }

    @Operation(summary = "Set the stock of a SKU (201 for a new SKU)")
    @PutMapping(path = "/stock/{sku}", consumes = "application/json")
    @Transactional   // one commit, written to the database before the answer (config/DurableCommits)
    public ResponseEntity<Map<String, Object>> putStock(@PathVariable String sku, @Valid @RequestBody StockLevel level) {
        if (sku.length() > 64) throw ApiProblem.invalid("sku", "is longer than 64 characters");
        boolean created = stock.set(sku, level.available());
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .body(Map.of("sku", sku, "available", level.available()));
    }

    @Operation(summary = "Read the stock of a SKU")
    @GetMapping("/stock/{sku}")
    public Map<String, Object> getStock(@PathVariable String sku) {
        int available = stock.available(sku).orElseThrow(() -> ApiProblem.notFound("SKU", "There is no stock record for SKU " + sku + "."));
        return Map.of("sku", sku, "available", available);
    }
}
