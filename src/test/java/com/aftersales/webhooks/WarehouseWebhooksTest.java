package com.aftersales.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.api.ApiClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The warehouse over HTTP (webhooks/HttpWarehouse against a WireMock server) and its signed callback
 * (POST /webhooks/warehouse): R-CAN-1, a paid order cancelled before it ships.
 */
class WarehouseWebhooksTest extends WebhookTestSupport {

    @Autowired
    ManagementService management;

    @Autowired
    RuntimeService runtime;

    private String paidOrder() {
        String orderId = "W-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response order =
                api.call("PUT", "/api/orders/" + orderId, "shop", ApiClient.orderJson(orderId, "PAID", "25.00", null));
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        return orderId;
    }

    private String cancellation(String orderId) {
        ApiClient.Response opened = api.call(
                "POST",
                "/api/cases",
                "shop",
                "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Wrong colour\"}",
                "Idempotency-Key",
                newId());
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return opened.json().get("caseId").asText();
    }

    private ApiClient.Response callback(String deliveryId, String caseId, String status) {
        return signed(
                "/webhooks/warehouse",
                "X-Aftersales-Hmac-Sha256",
                WAREHOUSE_SECRET,
                "{\"deliveryId\": \"" + deliveryId + "\", \"caseId\": \"" + caseId + "\", \"status\": \"" + status
                        + "\"}");
    }

    private List<LoggedRequest> requestsFor(String orderId) {
        return WAREHOUSE.findAll(postRequestedFor(urlEqualTo("/warehouse/requests"))
                .withRequestBody(matchingJsonPath("$.orderId", equalTo(orderId))));
    }

    @Test
    void rCan1_stopShipmentPostedSigned_warehouseCallbackStopped_orderCancelledAndRefundedOnce() {
        String orderId = paidOrder();
        WAREHOUSE.stubFor(post(urlEqualTo("/warehouse/requests"))
                .withRequestBody(matchingJsonPath("$.orderId", equalTo(orderId)))
                .willReturn(aResponse().withStatus(202)));
        String caseId = cancellation(orderId);
        api.awaitCase(caseId, v -> v.get("timeline").toString().contains("Warehouse asked to stop the shipment"));

        List<LoggedRequest> sent = requestsFor(orderId);
        assertThat(sent).hasSize(1);
        LoggedRequest request = sent.get(0);
        assertThat(request.getHeader("X-Aftersales-Hmac-Sha256"))
                .as("the body's signature with the warehouse secret")
                .isEqualTo(Signatures.sign(WAREHOUSE_SECRET, request.getBody()));
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo(caseId + ":WAREHOUSE_STOP_SHIPMENT");
        assertThat(request.getBodyAsString())
                .contains("\"kind\":\"WAREHOUSE_STOP_SHIPMENT\"", "\"caseId\":\"" + caseId + "\"", "CASE-" + orderId);

        String deliveryId = newId();
        ApiClient.Response stopped = callback(deliveryId, caseId, "SHIPMENT_STOPPED");
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(202);
        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("resolution").asText()).isEqualTo("CANCELLED");
        assertThat(resolved.get("refunds")).hasSize(1);
        assertThat(resolved.get("refunds").get(0).get("amount").decimalValue()).isEqualByComparingTo("29.99");
        assertThat(api.call("GET", "/api/orders/" + orderId, "shop", null)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("CANCELLED");

        ApiClient.Response again = callback(deliveryId, caseId, "SHIPMENT_STOPPED");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        assertThat(api.call("GET", "/api/cases/" + caseId, "shop", null).json().get("refunds"))
                .hasSize(1);
    }

    @Test
    void callbackWithBadSignature_401_caseStillWaits() {
        String orderId = paidOrder();
        WAREHOUSE.stubFor(post(urlEqualTo("/warehouse/requests"))
                .withRequestBody(matchingJsonPath("$.orderId", equalTo(orderId)))
                .willReturn(aResponse().withStatus(200)));
        String caseId = cancellation(orderId);
        String body = "{\"deliveryId\": \"" + newId() + "\", \"caseId\": \"" + caseId
                + "\", \"status\": \"SHIPMENT_STOPPED\"}";

        ApiClient.Response forged = signed("/webhooks/warehouse", "X-Aftersales-Hmac-Sha256", "guessed", body);

        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.json().get("type").asText()).isEqualTo("urn:after-sales:problem:invalid-signature");
        assertThat(api.call("GET", "/api/cases/" + caseId, "shop", null)
                        .json()
                        .get("status")
                        .asText())
                .isNotIn("RESOLVED", "CLOSED");
        assertThat(callback(newId(), "C-NOSUCHCASE", "SHIPMENT_STOPPED").status())
                .isEqualTo(404);
    }

    /** The warehouse down: the step's job is retried with the same Idempotency-Key, then it is an incident naming the answer. */
    @Test
    void warehouseDown_theStepIsRetried_thenAnIncidentWithTheWarehousesAnswer() {
        String orderId = paidOrder();
        WAREHOUSE.stubFor(post(urlEqualTo("/warehouse/requests"))
                .withRequestBody(matchingJsonPath("$.orderId", equalTo(orderId)))
                .willReturn(aResponse().withStatus(503).withBody("maintenance until 06:00")));
        String caseId = cancellation(orderId);
        String instanceId = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(caseId)
                .singleResult()
                .getId();

        // the job executor tries first; the retries (10 s, 1 min, …) are run here at once
        for (int attempt = 0; attempt < 10; attempt++) {
            Job job = management.createJobQuery().processInstanceId(instanceId).singleResult();
            if (job == null || job.getRetries() == 0) break;
            try {
                management.executeJob(job.getId());
            } catch (RuntimeException expected) {
                // the warehouse answered 503
            }
        }

        Incident incident =
                runtime.createIncidentQuery().processInstanceId(instanceId).singleResult();
        assertThat(incident).as("an incident on the case's process").isNotNull();
        assertThat(incident.getIncidentMessage()).contains("Warehouse answered 503", "maintenance until 06:00");
        List<LoggedRequest> sent = requestsFor(orderId);
        assertThat(sent).hasSizeGreaterThanOrEqualTo(5);
        assertThat(sent)
                .allSatisfy(
                        r -> assertThat(r.getHeader("Idempotency-Key")).isEqualTo(caseId + ":WAREHOUSE_STOP_SHIPMENT"));
        JsonNode view = api.call("GET", "/api/cases/" + caseId, "shop", null).json();
        assertThat(view.get("timeline").toString()).doesNotContain("Warehouse asked to stop the shipment");
    }
}
