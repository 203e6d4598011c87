import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 16's target "case view p95 <= 20 ms with 100,000 cases": GET /api/cases/{caseId} (bench/case-view.sh).
 *
 * <pre>
 * java bench/CaseViewBenchmark.java --open --base-url URL [--cases 100]
 * java -cp DRIVER.jar bench/CaseViewBenchmark.java --clone --jdbc-url URL --db-user U --db-password P
 *      [--cases 100000] --real-cases FILE
 * java bench/CaseViewBenchmark.java --measure --base-url URL --real-cases FILE [--cases 100000] [--views 2000]
 *      [--warmup 300] [--clients 4] [--user shop --password shop] [--app-pid PID] [--clk-tck 100]
 * </pre>
 *
 * {@code --open} opens cases through /api as the shop and leaves them waiting (an agent's task with its SLA due date,
 * a buyer's answer, the carrier), so the view's open tasks and deadlines are read from Camunda's runtime tables.
 *
 * {@code --clone} (the app stopped) copies the finished cases the real flows left (bench/MixedLifecycleBenchmark.java
 * ran them) into {@code --cases} more cases {@code CV-000001}…, each a copy of one real finished case under a new
 * case id, order id and Camunda ids: the app's rows of the case (its order, the case, timeline, ledger, messages,
 * deadlines, keep offer, capped refunds, shipping requests, stock reservations: every app table with a case_id) and
 * the engine's history rows the view and the access checks read, exactly as Camunda wrote them (ACT_HI_PROCINST by
 * business key, ACT_HI_DECINST, _DEC_IN, _DEC_OUT, ACT_HI_TASKINST), with INSERT … SELECT in the database. Activity
 * instances and variables' history (ACT_HI_ACTINST, ACT_HI_VARINST, byte arrays) are not copied: the view does not read
 * them, and on a shared 2-CPU machine they would double the copying time. Writes the real cases to
 * {@code --real-cases}, one {@code open|finished caseId} a line.
 *
 * {@code --measure} times {@code --views} views after {@code --warmup} (not timed) with {@code --clients} concurrent
 * clients: 80 % copied cases (uniform over all of them), 15 % real finished ones, 5 % real open ones; prints p50, p95,
 * p99 and max per kind and overall, the app's CPU ms per view (from /proc/PID/stat), and exits 1 when the overall p95 is
 * above 20 ms.
 */
public class CaseViewBenchmark {

    static final Map<String, String> opts = new HashMap<>();

