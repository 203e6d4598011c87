package com.aftersales.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.api.ApiClient;
import com.aftersales.refunds.RefundLedger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Refunds of Shopify orders through the Admin GraphQL refundCreate (webhooks/ShopifyRefunds) against a WireMock
 * Shopify: R-CAN-1, a paid Shopify order cancelled before it ships is refunded item and shipping (29.99 USD).
 */
class ShopifyRefundsTest extends WebhookTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    RefundLedger ledger;

    @Autowired
    ManagementService management;

    @Autowired
    RuntimeService runtime;

    /** A Shopify order, its cancellation, the warehouse's "stopped": the refund step runs next. Returns the case id. */
    private String cancelledShopifyOrder(long id) {
        shopify("orders/create", newId(), shopifyOrder(id, null, null));
        WAREHOUSE.stubFor(post(urlEqualTo("/warehouse/requests"))
                .withRequestBody(matchingJsonPath("$.orderId", equalTo("SHOPIFY-" + id)))
                .willReturn(aResponse().withStatus(200)));
        ApiClient.Response opened = api.call(
                "POST",
                "/api/cases",
                "shop",
                "{\"orderId\": \"SHOPIFY-" + id + "\", \"type\": \"CANCELLATION\", \"description\": \"Ordered twice\"}",
                "Idempotency-Key",
                newId());
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        String caseId = opened.json().get("caseId").asText();
        ApiClient.Response stopped = signed(
                "/webhooks/warehouse",
                "X-Aftersales-Hmac-Sha256",
                WAREHOUSE_SECRET,
                "{\"deliveryId\": \"" + newId() + "\", \"caseId\": \"" + caseId
                        + "\", \"status\": \"SHIPMENT_STOPPED\"}");
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(202);
        return caseId;
    }

    private List<LoggedRequest> refundCreates(long id) {
        return SHOPIFY_ADMIN.findAll(postRequestedFor(urlEqualTo(SHOPIFY_GRAPHQL))
                .withRequestBody(containing("refundCreate"))
                .withRequestBody(containing("gid://shopify/Order/" + id + "\"")));
    }

    private static JsonNode variables(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString()).get("variables");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void rCan1_shopifyOrderRefundedThroughRefundCreate_ledgerKeyIsTheIdempotencyKey_itsWebhookIsNotCountedTwice() {
        long id = newShopifyOrderId();
        SHOPIFY_ADMIN.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL))
                .withRequestBody(containing("refundCreate"))
                .withRequestBody(containing("gid://shopify/Order/" + id + "\""))
                .willReturn(okJson(refundCreated("gid://shopify/Refund/" + id))));
        String caseId = cancelledShopifyOrder(id);

        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("refunds")).hasSize(1);
        assertThat(resolved.get("refunds").get(0).get("amount").decimalValue()).isEqualByComparingTo("29.99");
        assertThat(ledger.find(caseId, "CANCELLATION").orElseThrow().gatewayReference())
                .isEqualTo("gid://shopify/Refund/" + id);

        List<LoggedRequest> sent = refundCreates(id);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getHeader("X-Shopify-Access-Token")).isEqualTo(SHOPIFY_ADMIN_TOKEN);
        assertThat(sent.get(0).getBodyAsString()).contains("@idempotent(key: $idempotencyKey)");
        JsonNode variables = variables(sent.get(0));
        assertThat(variables.get("idempotencyKey").asText()).isEqualTo(caseId + ":CANCELLATION");
        JsonNode transaction = variables.get("input").get("transactions").get(0);
        assertThat(transaction.get("amount").asText()).isEqualTo("29.99");
        assertThat(transaction.get("kind").asText()).isEqualTo("REFUND");
        assertThat(transaction.get("parentId").asText()).isEqualTo("gid://shopify/OrderTransaction/12");
        assertThat(transaction.get("gateway").asText()).isEqualTo("shopify_payments");

        // Shopify then sends refunds/create for it, with the note the app wrote
        String note = variables.get("input").get("note").asText();
        ApiClient.Response notice = shopify("refunds/create", newId(), """
                {"id": %d, "order_id": %d, "created_at": "2026-12-02T10:00:00Z", "note": %s,
                 "transactions": [{"id": 1, "kind": "refund", "status": "success", "amount": "29.99", "currency": "USD"}]}""".formatted(
                        id, id, JSON.valueToTree(note).toString()));
        assertThat(notice.status()).as(notice.body()).isEqualTo(200);
        assertThat(ledger.totalForOrder("SHOPIFY-" + id)).isEqualByComparingTo("29.99");
    }

    /** Shopify down for the first try, up for the retry: the retry sends the same idempotency key, one refund. */
    @Test
    void shopifyDownThenUp_theRetrySendsTheSameIdempotencyKey_oneLedgerLine() {
        long id = newShopifyOrderId();
        String scenario = "shopify-" + id;
        SHOPIFY_ADMIN.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL))
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(containing("refundCreate"))
                .withRequestBody(containing("gid://shopify/Order/" + id + "\""))
                .willReturn(aResponse().withStatus(503).withBody("{\"errors\": \"Service unavailable\"}"))
                .willSetStateTo("up"));
        SHOPIFY_ADMIN.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL))
                .inScenario(scenario)
                .whenScenarioStateIs("up")
                .withRequestBody(containing("refundCreate"))
                .withRequestBody(containing("gid://shopify/Order/" + id + "\""))
                .willReturn(okJson(refundCreated("gid://shopify/Refund/" + id))));
        String caseId = cancelledShopifyOrder(id);
        String instanceId = instance(caseId);

        Job failed = awaitFailedJob(instanceId);
        management.executeJob(failed.getId()); // the retry, now rather than in 10 s

        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("refunds")).hasSize(1);
        List<LoggedRequest> sent = refundCreates(id);
        assertThat(sent).hasSize(2);
        assertThat(sent)
                .allSatisfy(r ->
                        assertThat(variables(r).get("idempotencyKey").asText()).isEqualTo(caseId + ":CANCELLATION"));
    }

    @Test
    void shopifyRefusesTheRefund_retriedThenAnIncidentWithShopifysText_noLedgerLine() {
        long id = newShopifyOrderId();
        SHOPIFY_ADMIN.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL))
                .withRequestBody(containing("refundCreate"))
                .withRequestBody(containing("gid://shopify/Order/" + id + "\""))
                .willReturn(okJson("""
                        {"data": {"refundCreate": {"refund": null, "userErrors": [{"field": ["transactions", "0", "amount"],
                         "message": "Refund amount exceeds the refundable amount"}]}}}""")));
        String caseId = cancelledShopifyOrder(id);
        String instanceId = instance(caseId);
        awaitFailedJob(instanceId);

        for (int attempt = 0; attempt < 10; attempt++) {
            Job job = management
                    .createJobQuery()
                    .processInstanceId(instanceId)
                    .activityId("Task_RefundCancelledOrder")
                    .withException()
                    .singleResult();
            if (job == null || job.getRetries() == 0) break;
            try {
                management.executeJob(job.getId());
            } catch (RuntimeException expected) {
                // Shopify refused again
            }
        }

        Incident incident =
                runtime.createIncidentQuery().processInstanceId(instanceId).singleResult();
        assertThat(incident).as("an incident on the case's process").isNotNull();
        assertThat(incident.getIncidentMessage()).contains("Refund amount exceeds the refundable amount");
        assertThat(ledger.find(caseId, "CANCELLATION")).isEmpty();
    }

    private String instance(String caseId) {
        return runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(caseId)
                .singleResult()
                .getId();
    }

    /** The refund step's job after the job executor's first, failed try. */
    private Job awaitFailedJob(String instanceId) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            Job job = management
                    .createJobQuery()
                    .processInstanceId(instanceId)
                    .activityId("Task_RefundCancelledOrder")
                    .withException()
                    .singleResult();
            if (job != null) return job;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the refund step did not fail within 30 s");
    }
}
