package com.aftersales.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.api.ApiClient;
import com.aftersales.refunds.RefundLedger;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** POST /webhooks/shopify with Shopify's headers and Admin API payloads, over HTTP against the running app. */
class ShopifyWebhooksTest extends WebhookTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RefundLedger ledger;

    private JsonNode order(long shopifyId) {
        ApiClient.Response read = api.call("GET", "/api/orders/SHOPIFY-" + shopifyId, "shop", null);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        return read.json();
    }

    @Test
    void ordersCreate_signed_becomesTheOrderAsPutOrdersKeepsIt() {
        long id = newShopifyOrderId();
        ApiClient.Response taken = shopify("orders/create", newId(), shopifyOrder(id, null, null));

        assertThat(taken.status()).as(taken.body()).isEqualTo(200);
        assertThat(taken.json().get("duplicate").asBoolean()).isFalse();
        JsonNode order = order(id);
        assertThat(order.get("platform").asText()).isEqualTo("SHOP");
        assertThat(order.get("currency").asText()).isEqualTo("USD");
        assertThat(order.get("status").asText()).isEqualTo("PAID");
        assertThat(order.get("items")).hasSize(1);
        assertThat(order.get("items").get(0).get("sku").asText()).isEqualTo("CASE-" + id);
        assertThat(order.get("items").get(0).get("unitPrice").decimalValue()).isEqualByComparingTo("25.00");
        assertThat(order.get("items").get(0).get("quantity").asInt()).isEqualTo(1);
        assertThat(order.get("shippingFee").decimalValue()).isEqualByComparingTo("4.99");
        assertThat(order.get("buyer").get("name").asText()).isEqualTo("Ana Ruiz");
        assertThat(order.get("shippingAddress").get("postalCode").asText()).isEqualTo("78701");
        assertThat(order.get("shippingAddress").get("country").asText()).isEqualTo("US");
    }

    @Test
    void sameWebhookIdTwice_secondIs200Duplicate_andChangesNothing() {
        long id = newShopifyOrderId();
        String webhookId = newId();
        assertThat(shopify("orders/create", webhookId, shopifyOrder(id, null, null))
                        .status())
                .isEqualTo(200);

        // Shopify sends a delivery again when it missed the answer; here with another price to show it is not applied
        ApiClient.Response again =
                shopify("orders/create", webhookId, shopifyOrder(id, null, null).replace("\"25.00\"", "\"99.00\""));

        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        assertThat(order(id).get("items").get(0).get("unitPrice").decimalValue())
                .isEqualByComparingTo("25.00");
    }

    @Test
    void badSignature_401ProblemJson_nothingStored_andTheSameDeliveryCorrectlySignedIsTakenAfter() {
        long id = newShopifyOrderId();
        String webhookId = newId();
        String body = shopifyOrder(id, null, null);

        ApiClient.Response forged = api.call(
                "POST",
                "/webhooks/shopify",
                null,
                body,
                "X-Shopify-Hmac-Sha256",
                Signatures.sign("not-the-secret", body.getBytes()),
                "X-Shopify-Topic",
                "orders/create",
                "X-Shopify-Webhook-Id",
                webhookId);
        ApiClient.Response unsigned = api.call(
                "POST",
                "/webhooks/shopify",
                null,
                body,
                "X-Shopify-Topic",
                "orders/create",
                "X-Shopify-Webhook-Id",
                webhookId);
        // a user's login is no substitute for the signature
        ApiClient.Response withLogin = api.call(
                "POST",
                "/webhooks/shopify",
                "demo",
                body,
                "X-Shopify-Topic",
                "orders/create",
                "X-Shopify-Webhook-Id",
                webhookId);

        for (ApiClient.Response refused : new ApiClient.Response[] {forged, unsigned, withLogin}) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("type").asText()).isEqualTo("urn:after-sales:problem:invalid-signature");
        }
        assertThat(api.call("GET", "/api/orders/SHOPIFY-" + id, "shop", null).status())
                .isEqualTo(404);
        assertThat(jdbc.queryForObject(
                        "select count(*) from webhook_delivery where delivery_id = ?", Integer.class, webhookId))
                .isZero();

        assertThat(shopify("orders/create", webhookId, body)
                        .json()
                        .get("duplicate")
                        .asBoolean())
                .isFalse();
        assertThat(order(id).get("status").asText()).isEqualTo("PAID");
    }

    @Test
    void fulfillmentCreateThenDelivered_orderShippedWithTrackingThenDelivered_aLateOrdersUpdatedDoesNotUndoIt() {
        long id = newShopifyOrderId();
        shopify("orders/create", newId(), shopifyOrder(id, null, null));
        String fulfillment = """
                {"id": 6001, "order_id": %d, "status": "success", "created_at": "2026-11-21T09:00:00-05:00",
                 "updated_at": "%s", "tracking_company": "UPS", "tracking_number": "1ZSHOP%d",
                 "tracking_numbers": ["1ZSHOP%d"], "tracking_url": "https://www.ups.com/track?tracknum=1ZSHOP%d",
                 "shipment_status": "%s", "line_items": [{"id": 9001, "sku": "CASE-%d", "quantity": 1}]}""";

        ApiClient.Response shipped = shopify(
                "fulfillments/create",
                newId(),
                fulfillment.formatted(id, "2026-11-21T09:00:00-05:00", id, id, id, "in_transit", id));
        assertThat(shipped.status()).as(shipped.body()).isEqualTo(200);
        JsonNode order = order(id);
        assertThat(order.get("status").asText()).isEqualTo("SHIPPED");
        assertThat(order.get("shipment").get("trackingNumber").asText()).isEqualTo("1ZSHOP" + id);
        assertThat(order.get("shipment").get("carrier").asText()).isEqualTo("UPS");
        assertThat(order.get("shipment").get("handedToCarrier").asBoolean()).isTrue();
        assertThat(order.get("shipment").get("deliveredAt").isNull()).isTrue();

        shopify(
                "fulfillments/update",
                newId(),
                fulfillment.formatted(id, "2026-11-23T14:30:00-05:00", id, id, id, "delivered", id));
        order = order(id);
        assertThat(order.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(order.get("shipment").get("deliveredAt").asText()).startsWith("2026-11-23T19:30");

        // an orders/updated that Shopify sent before the delivery, arriving late: the order stays delivered
        shopify("orders/updated", newId(), shopifyOrder(id, "fulfilled", null));
        assertThat(order(id).get("status").asText()).isEqualTo("DELIVERED");
        assertThat(order(id).get("shipment").get("trackingNumber").asText()).isEqualTo("1ZSHOP" + id);
    }

    /**
     * R-GEN-4 (cap per order): 20.00 refunded in the Shopify admin counts; the cancellation's refund of item and shipping
     * (29.99) is cut to the 9.99 left. The warehouse is asked over HTTP (signed) and answers with its signed callback.
     */
    @Test
    void rGen4_refundMadeInShopify_countsTowardTheOrdersCap_cancellationRefundsOnlyWhatIsLeft() {
        long id = newShopifyOrderId();
        String orderId = "SHOPIFY-" + id;
        shopify("orders/create", newId(), shopifyOrder(id, null, null));
        String refund = """
                {"id": %d, "order_id": %d, "created_at": "2026-11-22T10:00:00-05:00", "note": "%s", "restock": false,
                 "refund_line_items": [],
                 "transactions": [{"id": %d, "order_id": %d, "kind": "refund", "gateway": "shopify_payments",
                                   "status": "success", "amount": "%s", "currency": "USD"},
                                  {"id": %d, "order_id": %d, "kind": "refund", "gateway": "shopify_payments",
                                   "status": "failure", "amount": "5.00", "currency": "USD"}]}""";
        String refundWebhookId = newId();
        ApiClient.Response recorded = shopify(
                "refunds/create",
                refundWebhookId,
                refund.formatted(id + 1, id, "Goodwill", id + 2, id, "20.00", id + 3, id));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(200);
        // the same refund delivered twice counts once
        assertThat(shopify(
                                "refunds/create",
                                refundWebhookId,
                                refund.formatted(id + 1, id, "Goodwill", id + 2, id, "20.00", id + 3, id))
                        .json()
                        .get("duplicate")
                        .asBoolean())
                .isTrue();
        assertThat(ledger.totalForOrder(orderId)).isEqualByComparingTo("20.00");

        WAREHOUSE.stubFor(post(urlEqualTo("/warehouse/requests"))
                .withRequestBody(matchingJsonPath("$.orderId", equalTo(orderId)))
                .willReturn(aResponse().withStatus(202).withBody("{\"accepted\": true}")));
        ApiClient.Response opened = api.call(
                "POST",
                "/api/cases",
                "shop",
                "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Ordered twice\"}",
                "Idempotency-Key",
                newId());
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        String caseId = opened.json().get("caseId").asText();
        api.awaitCase(caseId, v -> v.get("timeline").toString().contains("Warehouse asked to stop the shipment"));

        ApiClient.Response answered = signed(
                "/webhooks/warehouse",
                "X-Aftersales-Hmac-Sha256",
                WAREHOUSE_SECRET,
                "{\"deliveryId\": \"" + newId() + "\", \"caseId\": \"" + caseId
                        + "\", \"status\": \"SHIPMENT_STOPPED\"}");
        assertThat(answered.status()).as(answered.body()).isEqualTo(202);

        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("refunds")).hasSize(1);
        assertThat(resolved.get("refunds").get(0).get("amount").decimalValue()).isEqualByComparingTo("9.99");
        assertThat(resolved.get("cappedRefunds").get(0).get("paid").decimalValue())
                .isEqualByComparingTo("9.99");
        assertThat(ledger.totalForOrder(orderId)).isEqualByComparingTo("29.99");

        // the seller then pays the app's ledger line in Shopify, naming it in the note: not counted a second time
        ApiClient.Response carriedOut = shopify(
                "refunds/create",
                newId(),
                refund.formatted(
                        id + 4, id, "After-sales refund " + caseId + ":CANCELLATION", id + 5, id, "9.99", id + 6, id));
        assertThat(carriedOut.json().get("outcome").asText()).contains("carries out " + caseId + ":CANCELLATION");
        assertThat(ledger.totalForOrder(orderId)).isEqualByComparingTo("29.99");
    }

    @Test
    void unmappableOrder_400NamingTheField_nothingStored() {
        long id = newShopifyOrderId();
        String webhookId = newId();
        ApiClient.Response refused =
                shopify("orders/create", webhookId, shopifyOrder(id, null, null).replace("\"25.00\"", "\"25.001\""));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("line_items[].price");
        assertThat(api.call("GET", "/api/orders/SHOPIFY-" + id, "shop", null).status())
                .isEqualTo(404);
        assertThat(jdbc.queryForObject(
                        "select count(*) from webhook_delivery where delivery_id = ?", Integer.class, webhookId))
                .isZero();
    }
}
