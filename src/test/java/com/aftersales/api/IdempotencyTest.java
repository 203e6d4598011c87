package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Finding 6 of issue 11: an Idempotency-Key never answers 500. Parallel requests with one key: one
 * runs, the others get 409 with Retry-After (or the replay once it finished). A request that died in
 * flight (the app was killed) leaves its key as a crash leaves it: claimed, with or without the
 * business commit. Its retry gets 409 while it may still run, then the real answer, and never runs twice.
 */
class IdempotencyTest extends ApiTestSupport {

    private static final String PROBLEM = "application/problem+json";

    @Autowired
    JdbcTemplate jdbc;
    /** After this long a claimed key whose request produced nothing counts as dead (application.yaml). */
    @Value("${aftersales.idempotency-in-flight-timeout}")
    Duration inFlightTimeout;

    @Test
    void finding6_tenParallelOpensWithOneKey_oneCase_one201OrItsReplays_rest409WithRetryAfter_none500()
            throws Exception {
        String orderId = newOrder("PAID", "25.00", null);
        String body = cancellation(orderId);
        String key = "parallel-" + orderId;

        List<ApiClient.Response> answers =
                atOnce(10, () -> api.call("POST", "/api/cases", "shop", body, "Idempotency-Key", key));

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.body()).isIn(201, 409));
        List<ApiClient.Response> created =
                answers.stream().filter(r -> r.status() == 201).toList();
        assertThat(created).isNotEmpty();
        assertThat(created.stream().filter(r -> !r.replayed()))
                .as("the request ran once")
                .hasSize(1);
        String caseId = created.get(0).json().get("caseId").asText();
        assertThat(created)
                .allSatisfy(r -> assertThat(r.json().get("caseId").asText()).isEqualTo(caseId));
        assertThat(answers.stream().filter(r -> r.status() == 409)).allSatisfy(this::assertInFlight);
        assertThat(casesOf(orderId)).isEqualTo(1);

        ApiClient.Response later = api.call("POST", "/api/cases", "shop", body, "Idempotency-Key", key);
        assertThat(later.status()).isEqualTo(201);
        assertThat(later.replayed()).isTrue();
        assertThat(later.json().get("caseId").asText()).isEqualTo(caseId);
    }

    @Test
    void finding6_openDiedBeforeItsBusinessCommit_retryIs409WhileItMayRun_thenRunsIt_oneCase() {
        String orderId = newOrder("PAID", "25.00", null);
        String body = cancellation(orderId);
        String key = "died-before-commit-" + orderId;
        // as a kill -9 leaves it: the key was claimed (committed before the request ran), nothing else
        claimedAsACrashLeavesIt(key, "/api/cases", body, Instant.now());

        ApiClient.Response early = api.call("POST", "/api/cases", "shop", body, "Idempotency-Key", key);
        assertInFlight(early);
        assertThat(casesOf(orderId)).isZero();

        // the first request never comes back: once its claim is older than the in-flight timeout, the retry runs it
        backdateClaim(key);
        ApiClient.Response retried = api.call("POST", "/api/cases", "shop", body, "Idempotency-Key", key);
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        String caseId = retried.json().get("caseId").asText();
        assertThat(retried.location()).isEqualTo("/api/cases/" + caseId);

        ApiClient.Response again = api.call("POST", "/api/cases", "shop", body, "Idempotency-Key", key);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.replayed()).isTrue();
        assertThat(again.json().get("caseId").asText()).isEqualTo(caseId);
        assertThat(casesOf(orderId)).isEqualTo(1);
    }

    @Test
    void finding6_openDiedAfterItsBusinessCommit_beforeItsAnswerWasKept_retryAnswersWithTheCaseItOpened_noSecondCase() {
        String orderId = newOrder("PAID", "25.00", null);
        String body = cancellation(orderId);
        String key = "died-after-commit-" + orderId;
        ApiClient.Response first = api.call("POST", "/api/cases", "shop", body, "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(201);
        String caseId = first.json().get("caseId").asText();
        // as a kill -9 between the business commit and storing the answer leaves it, a moment ago
        forgetTheAnswer(key);

        ApiClient.Response retried = api.call("POST", "/api/cases", "shop", body, "Idempotency-Key", key);

        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(retried.replayed())
                .as("answered from the case the request opened, not run again")
                .isTrue();
        assertThat(retried.location()).isEqualTo("/api/cases/" + caseId);
        assertThat(retried.json().get("caseId").asText()).isEqualTo(caseId);
        assertThat(retried.json().get("orderId").asText()).isEqualTo(orderId);
        assertThat(casesOf(orderId)).isEqualTo(1);
        ApiClient.Response again = api.call("POST", "/api/cases", "shop", body, "Idempotency-Key", key);
        assertThat(again.replayed()).isTrue();
        assertThat(again.body()).isEqualTo(retried.body());
    }

    @Test
    void finding6_eventDiedAfterItsBusinessCommit_retryIs202_deliveredOnce_oneRefund() {
        String orderId = newOrder("PAID", "25.00", null);
        String caseId = openCaseId(cancellation(orderId));
        String event = "{\"type\": \"WAREHOUSE_UPDATE\", \"status\": \"SHIPMENT_STOPPED\"}";
        String key = "event-died-after-commit-" + caseId;
        assertThat(api.call("POST", "/api/cases/" + caseId + "/events", "shop", event, "Idempotency-Key", key)
                        .status())
                .isEqualTo(202);
        forgetTheAnswer(key);

        ApiClient.Response retried =
                api.call("POST", "/api/cases/" + caseId + "/events", "shop", event, "Idempotency-Key", key);

        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(retried.replayed()).isTrue();
        assertThat(retried.json().get("event").asText()).isEqualTo("WAREHOUSE_UPDATE");
        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("refunds")).hasSize(1);
        assertThat(resolved.get("refundedTotal").decimalValue()).isEqualByComparingTo("29.99");
        assertThat(resolved.get("timeline").findValuesAsText("what").stream()
                        .filter(what -> what.startsWith("Event WAREHOUSE_UPDATE received")))
                .hasSize(1);
    }

    @Test
    void finding6_eventDiedBeforeItsBusinessCommit_retryAfterTheTimeoutDeliversIt_once() {
        String orderId = newOrder("PAID", "25.00", null);
        String caseId = openCaseId(cancellation(orderId));
        String path = "/api/cases/" + caseId + "/events";
        String event = "{\"type\": \"WAREHOUSE_UPDATE\", \"status\": \"SHIPMENT_STOPPED\"}";
        String key = "event-died-before-commit-" + caseId;
        claimedAsACrashLeavesIt(
                key, path, event, Instant.now().minus(inFlightTimeout).minusSeconds(1));

        ApiClient.Response retried = api.call("POST", path, "shop", event, "Idempotency-Key", key);

        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(retried.replayed()).isFalse();
        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("refunds")).hasSize(1);
        assertThat(api.call("POST", path, "shop", event, "Idempotency-Key", key).replayed())
                .isTrue();
    }

    @Test
    void finding6_keyReusedForAnotherBodyWhileTheFirstIsInFlight_is422() {
        String orderId = newOrder("PAID", "25.00", null);
        String key = "reused-in-flight-" + orderId;
        claimedAsACrashLeavesIt(key, "/api/cases", cancellation(orderId), Instant.now());

        ApiClient.Response other = api.call(
                "POST",
                "/api/cases",
                "shop",
                cancellation(orderId).replace("Ordered twice", "Other"),
                "Idempotency-Key",
                key);

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.contentType()).startsWith(PROBLEM);
        assertThat(casesOf(orderId)).isZero();
    }

    // ---------------------------------------------------------------------------------------------

    private void assertInFlight(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(409);
        assertThat(response.contentType()).startsWith(PROBLEM);
        assertThat(response.json().get("type").asText()).endsWith("idempotency-key-in-use");
        assertThat(response.header("Retry-After")).as("Retry-After").isNotNull();
        assertThat(Integer.parseInt(response.header("Retry-After"))).isBetween(1, 5);
    }

    private static String cancellation(String orderId) {
        return "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Ordered twice\"}";
    }

    private long casesOf(String orderId) {
        return api.call("GET", "/api/cases?orderId=" + orderId, "shop", null)
                .json()
                .get("total")
                .asLong();
    }

    /** The row a request leaves when the app dies after claiming its key and before its business transaction commits. */
    private void claimedAsACrashLeavesIt(String key, String path, String body, Instant claimedAt) {
        jdbc.update(
                """
                insert into idempotent_request (caller, request_key, method, path, body_hash, status, created_at, attempt, claimed_at)
                values ('shop', ?, 'POST', ?, ?, 0, ?, 1, ?)""",
                key,
                path,
                sha256("POST " + path + "\n" + body),
                Timestamp.from(claimedAt),
                Timestamp.from(claimedAt));
    }

    private void backdateClaim(String key) {
        jdbc.update(
                "update idempotent_request set claimed_at = ? where caller = 'shop' and request_key = ?",
                Timestamp.from(Instant.now().minus(inFlightTimeout).minusSeconds(1)),
                key);
    }

    /** The row a request leaves when the app dies after its business transaction committed, before the answer was kept. */
    private void forgetTheAnswer(String key) {
        int rows = jdbc.update("""
                update idempotent_request set status = 0, content_type = null, location = null, response_body = null
                where caller = 'shop' and request_key = ? and outcome is not null""", key);
        assertThat(rows)
                .as("the business transaction recorded what the request produced")
                .isEqualTo(1);
    }

    static <T> List<T> atOnce(int n, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = IntStream.range(0, n)
                    .mapToObj(i -> pool.submit(() -> {
                        start.await();
                        return call.call();
                    }))
                    .toList();
            start.countDown();
            List<T> results = new java.util.ArrayList<>();
            for (Future<T> f : futures) results.add(f.get());
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
