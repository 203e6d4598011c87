package com.aftersales.webhooks;

import com.aftersales.config.ApiProblem;
import com.aftersales.orders.Address;
import com.aftersales.orders.Money;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderRepository;
import com.aftersales.orders.OrderStatus;
import com.aftersales.orders.Shipment;
import com.aftersales.refunds.RefundLedger;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Shopify's webhooks (Admin API payloads) mapped onto the app's orders, as {@code PUT /api/orders/{orderId}} keeps
 * them: order {@code SHOPIFY-<id>}, platform SHOP. A delivery is taken in one transaction with its
 * {@link WebhookDeliveries} row: all of it or nothing.
 *
 * <ul>
 *   <li>orders/create, orders/updated: the order (buyer, currency, items with SKU and price, shipping fee, status,
 *       shipping address, the tracking of its last fulfillment). The status never goes back (PAID, SHIPPED,
 *       DELIVERED, CANCELLED in that order): a late orders/updated does not undo a delivery the app knows.
 *   <li>fulfillments/create, fulfillments/update: the order's shipment (carrier, tracking number, shipped at;
 *       handed to the carrier once Shopify's shipment_status is past the label) and SHIPPED; DELIVERED with
 *       shipment_status delivered.
 *   <li>refunds/create: the successful refund transactions, recorded per Shopify refund id in shop_refund; they
 *       count toward the order's refund cap (R-GEN-4), unless the refund's note names the app's ledger key it
 *       carried out (case id:purpose of a case of the order, e.g. {@code C-AB12CD34EF:CANCELLATION}): the app's own
 *       refundCreate ({@link ShopifyRefunds}) writes it there, and its webhook may arrive before the ledger line
 *       commits.
 * </ul>
 */
@Service
public class ShopifyOrders {

    static final String SOURCE = "SHOPIFY";
    private static final Pattern LEDGER_KEY = Pattern.compile("C-[A-Za-z0-9]+:[A-Z0-9_]+");
    /** Shopify shipment_status values of a parcel still at the seller (label only). */
    private static final Set<String> NOT_HANDED_OVER = Set.of("label_printed", "label_purchased", "confirmed");

    private static final Map<OrderStatus, Integer> STATUS_ORDER =
            Map.of(OrderStatus.PAID, 0, OrderStatus.SHIPPED, 1, OrderStatus.DELIVERED, 2, OrderStatus.CANCELLED, 3);

    private final OrderRepository orders;
    private final RefundLedger ledger;
    private final WebhookDeliveries deliveries;
    private final Validator validator;

    public ShopifyOrders(
            OrderRepository orders, RefundLedger ledger, WebhookDeliveries deliveries, Validator validator) {
        this.orders = orders;
        this.ledger = ledger;
        this.deliveries = deliveries;
        this.validator = validator;
    }

    /** The app's order id of a Shopify order id. */
    public static String orderId(JsonNode shopifyOrderId) {
        return "SHOPIFY-" + shopifyOrderId.asText();
    }

    /** Takes one delivery; its outcome in words (also kept with the delivery). */
    @Transactional
    public String take(String deliveryId, String topic, JsonNode payload) {
        String outcome = switch (topic) {
            case "orders/create", "orders/updated" -> order(payload);
            case "fulfillments/create", "fulfillments/update" -> fulfillment(payload);
            case "refunds/create" -> refund(payload);
            default -> "ignored: topic " + topic + " is not one the app takes";
        };
        deliveries.record(SOURCE, deliveryId, topic, outcome);
        return outcome;
    }

