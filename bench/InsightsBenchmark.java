import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Issue 14's scale target, GET /api/insights at p95 <= 1 s with 100,000 resolved cases (bench/insights.sh).
 *
 * <pre>
 * java -cp DRIVER.jar bench/InsightsBenchmark.java --seed --jdbc-url URL --db-user U --db-password P [--cases 100000] [--year 2025]
 * java bench/InsightsBenchmark.java --measure --base-url URL --user U --password P [--calls 50] [--year 2025]
 * </pre>
 *
 * Seeding writes straight into the app's tables with JDBC batches (not through the flows: 100,000 cases through the
 * processes would take hours), while the app is stopped: per case an order, the case record as the flows leave a
 * resolved case (resolved_at, sku, person_task_at, reopened_at, carrier claim, escalation), and on a share of them a
 * ledger line, a keep offer, SLA breaches and a reship request, spread over the year. The timeline, messages and
 * Camunda's tables are not written: the insights read none of them.
 */
public class InsightsBenchmark {

    static final String[] TYPES = {
        "ADDRESS_CHANGE", "CANCELLATION", "NOT_RECEIVED", "DAMAGED",
        "QUALITY_DEFECT", "NOT_AS_DESCRIBED", "WRONG_OR_MISSING_ITEM", "NO_REASON_RETURN"
    };
    static final String[] PLATFORMS = {"AMAZON", "EBAY", "WHATNOT", "ALIEXPRESS", "SHOP"};
    static final String[] OUTCOMES = {"WITHDRAWN", "SELLER_REFUNDED", "GRANTED_SELLER_FUNDED", "CLOSED_SELLER_FAVOUR"};
    static final String[] SLA_RULES = {"R-SLA-1", "R-SLA-2", "R-SLA-3", "R-SLA-4"};

    static final Map<String, String> opts = new HashMap<>();

