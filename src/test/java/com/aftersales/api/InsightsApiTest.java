package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 14, R-CARE-4: {@code GET /api/insights} over HTTP. A known set of cases in March 2025 (orders over /api, the
 * cases as the flows write them: the case record, ledger, keep offers, SLA breaches, shipping requests), every figure
 * checked against what was counted by hand; who may read them; bad input; and that the flows themselves record what
 * the figures count (resolved, a person's task, the SKU).
 */
class InsightsApiTest extends ApiTestSupport {

    private static final String PROBLEM = "application/problem+json";
    private static final String PERIOD = "/api/insights?from=2025-03-03&to=2025-03-16";

    @Autowired
    JdbcTemplate jdbc;

    private static InsightsSeed seed;

    @BeforeEach
    void seed() {
        if (seed == null) seed = InsightsSeed.march(jdbc, api, 2025);
    }

    @Test
    void insights_everyFigureOfThePeriod_asCountedByHand() {
        ApiClient.Response response = api.call("GET", PERIOD, "owner", null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode r = exact(response);
        assertThat(r.get("from").asText()).isEqualTo("2025-03-03");
        assertThat(r.get("to").asText()).isEqualTo("2025-03-16");

        // opened by the day they opened, resolved by the day they were resolved (C8: opened before, resolved in W10)
        assertThat(rows(r.get("casesPerWeek"), "week", "caseType", "opened", "resolved"))
                .containsExactly(
                        "2025-W10 DAMAGED 3 3",
                        "2025-W11 CANCELLATION 1 1",
                        "2025-W11 DAMAGED 0 1",
                        "2025-W11 NOT_AS_DESCRIBED 1 1",
                        "2025-W11 QUALITY_DEFECT 1 1",
                        "2025-W11 WRONG_OR_MISSING_ITEM 1 0");
        // DAMAGED resolved in the period: 12, 24, 144, 312 h: median (24 + 144) / 2, p90 144 + 0.7 * (312 - 144)
        assertThat(rows(r.get("timeToResolve"), "caseType", "resolved", "medianHours", "p90Hours"))
                .containsExactly(
                        "CANCELLATION 1 1.0 1.0",
                        "DAMAGED 4 84.0 261.6",
                        "NOT_AS_DESCRIBED 1 48.0 48.0",
                        "QUALITY_DEFECT 1 48.0 48.0");

        JsonNode money = r.get("money");
        assertThat(rows(money.get("refundsByRule"), "purpose", "ruleId", "currency", "count", "amount"))
                .as("refunds paid to buyers, not the platform's debit; C8 and C9 opened outside the period")
                .containsExactly(
                        "DAMAGED R-DMG-3 EUR 2 50.00",
                        "CANCELLATION R-CAN-1 USD 1 40.00",
                        "KEEP_OFFER R-GEN-7 EUR 1 15.00");
        assertThat(rows(money.get("refundsBySku"), "sku", "currency", "count", "amount"))
                .containsExactly(
                        seed.sku("LAMP") + " EUR 2 45.00",
                        seed.sku("SHIRT") + " USD 1 40.00",
                        seed.sku("MUG") + " EUR 1 20.00");
        assertThat(rows(money.get("refundsByPlatform"), "platform", "currency", "count", "amount"))
                .containsExactly("AMAZON EUR 1 20.00", "EBAY EUR 2 45.00", "SHOP USD 1 40.00");
        assertThat(money.get("reships").asLong()).isEqualTo(1);
        assertThat(rows(money.get("keepOffers"), "currency", "offered", "offeredAmount", "paid", "paidAmount"))
                .containsExactly("EUR 1 15.00 1 15.00", "USD 1 8.00 0 0.00");
        assertThat(rows(money.get("platformDebits"), "escalationOutcome", "currency", "count", "amount"))
                .containsExactly("GRANTED_SELLER_FUNDED USD 1 25.00");

        JsonNode skus = r.get("topSkus");
        assertThat(rows(skus, "caseType"))
                .containsExactly("DAMAGED", "QUALITY_DEFECT", "NOT_AS_DESCRIBED", "WRONG_OR_MISSING_ITEM");
        assertThat(rows(skus.get(0).get("skus"), "sku", "cases"))
                .containsExactly(seed.sku("MUG") + " 2", seed.sku("LAMP") + " 1");
        assertThat(rows(skus.get(1).get("skus"), "sku", "cases")).containsExactly(seed.sku("LAMP") + " 1");
        assertThat(rows(skus.get(2).get("skus"), "sku", "cases")).containsExactly(seed.sku("SHIRT") + " 1");
        assertThat(rows(skus.get(3).get("skus"), "sku", "cases")).containsExactly(seed.sku("MUG") + " 1");

        // 7 cases opened in the period; R-SLA-1: C4 twice and C6, R-SLA-3: C1
        assertThat(rows(r.get("slaBreaches"), "slaRuleId", "breaches", "casesWithBreach", "cases", "rate"))
                .containsExactly("R-SLA-1 3 2 7 0.2857", "R-SLA-3 1 1 7 0.1429");
        assertThat(rows(r.get("platforms"), "platform", "cases", "escalations", "orderDefects"))
                .containsExactly("AMAZON 3 1 0", "EBAY 2 0 0", "SHOP 2 1 1");
        // resolved of the period's cases: C1-C5, C7; no person on C2 and C7; C3 reopened
        assertThat(rows(r, "resolvedWithoutPerson")).containsExactly("{\"of\":6,\"count\":2,\"share\":0.3333}");
        assertThat(rows(r, "reopenedAfterFollowUp")).containsExactly("{\"of\":6,\"count\":1,\"share\":0.1667}");
        assertThat(r.get("carrierClaims").get("filed").asLong()).isEqualTo(1);
        assertThat(rows(r.get("carrierClaims").get("refundedOnClaimedCases"), "currency", "count", "amount"))
                .containsExactly("EUR 1 20.00");
    }

    @Test
    void insights_filteredByPlatformAndCaseType_countOnlyThoseCases() {
        ApiClient.Response response = api.call("GET", PERIOD + "&platform=AMAZON&caseType=DAMAGED", "lead", null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode r = exact(response);
        assertThat(r.get("platform").asText()).isEqualTo("AMAZON");
        assertThat(r.get("caseType").asText()).isEqualTo("DAMAGED");
        assertThat(rows(r.get("casesPerWeek"), "week", "caseType", "opened", "resolved"))
                .containsExactly("2025-W10 DAMAGED 2 3");
        // 12, 24, 312 h: p90 24 + 0.8 * (312 - 24)
        assertThat(rows(r.get("timeToResolve"), "caseType", "resolved", "medianHours", "p90Hours"))
                .containsExactly("DAMAGED 3 24.0 254.4");
        assertThat(rows(r.get("money").get("refundsByRule"), "purpose", "ruleId", "currency", "count", "amount"))
                .containsExactly("DAMAGED R-DMG-3 EUR 1 20.00");
        assertThat(r.get("money").get("reships").asLong()).isEqualTo(1);
        assertThat(r.get("money").get("keepOffers")).isEmpty();
        assertThat(r.get("money").get("platformDebits")).isEmpty();
        assertThat(rows(r.get("topSkus"), "caseType")).containsExactly("DAMAGED");
        assertThat(rows(r.get("topSkus").get(0).get("skus"), "sku", "cases")).containsExactly(seed.sku("MUG") + " 2");
        assertThat(rows(r.get("slaBreaches"), "slaRuleId", "breaches", "casesWithBreach", "cases", "rate"))
                .containsExactly("R-SLA-3 1 1 2 0.5");
        assertThat(rows(r.get("platforms"), "platform", "cases", "escalations", "orderDefects"))
                .containsExactly("AMAZON 2 0 0");
        assertThat(rows(r, "resolvedWithoutPerson")).containsExactly("{\"of\":2,\"count\":1,\"share\":0.5}");
        assertThat(rows(r, "reopenedAfterFollowUp")).containsExactly("{\"of\":2,\"count\":0,\"share\":0.0}");
        assertThat(r.get("carrierClaims").get("filed").asLong()).isEqualTo(1);
    }

    @Test
    void insights_ownersLeadsAdmin200_agentShopAndApiToken403_anonymous401() {
        for (String user : new String[] {"owner", "lead", "demo"}) {
            assertThat(api.call("GET", PERIOD, user, null).status()).as(user).isEqualTo(200);
        }
        for (String user : new String[] {"agent", "shop"}) {
            ApiClient.Response refused = api.call("GET", PERIOD, user, null);
            assertThat(refused.status()).as(user).isEqualTo(403);
            assertThat(refused.contentType()).startsWith(PROBLEM);
            assertThat(refused.body()).doesNotContain("refundsByRule");
        }
        ApiClient.Response token = api.call(
                "POST",
                "/api/admin/api-tokens",
                "demo",
                "{\"name\": \"bi-" + UUID.randomUUID().toString().substring(0, 8) + "\", \"scopes\": [\"read\"]}");
        assertThat(token.status()).as(token.body()).isEqualTo(201);
        ApiClient.Response byToken = api.call(
                "GET",
                PERIOD,
                null,
                null,
                "Authorization",
                "Bearer " + token.json().get("token").asText());
        assertThat(byToken.status()).isEqualTo(403);
        assertThat(byToken.contentType()).startsWith(PROBLEM);
        ApiClient.Response anonymous = api.call("GET", PERIOD, null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith(PROBLEM);
    }

    @Test
    void insightsPage_forOwnersAndLeads_theWebapps403PageForAgentsAndShop() {
        for (String user : new String[] {"owner", "lead"}) {
            ApiClient.Response page = api.call("GET", "/insights", user, null, "Accept", "text/html");
            assertThat(page.status()).as(user).isEqualTo(200);
            assertThat(page.body())
                    .contains("After-sales insights", "/insights-page/insights.js", "href=\"/insights/simulation\"");
        }
        for (String user : new String[] {"agent", "shop"}) {
            ApiClient.Response page = api.call("GET", "/insights", user, null, "Accept", "text/html");
            assertThat(page.status()).as(user).isEqualTo(403);
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(page.body()).contains("Insights are for process owners and team leads");
        }
        assertThat(api.call("GET", "/insights", null, null, "Accept", "text/html")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void insights_badInput_400ProblemNamingTheField() {
        Map<String, String> bad = Map.of(
                "/api/insights?from=2025-13-01&to=2025-03-16",
                "from",
                "/api/insights?from=2025-03-03&to=yesterday",
                "to",
                "/api/insights?from=2025-03-17&to=2025-03-16",
                "from",
                "/api/insights?from=2020-01-01&to=2025-03-16",
                "to",
                PERIOD + "&platform=MARS",
                "platform",
                PERIOD + "&caseType=BROKEN",
                "caseType");
        bad.forEach((path, field) -> {
            ApiClient.Response response = api.call("GET", path, "owner", null);
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.contentType()).as(path).startsWith(PROBLEM);
            assertThat(response.body()).as(path).contains(field);
        });
    }

    /**
     * The flows record what the figures count: the SKU, the order's platform and currency (the insights read no order),
     * when the case was resolved, whether a person had a task.
     */
    @Test
    void flows_recordSkuPlatformCurrencyResolvedAtAndAPersonsTask() {
        String withoutPerson = openCaseId("{\"orderId\": \"" + newOrder("PAID", "25.00", null)
                + "\", \"type\": \"CANCELLATION\", \"description\": \"Ordered twice\"}");
        event(withoutPerson, "{\"type\": \"WAREHOUSE_UPDATE\", \"status\": \"SHIPMENT_STOPPED\"}");
        api.awaitCase(withoutPerson, v -> "RESOLVED".equals(v.get("status").asText()));
        String shipped = newOrder(
                "SHIPPED", "40.00", "{\"carrier\": \"DHL\", \"trackingNumber\": \"JD78\", \"handedToCarrier\": false}");
        String withPerson = openCaseId(
                "{\"orderId\": \"" + shipped + "\", \"type\": \"CANCELLATION\", \"description\": \"Ordered twice\"}");
        api.awaitCase(withPerson, v -> hasTask(v, "Task_ConfirmCancellationWithBuyer"));

        Map<String, Object> resolved = jdbc.queryForMap(
                "select c.sku, c.platform, c.currency, c.resolved_at, c.person_task_at, o.order_id,"
                        + " o.platform as order_platform, o.currency as order_currency from after_sales_case c"
                        + " join sales_order o on o.order_id = c.order_id where c.case_id = ?",
                withoutPerson);
        assertThat(resolved.get("sku")).isEqualTo("CASE-" + resolved.get("order_id"));
        assertThat(resolved.get("platform")).isEqualTo("AMAZON").isEqualTo(resolved.get("order_platform"));
        assertThat(resolved.get("currency")).isEqualTo("USD").isEqualTo(resolved.get("order_currency"));
        assertThat(resolved.get("resolved_at")).isNotNull();
        assertThat(resolved.get("person_task_at"))
                .as("resolved without a person")
                .isNull();
        Map<String, Object> open = jdbc.queryForMap(
                "select resolved_at, person_task_at from after_sales_case where case_id = ?", withPerson);
        assertThat(open.get("resolved_at")).isNull();
        assertThat(open.get("person_task_at")).as("the agent's task").isNotNull();
    }

    /** The answer with its numbers as sent (50.00 stays 50.00). */
    private static JsonNode exact(ApiClient.Response response) {
        try {
            return new ObjectMapper()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                    .readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError(response.body(), e);
        }
    }

    /** Each element as its fields' values joined by spaces (the element itself as JSON when no field is named, r.get(field)). */
    private static List<String> rows(JsonNode array, String... fields) {
        if (fields.length == 1 && array.isObject() && array.get(fields[0]).isObject()) {
            return List.of(array.get(fields[0]).toString());
        }
        List<String> rows = new ArrayList<>();
        array.forEach(row -> {
            StringBuilder line = new StringBuilder();
            for (String field : fields) {
                if (line.length() > 0) line.append(' ');
                line.append(row.get(field).asText());
            }
            rows.add(line.toString());
        });
        return rows;
    }
}
