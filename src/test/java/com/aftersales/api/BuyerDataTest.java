package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Finding 10 of issue 11, "buyer data never blocks help": the marketplace rules for buyer messages (no links,
 * e-mail addresses or competitor names, R-CARE-1) apply to what the seller writes, not to the buyer's name, the
 * order id, the carrier or the tracking number. Whole flows over /api, as the shop sends them.
 */
class BuyerDataTest extends ApiTestSupport {

    private String order(String orderId, String buyerName, String status, String shipment) {
        String body = """
                {"orderId": "%s", "platform": "AMAZON",
                 "buyer": {"id": "B-10", "name": "%s", "email": "buyer@example.com"},
                 "currency": "USD",
                 "items": [{"sku": "MUG-1", "title": "Mug", "quantity": 1, "unitPrice": 25.00, "category": "kitchen"}],
                 "shippingFee": 4.99, "status": "%s",
                 "shippingAddress": {"name": "%s", "line1": "1 Wish Lane", "line2": "c/o shein.com", "city": "Austin",
                                     "postalCode": "78701", "country": "US"},
                 "shipment": %s}""".formatted(orderId, buyerName, status, buyerName, shipment == null ? "null" : shipment);
        ApiClient.Response saved = api.call("PUT", "/api/orders/" + orderId, "shop", body);
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        return orderId;
    }

    private static List<String> messages(JsonNode view) {
        List<String> bodies = new ArrayList<>();
        view.get("messages").forEach(m -> bodies.add(m.get("body").asText()));
        return bodies;
    }

    @Test
    void finding10_buyerNamedAnnaWish_isHelped_cancellationRefundedAndEveryMessageNamesHer() {
        String orderId = order("A-" + UUID.randomUUID().toString().substring(0, 8), "Anna Wish", "PAID", null);

        String caseId = openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Ordered twice\"}");
        event(caseId, "{\"type\": \"WAREHOUSE_UPDATE\", \"status\": \"SHIPMENT_STOPPED\"}");
        JsonNode view =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));

        assertThat(view.get("resolution").asText()).isEqualTo("CANCELLED");
        assertThat(view.get("refunds")).hasSize(1);
        assertThat(view.get("refunds").get(0).get("amount").decimalValue()).isEqualByComparingTo("29.99");
        assertThat(messages(view))
                .isNotEmpty()
                .allMatch(body -> body.startsWith("Dear Anna Wish,"))
                .anyMatch(body -> body.contains("refund of 29.99 USD"));
    }

    @Test
    void finding10_buyerBobSheinWithAnOrderIdLikeALink_damagedWithoutPhotos_isAskedForThem() {
        String orderId = order(
                "shein.com-" + UUID.randomUUID().toString().substring(0, 6),
                "Bob Shein",
                "DELIVERED",
                "{\"carrier\": \"UPS\", \"trackingNumber\": \"1Z999\", \"deliveredAt\": \"2026-11-28T10:00:00Z\"}");

        ApiClient.Response opened =
                openCase("{\"orderId\": \"" + orderId + "\", \"type\": \"DAMAGED\", \"description\": \"Cracked\"}");

        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        JsonNode view = api.awaitCase(
                opened.json().get("caseId").asText(), v -> !v.get("messages").isEmpty());
        assertThat(messages(view))
                .singleElement()
                .asString()
                .startsWith("Dear Bob Shein, we are sorry that the item of order " + orderId + " arrived damaged");
    }

    @Test
    void finding10_carrierAndTrackingNumberAreTheOrdersFacts_theBuyerIsToldThem() {
        String latest = LocalDate.now().plusDays(5).toString();
        String orderId = order(
                "A-" + UUID.randomUUID().toString().substring(0, 8),
                "Wish Temu",
                "SHIPPED",
                "{\"carrier\": \"Wish Post\", \"trackingNumber\": \"SHEIN-0042\", \"latestDeliveryDate\": \"" + latest
                        + "\"}");

        String caseId = openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"NOT_RECEIVED\", \"description\": \"Not here\"}");
        JsonNode view =
                api.awaitCase(caseId, v -> messages(v).stream().anyMatch(body -> body.contains("is on its way")));

        assertThat(messages(view))
                .anyMatch(body -> body.equals("Dear Wish Temu, order " + orderId
                        + " is on its way with Wish Post, tracking number SHEIN-0042. It should arrive by " + latest
                        + "; please allow until then. We will check the tracking again on that date."));
    }
}
