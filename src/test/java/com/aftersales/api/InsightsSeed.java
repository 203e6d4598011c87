package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Insights (issue 14): a known set of cases in March of a year, for {@link InsightsApiTest} (which counts every figure
 * by hand) and the browser test. Orders over /api; the cases as the flows leave them (the case record, ledger, keep
 * offers, SLA breaches, shipping requests), written directly so that their dates are known. Ids and SKUs carry a run
 * id, so several seeds live in one database.
 */
public final class InsightsSeed {

    private final JdbcTemplate jdbc;
    private final ApiClient api;
    private final int year;
    private final String run = UUID.randomUUID().toString().substring(0, 6);

    private InsightsSeed(JdbcTemplate jdbc, ApiClient api, int year) {
        this.jdbc = jdbc;
        this.api = api;
        this.year = year;
    }

    /**
     * Nine cases, seven opened in the period 2025-03-03..16 (ISO weeks 2025-W10 and W11), C8 opened before it and
     * resolved in it, C9 opened after it:
     *
     * <pre>
     * case type             platform sku   opened       resolved      person money, etc.
     * C1   DAMAGED          AMAZON   MUG   03-03 10:00  03-04 10:00   yes    refund DAMAGED R-DMG-3 20 EUR, claim filed, R-SLA-3 breach
     * C2   DAMAGED          AMAZON   MUG   03-04 10:00  03-04 22:00   no     reship
     * C3   DAMAGED          EBAY     LAMP  03-05 10:00  03-11 10:00   yes    refund DAMAGED R-DMG-3 30 EUR, reopened by the follow-up
     * C4   QUALITY_DEFECT   EBAY     LAMP  03-10 09:00  03-12 09:00   yes    keep offer 15 EUR offered and paid, 2 R-SLA-1 breaches
     * C5   NOT_AS_DESCRIBED SHOP     SHIRT 03-11 12:00  03-13 12:00   yes    keep offer 8 USD not paid; escalated, granted seller-funded,
     *                                                                        order defect, platform debit 25 USD
     * C6   WRONG_OR_MISSING AMAZON   MUG   03-12 08:00  (open)        no     escalated, no ruling yet; R-SLA-1 breach
     * C7   CANCELLATION     SHOP     SHIRT 03-14 08:00  03-14 09:00   no     refund CANCELLATION R-CAN-1 40 USD
     * C8   DAMAGED          AMAZON   MUG   02-20 10:00  03-05 10:00   yes    refund 99 EUR (opened before the period)
     * C9   DAMAGED          AMAZON   MUG   03-17 10:00  (open)        no     refund 77 EUR (opened after the period)
     * </pre>
     */
    public static InsightsSeed march(JdbcTemplate jdbc, ApiClient api, int year) {
        InsightsSeed seed = new InsightsSeed(jdbc, api, year);
        seed.seed();
        return seed;
    }

    private void seed() {
        String amazon = order("AMAZON", "EUR", "MUG");
        String amazonMug2 = order("AMAZON", "EUR", "MUG");
        String ebayLamp = order("EBAY", "EUR", "LAMP");
        String ebayLamp2 = order("EBAY", "EUR", "LAMP");
        String shopShirt = order("SHOP", "USD", "SHIRT");
        String shopShirt2 = order("SHOP", "USD", "SHIRT");
        String amazonMug3 = order("AMAZON", "EUR", "MUG");
        String amazonMug4 = order("AMAZON", "EUR", "MUG");
        String amazonMug5 = order("AMAZON", "EUR", "MUG");

        insertCase("C1", amazon, "DAMAGED", "RESOLVED", year + "-03-03T10:00:00Z", year + "-03-04T10:00:00Z", true);
        insertCase(
                "C2", amazonMug2, "DAMAGED", "RESOLVED", year + "-03-04T10:00:00Z", year + "-03-04T22:00:00Z", false);
        insertCase("C3", ebayLamp, "DAMAGED", "RESOLVED", year + "-03-05T10:00:00Z", year + "-03-11T10:00:00Z", true);
        insertCase(
                "C4",
                ebayLamp2,
                "QUALITY_DEFECT",
                "RESOLVED",
                year + "-03-10T09:00:00Z",
                year + "-03-12T09:00:00Z",
                true);
        insertCase(
                "C5",
                shopShirt,
                "NOT_AS_DESCRIBED",
                "RESOLVED",
                year + "-03-11T12:00:00Z",
                year + "-03-13T12:00:00Z",
                true);
        insertCase("C6", amazonMug3, "WRONG_OR_MISSING_ITEM", "ESCALATED", year + "-03-12T08:00:00Z", null, false);
        insertCase(
                "C7",
                shopShirt2,
                "CANCELLATION",
                "RESOLVED",
                year + "-03-14T08:00:00Z",
                year + "-03-14T09:00:00Z",
                false);
        insertCase("C8", amazonMug4, "DAMAGED", "RESOLVED", year + "-02-20T10:00:00Z", year + "-03-05T10:00:00Z", true);
        insertCase("C9", amazonMug5, "DAMAGED", "OPEN", year + "-03-17T10:00:00Z", null, false);

        refund("C1", "DAMAGED", "R-DMG-3", "20.00", "EUR", null);
        refund("C3", "DAMAGED", "R-DMG-3", "30.00", "EUR", null);
        refund("C4", "KEEP_OFFER", "R-GEN-7", "15.00", "EUR", null);
        refund("C5", "PLATFORM_DEBIT", "R-ESC-3", "25.00", "USD", "P-5");
        refund("C7", "CANCELLATION", "R-CAN-1", "40.00", "USD", null);
        refund("C8", "DAMAGED", "R-DMG-3", "99.00", "EUR", null);
        refund("C9", "DAMAGED", "R-DMG-3", "77.00", "EUR", null);
        jdbc.update(
                "update after_sales_case set carrier_claim_filed_at = resolved_at, carrier_claim_reference = 'CL-1'"
                        + " where case_id = ?",
                id("C1"));
        jdbc.update(
                "update after_sales_case set reopened_at = ? where case_id = ?",
                at(year + "-03-10T10:00:00Z"),
                id("C3"));
        jdbc.update(
                "insert into shipping_request (case_id, kind, details, created_at) values (?, 'WAREHOUSE_RESHIP', '{}', ?)",
                id("C2"),
                at(year + "-03-04T21:00:00Z"));
        keepOffer("C4", "15.00", "NOT_NEEDED");
        keepOffer("C5", "8.00", "REJECTED");
        jdbc.update(
                "update after_sales_case set platform_case_id = 'P-5', escalation_outcome = 'GRANTED_SELLER_FUNDED',"
                        + " order_defect = true where case_id = ?",
                id("C5"));
        jdbc.update("update after_sales_case set platform_case_id = 'P-6' where case_id = ?", id("C6"));
        breach("C1", "t1", "R-SLA-3");
        breach("C4", "t1", "R-SLA-1");
        breach("C4", "t2", "R-SLA-1");
        breach("C6", "t1", "R-SLA-1");
    }