    static String opt(String name, String def) {
        return opts.getOrDefault(name, def);
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < args.length; i++) {
            String name = args[i].substring(2);
            if (name.equals("seed") || name.equals("measure")) opts.put(name, "true");
            else opts.put(name, args[++i]);
        }
        if (opts.containsKey("seed")) seed();
        else if (opts.containsKey("measure")) System.exit(measure());
        else {
            System.err.println("usage: --seed --jdbc-url URL --db-user U --db-password P [--cases 100000] | --measure "
                    + "--base-url URL --user U --password P [--calls 50]");
            System.exit(2);
        }
    }

    static void seed() throws Exception {
        int cases = Integer.parseInt(opt("cases", "100000"));
        int year = Integer.parseInt(opt("year", "2025"));
        Random random = new Random(42);
        Instant start = LocalDate.of(year, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
        long yearSeconds = 365L * 86400;
        long began = System.nanoTime();
        try (Connection db = DriverManager.getConnection(opt("jdbc-url", ""), opt("db-user", ""), opt("db-password", ""))) {
            db.setAutoCommit(false);
            try (PreparedStatement order = db.prepareStatement(
                            "insert into sales_order (order_id, platform, currency, status, order_value, shipping_fee,"
                                    + " document, created_at, updated_at) values (?, ?, ?, 'DELIVERED', ?, 4.99, ?, ?, ?)");
                    PreparedStatement row = db.prepareStatement(
                            "insert into after_sales_case (case_id, order_id, case_type, status, resolution, evidence,"
                                    + " rules_applied, opened_by, opened_at, updated_at, resolved_at, person_task_at,"
                                    + " reopened_at, carrier_claim_filed_at, sku, platform_case_id, escalation_outcome,"
                                    + " order_defect, platform, currency) values (?, ?, ?, 'RESOLVED', 'FULL_REFUND', '[]', '[]',"
                                    + " 'bench', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement ledger = db.prepareStatement(
                            "insert into refund_ledger (case_id, purpose, amount, currency, reason, rule_id,"
                                    + " gateway_reference, issued_at) values (?, ?, ?, ?, 'bench', ?, ?, ?)");
                    PreparedStatement offer = db.prepareStatement(
                            "insert into case_keep_offer (case_id, ceiling_percent, ceiling, amount, offered_by,"
                                    + " offered_at, approval) values (?, 35, 20.00, ?, 'agent', ?, 'NOT_NEEDED')");
                    PreparedStatement deadline = db.prepareStatement(
                            "insert into case_deadline (case_id, task_id, task_key, task_name, sla_rule_id, due,"
                                    + " breached_at) values (?, ?, 'Task_Bench', 'Bench task', ?, ?, ?)");
                    PreparedStatement shipping = db.prepareStatement(
                            "insert into shipping_request (case_id, kind, details, created_at) values (?,"
                                    + " 'WAREHOUSE_RESHIP', '{}', ?)")) {
                for (int i = 1; i <= cases; i++) {
                    String caseId = "BENCH-" + i;
                    String orderId = "BO-" + i;
                    String platform = PLATFORMS[random.nextInt(PLATFORMS.length)];
                    String currency = random.nextInt(10) == 0 ? "USD" : "EUR";
                    String type = TYPES[random.nextInt(TYPES.length)];
                    String sku = "SKU-" + random.nextInt(2000);
                    BigDecimal value = BigDecimal.valueOf(500 + random.nextInt(20000), 2);
                    Timestamp opened = Timestamp.from(start.plusSeconds((long) (random.nextDouble() * yearSeconds)));
                    Timestamp resolved = new Timestamp(opened.getTime() + 3_600_000L * (1 + random.nextInt(400)));
                    boolean escalated = random.nextInt(50) == 0;
                    String outcome = escalated ? OUTCOMES[random.nextInt(OUTCOMES.length)] : null;

                    order.setString(1, orderId);
                    order.setString(2, platform);
                    order.setString(3, currency);
                    order.setBigDecimal(4, value);
                    order.setString(5, "{\"orderId\":\"" + orderId + "\",\"platform\":\"" + platform
                            + "\",\"currency\":\"" + currency + "\",\"items\":[{\"sku\":\"" + sku
                            + "\",\"title\":\"Bench item\",\"quantity\":1,\"unitPrice\":" + value + "}]}");
                    order.setTimestamp(6, opened);
                    order.setTimestamp(7, opened);
                    order.addBatch();

                    row.setString(1, caseId);
                    row.setString(2, orderId);
                    row.setString(3, type);
                    row.setTimestamp(4, opened);
                    row.setTimestamp(5, resolved);
                    row.setTimestamp(6, resolved);
                    row.setTimestamp(7, random.nextInt(10) < 6 ? opened : null);
                    row.setTimestamp(8, random.nextInt(33) == 0 ? resolved : null);
                    row.setTimestamp(9, random.nextInt(50) == 0 ? resolved : null);
                    row.setString(10, sku);
                    row.setString(11, escalated ? "P-" + i : null);
                    row.setString(12, outcome);
                    if (escalated) row.setBoolean(13, outcome.startsWith("GRANTED") || outcome.startsWith("SELLER"));
                    else row.setNull(13, java.sql.Types.BOOLEAN);
                    row.setString(14, platform); // the order's platform and currency, kept on the case (V15)
                    row.setString(15, currency);
                    row.addBatch();

                    if (random.nextInt(10) < 7) {
                        ledger.setString(1, caseId);
                        ledger.setString(2, type);
                        ledger.setBigDecimal(3, value);
                        ledger.setString(4, currency);
                        ledger.setString(5, "R-GEN-" + (1 + random.nextInt(9)));
                        ledger.setString(6, "LEDGER-" + i);
                        ledger.setTimestamp(7, resolved);
                        ledger.addBatch();
                    }
                    if ("GRANTED_SELLER_FUNDED".equals(outcome)) {
                        ledger.setString(1, caseId);
                        ledger.setString(2, "PLATFORM_DEBIT");
                        ledger.setBigDecimal(3, value);
                        ledger.setString(4, currency);
                        ledger.setString(5, "R-ESC-3");
                        ledger.setString(6, "PLATFORM-DEBIT:P-" + i);
                        ledger.setTimestamp(7, resolved);
                        ledger.addBatch();
                    }
                    if (random.nextInt(10) == 0) {
                        offer.setString(1, caseId);
                        offer.setBigDecimal(2, BigDecimal.valueOf(100 + random.nextInt(1500), 2));
                        offer.setTimestamp(3, opened);
                        offer.addBatch();
                    }
                    if (random.nextInt(12) == 0) {
                        deadline.setString(1, caseId);
                        deadline.setString(2, "T-" + i);
                        deadline.setString(3, SLA_RULES[random.nextInt(SLA_RULES.length)]);
                        deadline.setTimestamp(4, resolved);
                        deadline.setTimestamp(5, resolved);
                        deadline.addBatch();
                    }
                    if (random.nextInt(20) == 0) {
                        shipping.setString(1, caseId);
                        shipping.setTimestamp(2, resolved);
                        shipping.addBatch();
                    }
                    if (i % 5000 == 0 || i == cases) {
                        order.executeBatch();
                        row.executeBatch();
                        ledger.executeBatch();
                        offer.executeBatch();
                        deadline.executeBatch();
                        shipping.executeBatch();
                        db.commit();
                        if (i % 25000 == 0 || i == cases) System.out.println("seeded " + i + " cases");
                    }
                }
            }
        }
        System.out.printf("seeded %d resolved cases in %.1f s%n", cases, (System.nanoTime() - began) / 1e9);
    }

    static int measure() throws Exception {
        int calls = Integer.parseInt(opt("calls", "50"));
        int year = Integer.parseInt(opt("year", "2025"));
        String base = opt("base-url", "").replaceAll("/+$", "");
        String auth = "Basic " + Base64.getEncoder()
                .encodeToString((opt("user", "demo") + ":" + opt("password", "demo")).getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Random random = new Random(7);
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            // periods: the whole year, a quarter, a month, a week; then no filter, a platform, a type, or both
            int days = new int[] {365, 91, 30, 7}[i % 4];
            LocalDate from = LocalDate.of(year, 1, 1).plusDays(random.nextInt(366 - days));
            String query = "from=" + from + "&to=" + from.plusDays(days - 1);
            if ((i / 4) % 2 == 1) query += "&platform=" + PLATFORMS[random.nextInt(PLATFORMS.length)];
            if ((i / 8) % 2 == 1) query += "&caseType=" + TYPES[random.nextInt(TYPES.length)];
            queries.add(query);
        }
        for (int i = 0; i < Math.min(5, calls); i++) get(http, base, auth, queries.get(i)); // warm-up
        long[] nanos = new long[calls];
        long wholeYear = 0;
        int wholeYearCalls = 0;
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            String body = get(http, base, auth, queries.get(i));
            nanos[i] = System.nanoTime() - t;
            if (i == 0) System.out.println("first answer: " + body.length() + " characters");
            if (i % 4 == 0) {
                wholeYear += nanos[i];
                wholeYearCalls++;
            }
        }
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        double p50 = sorted[(int) Math.ceil(calls * 0.50) - 1] / 1e6;
        double p95 = sorted[(int) Math.ceil(calls * 0.95) - 1] / 1e6;
        System.out.printf(
                "GET /api/insights, %d calls, varied period/platform/caseType: p50 %.0f ms, p95 %.0f ms, max %.0f ms;"
                        + " whole-year calls mean %.0f ms%n",
                calls, p50, p95, sorted[calls - 1] / 1e6, wholeYear / 1e6 / Math.max(1, wholeYearCalls));
        System.out.println(p95 <= 1000 ? "target p95 <= 1 s: met" : "target p95 <= 1 s: MISSED");
        return p95 <= 1000 ? 0 : 1;
    }

    static String get(HttpClient http, String base, String auth, String query) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/insights?" + query))
                        .header("Authorization", auth)
                        .header("Accept", "application/json")
                        .timeout(Duration.ofSeconds(120))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200)
            throw new IllegalStateException(query + ": HTTP " + response.statusCode() + " " + response.body());
        return response.body();
    }
}
