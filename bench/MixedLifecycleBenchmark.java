import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Mixed-load lifecycle benchmark (single file, JDK only): every case type of docs/api.md in a mix of
 * scenarios (bench/README.md, "Mixed load"), driven through the REST API as the shop, the carrier feed
 * and the warehouse would (user shop), with the benchmark acting as the agents where a case gets a user
 * task (agent / lead over /engine-rest: claim + submit-form with the form's variables) and as the clock
 * where a case waits days for a buyer who never answers (admin demo moves that timer's due date to now).
 *
 * <pre>
 * java bench/MixedLifecycleBenchmark.java --base-url http://127.0.0.1:8080 [--cases 1000] [--clients 8]
 *      [--timeout-s 900] [--seed 42] [--poll-ms 500] [--in-flight 100] [--only TEXT] [--admin demo --admin-password demo]
 * </pre>
 *
 * Prints per case type: cases, resolved, the share resolved without a person (no user task was ever
 * created for any process of the case, from the engine's history), user tasks per case, refunds (exactly
 * once per purpose, amounts as the policy says), p50/p95 open→resolved; then the overall figures.
 * Exit 0 = pass, 1 = fail, 2 = usage.
 */
public class MixedLifecycleBenchmark {

    static final Map<String, String> opts = new LinkedHashMap<>();

    static String opt(String name, String def) {
        return opts.getOrDefault(name, def);
    }

    static int intOpt(String name, int def) {
        return Integer.parseInt(opt(name, Integer.toString(def)));
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) usage("unexpected argument " + args[i]);
            opts.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) usage("missing value for " + args[args.length - 1]);
        if (!opts.containsKey("base-url")) usage("--base-url is required");
        System.exit(new MixedLifecycleBenchmark().run());
    }

    static void usage(String error) {
        System.err.println("error: " + error);
        System.err.println("usage: java bench/MixedLifecycleBenchmark.java --base-url http://127.0.0.1:PORT [--cases 1000] "
                + "[--clients 8] [--timeout-s 900] [--seed 42] [--poll-ms 500] [--in-flight 100] [--only TEXT]");
        System.exit(2);
    }

    // ---------------------------------------------------------------- the mix

    static final BigDecimal SHIPPING = new BigDecimal("4.99");
    static final BigDecimal CHEAP = new BigDecimal("19.00");   // within the reship limit (30, R-ADDR-2, R-DMG-3)
    static final BigDecimal MID = new BigDecimal("45.00");
    static final BigDecimal DEAR = new BigDecimal("120.00");

    /** One step of a scenario: an event the outside world sends, or the clock moving past a wait. */
    record Step(String event, String timerWhenStatus) {
        static Step send(String json) {
            return new Step(json, null);
        }

        /** Once the case has this status and no open task: make the timers of its processes due now. */
        static Step timer(String status) {
            return new Step(null, status);
        }
    }

    /**
     * A scenario: the order (stage, price), how the case is opened, what the outside world then sends, what the
     * agents decide on each task (form variables by task definition key), and what the policy says the case ends
     * with (status, refunded total, refund lines).
     */
    record Scenario(String type, String name, int weight, String orderStatus, BigDecimal price, String shipment,
            boolean stock, String openExtra, List<Step> steps, Map<String, String> decisions,
            String endStatus, BigDecimal refunded, int refundLines) {
    }

    static String ev(String type, String field, String value) {
        return "{\"type\":\"" + type + "\",\"" + field + "\":\"" + value + "\"}";
    }

    static final String NOW = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).toString();
    static final String LATEST = LocalDate.now(ZoneOffset.UTC).plusDays(5).toString();

    static String shipped(boolean handed, boolean insured) {
        return "{\"carrier\":\"UPS\",\"trackingNumber\":\"1ZMIX\",\"shippedAt\":\"" + NOW + "\",\"latestDeliveryDate\":\""
                + LATEST + "\",\"insured\":" + insured + ",\"handedToCarrier\":" + handed + "}";
    }

    static String delivered(int daysAgo) {
        return "{\"carrier\":\"DHL\",\"trackingNumber\":\"JDMIX\",\"shippedAt\":\"" + OffsetDateTime.now(ZoneOffset.UTC).minusDays(daysAgo + 3)
                + "\",\"deliveredAt\":\"" + OffsetDateTime.now(ZoneOffset.UTC).minusDays(daysAgo) + "\",\"handedToCarrier\":true}";
    }

    static Map<String, String> tasks(String... keyAndVariables) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyAndVariables.length; i += 2) m.put(keyAndVariables[i], keyAndVariables[i + 1]);
        return m;
    }

    static BigDecimal sum(BigDecimal a, BigDecimal b) {
        return a.add(b);
    }

    static final String EVIDENCE = ",\"evidence\":[\"https://files.example.com/photo-1.jpg\"]";
    static final String CLAIM = "{\"claimReference\":{\"value\":\"CLAIM-MIX\"},\"agentNote\":{\"value\":\"filed online\"}}";

    /** The mix (weights out of 100); bench/README.md explains each line. */
    static final List<Scenario> MIX = List.of(
            // CANCELLATION (R-CAN): most orders are still in the warehouse
            new Scenario("CANCELLATION", "paid, warehouse stops it (R-CAN-1)", 20, "PAID", MID, null, false, "",
                    List.of(Step.send(ev("WAREHOUSE_UPDATE", "status", "SHIPMENT_STOPPED"))), tasks(),
                    "RESOLVED", sum(MID, SHIPPING), 1),
            new Scenario("CANCELLATION", "marked shipped, not with the carrier, buyer still cancels (R-CAN-3)", 4, "SHIPPED", MID,
                    shipped(false, false), false, "", List.of(),
                    tasks("Task_ConfirmCancellationWithBuyer", "{\"buyerDecision\":{\"value\":\"CANCEL\"},\"agentNote\":{\"value\":\"buyer confirmed by mail\"}}"),
                    "RESOLVED", sum(MID, SHIPPING), 1),
            new Scenario("CANCELLATION", "shipped, keeps it with 10.00 back (R-CAN-2)", 4, "SHIPPED", MID, shipped(true, false), false, "",
                    List.of(Step.send(ev("BUYER_CHOICE", "choice", "ACCEPT_OFFER"))),
                    tasks("Task_OfferShippedOption", "{\"cancellationOffer\":{\"value\":\"KEEP_WITH_PARTIAL_REFUND\"},\"offerAmount\":{\"value\":10}}"),
                    "RESOLVED", new BigDecimal("10.00"), 1),
            // ADDRESS_CHANGE (R-ADDR)
            new Scenario("ADDRESS_CHANGE", "not shipped, agent confirms (R-ADDR-1)", 6, "PAID", MID, null, false, "", List.of(),
                    tasks("Task_ConfirmNewAddress", "{\"addressDecision\":{\"value\":\"CONFIRMED\"}}"), "RESOLVED", BigDecimal.ZERO, 0),
            new Scenario("ADDRESS_CHANGE", "shipped, cheap, in stock: reship (R-ADDR-2)", 3, "SHIPPED", CHEAP, shipped(true, false), true, "",
                    List.of(), tasks(), "RESOLVED", BigDecimal.ZERO, 0),
            new Scenario("ADDRESS_CHANGE", "shipped, dear: old address kept (R-ADDR-3)", 1, "SHIPPED", DEAR, shipped(true, false), true, "",
                    List.of(), tasks("Task_AgreeAddressSolution", "{\"addressSolution\":{\"value\":\"DELIVER_TO_OLD_ADDRESS\"}}"),
                    "RESOLVED", BigDecimal.ZERO, 0),
            // NOT_RECEIVED (R-LOST)
            new Scenario("NOT_RECEIVED", "carrier says lost, not insured, buyer takes the refund (R-LOST-4)", 7, "SHIPPED", MID,
                    shipped(true, false), true, "",
                    List.of(Step.send(ev("CARRIER_UPDATE", "trackingState", "LOST")), Step.send(ev("BUYER_CHOICE", "choice", "REFUND"))),
                    tasks(), "RESOLVED", sum(MID, SHIPPING), 1),
            new Scenario("NOT_RECEIVED", "carrier says lost, insured: refund, claim filed (R-LOST-4)", 2, "SHIPPED", MID,
                    shipped(true, true), true, "",
                    List.of(Step.send(ev("CARRIER_UPDATE", "trackingState", "LOST")), Step.send(ev("BUYER_CHOICE", "choice", "REFUND"))),
                    tasks("Task_FileCarrierClaim", CLAIM), "RESOLVED", sum(MID, SHIPPING), 1),
            new Scenario("NOT_RECEIVED", "shows delivered, cheap, buyer still misses it (R-LOST-3)", 3, "SHIPPED", CHEAP,
                    shipped(true, false), true, "",
                    List.of(Step.send(ev("CARRIER_UPDATE", "trackingState", "DELIVERED")),
                            Step.send(ev("BUYER_REPLIED", "message", "Still not here, neighbours have nothing")),
                            Step.send(ev("BUYER_CHOICE", "choice", "REFUND"))),
                    tasks(), "RESOLVED", sum(CHEAP, SHIPPING), 1),
            new Scenario("NOT_RECEIVED", "shows delivered, buyer never answers: found (R-LOST-3, 3-day wait)", 3, "SHIPPED", MID,
                    shipped(true, false), true, "",
                    List.of(Step.send(ev("CARRIER_UPDATE", "trackingState", "DELIVERED")), Step.timer("WAITING_FOR_BUYER")),
                    tasks(), "CLOSED", BigDecimal.ZERO, 0),
            // DAMAGED (R-DMG)
            new Scenario("DAMAGED", "slight, keeps it with 10.00 back (R-DMG-2)", 5, "DELIVERED", MID, delivered(2), false, EVIDENCE,
                    List.of(Step.send(ev("BUYER_CHOICE", "choice", "ACCEPT_OFFER"))),
                    tasks("Task_AssessDamage", "{\"damageSeverity\":{\"value\":\"SLIGHT\"},\"offerAmount\":{\"value\":10}}",
                            "Task_FileCarrierClaim", CLAIM),
                    "RESOLVED", new BigDecimal("10.00"), 1),
            new Scenario("DAMAGED", "severe, cheap, buyer takes the refund (R-DMG-3)", 3, "DELIVERED", CHEAP, delivered(2), true, EVIDENCE,
                    List.of(Step.send(ev("BUYER_CHOICE", "choice", "REFUND"))),
                    tasks("Task_AssessDamage", "{\"damageSeverity\":{\"value\":\"SEVERE\"}}", "Task_FileCarrierClaim", CLAIM),
                    "RESOLVED", sum(CHEAP, SHIPPING), 1),
            new Scenario("DAMAGED", "no photos, buyer escalates, platform refunds at the seller's cost (R-ESC-3)", 2, "DELIVERED", MID,
                    delivered(2), false, "",
                    List.of(Step.send(ev("BUYER_ESCALATED", "platformCaseId", "AZ-MIX")), Step.send(ev("PLATFORM_RULING", "outcome", "GRANTED_SELLER_FUNDED"))),
                    tasks("Task_RespondToPlatform", "{\"platformResponse\":{\"value\":\"Asked for photos, none came\"}}"),
                    "RESOLVED", sum(MID, SHIPPING), 1),
            // QUALITY_DEFECT (R-QUAL)
            new Scenario("QUALITY_DEFECT", "defect shown, buyer takes the refund (R-QUAL-3)", 7, "DELIVERED", MID, delivered(20), true, EVIDENCE,
                    List.of(Step.send(ev("BUYER_CHOICE", "choice", "REFUND"))),
                    tasks("Task_AssessQualityDefect", "{\"qualityFinding\":{\"value\":\"DEFECT\"},\"inspectItem\":{\"value\":false}}"),
                    "RESOLVED", sum(MID, SHIPPING), 1),
            // NOT_AS_DESCRIBED (R-NAD)
            new Scenario("NOT_AS_DESCRIBED", "listing right, keeps it with 10.00 back (R-NAD-3)", 5, "DELIVERED", MID, delivered(3), false, EVIDENCE,
                    List.of(Step.send(ev("BUYER_CHOICE", "choice", "ACCEPT_OFFER"))),
                    tasks("Task_AssessNotAsDescribed", "{\"nadFinding\":{\"value\":\"MISUNDERSTANDING\"},\"offerAmount\":{\"value\":10}}"),
                    "RESOLVED", new BigDecimal("10.00"), 1),
            // WRONG_OR_MISSING_ITEM (R-WRONG, R-GEN-6)
            new Scenario("WRONG_OR_MISSING_ITEM", "generic accessory missing: 5.00 compensation (R-WRONG-1)", 3, "DELIVERED", MID, delivered(1), false,
                    EVIDENCE, List.of(),
                    tasks("Task_AssessWrongOrMissing", "{\"wrongOrMissing\":{\"value\":\"GENERIC_ACCESSORY\"},\"offerAmount\":{\"value\":5}}"),
                    "RESOLVED", new BigDecimal("5.00"), 1),
            new Scenario("WRONG_OR_MISSING_ITEM", "no photo within 3 days (R-GEN-6)", 2, "DELIVERED", MID, delivered(1), false, "",
                    List.of(Step.timer("WAITING_FOR_BUYER")), tasks(), "CLOSED", BigDecimal.ZERO, 0),
            // NO_REASON_RETURN (R-RET): decided at opening where the table can
            new Scenario("NO_REASON_RETURN", "inside the window, unopened: label at once, refund on arrival (R-RET-1, R-RET-6)", 8, "DELIVERED", MID,
                    delivered(2), false, ",\"itemCondition\":\"ORIGINAL\",\"itemOpened\":false,\"nearExpiry\":false",
                    List.of(Step.send(ev("RETURN_SHIPPED", "trackingNumber", "RET-MIX")), Step.send(ev("RETURN_RECEIVED", "condition", "AS_NEW"))),
                    tasks(), "RESOLVED", MID, 1),
            new Scenario("NO_REASON_RETURN", "30 days after delivery: refused at once (R-RET-1)", 4, "DELIVERED", MID, delivered(30), false,
                    ",\"itemCondition\":\"ORIGINAL\",\"itemOpened\":false,\"nearExpiry\":false", List.of(), tasks(), "CLOSED", BigDecimal.ZERO, 0),
            new Scenario("NO_REASON_RETURN", "opened: agent finds it original, refund on arrival (R-RET-2, R-RET-6)", 2, "DELIVERED", MID,
                    delivered(2), false, ",\"itemCondition\":\"ORIGINAL\",\"itemOpened\":true,\"nearExpiry\":false",
                    List.of(Step.send(ev("RETURN_SHIPPED", "trackingNumber", "RET-MIX")), Step.send(ev("RETURN_RECEIVED", "condition", "OPENED"))),
                    tasks("Task_ReviewReturnRequest", "{\"itemCondition\":{\"value\":\"ORIGINAL\"},\"nearExpiry\":{\"value\":false},\"returnAlternative\":{\"value\":\"NONE\"}}"),
                    "RESOLVED", MID, 1),
            new Scenario("NO_REASON_RETURN", "label sent, never shipped back within 10 days (R-RET-5)", 2, "DELIVERED", MID, delivered(2), false,
                    ",\"itemCondition\":\"ORIGINAL\",\"itemOpened\":false,\"nearExpiry\":false",
                    List.of(Step.timer("WAITING_FOR_RETURN")), tasks(), "CLOSED", BigDecimal.ZERO, 0));

    // ---------------------------------------------------------------- HTTP

    final String base = opt("base-url", "").replaceAll("/+$", "");
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    static final String SHOP = basic("shop", "shop");
    static final String ADMIN = basic(opt("admin", "demo"), opt("admin-password", "demo"));

    record Reply(int status, String body) {
        Object json() {
            return body == null || body.isBlank() ? null : Json.parse(body);
        }

        String problemType() {
            try {
                if (json() instanceof Map<?, ?> m && m.get("type") instanceof String t) {
                    return t.substring(Math.max(t.lastIndexOf('/'), t.lastIndexOf(':')) + 1);
                }
            } catch (RuntimeException ignored) {
                // not JSON
            }
            return "";
        }
    }

    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final List<String> errorSamples = java.util.Collections.synchronizedList(new ArrayList<>());

    Reply send(String auth, String method, String path, String body, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", auth).header("Accept", "application/json");
        if (body != null) b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (key != null) b.header("Idempotency-Key", key);
        Reply r;
        try {
            HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            r = new Reply(resp.statusCode(), resp.body());
        } catch (IOException e) {
            r = new Reply(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r = new Reply(-1, "interrupted");
        }
        boolean expected409 = r.status() == 409 && ("event-not-expected".equals(r.problemType()) || "case-busy".equals(r.problemType()));
        if ((r.status() < 200 || r.status() >= 300) && !expected409) {
            String kind = path.replaceAll("/[0-9a-fA-F-]{8,}|/MIX-[^/?]*", "/{id}").replaceAll("\\?.*", "");
            errors.computeIfAbsent(r.status() + " " + method + " " + kind + " " + r.problemType(), k -> new LongAdder()).increment();
            if (errorSamples.size() < 5) errorSamples.add(r.status() + " " + method + " " + path + " → " + r.body());
        }
        return r;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- one case

    final class Case implements Delayed {
        final int index;
        final Scenario s;
        final String orderId;
        String caseId;
        int step;
        long openNanos, resolvedNanos, dueNanos;
        boolean done;
        int tasksCompleted, earlyEvents, settledPolls;
        long waitNanos;
        Object lastUpdatedAt;
        Double serverMillis;
        Map<?, ?> view;

        Case(int index, Scenario s) {
            this.index = index;
            this.s = s;
            this.orderId = "MIX-" + runId + "-" + index;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(dueNanos, ((Case) o).dueNanos);
        }
    }

    final String runId = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
    final DelayQueue<Case> queue = new DelayQueue<>();
    final AtomicInteger finished = new AtomicInteger();
    final LongAdder timersMoved = new LongAdder();
    final LongAdder polls = new LongAdder();
    final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    final long pollNanos = TimeUnit.MILLISECONDS.toNanos(intOpt("poll-ms", 500));

    void later(Case c, long nanos) {
        c.dueNanos = System.nanoTime() + nanos;
        queue.add(c);
    }

    /** Advances the case by one step; false when it is finished (or lost). */
    boolean advance(Case c) {
        if (c.caseId == null) return open(c);
        Reply r = send(SHOP, "GET", "/api/cases/" + c.caseId, null, null);
        polls.increment();
        if (r.status() != 200 || !(r.json() instanceof Map<?, ?> view)) return true;
        c.view = view;
        // poll less often while nothing changes (the case waits for its jobs), as a client that backs off
        c.waitNanos = java.util.Objects.equals(view.get("updatedAt"), c.lastUpdatedAt) ? Math.min(c.waitNanos * 2, 4 * pollNanos) : pollNanos;
        c.lastUpdatedAt = view.get("updatedAt");
        boolean isFinal = "RESOLVED".equals(view.get("status")) || "CLOSED".equals(view.get("status"));
        if (isFinal && c.resolvedNanos == 0) {
            c.resolvedNanos = System.nanoTime();
            try {
                c.serverMillis = (double) Duration.between(OffsetDateTime.parse((String) view.get("openedAt")),
                        OffsetDateTime.parse((String) view.get("updatedAt"))).toMillis();
            } catch (RuntimeException e) {
                c.serverMillis = null;
            }
        }
        List<?> open = (List<?>) view.get("openTasks");
        if (!open.isEmpty()) {
            c.settledPolls = 0;
            c.waitNanos = pollNanos;
            return actAsAgent(c, (Map<?, ?>) open.get(0));
        }
        if (isFinal) {
            // a task may still follow the resolution (a carrier claim): done after two quiet polls
            return ++c.settledPolls < 2;
        }
        if (c.step >= c.s.steps().size()) return true;   // the process is working, or waits for its own jobs
        Step step = c.s.steps().get(c.step);
        if (step.event() != null) {
            Reply e = send(SHOP, "POST", "/api/cases/" + c.caseId + "/events", step.event(), "mix-" + runId + "-" + c.index + "-" + c.step);
            if (e.status() == 202) {
                c.step++;
                c.waitNanos = pollNanos;
            }
            else if (e.status() == 409) c.earlyEvents++;   // not waiting for it yet: again on the next poll
            else return lose(c, "event " + step.event() + " answered " + e.status() + " " + e.body());
        } else if (step.timerWhenStatus().equals(view.get("status"))) {
            if (dueNow(c) > 0) c.step++;
        }
        return true;
    }

    boolean lose(Case c, String why) {
        failures.add(c.s.type() + " " + c.orderId + ": " + why);
        return false;
    }

    boolean open(Case c) {
        Scenario s = c.s;
        String sku = "MIX-SKU-" + c.index % 40;
        if (s.stock() && send(SHOP, "PUT", "/api/stock/" + sku, "{\"available\": 1000000}", null).status() / 100 != 2) {
            return lose(c, "stock not set");
        }
        String order = """
                {"orderId":"%s","platform":"SHOP","buyer":{"id":"B-%s","name":"Mixed Buyer %d","email":"buyer%d@example.com"},\
                "currency":"USD","items":[{"sku":"%s","title":"Mixed item","quantity":1,"unitPrice":%s,"category":"accessories"}],\
                "shippingFee":%s,"status":"%s","shippingAddress":{"name":"Mixed Buyer","line1":"1 Main St","city":"Austin",\
                "postalCode":"78701","country":"US"},"shipment":%s}""".formatted(c.orderId, c.orderId, c.index, c.index, sku,
                s.price().toPlainString(), SHIPPING.toPlainString(), s.orderStatus(), s.shipment());
        Reply o = send(SHOP, "PUT", "/api/orders/" + c.orderId, order, null);
        if (o.status() / 100 != 2) return lose(c, "order answered " + o.status() + " " + o.body());
        String extra = s.openExtra() + ("ADDRESS_CHANGE".equals(s.type())
                ? ",\"newAddress\":{\"name\":\"Mixed Buyer\",\"line1\":\"9 Oak Ave\",\"city\":\"Austin\",\"postalCode\":\"78702\",\"country\":\"US\"}"
                : "");
        String body = "{\"orderId\":\"" + c.orderId + "\",\"type\":\"" + s.type() + "\",\"description\":\"" + s.name() + "\"" + extra + "}";
        c.openNanos = System.nanoTime();
        for (int attempt = 1; attempt <= 5; attempt++) {
            Reply r = send(SHOP, "POST", "/api/cases", body, "mix-" + runId + "-open-" + c.index);
            if (r.status() == 201 && r.json() instanceof Map<?, ?> m) {
                c.caseId = (String) m.get("caseId");
                return true;
            }
            if (r.status() != -1 && r.status() < 500 && !"idempotency-key-in-use".equals(r.problemType())) {
                return lose(c, "open answered " + r.status() + " " + r.body());
            }
            sleep(200L * attempt);
        }
        return lose(c, "not opened");
    }

    /** As an agent (or team lead) does in Tasklist: claim, then submit the form with the scenario's decision. */
    boolean actAsAgent(Case c, Map<?, ?> task) {
        String key = (String) task.get("taskDefinitionKey");
        String variables = c.s.decisions().get(key);
        if (variables == null) return lose(c, "no decision for task " + key + " (" + task.get("name") + ")");
        String user = String.valueOf(task.get("candidateGroups")).contains("team-leads") ? "lead" : "agent";
        String auth = basic(user, user);
        String taskId = (String) task.get("taskId");
        if (task.get("assignee") == null) {
            Reply claim = send(auth, "POST", "/engine-rest/task/" + taskId + "/claim", "{\"userId\":\"" + user + "\"}", null);
            if (claim.status() != 204) return true;   // e.g. the task just ended: look again
        }
        Reply done = send(auth, "POST", "/engine-rest/task/" + taskId + "/submit-form", "{\"variables\":" + variables + "}", null);
        if (done.status() == 204) c.tasksCompleted++;
        else if (done.status() == 400 || done.status() == 403) return lose(c, "the form refused " + variables + ": " + done.body());
        return true;
    }

    /** The clock: the timers of the case's running processes are made due now (what days of waiting would do). */
    int dueNow(Case c) {
        Reply instances = send(ADMIN, "GET", "/engine-rest/process-instance?businessKey=" + c.caseId, null, null);
        if (!(instances.json() instanceof List<?> list)) return 0;
        String due = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT)
                .format(OffsetDateTime.now().minusMinutes(1));
        int moved = 0;
        for (Object i : list) {
            Reply jobs = send(ADMIN, "GET", "/engine-rest/job?timers=true&processInstanceId=" + ((Map<?, ?>) i).get("id"), null, null);
            if (!(jobs.json() instanceof List<?> js)) continue;
            for (Object j : js) {
                if (send(ADMIN, "PUT", "/engine-rest/job/" + ((Map<?, ?>) j).get("id") + "/duedate", "{\"duedate\":\"" + due + "\"}", null)
                        .status() == 204) moved++;
            }
        }
        timersMoved.add(moved);
        return moved;
    }

    // ---------------------------------------------------------------- the run

    int run() throws Exception {
        int n = intOpt("cases", 1000);
        int clients = intOpt("clients", 8);
        long timeout = TimeUnit.SECONDS.toNanos(intOpt("timeout-s", 900));
        Random random = new Random(Long.parseLong(opt("seed", "42")));
        // --only TEXT: only the scenarios whose type or name contains TEXT (to try one flow)
        List<Scenario> mix = MIX.stream().filter(s -> (s.type() + ": " + s.name()).contains(opt("only", ""))).toList();
        if (mix.isEmpty()) usage("no scenario matches --only " + opt("only", ""));
        int totalWeight = mix.stream().mapToInt(Scenario::weight).sum();
        List<Case> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int pick = random.nextInt(totalWeight);
            Scenario chosen = mix.get(0);
            for (Scenario s : mix) {
                if ((pick -= s.weight()) < 0) {
                    chosen = s;
                    break;
                }
            }
            all.add(new Case(i, chosen));
        }
        // a steady stream: at most --in-flight cases open at a time; each finished case lets the next one in
        int inFlight = Math.min(n, intOpt("in-flight", 100));
        AtomicInteger nextToOpen = new AtomicInteger(inFlight);
        for (Case c : all.subList(0, inFlight)) later(c, 0);
        System.out.printf(Locale.ROOT, "mixed load: %d cases of %d scenarios, %d clients, at most %d cases open at a time, run %s%n", n,
                mix.size(), clients, inFlight, runId);
        long start = System.nanoTime();
        long deadline = start + timeout;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < clients; w++) {
            workers.add(pool.submit(() -> {
                while (finished.get() < n && System.nanoTime() < deadline) {
                    Case c;
                    try {
                        c = queue.poll(200, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (c == null) continue;
                    boolean more;
                    try {
                        more = advance(c);
                    } catch (RuntimeException e) {
                        failures.add(c.orderId + ": client error " + e);
                        more = true;
                    }
                    if (more) later(c, c.waitNanos == 0 ? pollNanos : c.waitNanos);
                    else {
                        c.done = c.caseId != null;
                        finished.incrementAndGet();
                        int next = nextToOpen.getAndIncrement();
                        if (next < n) later(all.get(next), 0);
                    }
                }
            }));
        }
        long lastPrint = System.nanoTime();
        while (finished.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(500);
            if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(10)) {
                lastPrint = System.nanoTime();
                System.out.printf(Locale.ROOT, "[mixed] %d/%d cases finished after %.0f s%n", finished.get(), n, (lastPrint - start) / 1e9);
            }
        }
        long wallNanos = System.nanoTime() - start;
        pool.shutdownNow();
        for (Future<?> f : workers) {
            try {
                f.get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // stopped
            }
        }
        return report(all, wallNanos);
    }

    int report(List<Case> all, long wallNanos) {
        Map<String, List<Case>> byType = new TreeMap<>();
        for (Case c : all) byType.computeIfAbsent(c.s.type(), k -> new ArrayList<>()).add(c);
        int problems = 0;
        int totalResolved = 0, totalWithoutPerson = 0;
        long totalTasks = 0;
        System.out.println();
        System.out.printf(Locale.ROOT, "%-22s %6s %8s %14s %10s %8s %8s %10s %10s%n", "case type", "cases", "resolved",
                "without person", "tasks/case", "refunds", "wrong", "p50 ms", "p95 ms");
        Map<String, int[]> byScenario = new LinkedHashMap<>();
        for (Map.Entry<String, List<Case>> e : byType.entrySet()) {
            int resolved = 0, withoutPerson = 0, refunds = 0, wrong = 0;
            long tasks = 0;
            List<Long> times = new ArrayList<>();
            for (Case c : e.getValue()) {
                int[] sc = byScenario.computeIfAbsent(c.s.type() + ": " + c.s.name(), k -> new int[4]);
                sc[0]++;
                if (c.view == null || c.resolvedNanos == 0) {
                    failures.add(c.s.type() + " " + c.orderId + " (" + c.s.name() + ") not resolved: "
                            + (c.view == null ? "not opened" : c.view.get("status") + ", open tasks " + c.view.get("openTasks")));
                    continue;
                }
                resolved++;
                sc[1]++;
                times.add(c.serverMillis == null ? c.resolvedNanos - c.openNanos : (long) (c.serverMillis * 1e6));
                long everCreated = historicTasks(c.caseId);
                tasks += everCreated;
                sc[3] += (int) everCreated;
                if (everCreated == 0) {
                    withoutPerson++;
                    sc[2]++;
                }
                List<?> lines = (List<?>) c.view.get("refunds");
                refunds += lines.size();
                String check = checkMoney(c, lines);
                if (check != null) {
                    wrong++;
                    failures.add(c.s.type() + " " + c.caseId + " (" + c.s.name() + "): " + check);
                }
            }
            long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-22s %6d %8d %13.0f%% %10.2f %8d %8d %10s %10s%n", e.getKey(), e.getValue().size(), resolved,
                    resolved == 0 ? 0.0 : 100.0 * withoutPerson / resolved, resolved == 0 ? 0.0 : (double) tasks / resolved, refunds, wrong,
                    fmt(pct(sorted, 50)), fmt(pct(sorted, 95)));
            totalResolved += resolved;
            totalWithoutPerson += withoutPerson;
            totalTasks += tasks;
            problems += wrong + (e.getValue().size() - resolved);
        }
        System.out.println();
        System.out.println("by scenario (cases, resolved, without a person, user tasks):");
        for (Map.Entry<String, int[]> e : byScenario.entrySet()) {
            int[] v = e.getValue();
            System.out.printf(Locale.ROOT, "  %-100s %5d %5d %5d %5d%n", e.getKey(), v[0], v[1], v[2], v[3]);
        }
        System.out.println();
        double secs = wallNanos / 1e9;
        line("cases", all.size());
        line("resolved", totalResolved);
        line("share resolved without a person %", fmt(totalResolved == 0 ? 0 : 100.0 * totalWithoutPerson / totalResolved));
        line("user tasks per case", String.format(Locale.ROOT, "%.2f", totalResolved == 0 ? 0.0 : (double) totalTasks / totalResolved));
        line("wall seconds", fmt(secs));
        line("cases/s", fmt(all.size() / secs));
        line("timers made due (the clock)", timersMoved.sum());
        line("case view polls per case", fmt((double) polls.sum() / all.size()));
        line("events sent before the case waited for them (409, sent again)", all.stream().mapToInt(c -> c.earlyEvents).sum());
        long errorCount = errors.values().stream().mapToLong(LongAdder::sum).sum();
        line("http errors", errorCount);
        errors.forEach((k, v) -> line("http errors [" + k + "]", v.sum()));
        errorSamples.forEach(s -> System.out.println("  sample: " + (s.length() > 300 ? s.substring(0, 300) + "…" : s)));
        if (!failures.isEmpty()) {
            line("failures", failures.size());
            failures.stream().limit(20).forEach(f -> System.out.println("  " + f));
        }
        boolean pass = problems == 0 && failures.isEmpty() && errorCount == 0;
        System.out.println(pass ? "RESULT: PASS" : "RESULT: FAIL");
        return pass ? 0 : 1;
    }

    /** Every purpose paid at most once (R-GEN-4), and what the policy says for the scenario, in the order's currency. */
    static String checkMoney(Case c, List<?> lines) {
        Map<Object, Integer> purposes = new LinkedHashMap<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Object o : lines) {
            Map<?, ?> line = (Map<?, ?>) o;
            purposes.merge(line.get("purpose"), 1, Integer::sum);
            if (!"USD".equals(line.get("currency"))) return "refund in " + line.get("currency");
            total = total.add(new BigDecimal(String.valueOf(line.get("amount"))));
        }
        if (purposes.values().stream().anyMatch(k -> k > 1)) return "a purpose paid twice: " + lines;
        if (lines.size() != c.s.refundLines() || total.compareTo(c.s.refunded()) != 0) {
            return "refunds " + lines.size() + " lines, " + total + " USD; the policy says " + c.s.refundLines() + " lines, " + c.s.refunded();
        }
        if (!c.s.endStatus().equals(c.view.get("status"))) return "status " + c.view.get("status") + ", expected " + c.s.endStatus();
        return null;
    }

    /** User tasks ever created for any process of the case (history, as the admin). */
    long historicTasks(String caseId) {
        Reply r = send(ADMIN, "GET", "/engine-rest/history/task/count?processInstanceBusinessKey=" + caseId, null, null);
        if (r.json() instanceof Map<?, ?> m && m.get("count") != null) return new BigDecimal(m.get("count").toString()).longValue();
        failures.add("history of " + caseId + ": " + r.status());
        return 0;
    }

    static void line(String name, Object value) {
        System.out.println(name + ": " + value);
    }

    static String fmt(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.1f", d);
    }

    static double pct(long[] sorted, int p) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- minimal JSON reader (as in CancellationLifecycleBenchmark)

    /** Objects → LinkedHashMap, arrays → ArrayList, numbers → BigDecimal, true/false/null, strings. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            Json j = new Json(text);
            Object v = j.value();
            j.ws();
            if (j.i != j.s.length()) throw j.error("trailing characters");
            return v;
        }

        private RuntimeException error(String what) {
            return new IllegalArgumentException("JSON: " + what + " at " + i);
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private Object value() {
            ws();
            if (i >= s.length()) throw error("unexpected end");
            char ch = s.charAt(i);
            switch (ch) {
                case '{': {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    ws();
                    if (s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        ws();
                        String k = string();
                        ws();
                        expect(':');
                        m.put(k, value());
                        ws();
                        if (s.charAt(i) == ',') {
                            i++;
                        } else {
                            expect('}');
                            return m;
                        }
                    }
                }
                case '[': {
                    i++;
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        ws();
                        if (s.charAt(i) == ',') {
                            i++;
                        } else {
                            expect(']');
                            return l;
                        }
                    }
                }
                case '"':
                    return string();
                case 't':
                    literal("true");
                    return Boolean.TRUE;
                case 'f':
                    literal("false");
                    return Boolean.FALSE;
                case 'n':
                    literal("null");
                    return null;
                default: {
                    int start = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
                    if (start == i) throw error("unexpected '" + ch + "'");
                    return new BigDecimal(s.substring(start, i));
                }
            }
        }

        private void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) throw error("expected '" + c + "'");
            i++;
        }

        private void literal(String word) {
            if (!s.startsWith(word, i)) throw error("expected " + word);
            i += word.length();
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                if (i >= s.length()) throw error("unterminated string");
                char ch = s.charAt(i++);
                if (ch == '"') return b.toString();
                if (ch != '\\') {
                    b.append(ch);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            }
        }
    }
}