    private String order(JsonNode o) {
        requireId(o, "id");
        String orderId = orderId(o.get("id"));
        JsonNode address = o.path("shipping_address");
        if (address.isMissingNode() || address.isNull()) {
            return "ignored: order " + orderId + " has no shipping address (nothing to ship, no after-sales)";
        }
        String currency = text(o, "currency");
        List<Order.Item> items = new ArrayList<>();
        for (JsonNode line : o.path("line_items")) {
            String sku = text(line, "sku");
            if (sku == null || sku.isBlank())
                sku = "variant-"
                        + line.path("variant_id").asText(line.path("id").asText());
            items.add(new Order.Item(
                    sku,
                    text(line, "title") == null ? sku : text(line, "title"),
                    line.path("quantity").isIntegralNumber()
                            ? line.get("quantity").asInt()
                            : null,
                    amount(line, "price", "line_items[].price"),
                    text(line, "product_type") == null
                                    || text(line, "product_type").isBlank()
                            ? null
                            : text(line, "product_type")));
        }
        BigDecimal shipping = BigDecimal.ZERO;
        for (JsonNode line : o.path("shipping_lines"))
            shipping = shipping.add(amount(line, "price", "shipping_lines[].price"));
        JsonNode customer = o.path("customer");
        String buyerName = firstNonBlank(
                join(text(customer, "first_name"), text(customer, "last_name")),
                text(address, "name"),
                text(o.path("billing_address"), "name"),
                "Shopify customer");
        Order.Buyer buyer = new Order.Buyer(
                customer.hasNonNull("id")
                        ? "shopify-" + customer.get("id").asText()
                        : "shopify-guest-" + o.get("id").asText(),
                buyerName,
                firstNonBlank(text(o, "email"), text(customer, "email"), null));
        Address shipTo = new Address(
                firstNonBlank(
                        text(address, "name"),
                        join(text(address, "first_name"), text(address, "last_name")),
                        buyerName),
                text(address, "address1"),
                text(address, "address2"),
                text(address, "city"),
                text(address, "province"),
                text(address, "zip"),
                text(address, "country_code"));
        OrderStatus status = o.hasNonNull("cancelled_at")
                ? OrderStatus.CANCELLED
                : "fulfilled".equals(text(o, "fulfillment_status")) || "partial".equals(text(o, "fulfillment_status"))
                        ? OrderStatus.SHIPPED
                        : OrderStatus.PAID;
        Shipment shipment = null;
        JsonNode lastFulfillment = null;
        for (JsonNode f : o.path("fulfillments")) {
            if (f.hasNonNull("tracking_number") && !"cancelled".equals(text(f, "status"))) lastFulfillment = f;
        }
        if (lastFulfillment != null) shipment = shipment(lastFulfillment);
        if (shipment != null && shipment.deliveredAt() != null && status == OrderStatus.SHIPPED) {
            status = OrderStatus.DELIVERED;
        }
        Order incoming =
                new Order(orderId, Order.Platform.SHOP, buyer, currency, items, shipping, status, shipTo, shipment);
        Order existing = orders.find(orderId).orElse(null);
        Order merged = existing == null
                ? incoming
                : new Order(
                        orderId,
                        Order.Platform.SHOP,
                        buyer,
                        currency,
                        items,
                        shipping,
                        later(existing.status(), status),
                        shipTo,
                        merge(existing.shipment(), shipment),
                        existing.customerTier());
        check(merged);
        orders.save(merged);
        return (existing == null ? "order " + orderId + " created" : "order " + orderId + " updated") + " ("
                + merged.status() + ")";
    }

    private String fulfillment(JsonNode f) {
        requireId(f, "order_id");
        String orderId = orderId(f.get("order_id"));
        Order order = orders.find(orderId).orElse(null);
        if (order == null) return "ignored: order " + orderId + " is not known (its orders/create comes first)";
        if ("cancelled".equals(text(f, "status"))) return "ignored: fulfillment cancelled";
        Shipment shipment = merge(order.shipment(), shipment(f));
        OrderStatus status =
                later(order.status(), shipment.deliveredAt() != null ? OrderStatus.DELIVERED : OrderStatus.SHIPPED);
        Order updated = new Order(
                orderId,
                order.platform(),
                order.buyer(),
                order.currency(),
                order.items(),
                order.shippingFee(),
                status,
                order.shippingAddress(),
                shipment,
                order.customerTier());
        check(updated);
        orders.save(updated);
        return "order " + orderId + " " + status + ", tracking " + shipment.trackingNumber();
    }

