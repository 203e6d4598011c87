package com.aftersales.webhooks;

import com.aftersales.refunds.PaymentGateway;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refunds of Shopify orders ({@code SHOPIFY-<id>}) through the Shopify Admin GraphQL API's {@code refundCreate},
 * in front of whatever {@link PaymentGateway} the app has (other orders go on to it): the order's successful sale or
 * capture is refunded by the amount, with the ledger line's key as {@code @idempotent(key:)}, so a retry after a crash
 * between Shopify's answer and the commit gets the same refund back and never pays twice. The key is also in the
 * refund's note, so its refunds/create webhook is not counted a second time toward the cap ({@link ShopifyOrders}).
 * Shopify's user errors (already refunded, more than is left, …), GraphQL errors, 429 and 5xx fail the refund
 * step's job: retried, then an incident with Shopify's text. On when {@code AFTERSALES_SHOPIFY_ADMIN_API} (the
 * shop's {@code https://<shop>.myshopify.com/admin/api/2026-01/graphql.json}) and {@code
 * AFTERSALES_SHOPIFY_ADMIN_TOKEN} are set ({@link ShopifyRefundsConfig}).
 */
class ShopifyRefunds implements PaymentGateway {

    private static final Logger log = LoggerFactory.getLogger(ShopifyRefunds.class);

    static final String TRANSACTIONS = """
            query OrderTransactions($id: ID!) {
              order(id: $id) { id transactions(first: 50) { id kind status gateway } }
            }""";
    static final String REFUND_CREATE = """
            mutation AfterSalesRefund($input: RefundInput!, $idempotencyKey: String!) {
              refundCreate(input: $input) @idempotent(key: $idempotencyKey) {
                refund { id }
                userErrors { field message }
              }
            }""";

    private final PaymentGateway others;
    private final URI api;
    private final String token;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ShopifyRefunds(PaymentGateway others, String api, String token) {
        this.others = others;
        this.api = URI.create(api);
        this.token = token;
    }

    @Override
    public String refund(RefundOrder order) {
        if (!order.orderId().startsWith("SHOPIFY-")) return others.refund(order);
        String orderGid = "gid://shopify/Order/" + order.orderId().substring("SHOPIFY-".length());
        JsonNode paid = null;
        for (JsonNode t :
                call(TRANSACTIONS, Map.of("id", orderGid)).path("order").path("transactions")) {
            String kind = t.path("kind").asText();
            if ("SUCCESS".equals(t.path("status").asText()) && ("SALE".equals(kind) || "CAPTURE".equals(kind))) {
                paid = t;
                break;
            }
        }
        if (paid == null) {
            throw new IllegalStateException("Shopify order " + orderGid
                    + " has no successful sale or capture to refund " + order.idempotencyKey());
        }
        Map<String, Object> input = Map.of(
                "orderId",
                orderGid,
                "note",
                "After-sales refund " + order.idempotencyKey() + ": " + order.reason(),
                "notify",
                true,
                "transactions",
                List.of(Map.of(
                        "orderId",
                        orderGid,
                        "parentId",
                        paid.path("id").asText(),
                        "gateway",
                        paid.path("gateway").asText(),
                        "kind",
                        "REFUND",
                        "amount",
                        order.amount().toPlainString())));
        JsonNode created = call(REFUND_CREATE, Map.of("input", input, "idempotencyKey", order.idempotencyKey()))
                .path("refundCreate");
        List<String> refused = new ArrayList<>();
        for (JsonNode e : created.path("userErrors"))
            refused.add(e.path("message").asText());
        if (!refused.isEmpty() || !created.path("refund").hasNonNull("id")) {
            throw new IllegalStateException("Shopify refused refund " + order.idempotencyKey() + " of "
                    + order.amount().toPlainString() + " " + order.currency() + ": " + String.join("; ", refused));
        }
        String refundId = created.path("refund").path("id").asText();
        log.info("Shopify refund {} for {} ({})", refundId, order.orderId(), order.idempotencyKey());
        return refundId;
    }

    /** One GraphQL call; its {@code data}, or an exception with Shopify's answer (the job retries it). */
    private JsonNode call(String query, Map<String, Object> variables) {
        try {
            HttpRequest request = HttpRequest.newBuilder(api)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-Shopify-Access-Token", token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(
                            json.writeValueAsBytes(Map.of("query", query, "variables", variables))))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String text = response.body() == null ? "" : response.body();
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("Shopify answered " + response.statusCode() + ": "
                        + (text.length() > 300 ? text.substring(0, 300) + "…" : text));
            }
            JsonNode answer = json.readTree(text);
            if (answer.path("errors").isArray() && !answer.path("errors").isEmpty()) {
                throw new IllegalStateException("Shopify's GraphQL errors: " + answer.get("errors"));
            }
            return answer.path("data");
        } catch (IOException e) {
            throw new IllegalStateException("Shopify did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling Shopify", e);
        }
    }
}