    static String opt(String name, String def) {
        return opts.getOrDefault(name, def);
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < args.length; i++) {
            String name = args[i].substring(2);
            if (Set.of("open", "clone", "measure").contains(name)) opts.put("mode", name);
            else opts.put(name, args[++i]);
        }
        switch (opt("mode", "")) {
            case "open" -> System.exit(open());
            case "clone" -> cloneCases();
            case "measure" -> System.exit(measure());
            default -> {
                System.err.println("usage: --open --base-url URL [--cases 100] | --clone --jdbc-url URL --db-user U"
                        + " --db-password P --real-cases FILE [--cases 100000] | --measure --base-url URL --real-cases FILE"
                        + " [--views 2000] [--warmup 300] [--clients 4] [--app-pid PID]");
                System.exit(2);
            }
        }
    }

    // ---------------------------------------------------------------- --open: cases left waiting

    static final String NOW = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).toString();
    static final String SHIPPED_NOT_HANDED = "{\"carrier\":\"UPS\",\"trackingNumber\":\"1ZVIEW\",\"shippedAt\":\"" + NOW
            + "\",\"latestDeliveryDate\":\"" + LocalDate.now(ZoneOffset.UTC).plusDays(5) + "\",\"insured\":false,"
            + "\"handedToCarrier\":false}";
    static final String SHIPPED = SHIPPED_NOT_HANDED.replace("\"handedToCarrier\":false", "\"handedToCarrier\":true");
    static final String DELIVERED = "{\"carrier\":\"DHL\",\"trackingNumber\":\"JDVIEW\",\"shippedAt\":\""
            + OffsetDateTime.now(ZoneOffset.UTC).minusDays(5) + "\",\"deliveredAt\":\""
            + OffsetDateTime.now(ZoneOffset.UTC).minusDays(2) + "\",\"handedToCarrier\":true}";
    static final String EVIDENCE = ",\"evidence\":[\"https://files.example.com/photo-1.jpg\"]";
    static final String NEW_ADDRESS = ",\"newAddress\":{\"name\":\"View Buyer\",\"line1\":\"9 Oak Ave\",\"city\":\"Austin\","
            + "\"postalCode\":\"78702\",\"country\":\"US\"}";

    /** type, order status, shipment, what the open request adds: each waits for an agent, the buyer or the carrier. */
    static final String[][] WAITING = {
        {"DAMAGED", "DELIVERED", DELIVERED, EVIDENCE}, // Task_AssessDamage
        {"ADDRESS_CHANGE", "PAID", "null", NEW_ADDRESS}, // Task_ConfirmNewAddress
        {"CANCELLATION", "SHIPPED", SHIPPED_NOT_HANDED, ""}, // Task_ConfirmCancellationWithBuyer
        {"QUALITY_DEFECT", "DELIVERED", DELIVERED, EVIDENCE}, // Task_AssessQualityDefect
        {"NOT_RECEIVED", "SHIPPED", SHIPPED, ""}, // waits for the carrier
    };

    static int open() throws Exception {
        int cases = Integer.parseInt(opt("cases", "100"));
        String base = opt("base-url", "").replaceAll("/+$", "");
        String shop = basic("shop", "shop");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String run = Long.toString(System.currentTimeMillis(), 36);
        int opened = 0;
        for (int i = 0; i < cases; i++) {
            String[] w = WAITING[i % WAITING.length];
            String orderId = "VIEW-" + run + "-" + i;
            String order = """
                    {"orderId":"%s","platform":"SHOP","buyer":{"id":"B-%s","name":"View Buyer %d","email":"view%d@example.com"},\
                    "currency":"USD","items":[{"sku":"VIEW-SKU-%d","title":"View item","quantity":1,"unitPrice":45.00,\
                    "category":"accessories"}],"shippingFee":4.99,"status":"%s","shippingAddress":{"name":"View Buyer",\
                    "line1":"1 Main St","city":"Austin","postalCode":"78701","country":"US"},"shipment":%s}"""
                    .formatted(orderId, orderId, i, i, i % 40, w[1], w[2]);
            HttpResponse<String> o = send(http, shop, "PUT", base + "/api/orders/" + orderId, order);
            if (o.statusCode() / 100 != 2) throw new IllegalStateException("order: HTTP " + o.statusCode() + " " + o.body());
            String body = "{\"orderId\":\"" + orderId + "\",\"type\":\"" + w[0] + "\",\"description\":\"waits, case view bench\""
                    + w[3] + "}";
            HttpResponse<String> c = send(http, shop, "POST", base + "/api/cases", body);
            if (c.statusCode() != 201) throw new IllegalStateException("open " + w[0] + ": HTTP " + c.statusCode() + " " + c.body());
            opened++;
        }
        System.out.println("opened " + opened + " cases left waiting (" + String.join(", ",
                Arrays.stream(WAITING).map(w -> w[0]).toList()) + ")");
        return 0;
    }

    // ---------------------------------------------------------------- --clone: 100,000 cases from the real ones

    /** Camunda's id columns: a copy gets its own ids (copyId), so its rows point at each other as the original's do. */
    static final Set<String> ENGINE_IDS = Set.of("ID_", "PROC_INST_ID_", "ROOT_PROC_INST_ID_", "SUPER_PROCESS_INSTANCE_ID_",
            "EXECUTION_ID_", "ACT_INST_ID_", "PARENT_ACT_INST_ID_", "PARENT_TASK_ID_", "CALL_PROC_INST_ID_", "TASK_ID_",
            "DEC_INST_ID_", "ROOT_DEC_INST_ID_");

    static void cloneCases() throws Exception {
        int cases = Integer.parseInt(opt("cases", "100000"));
        long began = System.nanoTime();
        try (Connection db = DriverManager.getConnection(opt("jdbc-url", ""), opt("db-user", ""), opt("db-password", ""))) {
            db.setAutoCommit(false);
            List<String> finished = new ArrayList<>();
            Map<String, String> orderOf = new HashMap<>();
            List<String> realLines = new ArrayList<>();
            try (Statement s = db.createStatement();
                    ResultSet rs = s.executeQuery("select case_id, order_id, status from after_sales_case order by case_id")) {
                while (rs.next()) {
                    boolean done = Set.of("RESOLVED", "CLOSED").contains(rs.getString(3));
                    if (done) finished.add(rs.getString(1));
                    orderOf.put(rs.getString(1), rs.getString(2));
                    realLines.add((done ? "finished " : "open ") + rs.getString(1));
                }
            }
            if (finished.isEmpty()) throw new IllegalStateException("no finished case to copy");
            Files.write(Path.of(opt("real-cases", "real-cases.txt")), realLines);

            // which real case each copy copies: cv_copy (n, template_case, template_order, case_id, order_id)
            try (Statement s = db.createStatement()) {
                s.execute("create table cv_copy (n int primary key, template_case varchar(64) not null,"
                        + " template_order varchar(64) not null, case_id varchar(64) not null, order_id varchar(64) not null)");
            }
            try (PreparedStatement copy = db.prepareStatement("insert into cv_copy values (?, ?, ?, ?, ?)")) {
                for (int n = 1; n <= cases; n++) {
                    String template = finished.get((n - 1) % finished.size());
                    copy.setInt(1, n);
                    copy.setString(2, template);
                    copy.setString(3, orderOf.get(template));
                    copy.setString(4, "CV-%06d".formatted(n));
                    copy.setString(5, "CVO-%06d".formatted(n));
                    copy.addBatch();
                    if (n % 10000 == 0 || n == cases) copy.executeBatch();
                }
            }
            try (Statement s = db.createStatement()) {
                s.execute("create index cv_copy_template on cv_copy (template_case, n)");
            }
            db.commit();

            // per table: its columns, what each copy writes into them, and from which rows (t) of which real case
            record Copy(String table, String from, Map<String, String> set) {}
            List<Copy> copies = new ArrayList<>();
            copies.add(new Copy("sales_order", "sales_order t join cv_copy m on m.template_order = t.order_id",
                    Map.of("ORDER_ID", "m.order_id", "DOCUMENT", "replace(t.document, m.template_order, m.order_id)")));
            copies.add(new Copy("after_sales_case", "after_sales_case t join cv_copy m on m.template_case = t.case_id",
                    Map.of("CASE_ID", "m.case_id", "ORDER_ID", "m.order_id")));
            for (String table : tablesWith(db, "case_id")) {
                if (table.equals("after_sales_case") || table.equals("cv_copy")) continue;
                // a recorded decision is keyed by its engine decision instance, copied below under the same new id
                copies.add(new Copy(table, table + " t join cv_copy m on m.template_case = t.case_id",
                        Map.of("CASE_ID", "m.case_id", "TASK_ID", copyId("t.task_id"),
                                "DECISION_INSTANCE_ID", copyId("t.decision_instance_id"))));
            }
            Map<String, String> engine = new HashMap<>();
            for (String column : ENGINE_IDS) engine.put(column, copyId("t." + column));
            engine.put("BUSINESS_KEY_", "m.case_id");
            String byProcess = " join act_hi_procinst p on p.id_ = t.proc_inst_id_ join cv_copy m on m.template_case = p.business_key_";
            copies.add(new Copy("act_hi_procinst", "act_hi_procinst t join cv_copy m on m.template_case = t.business_key_", engine));
            copies.add(new Copy("act_hi_decinst", "act_hi_decinst t" + byProcess, engine));
            String byDecision = " join act_hi_decinst d on d.id_ = t.dec_inst_id_ join act_hi_procinst p on p.id_ = d.proc_inst_id_"
                    + " join cv_copy m on m.template_case = p.business_key_";
            copies.add(new Copy("act_hi_dec_in", "act_hi_dec_in t" + byDecision, engine));
            copies.add(new Copy("act_hi_dec_out", "act_hi_dec_out t" + byDecision, engine));
            copies.add(new Copy("act_hi_taskinst", "act_hi_taskinst t" + byProcess, engine));

            long total = 0;
            for (Copy c : copies) {
                List<String> columns = columns(db, c.table());
                checkEngineIds(db, c.table(), columns);
                String sql = "insert into " + c.table() + " (" + String.join(", ", columns) + ") select "
                        + String.join(", ", columns.stream().map(col -> c.set().getOrDefault(col, "t." + col)).toList())
                        + " from " + c.from() + " where m.n between ? and ?";
                long rows = 0;
                long t0 = System.nanoTime();
                try (PreparedStatement insert = db.prepareStatement(sql)) {
                    for (int low = 1; low <= cases; low += 10000) {
                        insert.setInt(1, low);
                        insert.setInt(2, Math.min(cases, low + 9999));
                        rows += insert.executeUpdate();
                        db.commit();
                    }
                }
                total += rows;
                System.out.printf("  %-20s %9d rows in %5.1f s%n", c.table(), rows, (System.nanoTime() - t0) / 1e9);
            }
            try (Statement s = db.createStatement()) {
                s.execute("drop table cv_copy");
            }
            db.commit();
            System.out.printf("copied %d finished real cases into %d cases, %d rows, in %.1f s%n", finished.size(), cases,
                    total, (System.nanoTime() - began) / 1e9);
        }
    }

    /**
     * The copy's id, an SQL expression: Camunda's ids end in a UUID (an activity instance's after its activity id); its
     * last 12 hex digits (the node, the same in every id of one engine) become "cv" and the copy's number, so the copy's
     * ids are unique, as long as the original's and never one of the real ids (checkEngineIds).
     */
    static String copyId(String column) {
        return "case when " + column + " is null then null else substr(" + column + ", 1, length(" + column
                + ") - 12) || 'cv' || lpad(cast(m.n as varchar(10)), 10, '0') end";
    }

    /** Every id the copy rewrites ends in 12 hex digits, else copyId would not be unique: stop. */
    static void checkEngineIds(Connection db, String table, List<String> columns) throws Exception {
        for (String column : columns) {
            if (!(ENGINE_IDS.contains(column) || column.equals("TASK_ID") || column.equals("DECISION_INSTANCE_ID"))) continue;
            try (Statement s = db.createStatement();
                    ResultSet rs = s.executeQuery("select " + column + " from " + table + " where " + column + " is not null")) {
                while (rs.next()) {
                    if (!rs.getString(1).matches(".*[0-9a-f]{12}")) {
                        throw new IllegalStateException(table + "." + column + " " + rs.getString(1) + " does not end in a UUID");
                    }
                }
            }
        }
    }

    /** The table's columns, upper case, without generated identity columns. */
    static List<String> columns(Connection db, String table) throws Exception {
        List<String> columns = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("select * from " + table + " where 1 = 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                if (!meta.isAutoIncrement(c)) columns.add(meta.getColumnName(c).toUpperCase(Locale.ROOT));
            }
        }
        return columns;
    }

    /** The app's tables (not Camunda's, not Flyway's) that have the column. */
    static List<String> tablesWith(Connection db, String column) throws Exception {
        Set<String> tables = new LinkedHashSet<>();
        DatabaseMetaData meta = db.getMetaData();
        for (String name : List.of(column, column.toUpperCase(Locale.ROOT))) {
            try (ResultSet rs = meta.getColumns(null, null, null, name)) {
                while (rs.next()) {
                    String schema = String.valueOf(rs.getString("TABLE_SCHEM")).toLowerCase(Locale.ROOT);
                    String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    if ((schema.equals("public")) && !table.startsWith("act_") && !table.startsWith("flyway")
                            && !table.startsWith("v_") && isTable(meta, rs.getString("TABLE_NAME"))) {
                        tables.add(table);
                    }
                }
            }
        }
        return new ArrayList<>(tables);
    }

    static boolean isTable(DatabaseMetaData meta, String name) throws Exception {
        try (ResultSet rs = meta.getTables(null, null, name, new String[] {"TABLE", "BASE TABLE"})) {
            return rs.next();
        }
    }

    // ---------------------------------------------------------------- --measure

    record View(String kind, String caseId) {}

    static int measure() throws Exception {
        int views = Integer.parseInt(opt("views", "2000"));
        int warmup = Integer.parseInt(opt("warmup", "300"));
        int clients = Integer.parseInt(opt("clients", "4"));
        int copies = Integer.parseInt(opt("cases", "100000"));
        String base = opt("base-url", "").replaceAll("/+$", "");
        String auth = basic(opt("user", "shop"), opt("password", "shop"));
        List<String> open = new ArrayList<>();
        List<String> finished = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(opt("real-cases", "real-cases.txt")))) {
            String[] kindAndId = line.split(" ");
            (kindAndId[0].equals("open") ? open : finished).add(kindAndId[1]);
        }
        Random random = new Random(16);
        List<View> plan = new ArrayList<>();
        for (int i = 0; i < warmup + views; i++) {
            int share = random.nextInt(100);
            if (share < 5 && !open.isEmpty()) plan.add(new View("real open", open.get(random.nextInt(open.size()))));
            else if (share < 20) plan.add(new View("real finished", finished.get(random.nextInt(finished.size()))));
            else plan.add(new View("copied", "CV-%06d".formatted(1 + random.nextInt(copies))));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        run(http, base, auth, plan.subList(0, warmup), clients, null);
        long cpu0 = cpuTicks();
        long wall0 = System.nanoTime();
        long[] nanos = new long[views];
        Map<String, long[]> counts = run(http, base, auth, plan.subList(warmup, plan.size()), clients, nanos);
        long wall = System.nanoTime() - wall0;
        long cpu = cpuTicks() - cpu0;

        System.out.printf("GET /api/cases/{caseId} as %s, %d views after %d not timed, %d clients, %.1f views/s%n",
                opt("user", "shop"), views, warmup, clients, views / (wall / 1e9));
        Map<String, List<Long>> byKind = new LinkedHashMap<>();
        for (int i = 0; i < views; i++) byKind.computeIfAbsent(plan.get(warmup + i).kind(), k -> new ArrayList<>()).add(nanos[i]);
        for (var e : byKind.entrySet()) {
            long[] c = counts.get(e.getKey());
            System.out.printf("  %-14s %s; per view %.1f decisions, %.1f timeline entries, %.1f open tasks, %.0f bytes%n",
                    e.getKey(), percentiles(e.getValue().stream().mapToLong(Long::longValue).toArray()),
                    c[1] / (double) c[0], c[2] / (double) c[0], c[3] / (double) c[0], c[4] / (double) c[0]);
        }
        double p95 = percentile(sorted(nanos), 0.95);
        System.out.printf("  %-14s %s%n", "all", percentiles(nanos));
        if (cpu >= 0) {
            double ms = cpu * 1000.0 / Integer.parseInt(opt("clk-tck", "100"));
            System.out.printf("app cpu: %.0f ms for %d views, %.2f ms per view%n", ms, views, ms / views);
        }
        boolean met = p95 <= 20;
        System.out.println(met ? "target p95 <= 20 ms: met" : "target p95 <= 20 ms: MISSED");
        return met ? 0 : 1;
    }

    /** Views of the plan with so many clients; nanos (if given) gets each one's time; counts by kind. */
    static Map<String, long[]> run(HttpClient http, String base, String auth, List<View> plan, int clients, long[] nanos)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        Map<String, long[]> counts = new HashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            done.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < plan.size(); ) {
                    View v = plan.get(i);
                    long start = System.nanoTime();
                    HttpResponse<String> r = send(http, auth, "GET", base + "/api/cases/" + v.caseId(), null);
                    long took = System.nanoTime() - start;
                    if (r.statusCode() != 200 || !r.body().contains("\"caseId\":\"" + v.caseId() + "\"")) {
                        throw new IllegalStateException(v.caseId() + ": HTTP " + r.statusCode() + " " + r.body());
                    }
                    if (nanos != null) nanos[i] = took;
                    synchronized (counts) {
                        long[] c = counts.computeIfAbsent(v.kind(), k -> new long[5]);
                        c[0]++;
                        c[1] += occurrences(r.body(), "\"tableName\":");
                        c[2] += occurrences(r.body(), "\"what\":");
                        c[3] += occurrences(r.body(), "\"candidateGroups\":");
                        c[4] += r.body().length();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) f.get();
        pool.shutdown();
        return counts;
    }

    static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) n++;
        return n;
    }

    static long[] sorted(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s;
    }

    static double percentile(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * p) - 1)] / 1e6;
    }

    static String percentiles(long[] nanos) {
        long[] s = sorted(nanos);
        return "%5d views: p50 %5.1f ms, p95 %5.1f ms, p99 %5.1f ms, max %6.1f ms".formatted(s.length, percentile(s, 0.5),
                percentile(s, 0.95), percentile(s, 0.99), s[s.length - 1] / 1e6);
    }

    /** The app's user + system CPU ticks (/proc/PID/stat), -1 without --app-pid. */
    static long cpuTicks() throws Exception {
        String pid = opt("app-pid", "");
        if (pid.isEmpty()) return -1;
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> send(HttpClient http, String auth, String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", auth)
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60));
        if (body != null) b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