    private String refund(JsonNode r) {
        requireId(r, "id");
        requireId(r, "order_id");
        String orderId = orderId(r.get("order_id"));
        Order order = orders.find(orderId).orElse(null);
        if (order == null) return "ignored: order " + orderId + " is not known";
        BigDecimal amount = BigDecimal.ZERO;
        for (JsonNode t : r.path("transactions")) {
            if (!"refund".equals(text(t, "kind")) || !"success".equals(text(t, "status"))) continue;
            String currency = text(t, "currency");
            if (currency != null && !currency.equals(order.currency())) {
                throw ApiProblem.invalid(
                        "transactions[].currency",
                        "is " + currency + "; order " + orderId + " is in " + order.currency());
            }
            amount = amount.add(amount(t, "amount", "transactions[].amount"));
        }
        String problem = Money.decimalsProblem(amount, order.currency());
        if (problem != null) throw ApiProblem.invalid("transactions[].amount", problem);
        String ledgerKey = null;
        Matcher key = LEDGER_KEY.matcher(r.path("note").asText(""));
        while (ledgerKey == null && key.find()) {
            if (ledger.isKeyOfOrder(key.group(), orderId)) ledgerKey = key.group();
        }
        boolean recorded = ledger.recordShopRefund(
                SOURCE, r.get("id").asText(), orderId, amount, order.currency(), ledgerKey, time(r, "created_at"));
        if (!recorded) return "ignored: refund " + r.get("id").asText() + " already recorded";
        return "refund " + amount.toPlainString() + " " + order.currency() + " on order " + orderId
                + (ledgerKey == null ? " recorded; counts toward the order's refund cap" : " carries out " + ledgerKey);
    }

    private static Shipment shipment(JsonNode f) {
        String shipmentStatus = text(f, "shipment_status");
        OffsetDateTime created = time(f, "created_at");
        return new Shipment(
                text(f, "tracking_company"),
                text(f, "tracking_number"),
                created,
                null,
                "delivered".equals(shipmentStatus) ? time(f, "updated_at") : null,
                null,
                shipmentStatus == null ? null : !NOT_HANDED_OVER.contains(shipmentStatus));
    }

    /** What Shopify says now, over what the app knew (the latest delivery date and insurance come only from /api). */
    private static Shipment merge(Shipment known, Shipment now) {
        if (now == null) return known;
        if (known == null) return now;
        boolean sameParcel =
                now.trackingNumber() == null || now.trackingNumber().equals(known.trackingNumber());
        return new Shipment(
                now.carrier() != null ? now.carrier() : known.carrier(),
                now.trackingNumber() != null ? now.trackingNumber() : known.trackingNumber(),
                now.shippedAt() != null ? now.shippedAt() : known.shippedAt(),
                known.latestDeliveryDate(),
                now.deliveredAt() != null ? now.deliveredAt() : sameParcel ? known.deliveredAt() : null,
                known.insured(),
                now.handedToCarrier() != null ? now.handedToCarrier() : known.handedToCarrier());
    }

    private static OrderStatus later(OrderStatus a, OrderStatus b) {
        return List.of(a, b).stream()
                .max(Comparator.comparing(STATUS_ORDER::get))
                .orElseThrow();
    }

    /** The checks of PUT /api/orders: the record's constraints and amounts in the currency's decimals. */
    private void check(Order order) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<Order> v : validator.validate(order)) {
            errors.add(new ApiProblem.FieldError(v.getPropertyPath().toString(), v.getMessage()));
        }
        if (errors.isEmpty()) {
            try {
                Money.decimals(order.currency());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalid("currency", e.getMessage());
            }
            for (Order.Item item : order.items()) {
                String problem = Money.decimalsProblem(item.unitPrice(), order.currency());
                if (problem != null) errors.add(new ApiProblem.FieldError("line_items[].price", problem));
            }
            String problem = Money.decimalsProblem(order.amountPaid(), order.currency());
            if (problem != null) errors.add(new ApiProblem.FieldError("shipping_lines[].price", problem));
        }
        if (!errors.isEmpty()) throw ApiProblem.invalid(errors);
    }

    private static void requireId(JsonNode node, String field) {
        if (!node.hasNonNull(field) || node.get(field).asText().isBlank()) {
            throw ApiProblem.invalid(field, "is required");
        }
        if (!node.get(field).asText().matches("[0-9A-Za-z._-]{1,50}")) {
            throw ApiProblem.invalid(field, "is not a Shopify id");
        }
    }

    private static BigDecimal amount(JsonNode node, String field, String name) {
        try {
            return new BigDecimal(node.path(field).asText("").trim());
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid(name, "'" + node.path(field).asText() + "' is not an amount");
        }
    }

    private static OffsetDateTime time(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) return OffsetDateTime.now(ZoneOffset.UTC);
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, "'" + text + "' is not an ISO 8601 time with offset");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static String join(String first, String last) {
        String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
        return name.isEmpty() ? null : name;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v;
        return null;
    }
}
