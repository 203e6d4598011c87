package com.aftersales.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Orders are kept as the JSON document the shop sent, with the columns queries need beside it. */
@Repository
public class OrderRepository {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public OrderRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<Order> find(String orderId) {
        return jdbc
                .query("select document from sales_order where order_id = ?", (rs, i) -> read(rs.getString(1)), orderId)
                .stream()
                .findFirst();
    }

    /** The order's currency (column currency, as the document says), without reading the document. */
    public String currency(String orderId) {
        return jdbc.queryForList("select currency from sales_order where order_id = ?", String.class, orderId).stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Order " + orderId + " does not exist"));
    }

    public Order get(String orderId) {
        return find(orderId).orElseThrow(() -> new IllegalStateException("Order " + orderId + " does not exist"));
    }

    /**
     * Locks the order's row until the transaction ends, on every node: the refunds of an order are worked out
     * one at a time (RefundService), so two cases of the order never both pay what is left.
     */
    public void lock(String orderId) {
        if (jdbc.queryForList("select order_id from sales_order where order_id = ? for update", String.class, orderId)
                .isEmpty()) {
            throw new IllegalStateException("Order " + orderId + " does not exist");
        }
    }

    /** @return true when the order was created, false when an existing one was replaced */
    public boolean save(Order order) {
        Timestamp now = Timestamp.from(Instant.now());
        int updated = jdbc.update(
                """
                update sales_order set platform = ?, currency = ?, status = ?, order_value = ?, shipping_fee = ?,
                       document = ?, updated_at = ? where order_id = ?""",
                order.platform().name(),
                order.currency(),
                order.status().name(),
                order.orderValue(),
                order.shippingFee(),
                write(order),
                now,
                order.orderId());
        if (updated > 0) return false;
        jdbc.update(
                """
                insert into sales_order (order_id, platform, currency, status, order_value, shipping_fee, document,
                                         created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                order.orderId(),
                order.platform().name(),
                order.currency(),
                order.status().name(),
                order.orderValue(),
                order.shippingFee(),
                write(order),
                now,
                now);
        return true;
    }

    private Order read(String document) {
        try {
            return json.readValue(document, Order.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored order document cannot be read", e);
        }
    }

    private String write(Order order) {
        try {
            return json.writeValueAsString(order);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Order cannot be written as JSON", e);
        }
    }
}
