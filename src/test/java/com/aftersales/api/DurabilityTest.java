package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 11, "acknowledged means durable": an event is taken once however often it is sent at the same
 * moment (finding 7), and the jobs a dead node had locked are run by the living within 60 s (finding 5).
 * That a kill -9 loses nothing acknowledged is shown by {@code bench/crash.sh} (H2 and PostgreSQL, in CI).
 */
class DurabilityTest extends ApiTestSupport {

    private static final String LATEST = LocalDate.now().plusDays(5).toString();

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ManagementService management;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ProcessEngine engine;

    /** The race is a matter of milliseconds: four cases, ten events at once to each. */
    @Test
    void finding7_tenIdenticalBuyerChoicesAtOnce_one202_nine409_none500_oneRefund() throws Exception {
        List<String> caseIds = new ArrayList<>();
        for (int i = 0; i < 4; i++) caseIds.add(lostParcelCase());
        for (String caseId : caseIds) {
            api.awaitCase(caseId, v -> v.get("messages").size() == 1);
            event(caseId, "{\"type\": \"CARRIER_UPDATE\", \"trackingState\": \"LOST\"}");
        }
        for (String caseId : caseIds) {
            api.awaitCase(
                    caseId, v -> "WAITING_FOR_BUYER".equals(v.get("status").asText()));

            List<ApiClient.Response> answers = IdempotencyTest.atOnce(
                    10,
                    () -> api.call(
                            "POST",
                            "/api/cases/" + caseId + "/events",
                            "shop",
                            "{\"type\": \"BUYER_CHOICE\", \"choice\": \"REFUND\"}"));

            assertThat(answers.stream().filter(r -> r.status() == 202))
                    .as(caseId)
                    .hasSize(1);
            List<ApiClient.Response> refused =
                    answers.stream().filter(r -> r.status() != 202).toList();
            assertThat(refused).hasSize(9).allSatisfy(r -> {
                assertThat(r.status()).as(r.body()).isEqualTo(409);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.json().get("type").asText()).matches(".*(event-not-expected|case-busy|case-closed)");
            });
        }
        for (String caseId : caseIds) {
            JsonNode resolved =
                    api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
            assertThat(resolved.get("resolution").asText()).isEqualTo("FULL_REFUND");
            assertThat(resolved.get("refunds")).hasSize(1);
            assertThat(resolved.get("refundedTotal").decimalValue()).isEqualByComparingTo("29.99");
            assertThat(resolved.get("timeline").findValuesAsText("what").stream()
                            .filter(what -> what.startsWith("Event BUYER_CHOICE received")))
                    .hasSize(1);
        }
    }

    /** R-LOST-4: a shipped, uninsured parcel the buyer says never came, 25.00 + 4.99 shipping, one item in stock. */
    private String lostParcelCase() {
        String orderId = newOrder("SHIPPED", "25.00", """
                {"carrier": "UPS", "trackingNumber": "1Z4712", "shippedAt": "2026-11-20T10:00:00Z",
                 "latestDeliveryDate": "%s", "insured": false}""".formatted(LATEST));
        assertThat(api.call("PUT", "/api/stock/CASE-" + orderId, "shop", "{\"available\": 2}")
                        .status())
                .isEqualTo(201);
        return openCaseId("{\"orderId\": \"" + orderId + "\", \"type\": \"NOT_RECEIVED\", \"description\": \"Lost\"}");
    }

    @Test
    void finding5_aJobLockedByANodeThatDied_isRunByTheLivingWithin60s() {
        String orderId = newOrder("PAID", "25.00", null);
        String caseId =
                openCaseId("{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"x\"}");
        event(caseId, "{\"type\": \"WAREHOUSE_UPDATE\", \"status\": \"SHIPMENT_STOPPED\"}");
        api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        // R-CARE-2: the resolved case's follow-up waits 7 days on a timer before it asks the buyer
        Job followUpTimer = awaitFollowUpTimer(caseId);
        long lockTime = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getJobExecutor()
                .getLockTimeInMillis();
        assertThat(lockTime)
                .as("job lock time")
                .isLessThanOrEqualTo(Duration.ofSeconds(50).toMillis());

        // as a node leaves a job it acquired just before it was killed: locked by it for the whole lock time
        Instant killed = Instant.now();
        jdbc.update(
                "update ACT_RU_JOB set LOCK_OWNER_ = 'node-killed', LOCK_EXP_TIME_ = ?, DUEDATE_ = ? where ID_ = ?",
                Timestamp.from(killed.plusMillis(lockTime)),
                Timestamp.from(killed.minusSeconds(1)),
                followUpTimer.getId());

        JsonNode asked = awaitCase(
                caseId, v -> v.get("messages").toString().contains("Are you satisfied"), Duration.ofSeconds(90));
        Duration takenOverAfter = Duration.between(killed, Instant.now());
        assertThat(takenOverAfter)
                .as("the dead node's job ran after " + takenOverAfter)
                .isLessThan(Duration.ofSeconds(60));
        assertThat(asked.get("messages").toString()).contains("Are you satisfied");
    }

    private Job awaitFollowUpTimer(String caseId) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            var followUp = runtime.createProcessInstanceQuery()
                    .processInstanceBusinessKey(caseId)
                    .processDefinitionKey("Process_CaseFollowUp")
                    .singleResult();
            if (followUp != null) {
                Job timer = management
                        .createJobQuery()
                        .processInstanceId(followUp.getId())
                        .timers()
                        .singleResult();
                if (timer != null) return timer;
            }
            sleep(100);
        }
        throw new AssertionError("no follow-up timer for " + caseId);
    }

    private JsonNode awaitCase(String caseId, java.util.function.Predicate<JsonNode> until, Duration atMost) {
        long deadline = System.currentTimeMillis() + atMost.toMillis();
        JsonNode view = null;
        while (System.currentTimeMillis() < deadline) {
            view = api.call("GET", "/api/cases/" + caseId, "shop", null).json();
            if (until.test(view)) return view;
            sleep(250);
        }
        throw new AssertionError("Case " + caseId + " did not get there in " + atMost + "; last view: " + view);
    }
}
