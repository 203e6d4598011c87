import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The policy simulation at scale (bench/simulation.sh). Two steps:
 * <pre>
 * java -cp h2.jar:postgresql.jar bench/PolicySimulationBenchmark.java --seed --jdbc URL --user U --password P --cases 100000
 * java bench/PolicySimulationBenchmark.java --measure --base-url http://127.0.0.1:PORT --user U --password P --runs 20 --file changed.dmn
 * </pre>
 * --seed writes resolved damaged-item cases the way the app and Camunda record them, straight into the database with
 * JDBC batches (the app is stopped; not recorded_decision, which the first simulation fills from Camunda's history as
 * after an upgrade): an order (sales_order) and a case (after_sales_case, RESOLVED) each, the case's
 * process instance in Camunda's history (ACT_HI_PROCINST, business key = case id) and its ReshipEligibility decision
 * (ACT_HI_DECINST, its input orderValue in ACT_HI_DEC_IN, its output reshipAllowed and matched rule in ACT_HI_DEC_OUT,
 * as the deployed table decides: up to 30 true), evaluated over the last 30 days. Order values 5.00 to 150.00 with
 * random cents (about 14,500 distinct values). Running flows for 100,000 cases would take hours on this machine; the
 * rows are those Camunda writes for a business rule task, read by the simulation as it reads real ones.
 * --measure sends the simulation (POST /api/insights/simulations, multipart, the file, the last 30 days) runs + 2
 * times and prints p50/p95/max of the last runs; with --new-file-each-run every upload differs (a comment at the end),
 * so the app checks and parses each one as a new file.
 */
