package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 12: an error after an accepted event becomes an incident in Cockpit naming the case, not a 500 to
 * the shop, and the case goes on once the process owner deploys a fix and retries the job.
 */
class EventIncidentTest extends ApiTestSupport {

    @Autowired
    ManagementService management;

    private static String platformRulingTable() {
        try {
            return Files.readString(Path.of("bpmn/platform-ruling.dmn"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a process owner may well deploy: a second rule for GRANTED_SELLER_FUNDED in a UNIQUE table. It parses
     * and passes the deploy check; it fails only when a ruling of that kind is evaluated.
     */
    private static String tableWithOverlappingRules() {
        String table = platformRulingTable();
        int rule = table.indexOf("<rule id=\"Rule_GrantedSellerFunded\">");
        String copy = table.substring(rule, table.indexOf("</rule>", rule) + "</rule>".length())
                .replace("id=\"", "id=\"Copy_");
        return table.substring(0, rule) + copy + "\n      " + table.substring(rule);
    }

    @Test
    void rEsc3_aTableThatFailsAfterThePlatformRuling_eventAccepted202_incidentOnTheCase_fixedTableAndRetry_caseGoesOn()
            throws Exception {
        String orderId = newOrder("DELIVERED", "25.00", """
                {"carrier": "DHL", "trackingNumber": "JD79", "deliveredAt": "2026-11-28T10:00:00Z"}""");
        String caseId =
                openCaseId("{\"orderId\": \"" + orderId + "\", \"type\": \"DAMAGED\", \"description\": \"Broken\"}");
        api.awaitCase(caseId, v -> "WAITING_FOR_BUYER".equals(v.get("status").asText()));
        event(caseId, "{\"type\": \"BUYER_ESCALATED\", \"platformCaseId\": \"AZ-4711\"}");
        api.awaitCase(caseId, v -> v.get("openTasks").size() == 1);
        agentSubmits(
                caseId,
                "RespondToPlatform",
                "{\"platformResponse\": {\"value\": \"Photos asked for twice, none came\"}}");
        api.awaitCase(caseId, v -> v.get("openTasks").isEmpty());

        try {
            ApiClient.Response broken = deployAsModeler(
                    "owner", "platform ruling", Map.of("platform-ruling.dmn", tableWithOverlappingRules()));
            assertThat(broken.status()).as(broken.body()).isEqualTo(200);

            // the shop's event is accepted; what follows it fails in the job after the event
            event(caseId, "{\"type\": \"PLATFORM_RULING\", \"outcome\": \"GRANTED_SELLER_FUNDED\"}");
            JsonNode job = awaitFailedJob(caseId);
            // the job executor retries along the engine's retry cycle (10 s, 1 min, … 2 h); here time runs fast
            while (management
                            .createJobQuery()
                            .jobId(job.get("id").asText())
                            .singleResult()
                            .getRetries()
                    > 0) {
                assertThatThrownBy(() -> management.executeJob(job.get("id").asText()))
                        .hasMessageContaining("UNIQUE");
            }

            // Cockpit (the owner's view over /engine-rest): one incident, on the process instance of the case
            JsonNode incidents = api.call(
                            "GET",
                            "/engine-rest/incident?processInstanceId="
                                    + job.get("processInstanceId").asText(),
                            "owner",
                            null)
                    .json();
            assertThat(incidents).hasSize(1);
            assertThat(incidents.get(0).get("incidentType").asText()).isEqualTo("failedJob");
            assertThat(incidents.get(0).get("activityId").asText()).isEqualTo("Event_PlatformRuling");
            assertThat(incidents.get(0).get("incidentMessage").asText())
                    .contains("Hit policy 'UNIQUE'", "Rule_GrantedSellerFunded");
            JsonNode instance = api.call(
                            "GET",
                            "/engine-rest/process-instance/"
                                    + job.get("processInstanceId").asText(),
                            "owner",
                            null)
                    .json();
            assertThat(instance.get("businessKey").asText()).isEqualTo(caseId);
            JsonNode stuck =
                    api.call("GET", "/api/cases/" + caseId, "shop", null).json();
            assertThat(stuck.get("status").asText()).isEqualTo("ESCALATED");
            assertThat(stuck.get("refunds")).isEmpty();

            // the owner deploys the fixed table and retries the job now (without dueDate null it would wait for the
            // due date its last failure set: 2 h, the last interval of the retry cycle)
            ApiClient.Response fixed =
                    deployAsModeler("owner", "platform ruling", Map.of("platform-ruling.dmn", platformRulingTable()));
            assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
            ApiClient.Response retried = api.call(
                    "PUT",
                    "/engine-rest/job/" + job.get("id").asText() + "/retries",
                    "owner",
                    "{\"retries\": 1, \"dueDate\": null}");
            assertThat(retried.status()).as(retried.body()).isEqualTo(204);

            JsonNode resolved =
                    api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
            assertThat(resolved.get("resolution").asText()).isEqualTo("PLATFORM_REFUNDED");
            assertThat(resolved.get("refunds"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.get("purpose").asText()).isEqualTo("PLATFORM_DEBIT"));
            assertThat(api.call(
                                    "GET",
                                    "/engine-rest/incident?processInstanceId="
                                            + job.get("processInstanceId").asText(),
                                    "owner",
                                    null)
                            .json())
                    .isEmpty();
        } finally {
            deployAsModeler("owner", "platform ruling", Map.of("platform-ruling.dmn", platformRulingTable()));
        }
    }

    /** The case's job that has failed once (its exception message set), as the owner sees it over /engine-rest. */
    private JsonNode awaitFailedJob(String caseId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            for (JsonNode instance : api.call(
                            "GET", "/engine-rest/process-instance?businessKey=" + caseId, "owner", null)
                    .json()) {
                for (JsonNode job : api.call(
                                "GET",
                                "/engine-rest/job?processInstanceId="
                                        + instance.get("id").asText(),
                                "owner",
                                null)
                        .json()) {
                    if (!job.get("exceptionMessage").isNull()) return job;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no failed job for case " + caseId);
    }
}
