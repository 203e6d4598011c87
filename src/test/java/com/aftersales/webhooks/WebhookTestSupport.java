package com.aftersales.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.aftersales.api.ApiClient;
import com.aftersales.testdb.TestDatabase;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole app on a random port with the webhooks configured (their secrets below) and the warehouse a WireMock
 * server in the test JVM; its own database (H2 in memory, or PostgreSQL in the second run), one context for the
 * webhook tests.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "aftersales.demo-data=true",
            "aftersales.shopify.webhook-secret=" + WebhookTestSupport.SHOPIFY_SECRET,
            "aftersales.carrier.webhook-secret=" + WebhookTestSupport.CARRIER_SECRET,
            "aftersales.warehouse.secret=" + WebhookTestSupport.WAREHOUSE_SECRET,
            "aftersales.warehouse.timeout=PT5S",
            "aftersales.shopify.admin-token=" + WebhookTestSupport.SHOPIFY_ADMIN_TOKEN,
            // one more context kept by the suite: a small pool, so the PostgreSQL run stays within the server's
            // connections (each context's pool keeps its connections open until the JVM ends)
            "spring.datasource.hikari.maximum-pool-size=6"
        })
abstract class WebhookTestSupport {

    static final String SHOPIFY_SECRET = "shpss_test-secret";
    static final String CARRIER_SECRET = "aftership-test-secret";
    static final String WAREHOUSE_SECRET = "warehouse-test-secret";
    static final String SHOPIFY_ADMIN_TOKEN = "shpat_test-token";
    static final String SHOPIFY_GRAPHQL = "/admin/api/2026-01/graphql.json";

    /** The warehouse's HTTP endpoint: a real server, answering what each test tells it. */
    static final WireMockServer WAREHOUSE = new WireMockServer(options().dynamicPort());

    /** The Shopify Admin GraphQL API: a real server; by default every order has one paid sale and every refund works. */
    static final WireMockServer SHOPIFY_ADMIN = new WireMockServer(options().dynamicPort());

    static {
        WAREHOUSE.start();
        SHOPIFY_ADMIN.start();
        Runtime.getRuntime().addShutdownHook(new Thread(WAREHOUSE::stop));
        Runtime.getRuntime().addShutdownHook(new Thread(SHOPIFY_ADMIN::stop));
        SHOPIFY_ADMIN.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL))
                .atPriority(10)
                .withRequestBody(containing("OrderTransactions"))
                .willReturn(okJson(transactions("gid://shopify/Order/0"))));
        SHOPIFY_ADMIN.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL))
                .atPriority(10)
                .withRequestBody(containing("refundCreate"))
                .willReturn(okJson(refundCreated("gid://shopify/Refund/1"))));
    }

    /** Shopify's answer to the order's transactions: an authorization and its successful capture. */
    static String transactions(String orderGid) {
        return """
                {"data": {"order": {"id": "%s", "transactions": [
                  {"id": "gid://shopify/OrderTransaction/11", "kind": "AUTHORIZATION", "status": "SUCCESS", "gateway": "shopify_payments"},
                  {"id": "gid://shopify/OrderTransaction/12", "kind": "CAPTURE", "status": "SUCCESS", "gateway": "shopify_payments"}]}},
                 "extensions": {"cost": {"requestedQueryCost": 12}}}""".formatted(orderGid);
    }

    static String refundCreated(String refundGid) {
        return """
                {"data": {"refundCreate": {"refund": {"id": "%s"}, "userErrors": []}}}""".formatted(refundGid);
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, "webhooks");
        registry.add("aftersales.warehouse.url", () -> WAREHOUSE.baseUrl() + "/warehouse/requests");
        registry.add("aftersales.shopify.admin-api", () -> SHOPIFY_ADMIN.baseUrl() + SHOPIFY_GRAPHQL);
    }

    @LocalServerPort
    protected int port;

    protected ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    /** A POST as the sender makes it: the body's HMAC-SHA256 (base64) with {@code secret} in {@code header}. */
    ApiClient.Response signed(String path, String header, String secret, String body, String... headers) {
        List<String> all =
                new ArrayList<>(List.of(header, Signatures.sign(secret, body.getBytes(StandardCharsets.UTF_8))));
        all.addAll(List.of(headers));
        return api.call("POST", path, null, body, all.toArray(String[]::new));
    }

    ApiClient.Response shopify(String topic, String webhookId, String body) {
        return signed(
                "/webhooks/shopify",
                "X-Shopify-Hmac-Sha256",
                SHOPIFY_SECRET,
                body,
                "X-Shopify-Topic",
                topic,
                "X-Shopify-Webhook-Id",
                webhookId,
                "X-Shopify-Shop-Domain",
                "example.myshopify.com");
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** A Shopify order id nobody used yet (Shopify's are numbers). */
    static long newShopifyOrderId() {
        return Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000L);
    }

    /**
     * An order as Shopify's orders/create sends it (Admin API, the fields the app reads and some it does not): one
     * line of 25.00 USD (SKU {@code CASE-<id>}), shipping 4.99, paid, not fulfilled.
     */
    static String shopifyOrder(long id, String fulfillmentStatus, String fulfillments) {
        return """
                {"id": %d, "admin_graphql_api_id": "gid://shopify/Order/%d", "name": "#%d", "email": "ana@example.com",
                 "created_at": "2026-11-20T10:00:00-05:00", "updated_at": "2026-11-20T10:00:00-05:00",
                 "currency": "USD", "presentment_currency": "USD", "financial_status": "paid",
                 "fulfillment_status": %s, "cancelled_at": null, "total_price": "29.99", "subtotal_price": "25.00",
                 "total_discounts": "0.00", "taxes_included": false,
                 "customer": {"id": 7001, "email": "ana@example.com", "first_name": "Ana", "last_name": "Ruiz"},
                 "line_items": [{"id": 9001, "variant_id": 4001, "product_id": 3001, "title": "Phone case",
                                 "sku": "CASE-%d", "quantity": 1, "price": "25.00", "product_type": "accessories",
                                 "fulfillable_quantity": 1}],
                 "shipping_lines": [{"id": 5001, "title": "Standard", "price": "4.99", "code": "STANDARD"}],
                 "shipping_address": {"first_name": "Ana", "last_name": "Ruiz", "name": "Ana Ruiz",
                                      "address1": "1 Main St", "address2": null, "city": "Austin", "province": "Texas",
                                      "province_code": "TX", "zip": "78701", "country": "United States",
                                      "country_code": "US"},
                 "fulfillments": %s}""".formatted(
                        id,
                        id,
                        id % 100000,
                        fulfillmentStatus == null ? "null" : "\"" + fulfillmentStatus + "\"",
                        id,
                        fulfillments == null ? "[]" : fulfillments);
    }
}
