package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 11, finding 8 (credentials strangers cannot lock) and the 401 of finding 12, over HTTP. Each
 * caller comes from an address of its own (X-Forwarded-For, trusted in the tests only), so a stranger's
 * failed logins are throttled without touching the other test classes, which call from 127.0.0.1.
 */
class CredentialsTest extends ApiTestSupport {

    private static final AtomicInteger SOURCES = new AtomicInteger();

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void finding8_strangerSendsAWrongPasswordForShopEveryHalfSecond_shopKeepsWorking_isNeverLocked_strangerGets429() {
        String shopHost = newSource();
        String[] strangers = {newSource(), newSource()};
        for (int i = 0; i < 22; i++) {
            long next = System.currentTimeMillis() + 500;
            ApiClient.Response wrong =
                    call(strangers[i % 2], "GET", "/api/cases?size=1", basic("shop", "guess-" + i), null);
            if (i < 20) {
                assertThat(wrong.status()).as("wrong password %d", i + 1).isEqualTo(401);
                assertProblem(wrong, 401);
            } else {
                assertThat(wrong.status())
                        .as("the stranger's 11th try from one address")
                        .isEqualTo(429);
            }
            ApiClient.Response valid = call(shopHost, "GET", "/api/cases?size=1", basic("shop", "shop"), null);
            assertThat(valid.status())
                    .as("shop's call after %d wrong passwords", Math.min(i + 1, 20))
                    .isEqualTo(200);
            sleepUntil(next);
        }

        // 20 wrong passwords reached the engine (Camunda's default locks an account for good after 10): shop still logs
        // in
        // (403, not 401: shop is authenticated, and integrations may call nothing on /engine-rest)
        assertThat(call(newSource(), "GET", "/engine-rest/task", basic("shop", "shop"), null)
                        .status())
                .isEqualTo(403);
        assertThat(api.call("GET", "/api/cases?size=1", "shop", null).status()).isEqualTo(200);

        // the stranger's address is refused, whatever it sends, on every surface, until its window has passed
        for (String stranger : strangers) {
            ApiClient.Response refused = call(stranger, "GET", "/api/cases?size=1", basic("demo", "demo"), null);
            assertProblem(refused, 429);
            assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 300);
            assertThat(call(stranger, "GET", "/engine-rest/task", basic("shop", "shop"), null)
                            .status())
                    .isEqualTo(429);
        }
    }

    @Test
    void finding8_wrongPasswordsOnEverySurface_countForTheirSource_whichGets429Everywhere_otherSourcesNot() {
        String stranger = newSource();
        String agentHost = newSource();
        for (int i = 0; i < 5; i++) {
            assertThat(call(stranger, "GET", "/api/cases", null, null).status())
                    .as("no credentials: not a failed login")
                    .isEqualTo(401);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(call(stranger, "GET", "/api/cases", basic("agent", "guess"), null)
                            .status())
                    .isEqualTo(401);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(call(stranger, "GET", "/engine-rest/task", basic("agent", "guess"), null)
                            .status())
                    .isEqualTo(401);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(WebappSession.login(port, "agent", "guess", "tasklist", "X-Forwarded-For", stranger)
                            .loginStatus())
                    .isEqualTo(401);
        }

        // 10 failed logins: the stranger's address gets 429, with the right password too
        List<ApiClient.Response> refused = new ArrayList<>();
        refused.add(call(stranger, "GET", "/api/cases", basic("agent", "agent"), null));
        refused.add(call(stranger, "GET", "/engine-rest/task", basic("agent", "agent"), null));
        refused.add(call(stranger, "GET", "/actuator/metrics", basic("demo", "demo"), null));
        refused.add(call(stranger, "GET", "/api/cases", "Bearer ast_" + UUID.randomUUID(), null));
        refused.add(WebappSession.login(port, "agent", "agent", "tasklist", "X-Forwarded-For", stranger)
                .loginResponse());
        for (ApiClient.Response response : refused) {
            assertProblem(response, 429);
            assertThat(response.header("Retry-After")).isNotNull();
        }
        assertThat(call(stranger, "GET", "/actuator/health", null, null).status())
                .as("a load balancer's probe")
                .isEqualTo(200);

        // the agent, from their own machine, works on
        assertThat(WebappSession.login(port, "agent", "agent", "tasklist", "X-Forwarded-For", agentHost)
                        .loginStatus())
                .isEqualTo(200);
        assertThat(call(agentHost, "GET", "/engine-rest/task", basic("agent", "agent"), null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void finding8_tokenCreatedByAnAdmin_worksWithinItsScopes_403Outside_onlyOnApi_401OnceRevoked() {
        ApiClient.Response created = api.call(
                "POST",
                "/api/admin/api-tokens",
                "demo",
                "{\"name\": \"carrier-dhl\", \"scopes\": [\"cases:write\", \"read\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        String token = created.json().get("token").asText();
        assertThat(token).startsWith("ast_").hasSizeGreaterThan(40);
        assertThat(created.location()).isEqualTo("/api/admin/api-tokens/" + id);
        assertThat(created.json().get("createdBy").asText()).isEqualTo("demo");
        assertThat(created.json().get("scopes").toString()).isEqualTo("[\"read\",\"cases:write\"]");
        String bearer = "Bearer " + token;
        String carrier = newSource();

        // within its scopes: read, open a case (recorded as opened by the token)
        String orderId = newOrder("PAID", "25.00", null);
        assertThat(call(carrier, "GET", "/api/orders/" + orderId, bearer, null).status())
                .isEqualTo(200);
        ApiClient.Response opened = api.call(
                "POST",
                "/api/cases",
                null,
                "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Ordered twice\"}",
                "Authorization",
                bearer,
                "X-Forwarded-For",
                carrier,
                "Idempotency-Key",
                UUID.randomUUID().toString());
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        assertThat(opened.json().get("timeline").toString()).contains("Case opened by token:carrier-dhl");

        // outside its scopes: 403 naming the scope it lacks; tokens open nothing but /api
        ApiClient.Response noOrders = call(carrier, "PUT", "/api/stock/SKU-" + orderId, bearer, "{\"available\": 3}");
        assertProblem(noOrders, 403);
        assertThat(noOrders.json().get("missingScope").asText()).isEqualTo("orders:write");
        assertThat(noOrders.json().get("detail").asText()).contains("orders:write");
        assertThat(call(carrier, "GET", "/api/stock/SKU-" + orderId, bearer, null)
                        .status())
                .as("nothing stored")
                .isEqualTo(404);
        assertProblem(call(carrier, "GET", "/api/admin/api-tokens", bearer, null), 403);
        assertProblem(call(carrier, "GET", "/engine-rest/task", bearer, null), 401);
        assertProblem(call(carrier, "GET", "/actuator/metrics", bearer, null), 401);

        // listed without its secret, with who created it and its last use; stored as a SHA-256 only
        ApiClient.Response list = api.call("GET", "/api/admin/api-tokens", "demo", null);
        assertThat(list.status()).isEqualTo(200);
        JsonNode listed = entry(list.json(), id);
        assertThat(listed.get("name").asText()).isEqualTo("carrier-dhl");
        assertThat(listed.get("createdBy").asText()).isEqualTo("demo");
        assertThat(listed.get("lastUsedAt").isNull()).isFalse();
        assertThat(listed.has("token")).isFalse();
        assertThat(list.body())
                .doesNotContain(token)
                .doesNotContain(token.substring(4))
                .doesNotContain(sha256(token));
        Map<String, Object> row = jdbc.queryForMap("select * from api_token where id = ?", id);
        assertThat(row.get("token_hash")).isEqualTo(sha256(token));
        assertThat(row.values())
                .noneMatch(value -> value != null && value.toString().contains(token.substring(4)));

        // revoked: refused at once
        assertThat(api.call("DELETE", "/api/admin/api-tokens/" + id, "demo", null)
                        .status())
                .isEqualTo(204);
        ApiClient.Response revoked = call(carrier, "GET", "/api/orders/" + orderId, bearer, null);
        assertProblem(revoked, 401);
        assertThat(revoked.header("WWW-Authenticate")).contains("Bearer").contains("invalid_token");
        JsonNode afterRevocation =
                api.call("GET", "/api/admin/api-tokens/" + id, "demo", null).json();
        assertThat(afterRevocation.get("revokedBy").asText()).isEqualTo("demo");
        assertThat(afterRevocation.get("revokedAt").isNull()).isFalse();
        assertProblem(api.call("DELETE", "/api/admin/api-tokens/" + UUID.randomUUID(), "demo", null), 404);
    }

    @Test
    void finding8_aStrangersWrongTokens_neverAffectTheRightOne() {
        String token = api.call(
                        "POST",
                        "/api/admin/api-tokens",
                        "demo",
                        "{\"name\": \"shop-web\", \"scopes\": [\"read\", \"orders:write\", \"cases:write\"]}")
                .json()
                .get("token")
                .asText();
        String shopHost = newSource();
        String stranger = newSource();
        String nearMiss = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        for (int i = 0; i < 14; i++) {
            String wrong = i % 2 == 0 ? nearMiss : "ast_" + UUID.randomUUID();
            ApiClient.Response refused = call(stranger, "GET", "/api/cases?size=1", "Bearer " + wrong, null);
            assertThat(refused.status()).as("wrong token %d", i + 1).isEqualTo(i < 10 ? 401 : 429);
            ApiClient.Response right = call(shopHost, "GET", "/api/cases?size=1", "Bearer " + token, null);
            assertThat(right.status())
                    .as("the right token after %d wrong ones", i + 1)
                    .isEqualTo(200);
        }
        assertThat(call(
                                shopHost,
                                "PUT",
                                "/api/stock/SKU-" + UUID.randomUUID().toString().substring(0, 8),
                                "Bearer " + token,
                                "{\"available\": 4}")
                        .status())
                .isEqualTo(201);
    }

    @Test
    void finding8_onlyAdminsManageTokens_andARequestForOneIsValidated() {
        for (String user : List.of("shop", "agent", "lead", "owner")) {
            assertProblem(
                    api.call("POST", "/api/admin/api-tokens", user, "{\"name\": \"mine\", \"scopes\": [\"read\"]}"),
                    403);
            assertProblem(api.call("GET", "/api/admin/api-tokens", user, null), 403);
        }
        assertProblem(
                api.call("POST", "/api/admin/api-tokens", null, "{\"name\": \"mine\", \"scopes\": [\"read\"]}"), 401);
        assertThat(jdbc.queryForObject("select count(*) from api_token where name = 'mine'", Integer.class))
                .isZero();

        ApiClient.Response unknownScope = api.call(
                "POST",
                "/api/admin/api-tokens",
                "demo",
                "{\"name\": \"refunder\", \"scopes\": [\"read\", \"refunds:write\"]}");
        assertProblem(unknownScope, 400);
        assertThat(unknownScope.json().get("errors").get(0).get("field").asText())
                .isEqualTo("scopes[1]");
        ApiClient.Response badName =
                api.call("POST", "/api/admin/api-tokens", "demo", "{\"name\": \"a b\", \"scopes\": [\"read\"]}");
        assertProblem(badName, 400);
        assertThat(badName.json().get("errors").get(0).get("field").asText()).isEqualTo("name");
        ApiClient.Response noScopes =
                api.call("POST", "/api/admin/api-tokens", "demo", "{\"name\": \"idle\", \"scopes\": []}");
        assertProblem(noScopes, 400);
        assertThat(noScopes.json().get("errors").get(0).get("field").asText()).isEqualTo("scopes");
        assertThat(jdbc.queryForObject(
                        "select count(*) from api_token where name in ('refunder', 'a b', 'idle')", Integer.class))
                .isZero();
    }

    @Test
    void finding12_every401IsProblemJson_onEverySurface_withItsChallenge() {
        String source = newSource();
        ApiClient.Response api401 = call(source, "GET", "/api/cases", null, null);
        assertProblem(api401, 401);
        assertThat(api401.headers().allValues("WWW-Authenticate"))
                .anyMatch(v -> v.startsWith("Basic"))
                .anyMatch(v -> v.startsWith("Bearer"));
        assertProblem(call(source, "GET", "/api/cases", basic("shop", "wrong"), null), 401);

        for (String auth : new String[] {null, basic("agent", "wrong")}) {
            ApiClient.Response engine401 = call(source, "GET", "/engine-rest/task", auth, null);
            assertProblem(engine401, 401);
            assertThat(engine401.header("WWW-Authenticate")).startsWith("Basic realm=");
        }
        ApiClient.Response actuator401 = call(source, "GET", "/actuator/metrics", null, null);
        assertProblem(actuator401, 401);
        assertThat(actuator401.header("WWW-Authenticate")).startsWith("Basic realm=");

        assertProblem(call(source, "GET", "/camunda/api/engine/engine/default/task", null, null), 401);
        assertProblem(
                call(
                        source,
                        "GET",
                        "/camunda/api/cockpit/plugin/base/default/process-definition/statistics",
                        null,
                        null),
                401);
        assertProblem(
                WebappSession.login(port, "agent", "wrong", "tasklist", "X-Forwarded-For", source)
                        .loginResponse(),
                401);
    }

    /** A new client address (198.18.0.0/15, for tests), as if the caller were another machine. */
    private static String newSource() {
        int n = SOURCES.incrementAndGet();
        return "198.18." + (n / 250) + "." + (n % 250 + 1);
    }

    private ApiClient.Response call(String source, String method, String path, String authorization, String body) {
        List<String> headers = new ArrayList<>(List.of("X-Forwarded-For", source));
        if (authorization != null) headers.addAll(List.of("Authorization", authorization));
        return api.call(method, path, null, body, headers.toArray(String[]::new));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void assertProblem(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("title").asText()).isNotBlank();
    }

    private static JsonNode entry(JsonNode tokens, String id) {
        for (JsonNode token : tokens) {
            if (token.get("id").asText().equals(id)) return token;
        }
        throw new AssertionError("token " + id + " not listed: " + tokens);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleepUntil(long at) {
        try {
            Thread.sleep(Math.max(0, at - System.currentTimeMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