public class PolicySimulationBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].substring(2);
            if (name.equals("seed") || name.equals("measure") || name.equals("new-file-each-run")) opts.put(name, "");
            else opts.put(name, args[++i]);
        }
        if (opts.containsKey("seed")) seed(opts);
        else if (opts.containsKey("measure")) measure(opts);
        else throw new IllegalArgumentException("--seed or --measure");
    }

    static void seed(Map<String, String> opts) throws Exception {
        int cases = Integer.parseInt(opts.getOrDefault("cases", "100000"));
        try (Connection db = DriverManager.getConnection(opts.get("jdbc"), opts.get("user"), opts.get("password"))) {
            int already = count(db, "select count(*) from after_sales_case where case_id like 'SIM-%'");
            if (already >= cases) {
                System.out.println("seed: " + already + " simulated cases are there already");
                return;
            }
            if (already > 0) throw new IllegalStateException(already + " of " + cases + " seeded: start with FRESH=1");
            String decisionId = single(db, "select ID_ from ACT_RE_DECISION_DEF where KEY_ = 'ReshipEligibility' order by VERSION_ desc");
            String processId = single(db, "select ID_ from ACT_RE_PROCDEF where KEY_ = 'Process_DamagedItem' order by VERSION_ desc");
            db.setAutoCommit(false);
            PreparedStatement order = db.prepareStatement("insert into sales_order (order_id, platform, currency, status,"
                    + " order_value, shipping_fee, document, created_at, updated_at) values (?, 'AMAZON', 'USD', 'DELIVERED', ?, 4.99, '{}', ?, ?)");
            PreparedStatement kase = db.prepareStatement("insert into after_sales_case (case_id, order_id, case_type, status,"
                    + " responsibility, resolution, evidence, rules_applied, process_instance_id, opened_by, opened_at, updated_at)"
                    + " values (?, ?, 'DAMAGED', 'RESOLVED', 'LOGISTICS', ?, '[]', ?, ?, 'shop', ?, ?)");
            PreparedStatement process = db.prepareStatement("insert into ACT_HI_PROCINST (ID_, PROC_INST_ID_, BUSINESS_KEY_,"
                    + " PROC_DEF_KEY_, PROC_DEF_ID_, START_TIME_, END_TIME_, DURATION_, START_ACT_ID_, END_ACT_ID_,"
                    + " ROOT_PROC_INST_ID_, STATE_) values (?, ?, ?, 'Process_DamagedItem', ?, ?, ?, 60000, 'StartEvent', 'EndEvent', ?, 'COMPLETED')");
            PreparedStatement decision = db.prepareStatement("insert into ACT_HI_DECINST (ID_, DEC_DEF_ID_, DEC_DEF_KEY_,"
                    + " DEC_DEF_NAME_, PROC_DEF_KEY_, PROC_DEF_ID_, PROC_INST_ID_, ACT_INST_ID_, ACT_ID_, EVAL_TIME_,"
                    + " ROOT_DEC_INST_ID_, ROOT_PROC_INST_ID_) values (?, ?, 'ReshipEligibility', 'Reship within the reship limit?',"
                    + " 'Process_DamagedItem', ?, ?, ?, 'Task_ReshipLimit', ?, ?, ?)");
            PreparedStatement input = db.prepareStatement("insert into ACT_HI_DEC_IN (ID_, DEC_INST_ID_, CLAUSE_ID_,"
                    + " CLAUSE_NAME_, VAR_TYPE_, DOUBLE_, CREATE_TIME_, ROOT_PROC_INST_ID_) values (?, ?, 'Input_OrderValue',"
                    + " 'Order value (without shipping)', 'double', ?, ?, ?)");
            PreparedStatement output = db.prepareStatement("insert into ACT_HI_DEC_OUT (ID_, DEC_INST_ID_, CLAUSE_ID_,"
                    + " CLAUSE_NAME_, RULE_ID_, RULE_ORDER_, VAR_NAME_, VAR_TYPE_, LONG_, CREATE_TIME_, ROOT_PROC_INST_ID_)"
                    + " values (?, ?, 'Output_ReshipAllowed', 'Reship allowed', ?, 1, 'reshipAllowed', 'boolean', ?, ?, ?)");
            Random random = new Random(14);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            long started = System.nanoTime();
            for (int i = 1; i <= cases; i++) {
                String id = String.format("%07d", i);
                String orderId = "SIM-O-" + id;
                String caseId = "SIM-" + id;
                String instance = "sim-pi-" + id;
                String decisionInstance = "sim-di-" + id;
                BigDecimal value = BigDecimal.valueOf(500 + random.nextInt(14_501), 2);
                boolean reship = value.compareTo(BigDecimal.valueOf(30)) <= 0;
                Timestamp at = Timestamp.from(now.minusSeconds(random.nextInt(30 * 86_400 - 3600) + 3600));
                order.setString(1, orderId);
                order.setBigDecimal(2, value);
                order.setTimestamp(3, at);
                order.setTimestamp(4, at);
                order.addBatch();
                kase.setString(1, caseId);
                kase.setString(2, orderId);
                kase.setString(3, reship ? "RESHIP" : "FULL_REFUND");
                kase.setString(4, reship ? "[\"R-GEN-1\",\"R-DMG-3\"]" : "[\"R-GEN-1\",\"R-DMG-4\"]");
                kase.setString(5, instance);
                kase.setTimestamp(6, at);
                kase.setTimestamp(7, at);
                kase.addBatch();
                process.setString(1, instance);
                process.setString(2, instance);
                process.setString(3, caseId);
                process.setString(4, processId);
                process.setTimestamp(5, at);
                process.setTimestamp(6, at);
                process.setString(7, instance);
                process.addBatch();
                decision.setString(1, decisionInstance);
                decision.setString(2, decisionId);
                decision.setString(3, processId);
                decision.setString(4, instance);
                decision.setString(5, "Task_ReshipLimit:" + id);
                decision.setTimestamp(6, at);
                decision.setString(7, decisionInstance);
                decision.setString(8, instance);
                decision.addBatch();
                input.setString(1, "sim-in-" + id);
                input.setString(2, decisionInstance);
                input.setDouble(3, value.doubleValue());
                input.setTimestamp(4, at);
                input.setString(5, instance);
                input.addBatch();
                output.setString(1, "sim-out-" + id);
                output.setString(2, decisionInstance);
                output.setString(3, reship ? "Rule_LowValue" : "Rule_HighValue");
                output.setLong(4, reship ? 1 : 0);
                output.setTimestamp(5, at);
                output.setString(6, instance);
                output.addBatch();
                if (i % 1000 == 0 || i == cases) {
                    for (PreparedStatement batch : List.of(order, kase, process, decision, input, output)) batch.executeBatch();
                    db.commit();
                    if (i % 20_000 == 0 || i == cases) System.out.printf("seed: %d cases (%d s)%n", i, (System.nanoTime() - started) / 1_000_000_000);
                }
            }
            db.setAutoCommit(true);
        }
    }

    static void measure(Map<String, String> opts) throws Exception {
        int runs = Integer.parseInt(opts.getOrDefault("runs", "20"));
        byte[] table = Files.readAllBytes(Path.of(opts.get("file")));
        // NEW_FILE=1: a comment makes every upload a file the app has not seen (deployment check, parser, engine check)
        boolean newFileEachRun = opts.containsKey("new-file-each-run");
        LocalDate to = LocalDate.now(ZoneOffset.UTC);
        String auth = "Basic " + Base64.getEncoder().encodeToString((opts.get("user") + ":" + opts.get("password")).getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newHttpClient();
        List<Long> millis = new ArrayList<>();
        List<Long> warmUp = new ArrayList<>();
        String last = null;
        for (int run = 0; run < runs + 2; run++) {
            // Each run starts a day earlier (every seeded decision lies in the last 30 days, so each period holds them
            // all): H2 answers an identical query on unchanged tables from the result it kept for the connection, which
            // decisions recorded between two simulations, as in production, would not allow.
            LocalDate from = to.minusDays(30 + run);
            String boundary = "----bench" + UUID.randomUUID();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (String[] field : new String[][] {{"from", from.toString()}, {"to", to.toString()}}) {
                body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n" + field[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"reship-eligibility.dmn\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(table);
            if (newFileEachRun) body.writeBytes(("<!-- run " + run + " " + UUID.randomUUID() + " -->\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(URI.create(opts.get("base-url") + "/api/insights/simulations"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("Accept", "application/json")
                    .header("Authorization", auth)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                    .build();
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long took = (System.nanoTime() - start) / 1_000_000;
            if (response.statusCode() != 200) throw new IllegalStateException(response.statusCode() + " " + response.body());
            if (run >= 2) millis.add(took);
            else warmUp.add(took);
            last = response.body();
        }
        Collections.sort(millis);
        System.out.println("simulation answer (last run): " + summary(last));
        // the first one copies the seeded decisions into recorded_decision (as after an upgrade) when it is new
        System.out.println("warm-up runs: " + warmUp.stream().map(ms -> ms + " ms").toList());
        System.out.printf("simulation over %d runs: p50 %d ms, p95 %d ms, max %d ms%n", runs,
                millis.get((int) Math.ceil(0.50 * runs) - 1), millis.get((int) Math.ceil(0.95 * runs) - 1), millis.get(runs - 1));
    }

    private static String summary(String json) {
        StringBuilder out = new StringBuilder();
        for (String field : List.of("decisionsEvaluated", "decisionsChanged", "casesChanged")) {
            int at = json.indexOf("\"" + field + "\":");
            if (at >= 0) out.append(field).append(' ').append(json.substring(at + field.length() + 3).split("[,}]")[0]).append(", ");
        }
        int money = json.indexOf("\"byCurrency\":");
        if (money >= 0) out.append(json, money, Math.min(json.length(), json.indexOf(']', money) + 1));
        return out.toString();
    }

    private static int count(Connection db, String sql) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String single(Connection db, String sql) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            if (!rs.next()) throw new IllegalStateException("nothing for " + sql + ": did the app start once?");
            return rs.getString(1);
        }
    }
}