    public String id(String name) {
        return "INS-" + run + "-" + name;
    }

    public String sku(String name) {
        return "SKU-" + run + "-" + name;
    }

    private String order(String platform, String currency, String sku) {
        String orderId = "INS-" + UUID.randomUUID().toString().substring(0, 8);
        String body = ApiClient.orderJson(orderId, "DELIVERED", "50.00", null)
                .replace("\"AMAZON\"", "\"" + platform + "\"")
                .replace("\"USD\"", "\"" + currency + "\"")
                .replace("CASE-" + orderId, sku(sku));
        ApiClient.Response created = api.call("PUT", "/api/orders/" + orderId, "shop", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return orderId;
    }

    /** A case as the flows leave it: the record with its SKU, platform, currency, resolved_at and person_task_at. */
    private void insertCase(
            String name,
            String orderId,
            String type,
            String status,
            String openedAt,
            String resolvedAt,
            boolean person) {
        boolean done = status.equals("RESOLVED") || status.equals("CLOSED");
        jdbc.update(
                """
                insert into after_sales_case (case_id, order_id, case_type, open_case_type, status, evidence, rules_applied,
                       opened_by, opened_at, updated_at, resolved_at, person_task_at, sku, platform, currency)
                select ?, ?, ?, ?, ?, '[]', '[]', 'shop', ?, ?, ?, ?, ?, o.platform, o.currency
                  from sales_order o where o.order_id = ?""",
                id(name),
                orderId,
                type,
                done ? null : type,
                status,
                at(openedAt),
                at(resolvedAt == null ? openedAt : resolvedAt),
                resolvedAt == null ? null : at(resolvedAt),
                person ? at(openedAt) : null,
                orderSku(orderId),
                orderId);
    }

    /** The order's first item's SKU, as the case intake records it. */
    private String orderSku(String orderId) {
        String document =
                jdbc.queryForObject("select document from sales_order where order_id = ?", String.class, orderId);
        for (String name : new String[] {"MUG", "LAMP", "SHIRT"}) if (document.contains(sku(name))) return sku(name);
        throw new AssertionError("no SKU in " + document);
    }

    private void refund(
            String name, String purpose, String ruleId, String amount, String currency, String platformCase) {
        jdbc.update(
                "insert into refund_ledger (case_id, purpose, amount, currency, reason, rule_id, gateway_reference, issued_at)"
                        + " values (?, ?, ?, ?, 'seeded', ?, ?, ?)",
                id(name),
                purpose,
                new BigDecimal(amount),
                currency,
                ruleId,
                platformCase == null ? "LEDGER-" + name : "PLATFORM-DEBIT:" + platformCase,
                at(year + "-03-15T00:00:00Z"));
    }

    private void keepOffer(String name, String amount, String approval) {
        jdbc.update(
                "insert into case_keep_offer (case_id, ceiling_percent, ceiling, amount, offered_by, offered_at, approval)"
                        + " values (?, 35, 17.50, ?, 'agent', ?, ?)",
                id(name),
                new BigDecimal(amount),
                at(year + "-03-12T00:00:00Z"),
                approval);
    }

    private void breach(String name, String taskId, String slaRuleId) {
        jdbc.update(
                "insert into case_deadline (case_id, task_id, task_key, task_name, sla_rule_id, due, breached_at)"
                        + " values (?, ?, 'Task_X', 'A task', ?, ?, ?)",
                id(name),
                taskId,
                slaRuleId,
                at(year + "-03-12T00:00:00Z"),
                at(year + "-03-12T00:00:00Z"));
    }

    private static Timestamp at(String instant) {
        return Timestamp.from(Instant.parse(instant));
    }
}
