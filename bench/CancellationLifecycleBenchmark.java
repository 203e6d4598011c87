import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * Cancellation lifecycle benchmark for the after-sales app (single file, JDK only).
 *
 * <pre>
 * java bench/CancellationLifecycleBenchmark.java --base-url http://127.0.0.1:8080 [--cases 2000] [--clients 8]
 *      [--user shop] [--password shop] [--timeout-s 900] [--poll-ms 1000] [--progress-s 5] [--seed 42]
 *      [--bare CASES] [--bare-warmup 20] [--bare-user demo] [--bare-password demo] [--bare-files bench]
 * java bench/CancellationLifecycleBenchmark.java --free-port
 * java bench/CancellationLifecycleBenchmark.java --wait-ready --base-url ... [--pid N] [--timeout-s 120]
 * </pre>
 *
 * Lifecycle per case: PUT /api/orders/{id} (PAID, not shipped) → POST /api/cases (CANCELLATION) →
 * POST /api/cases/{id}/events WAREHOUSE_UPDATE SHIPMENT_STOPPED → two async jobs → RESOLVED/CANCELLED with
 * one refund of item value + shipping fee. Before and after the cases, the same clients run N bare start + complete
 * of a minimal process on the same app (--bare, default as many as cases; see BARE_PROCESS), and the run prints the
 * ratios of the two (bench/bare-start-complete.bpmn). Prints "name: value" lines; exit 0 = pass, 1 = fail, 2 = usage.
 */
public class CancellationLifecycleBenchmark {

    // ---------------------------------------------------------------- options

    static final Map<String, String> opts = new LinkedHashMap<>();

    static String opt(String name, String def) {
        return opts.getOrDefault(name, def);
    }

    static int intOpt(String name, int def) {
        return Integer.parseInt(opt(name, Integer.toString(def)));
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) usage("unexpected argument " + a);
            String name = a.substring(2);
            if (name.equals("free-port") || name.equals("wait-ready") || name.equals("tasklist") || name.equals("crash")
                    || name.equals("help")) {
                opts.put(name, "true");
            } else if (i + 1 < args.length) {
                opts.put(name, args[++i]);
            } else {
                usage("missing value for " + a);
            }
        }
        if (opts.containsKey("help")) usage(null);
        if (opts.containsKey("free-port")) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                System.out.println(s.getLocalPort());
            }
            return;
        }
        if (!opts.containsKey("base-url")) usage("--base-url is required");
        if (opts.containsKey("wait-ready")) {
            System.exit(waitReady());
        }
        if (opts.containsKey("tasklist")) {
            System.exit(new CancellationLifecycleBenchmark().tasklist());
        }
        if (opts.containsKey("crash")) {
            System.exit(new CancellationLifecycleBenchmark().crash());
        }
        System.exit(new CancellationLifecycleBenchmark().run());
    }

    static void usage(String error) {
        if (error != null) System.err.println("error: " + error);
        System.err.println("usage: java bench/CancellationLifecycleBenchmark.java --base-url http://127.0.0.1:PORT "
                + "[--cases 2000] [--clients 8] [--user shop] [--password shop] [--timeout-s 900] [--poll-ms 1000] "
                + "[--progress-s 5] [--seed 42] [--timer-cases 0] [--bare CASES] [--bare-warmup 20] [--bare-user demo] [--bare-password demo] [--bare-files bench]\n"
                + "       (--bare N: N bare start + complete before and N after the cases, as --bare-user, an admin; 0: none)\n"
                + "       (--base-url URL1,URL2: several nodes; case i is opened on node i, its event sent to the next)\n"
                + "       java bench/CancellationLifecycleBenchmark.java --tasklist --base-url URL --user admin --password P "
                + "[--open-cases 20000] [--clients 8] [--samples 200] [--agent agent] [--agent-password agent] [--completions 10] [--warmup 300]\n"
                + "       java bench/CancellationLifecycleBenchmark.java --crash --base-url URL --app-pid PID [--cases 200] [--clients 8] "
                + "[--kill-after 100] [--timeout-s 600] [--ready-timeout-s 300]   (bench/crash.sh restarts the app)\n"
                + "       java bench/CancellationLifecycleBenchmark.java --free-port\n"
                + "       java bench/CancellationLifecycleBenchmark.java --wait-ready --base-url URL [--pid N] [--timeout-s 120]");
        System.exit(error == null ? 0 : 2);
    }

    // ---------------------------------------------------------------- HTTP

    /** One or more nodes (--base-url URL1,URL2): case i is opened on node i, its event goes to the next node. */
    final List<String> bases = Arrays.stream(opt("base-url", "").split(",")).map(u -> u.trim().replaceAll("/+$", ""))
            .filter(u -> !u.isEmpty()).toList();
    final String base = bases.isEmpty() ? "" : bases.get(0);
    final String auth = "Basic " + Base64.getEncoder().encodeToString(
            (opt("user", "shop") + ":" + opt("password", "shop")).getBytes(StandardCharsets.UTF_8));
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** An answer; replayed: header Idempotent-Replayed; retryAfter: header Retry-After (or null). */
    record Reply(int status, String body, long nanos, boolean replayed, String retryAfter) {
        Reply(int status, String body, long nanos) {
            this(status, body, nanos, false, null);
        }

        Object json() {
            return body == null || body.isBlank() ? null : Json.parse(body);
        }

        /** The problem "type" (last segment of its URI or URN) or "" */
        String problemType() {
            try {
                Object j = json();
                if (j instanceof Map<?, ?> m && m.get("type") instanceof String t) {
                    return t.substring(Math.max(t.lastIndexOf('/'), t.lastIndexOf(':')) + 1);
                }
            } catch (RuntimeException ignored) {
                // not JSON
            }
            return "";
        }
    }

    /** status → count of every non-2xx answer, and "status problem-type" → count. status -1 = I/O error or timeout. */
    final Map<Integer, LongAdder> errorsByStatus = new ConcurrentHashMap<>();
    final Map<String, LongAdder> errorsByType = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
    final AtomicInteger errorSampleCount = new AtomicInteger();

    Reply send(String method, String path, String body, String idempotencyKey) {
        return send(0, method, path, body, idempotencyKey);
    }

    Reply send(int node, String method, String path, String body, String idempotencyKey) {
        return send(node, auth, "application/json", method, path, body, idempotencyKey);
    }

    Reply send(int node, String authorization, String accept, String method, String path, String body, String idempotencyKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(bases.get(node % bases.size()) + path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization).header("Accept", accept);
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
        long t0 = System.nanoTime();
        Reply reply;
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            reply = new Reply(r.statusCode(), r.body(), System.nanoTime() - t0,
                    r.headers().firstValue("Idempotent-Replayed").isPresent(), r.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            reply = new Reply(-1, e.getClass().getSimpleName() + ": " + e.getMessage(), System.nanoTime() - t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = new Reply(-1, "interrupted", System.nanoTime() - t0);
        }
        if (reply.status() < 200 || reply.status() >= 300) {
            errorsByStatus.computeIfAbsent(reply.status(), k -> new LongAdder()).increment();
            String type = reply.status() == -1 ? "io-error" : reply.problemType();
            errorsByType.computeIfAbsent(reply.status() + " " + method + " " + pathKind(path) + (type.isEmpty() ? "" : " " + type),
                    k -> new LongAdder()).increment();
            if (errorSampleCount.incrementAndGet() <= 5) {
                String text = reply.body() == null ? "" : reply.body().replaceAll("\\s+", " ");
                errorSamples.add(reply.status() + " " + method + " " + path + " → "
                        + (text.length() > 300 ? text.substring(0, 300) + "…" : text));
            }
        }
        return reply;
    }

    static String pathKind(String path) {
        if (path.startsWith("/api/orders/")) return "/api/orders/{id}";
        if (path.endsWith("/events")) return "/api/cases/{id}/events";
        if (path.startsWith("/api/cases/")) return "/api/cases/{id}";
        return path.replaceAll("\\?.*", "");
    }

    // ---------------------------------------------------------------- readiness

    static int waitReady() throws InterruptedException {
        CancellationLifecycleBenchmark b = new CancellationLifecycleBenchmark();
        int timeout = intOpt("timeout-s", 120);
        long pid = Long.parseLong(opt("pid", "-1"));
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(timeout);
        long lastPrint = 0;
        for (int attempt = 1; attempt <= timeout * 4 + 10 && System.nanoTime() < deadline; attempt++) {
            if (pid > 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                System.out.println("readiness: the app process " + pid + " is gone");
                return 1;
            }
            HttpRequest req = HttpRequest.newBuilder(URI.create(b.base + "/api/cases?size=1"))
                    .timeout(Duration.ofSeconds(5)).header("Authorization", b.auth).GET().build();
            String state;
            try {
                int status = b.http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    System.out.printf(Locale.ROOT, "readiness: app answered 200 after %.1f s%n", (System.nanoTime() - start) / 1e9);
                    return 0;
                }
                state = "HTTP " + status;
            } catch (IOException e) {
                state = "not listening yet";
            }
            long elapsed = System.nanoTime() - start;
            if (elapsed - lastPrint >= TimeUnit.SECONDS.toNanos(5)) {
                lastPrint = elapsed;
                System.out.printf(Locale.ROOT, "readiness: waiting for the app (%.0f s, %s)%n", elapsed / 1e9, state);
            }
            Thread.sleep(250);
        }
        System.out.println("readiness: the app did not answer within " + timeout + " s");
        return 1;
    }

    // ---------------------------------------------------------------- an agent's task list (--tasklist)

    /**
     * Issue 3: an agent's task list with many open cases. Tops the open tasks of after-sales-agents up to
     * --open-cases (each one a cancellation of an order marked shipped: R-CAN-3, one task "Ask buyer whether to
     * cancel"), then times what an agent waits for in Tasklist:
     * <ol>
     * <li>"My tasks", the filter Tasklist opens first, which the work queue (AgentWorkQueue) fills with the team's
     *     most urgent tasks: each of --clients agents logs in to Tasklist (a webapp session, as the browser has);
     *     timed are the session's first request (it seats the agent and fills their queue), then the request
     *     Tasklist sends for the list, POST /camunda/api/engine/.../filter/{id}/list?firstResult=0&maxResults=15 with
     *     Accept application/hal+json (page, count and the embedded users, definitions and candidate groups), by
     *     one agent and by all agents at once; and, for a few completions, how long until the next task is there;</li>
     * <li>the team's whole backlog, "My groups' tasks", the same request as above through /engine-rest: page
     *     and count, page alone, count alone, --clients agents at once.</li>
     * </ol>
     * Every session logs out at the end, which gives its tasks back to the team.
     */
    int tasklist() throws Exception {
        int target = intOpt("open-cases", 20000);
        int samples = intOpt("samples", 200);
        int clients = intOpt("clients", 8);
        String agent = opt("agent", "agent");
        String agentPassword = opt("agent-password", "agent");
        String agentAuth = basic(agent, agentPassword);
        ensureAgent(agent, agentPassword);

        int open = openAgentTasks();
        line("open agent tasks before", open);
        if (open < target) {
            openShippedCancellations(target - open);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(intOpt("timeout-s", 3600));
            while ((open = openAgentTasks()) < target && System.nanoTime() < deadline) {
                System.out.println("[tasklist] waiting for the tasks to be created: " + open + "/" + target);
                sleep(2000);
            }
        }
        line("open agent tasks", open);
        if (open < target) {
            System.out.println("FAIL: only " + open + " open agent tasks, wanted " + target);
            return 1;
        }
        String sorting = "{\"sorting\": [{\"sortBy\": \"created\", \"sortOrder\": \"desc\"}]}";

        // 1. The agent's own task list: "My tasks", filled by the work queue.
        String myTasks = filterId(agentAuth, "My tasks");
        List<TasklistSession> agents = new ArrayList<>();
        List<Long> fills = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                String user = i == 0 ? agent : "bench-agent-" + i;
                if (i > 0) ensureAgent(user, agentPassword);
                TasklistSession session = new TasklistSession(user, agentPassword);
                long t0 = System.nanoTime();
                Reply firstRequest = session.post("/api/engine/engine/default/filter/" + myTasks + "/count", "{}", "application/json");
                fills.add(System.nanoTime() - t0);
                if (firstRequest.status() != 200) {
                    System.out.println("FAIL: " + user + "'s first Tasklist request: " + firstRequest.status() + " " + firstRequest.body());
                    return 1;
                }
                agents.add(session);
            }
            String myPage = "/api/engine/engine/default/filter/" + myTasks + "/list?firstResult=0&maxResults=15";
            Reply mine = agents.get(0).post(myPage, sorting, "application/hal+json");
            Object held = mine.status() == 200 && mine.json() instanceof Map<?, ?> m ? m.get("count") : null;
            line("work queue: tasks in the agent's \"My tasks\"", held + " (of " + open + " open team tasks)");
            if (held == null || new BigDecimal(held.toString()).intValue() == 0) {
                System.out.println("FAIL: the work queue gave the agent no tasks: " + mine.status() + " " + mine.body());
                return 1;
            }
            long[] fillNanos = fills.stream().mapToLong(Long::longValue).sorted().toArray();
            line("work queue: first Tasklist request of a session (seats the agent, fills the queue) ms p50/max",
                    fmt(pct(fillNanos, 50)) + " / " + fmt(fillNanos[fillNanos.length - 1] / 1e6) + " (" + clients + " agents)");
            int warmup = intOpt("warmup", 300);
            timed("agent's task list \"My tasks\" (page + count, hal+json) ms", warmup, samples, 1,
                    () -> agents.get(0).post(myPage, sorting, "application/hal+json"));
            AtomicInteger turn = new AtomicInteger();
            timed("agent's task list \"My tasks\", " + clients + " agents at once, ms", warmup / 10, samples, clients,
                    () -> agents.get(Math.floorMod(turn.getAndIncrement(), agents.size())).post(myPage, sorting, "application/hal+json"));
            refillAfterComplete(agents.get(0), myTasks, new BigDecimal(held.toString()).intValue(), intOpt("completions", 10));
        } finally {
            for (TasklistSession session : agents) session.logout();
        }

        // 2. The team's whole backlog: "My groups' tasks".
        String filterId = filterId(agentAuth, "My groups' tasks");
        String page = "/engine-rest/filter/" + filterId + "/list?firstResult=0&maxResults=15";
        Reply first = send(0, agentAuth, "application/hal+json", "POST", page, sorting, null);
        Object shown = first.status() == 200 && first.json() instanceof Map<?, ?> m ? m.get("count") : null;
        if (shown == null || new BigDecimal(shown.toString()).intValue() < openAgentTasks()) {
            System.out.println("FAIL: the agent's first page says " + shown + " tasks: " + first.status() + " "
                    + first.body().substring(0, Math.min(300, first.body().length())));
            return 1;
        }
        line("team backlog: tasks \"My groups' tasks\" counts", shown);
        timed("team backlog \"My groups' tasks\" (page + count, hal+json) ms", samples, 1, () -> send(0, agentAuth, "application/hal+json", "POST", page, sorting, null));
        timed("team backlog, first page only (json) ms", samples, 1, () -> send(0, agentAuth, "application/json", "POST", page, sorting, null));
        timed("team backlog, count only ms", samples, 1, () -> send(0, agentAuth, "application/json", "GET", "/engine-rest/filter/" + filterId + "/count", null, null));
        timed("team backlog (page + count), " + clients + " agents at once, ms", samples, clients,
                () -> send(0, agentAuth, "application/hal+json", "POST", page, sorting, null));
        return totalErrors() == 0 ? 0 : 1;
    }

    String filterId(String agentAuth, String name) {
        Reply filters = send(0, agentAuth, "application/json", "GET", "/engine-rest/filter?name=" + enc(name), null, null);
        if (filters.status() != 200 || !(filters.json() instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalStateException("the agent sees no filter \"" + name + "\": " + filters.status() + " " + filters.body());
        }
        return (String) ((Map<?, ?>) list.get(0)).get("id");
    }

    /**
     * The agent completes tasks of their queue in Tasklist ("Keep the order after all"); timed is how long until
     * "My tasks" holds as many as before, i.e. the queue took the next most urgent task of the whole backlog.
     */
    void refillAfterComplete(TasklistSession session, String myTasks, int held, int completions) throws Exception {
        long[] nanos = new long[completions];
        for (int i = 0; i < completions; i++) {
            Reply list = session.post("/api/engine/engine/default/filter/" + myTasks + "/list?firstResult=0&maxResults=1", "{}", "application/json");
            String taskId = (String) ((Map<?, ?>) ((List<?>) list.json()).get(0)).get("id");
            long t0 = System.nanoTime();
            Reply done = session.post("/api/engine/engine/default/task/" + taskId + "/submit-form",
                    "{\"variables\": {\"buyerDecision\": {\"value\": \"KEEP_ORDER\"}}}", "application/json");
            if (done.status() != 204) throw new IllegalStateException("complete " + taskId + ": " + done.status() + " " + done.body());
            while (true) {
                Reply count = session.post("/api/engine/engine/default/filter/" + myTasks + "/count", "{}", "application/json");
                if (new BigDecimal(((Map<?, ?>) count.json()).get("count").toString()).intValue() >= held) break;
                if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(60)) throw new IllegalStateException("no refill within 60 s");
                sleep(20);
            }
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        line("work queue: complete a task until the next is in \"My tasks\" ms p50/max",
                fmt(pct(nanos, 50)) + " / " + fmt(nanos[completions - 1] / 1e6) + " (" + completions + " completions)");
    }

    /** An agent logged in to Tasklist: the session cookie and XSRF token the browser would send. */
    final class TasklistSession {
        final java.net.CookieManager cookies = new java.net.CookieManager();
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(10)).build();

        TasklistSession(String user, String password) {
            request("GET", "/app/tasklist/default/", null, "text/html");
            Reply login = request("POST", "/api/admin/auth/user/default/login/tasklist",
                    "username=" + enc(user) + "&password=" + enc(password), "application/json");
            if (login.status() != 200) throw new IllegalStateException("Tasklist login of " + user + ": " + login.status() + " " + login.body());
            request("GET", "/api/admin/auth/user/default", null, "application/json"); // the new session's XSRF token
        }

        Reply post(String path, String json, String accept) {
            return request("POST", path, json, accept);
        }

        void logout() {
            request("POST", "/api/admin/auth/user/default/logout", null, "application/json");
        }

        private Reply request(String method, String path, String body, String accept) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/camunda" + path)).timeout(REQUEST_TIMEOUT).header("Accept", accept);
            cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN")).findFirst()
                    .ifPresent(c -> b.header("X-XSRF-TOKEN", c.getValue()));
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", body.startsWith("{") ? "application/json" : "application/x-www-form-urlencoded");
                b.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            }
            long t0 = System.nanoTime();
            try {
                HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Reply(r.statusCode(), r.body(), System.nanoTime() - t0);
            } catch (IOException e) {
                return new Reply(-1, e.toString(), System.nanoTime() - t0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Reply(-1, "interrupted", System.nanoTime() - t0);
            }
        }
    }

    /** Times the request samples times (after 10 % warm-up) on the given number of threads; prints p50/p95/p99/max. */
    void timed(String name, int samples, int threads, java.util.function.Supplier<Reply> request) throws Exception {
        timed(name, Math.max(5, samples / 10), samples, threads, request);
    }

    /** As above, after {@code warmup} requests (the app was just started: a server in use has run them long before). */
    void timed(String name, int warmup, int samples, int threads, java.util.function.Supplier<Reply> request) throws Exception {
        for (int i = 0; i < warmup; i++) request.get();
        long[] nanos = new long[samples];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < samples; i = next.getAndIncrement()) {
                    Reply r = request.get();
                    nanos[i] = r.status() == 200 ? r.nanos() : Long.MAX_VALUE;
                }
            }));
        }
        for (Future<?> f : workers) f.get();
        pool.shutdown();
        Arrays.sort(nanos);
        line(name + " p50/p95/p99/max", fmt(pct(nanos, 50)) + " / " + fmt(pct(nanos, 95)) + " / " + fmt(pct(nanos, 99))
                + " / " + fmt(nanos[samples - 1] / 1e6) + " (" + samples + " requests)");
    }

    int openAgentTasks() {
        Reply r = send("GET", "/engine-rest/task/count?candidateGroup=after-sales-agents&includeAssignedTasks=true", null, null);
        if (r.status() != 200) throw new IllegalStateException("task count: " + r.status() + " " + r.body());
        return new BigDecimal(((Map<?, ?>) r.json()).get("count").toString()).intValue();
    }

    /** The agent of the embedded default exists; on the postgres profile the benchmark creates it. */
    void ensureAgent(String agent, String password) {
        if (send("GET", "/engine-rest/user/" + enc(agent) + "/profile", null, null).status() == 200) return;
        String user = "{\"profile\": {\"id\": \"" + agent + "\", \"firstName\": \"Bench\", \"lastName\": \"Agent\", "
                + "\"email\": \"" + agent + "@example.com\"}, \"credentials\": {\"password\": \"" + password + "\"}}";
        Reply created = send("POST", "/engine-rest/user/create", user, null);
        Reply member = send("PUT", "/engine-rest/group/after-sales-agents/members/" + enc(agent), null, null);
        if (created.status() / 100 != 2 || member.status() / 100 != 2) {
            throw new IllegalStateException("could not create the agent " + agent + ": " + created.body() + " " + member.body());
        }
        System.out.println("[tasklist] created user " + agent + " in after-sales-agents");
    }

    /** Opens n cancellations of orders marked shipped, not yet with the carrier: each waits in an agent task. */
    void openShippedCancellations(int n) throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
        AtomicInteger opened = new AtomicInteger();
        long start = System.nanoTime();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
        progress.scheduleAtFixedRate(() -> System.out.printf(Locale.ROOT, "[tasklist] opened %d/%d cases (%.1f cases/s)%n",
                opened.get(), n, opened.get() / ((System.nanoTime() - start) / 1e9)), 10, 10, TimeUnit.SECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            parallel(pool, n, Long.MAX_VALUE, i -> {
                String orderId = "TL-" + run + "-" + i;
                String order = """
                        {"orderId": "%s", "platform": "EBAY", "buyer": {"id": "B-%d", "name": "Buyer %d"}, "currency": "EUR",
                         "items": [{"sku": "LAMP-1", "title": "Desk lamp", "quantity": 1, "unitPrice": 40.00}],
                         "shippingFee": 5.00, "status": "SHIPPED",
                         "shippingAddress": {"name": "Buyer", "line1": "Hauptstr. 5", "city": "Berlin", "postalCode": "10115", "country": "DE"},
                         "shipment": {"carrier": "DHL", "trackingNumber": "JD%d", "handedToCarrier": false}}""".formatted(orderId, i, i, i);
                if (send(i, "PUT", "/api/orders/" + orderId, order, null).status() / 100 != 2) {
                    failures.add("order " + orderId + " not created");
                    return;
                }
                String body = "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Please cancel\"}";
                if (send(i, "POST", "/api/cases", body, "tl-" + orderId).status() == 201) opened.incrementAndGet();
                else failures.add("case for " + orderId + " not opened");
            });
        } finally {
            pool.shutdown();
            progress.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "[tasklist] opened %d cases in %.0f s%n", opened.get(), (System.nanoTime() - start) / 1e9);
        if (!failures.isEmpty()) throw new IllegalStateException(failures.size() + " cases not opened, first: " + failures.get(0));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---------------------------------------------------------------- the benchmark

    static final class Case {
        final int index;
        final String orderId;
        final BigDecimal unitPrice;
        final BigDecimal shippingFee;
        volatile String caseId;
        volatile boolean orderCreated;
        volatile boolean eventAccepted;
        volatile boolean done;          // final status seen (RESOLVED or CLOSED)
        volatile long doneAtNanos;      // when the poller saw it final
        volatile OffsetDateTime serverUpdatedAt;
        volatile Map<?, ?> finalView;

        Case(int index, String orderId, BigDecimal unitPrice, BigDecimal shippingFee) {
            this.index = index;
            this.orderId = orderId;
            this.unitPrice = unitPrice;
            this.shippingFee = shippingFee;
        }

        BigDecimal expectedRefund() {
            return unitPrice.add(shippingFee);
        }
    }

    final int cases = intOpt("cases", 2000);
    final int clients = intOpt("clients", 8);
    final int timeoutS = intOpt("timeout-s", 900);
    final int pollMs = intOpt("poll-ms", 1000);
    final int progressS = intOpt("progress-s", 5);
    final long seed = Long.parseLong(opt("seed", "42"));
    final long appPid = Long.parseLong(opt("app-pid", "-1"));
    final String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36).toUpperCase(Locale.ROOT);

    final List<Case> all = new ArrayList<>();
    final AtomicInteger ordersCreated = new AtomicInteger();
    final AtomicIntegerArray openedOn = new AtomicIntegerArray(Math.max(1, bases.size()));
    final AtomicIntegerArray eventsOn = new AtomicIntegerArray(Math.max(1, bases.size()));
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger eventsAccepted = new AtomicInteger();
    final AtomicInteger resolved = new AtomicInteger();
    final AtomicInteger busyRetries = new AtomicInteger();
    final AtomicInteger otherRetries = new AtomicInteger();
    final long[] openLatencies;
    final long[] eventLatencies;
    final AtomicInteger openLatencyCount = new AtomicInteger();
    final AtomicInteger eventLatencyCount = new AtomicInteger();
    final AtomicLong pollRequests = new AtomicLong();
    volatile String phase = "orders";
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    CancellationLifecycleBenchmark() {
        openLatencies = new long[Math.max(1, intOpt("cases", 2000))];
        eventLatencies = new long[Math.max(1, intOpt("cases", 2000))];
    }

    int run() throws Exception {
        if (cases < 1 || clients < 1) usage("--cases and --clients must be at least 1");
        Random random = new Random(seed);
        for (int i = 0; i < cases; i++) {
            BigDecimal price = BigDecimal.valueOf(100 + random.nextInt(9900), 2);   // 1.00 … 99.99
            BigDecimal fee = BigDecimal.valueOf(random.nextInt(1000), 2);           // 0.00 … 9.99
            all.add(new Case(i, String.format(Locale.ROOT, "BENCH-%s-%05d", runId, i), price, fee));
        }
        System.out.printf(Locale.ROOT, "benchmark: %d cancellation cases, %d clients, against %s (run %s)%n", cases, clients, base, runId);

        ExecutorService pool = Executors.newFixedThreadPool(clients);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        long benchStart = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> System.out.printf(Locale.ROOT,
                "progress: t=%4.0fs phase=%-6s orders %d/%d  opened %d/%d  events %d/%d  resolved %d/%d (server count %s)  http-errors %d%n",
                (System.nanoTime() - benchStart) / 1e9, phase, ordersCreated.get(), cases, opened.get(), cases,
                eventsAccepted.get(), cases, resolved.get(), cases, serverResolvedCount(), totalErrors()),
                progressS, progressS, TimeUnit.SECONDS);

        long hardDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);

        // 1. orders (not timed)
        double cpuAtStart = appCpuSeconds();
        parallel(pool, cases, hardDeadline, this::createOrder);
        double cpuAfterOrders = appCpuSeconds();
        long ordersDone = System.nanoTime();
        System.out.printf(Locale.ROOT, "orders: %d/%d created in %.1f s%n", ordersCreated.get(), cases, (ordersDone - benchStart) / 1e9);

        // bare start + complete, before the cases (deploys the bare process first; see bareStartComplete)
        Bare bareBefore = null;
        if (bareCount > 0) {
            if (deployBare()) {
                bare(pool, "bare-warm", bareWarmup, hardDeadline);   // not counted: the engine's first calls
                bareBefore = bare(pool, "bare-1", bareCount, hardDeadline);
            }
        }

        // 2. open + event per case (timed: the lifecycle starts with the first open)
        phase = "open";
        double cpuAtLifecycleStart = appCpuSeconds();
        long lifecycleStart = System.nanoTime();
        Instant lifecycleStartWall = Instant.now();
        long lifecycleDeadline = lifecycleStart + TimeUnit.SECONDS.toNanos(timeoutS);
        parallel(pool, cases, lifecycleDeadline, this::openAndStop);
        long openDone = System.nanoTime();
        System.out.printf(Locale.ROOT, "open: %d opened, %d events accepted in %.1f s%n", opened.get(), eventsAccepted.get(),
                (openDone - lifecycleStart) / 1e9);

        // 3. poll until all are final
        phase = "poll";
        List<Case> pending = new ArrayList<>();
        for (Case c : all) if (c.eventAccepted) pending.add(c);
        int rounds = 0;
        while (!pending.isEmpty() && System.nanoTime() < lifecycleDeadline && rounds < 100_000) {
            rounds++;
            long roundStart = System.nanoTime();
            List<Case> round = pending;
            parallel(pool, round.size(), lifecycleDeadline, i -> poll(round.get(i)));
            List<Case> still = new ArrayList<>();
            for (Case c : round) if (!c.done) still.add(c);
            pending = still;
            if (pending.isEmpty()) break;
            long sleep = pollMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - roundStart);
            long left = TimeUnit.NANOSECONDS.toMillis(lifecycleDeadline - System.nanoTime());
            if (sleep > 0 && left > 0) Thread.sleep(Math.min(sleep, left));
        }
        long lastDone = lifecycleStart;
        OffsetDateTime lastServer = null;
        for (Case c : all) {
            if (c.done) {
                lastDone = Math.max(lastDone, c.doneAtNanos);
                if (c.serverUpdatedAt != null && (lastServer == null || c.serverUpdatedAt.isAfter(lastServer))) lastServer = c.serverUpdatedAt;
            }
        }
        double cpuAtLifecycleEnd = appCpuSeconds();
        double lifecycleSeconds = (System.nanoTime() - lifecycleStart) / 1e9;
        boolean timedOut = !pending.isEmpty();
        if (timedOut) failures.add(pending.size() + " cases not final after the " + timeoutS + " s timeout");

        // bare start + complete again, after the cases: a machine that got busier or quieter shows as a drift
        Bare bareAfter = null;
        if (bareBefore != null) {
            jobsSettled(60);
            bareAfter = bare(pool, "bare-2", bareCount, System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS));
        }

        // 4. verification pass (not timed): read every case once more, so a late second refund shows too
        phase = "verify";
        Map<Integer, Map<?, ?>> views = new ConcurrentHashMap<>();
        parallel(pool, cases, System.nanoTime() + TimeUnit.SECONDS.toNanos(300), i -> {
            Case c = all.get(i);
            if (c.caseId == null) return;
            Reply r = send(i + 1, "GET", "/api/cases/" + c.caseId, null, null);
            if (r.status() == 200 && r.json() instanceof Map<?, ?> m) views.put(i, m);
            else if (c.finalView != null) views.put(i, c.finalView);
        });
        ticker.shutdownNow();
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);

        int ledger = 0, zeroRefunds = 0, multiRefunds = 0, wrongAmount = 0, wrongOutcome = 0, unverified = 0;
        List<String> samples = new ArrayList<>();
        List<Long> caseMillis = new ArrayList<>();       // openedAt → updatedAt of the final state, per case
        List<Long> sinceStartMillis = new ArrayList<>(); // lifecycle start → updatedAt of the final state
        for (Case c : all) {
            Map<?, ?> v = views.get(c.index);
            if (v == null) {
                unverified++;
                continue;
            }
            if (("RESOLVED".equals(v.get("status")) || "CLOSED".equals(v.get("status")))
                    && v.get("openedAt") instanceof String o && v.get("updatedAt") instanceof String u) {
                try {
                    Instant opened = OffsetDateTime.parse(o).toInstant(), updated = OffsetDateTime.parse(u).toInstant();
                    caseMillis.add(Duration.between(opened, updated).toMillis());
                    sinceStartMillis.add(Duration.between(lifecycleStartWall, updated).toMillis());
                } catch (RuntimeException ignored) {
                    // no timing for this case
                }
            }
            List<?> refunds = v.get("refunds") instanceof List<?> l ? l : List.of();
            ledger += refunds.size();
            if (!"RESOLVED".equals(v.get("status")) || !"CANCELLED".equals(v.get("resolution"))) {
                wrongOutcome++;
                if (samples.size() < 5) samples.add(c.caseId + " status=" + v.get("status") + " resolution=" + v.get("resolution"));
            }
            if (refunds.isEmpty()) {
                zeroRefunds++;
            } else if (refunds.size() > 1) {
                multiRefunds++;
                if (samples.size() < 5) samples.add(c.caseId + " has " + refunds.size() + " refunds");
            }
            for (Object o : refunds) {
                Map<?, ?> refund = (Map<?, ?>) o;
                Object amount = refund.get("amount");
                boolean ok = amount instanceof BigDecimal a && a.compareTo(c.expectedRefund()) == 0
                        && "USD".equals(refund.get("currency"));
                if (!ok) {
                    wrongAmount++;
                    if (samples.size() < 5) samples.add(c.caseId + " refund " + amount + " " + refund.get("currency")
                            + ", expected " + c.expectedRefund() + " USD");
                }
            }
        }

        double wall = (lastDone - lifecycleStart) / 1e9;
        double serverWall = lastServer == null ? Double.NaN
                : Duration.between(lifecycleStartWall, lastServer.toInstant()).toNanos() / 1e9;
        int done = resolved.get();

        // ------------------------------------------------------------ report
        System.out.println();
        System.out.println("=== cancellation lifecycle benchmark ===");
        line("cases", cases);
        line("clients", clients);
        line("nodes", bases.size() + " " + bases);
        for (int n = 0; bases.size() > 1 && n < bases.size(); n++) {
            line("node " + (n + 1) + ": cases opened / their WAREHOUSE_UPDATE taken", openedOn.get(n) + " / " + eventsOn.get(n));
        }
        line("orders created", ordersCreated.get());
        line("cases opened", opened.get());
        line("events accepted", eventsAccepted.get());
        line("cases resolved", done);
        line("wall seconds", fmt(wall));
        line("wall seconds (server clock, last updatedAt)", fmt(serverWall));
        line("open phase seconds", fmt((openDone - lifecycleStart) / 1e9));
        line("full cases/s", fmt(wall > 0 ? done / wall : 0));
        line("full cases/s (server clock)", fmt(serverWall > 0 ? done / serverWall : Double.NaN));
        line("open cases/s", fmt(opened.get() / ((openDone - lifecycleStart) / 1e9)));
        long[] open = Arrays.copyOf(openLatencies, Math.min(openLatencyCount.get(), openLatencies.length));
        long[] event = Arrays.copyOf(eventLatencies, Math.min(eventLatencyCount.get(), eventLatencies.length));
        Arrays.sort(open);
        Arrays.sort(event);
        line("open-case latency p50 ms", fmt(pct(open, 50)));
        line("open-case latency p95 ms", fmt(pct(open, 95)));
        line("open-case latency p99 ms", fmt(pct(open, 99)));
        line("open-case latency max ms", fmt(open.length == 0 ? Double.NaN : open[open.length - 1] / 1e6));
        line("event latency p50 ms", fmt(pct(event, 50)));
        line("event latency p95 ms", fmt(pct(event, 95)));
        line("event latency p99 ms", fmt(pct(event, 99)));
        long[] perCase = caseMillis.stream().mapToLong(x -> x * 1_000_000L).sorted().toArray();
        long[] sinceStart = sinceStartMillis.stream().mapToLong(x -> x * 1_000_000L).sorted().toArray();
        line("case open→resolved p50 ms", fmt(pct(perCase, 50)));
        line("case open→resolved p95 ms", fmt(pct(perCase, 95)));
        line("case open→resolved p99 ms", fmt(pct(perCase, 99)));
        line("case open→resolved max ms", fmt(perCase.length == 0 ? Double.NaN : perCase[perCase.length - 1] / 1e6));
        long slow = caseMillis.stream().filter(x -> x > 10_000).count();
        line("cases taking > 10 s", slow);
        line("seconds until 99% resolved (server clock)", fmt(sinceStart.length < cases ? Double.NaN : pct(sinceStart, 99) / 1000));
        line("cases/s until 99% resolved", fmt(sinceStart.length < cases ? Double.NaN : 0.99 * cases / (pct(sinceStart, 99) / 1000)));
        line("poll rounds", rounds);
        line("poll requests", pollRequests.get());
        line("refunds in ledger", ledger);
        line("refunds expected (cases)", cases);
        line("cases with 0 refunds", zeroRefunds);
        line("cases with >1 refunds", multiRefunds);
        line("wrong refund amounts", wrongAmount);
        line("cases not RESOLVED/CANCELLED", wrongOutcome);
        line("cases not verified", unverified);
        line("retries after 409 case-busy", busyRetries.get());
        line("other retries", otherRetries.get());
        line("http errors total", totalErrors());
        line("http errors by status", errorsByStatus.isEmpty() ? "none" : new TreeMap<>(errorsByStatus).toString());
        new TreeMap<>(errorsByType).forEach((k, v) -> line("http errors [" + k + "]", v.sum()));
        for (String s : errorSamples) System.out.println("error sample: " + s);
        for (String s : samples) System.out.println("verification sample: " + s);

        if (ordersCreated.get() != cases) failures.add((cases - ordersCreated.get()) + " orders not created");
        if (opened.get() != cases) failures.add((cases - opened.get()) + " cases not opened");
        if (eventsAccepted.get() != cases) failures.add((cases - eventsAccepted.get()) + " WAREHOUSE_UPDATE events not accepted");
        if (ledger != cases) failures.add("refunds in ledger " + ledger + " != cases " + cases);
        if (zeroRefunds + multiRefunds + wrongAmount + wrongOutcome + unverified > 0) failures.add("wrong case outcomes or refunds");
        long hardErrors = 0;
        for (Map.Entry<Integer, LongAdder> e : errorsByStatus.entrySet()) if (e.getKey() != 409) hardErrors += e.getValue().sum();
        if (hardErrors > 0) failures.add(hardErrors + " HTTP errors other than 409");
        for (String f : failures) System.out.println("failure: " + f);
        if (appPid > 0) {
            line("app cpu ms per order (PUT /api/orders)", fmt(1000 * (cpuAfterOrders - cpuAtStart) / cases));
            line("app cpu ms per case (open, event, jobs, polls)", fmt(1000 * (cpuAtLifecycleEnd - cpuAtLifecycleStart) / cases));
            line("app cpu utilisation % during the lifecycle", fmt(100 * (cpuAtLifecycleEnd - cpuAtLifecycleStart)
                    / lifecycleSeconds / Runtime.getRuntime().availableProcessors()));
        }
        if (bareCount > 0) reportBare(bareBefore, bareAfter, done, wall, (cpuAtLifecycleEnd - cpuAtLifecycleStart) / cases);
        line("client cpu seconds", fmt(ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN)));
        int timerCases = intOpt("timer-cases", 0);
        if (timerCases > 0) timers(timerCases);
        line("result", failures.isEmpty() ? "PASS" : "FAIL");
        return failures.isEmpty() ? 0 : 1;
    }

    // ---------------------------------------------------------------- bare start + complete (issue 16)

    /**
     * The least a process can cost in this app, in bench/bare-start-complete.bpmn (--bare-files: the folder of it and
     * of its form bare-start-complete.form): a none start event, a service task whose expression is the literal
     * {@code ${true}} (none of the app's code runs), one user task, the end; started with a business key that is no
     * case's. It passes the deploy-time check as any diagram must (deployments/DeploymentCheck; the test
     * api/BenchBareProcessTest). The app adds to it what it adds to every user task (cases/ServiceLevelsPlugin: due
     * date from the ServiceLevel table, two SLA timers; the case card, policy figures and "a person worked the case",
     * which look the case up and find none). Deployed by the benchmark as the admin, never by the app.
     */
    static final String BARE_PROCESS = "BenchBareStartComplete";

    final int bareCount = Math.max(0, intOpt("bare", intOpt("cases", 2000)));
    final int bareWarmup = Math.min(bareCount, Math.max(0, intOpt("bare-warmup", 20)));
    final String bareAuth = "Basic " + Base64.getEncoder().encodeToString(
            (opt("bare-user", "demo") + ":" + opt("bare-password", "demo")).getBytes(StandardCharsets.UTF_8));

    final AtomicInteger bareStarted = new AtomicInteger();

    /** One bare phase: operations done, wall seconds, app CPU seconds, latency of each start + task query + complete. */
    record Bare(String name, int done, double seconds, double cpuSeconds, long[] sortedNanos) {
        double opsPerSecond() {
            return seconds > 0 ? done / seconds : Double.NaN;
        }

        double cpuMsPerOp() {
            return done > 0 ? 1000 * cpuSeconds / done : Double.NaN;
        }
    }

    /** Deploys the bare process and its form as the admin (POST /engine-rest/deployment/create, multipart). */
    boolean deployBare() {
        String boundary = "bench-" + runId;
        StringBuilder body = new StringBuilder();
        String bpmn, form;
        try {
            java.nio.file.Path dir = java.nio.file.Path.of(opt("bare-files", "bench"));
            bpmn = java.nio.file.Files.readString(dir.resolve("bare-start-complete.bpmn"));
            form = java.nio.file.Files.readString(dir.resolve("bare-start-complete.form"));
        } catch (IOException e) {
            failures.add("the bare process: " + e + " (--bare-files: the folder of bare-start-complete.bpmn)");
            return false;
        }
        for (String[] part : new String[][] {{"deployment-name", null, "bench-bare-start-complete"}, {"deploy-changed-only", null, "true"},
                {"bpmn", "bare-start-complete.bpmn", bpmn}, {"form", "bare-start-complete.form", form}}) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(part[0]).append('"');
            if (part[1] != null) body.append("; filename=\"").append(part[1]).append("\"\r\nContent-Type: application/octet-stream");
            body.append("\r\n\r\n").append(part[2]).append("\r\n");
        }
        body.append("--").append(boundary).append("--\r\n");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/engine-rest/deployment/create")).timeout(REQUEST_TIMEOUT)
                .header("Authorization", bareAuth).header("Accept", "application/json")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() == 200) {
                System.out.println("bare: deployed " + BARE_PROCESS + " as " + opt("bare-user", "demo"));
                return true;
            }
            failures.add("deploying the bare process answered " + r.statusCode() + ": " + r.body());
        } catch (IOException e) {
            failures.add("deploying the bare process: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("deploying the bare process: interrupted");
        }
        return false;
    }

    /** n bare start + complete on the clients, as the admin; each on node i, its task found and completed on node i + 1. */
    Bare bare(ExecutorService pool, String name, int n, long deadline) throws Exception {
        if (n <= 0) return null;
        phase = name;
        long[] nanos = new long[n];
        AtomicInteger done = new AtomicInteger();
        double cpu0 = appCpuSeconds();
        long t0 = System.nanoTime();
        parallel(pool, n, deadline, i -> {
            long start = System.nanoTime();
            if (bareStartComplete(i)) nanos[done.getAndIncrement()] = System.nanoTime() - start;
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = appCpuSeconds() - cpu0;
        int ok = done.get();
        if (ok != n) failures.add(name + ": " + (n - ok) + " of " + n + " bare start + complete failed");
        long[] sorted = Arrays.copyOf(nanos, ok);
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%s: %d bare start + complete in %.1f s%n", name, ok, seconds);
        return new Bare(name, ok, seconds, cpu, sorted);
    }

    /** Start the bare process, find its task by process instance, complete it: three requests, as Tasklist's user would. */
    boolean bareStartComplete(int i) {
        // a business key, as every process of the app has one (cases/CaseKey): the app's listeners look the case up, find none
        String key = "BENCH-BARE-" + runId + "-" + bareStarted.incrementAndGet();
        Reply started = send(i, bareAuth, "application/json", "POST", "/engine-rest/process-definition/key/" + BARE_PROCESS + "/start",
                "{\"businessKey\":\"" + key + "\"}", null);
        Object id = started.status() == 200 && started.json() instanceof Map<?, ?> m ? m.get("id") : null;
        if (!(id instanceof String instance)) return false;
        Reply tasks = send(i + 1, bareAuth, "application/json", "GET", "/engine-rest/task?processInstanceId=" + enc(instance), null, null);
        Object task = tasks.status() == 200 && tasks.json() instanceof List<?> l && l.size() == 1 && l.get(0) instanceof Map<?, ?> t
                ? t.get("id") : null;
        if (!(task instanceof String taskId)) {
            if (tasks.status() == 200) failures.add("bare process " + instance + ": not one open task but " + tasks.body());
            return false;
        }
        Reply completed = send(i + 1, bareAuth, "application/json", "POST", "/engine-rest/task/" + enc(taskId) + "/complete", "{}", null);
        return completed.status() == 204;
    }

    /** Waits until the job executor has nothing due (what the cases left), at most the given seconds. */
    void jobsSettled(int maxSeconds) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        while (System.nanoTime() < until) {
            Reply r = send(0, bareAuth, "application/json", "GET", "/engine-rest/job/count?executable=true", null, null);
            if (r.status() != 200 || !(r.json() instanceof Map<?, ?> m) || !(m.get("count") instanceof BigDecimal count)) return;
            if (count.signum() == 0) return;
            sleep(500);
        }
        System.out.println("bare: jobs still due after " + maxSeconds + " s; the second bare phase runs beside them");
    }

    /** The bare phases, their mean and the ratios to the cases of the same run. */
    void reportBare(Bare before, Bare after, int casesDone, double caseWall, double caseCpuSeconds) {
        System.out.println();
        System.out.println("=== bare start + complete, same app and database (" + BARE_PROCESS + ") ===");
        if (before == null || after == null) {
            line("bare start+complete", "not measured (see the failures)");
            return;
        }
        // still running or ended, the process instances of the bare process: every one ended, none left open
        Reply open = send(0, bareAuth, "application/json", "GET", "/engine-rest/process-instance/count?processDefinitionKey=" + BARE_PROCESS,
                null, null);
        Reply ended = send(0, bareAuth, "application/json", "GET",
                "/engine-rest/history/process-instance/count?finished=true&processDefinitionKey=" + BARE_PROCESS, null, null);
        long expected = bareWarmup + before.done() + after.done();
        long stillOpen = count(open), finished = count(ended);
        line("bare instances ended / still open", finished + " / " + stillOpen + " (expected " + expected + " / 0)");
        if (finished != expected || stillOpen != 0) failures.add("bare process: " + finished + " ended and " + stillOpen
                + " still open, expected " + expected + " ended");
        line("bare clients", clients);
        line("bare warm-up (not counted)", bareWarmup);
        double meanOps = (before.opsPerSecond() + after.opsPerSecond()) / 2;
        double meanCpu = (before.cpuMsPerOp() + after.cpuMsPerOp()) / 2;
        for (Bare b : List.of(before, after)) {
            String when = b == before ? "before the cases" : "after the cases";
            line("bare start+complete " + when, b.done());
            line("bare ops/s " + when, fmt(b.opsPerSecond()));
            if (appPid > 0) line("bare start+complete app cpu ms " + when, fmt(b.cpuMsPerOp()));
            line("bare start+complete latency p50 / p95 ms " + when, fmt(pct(b.sortedNanos(), 50)) + " / " + fmt(pct(b.sortedNanos(), 95)));
        }
        line("bare ops/s", fmt(meanOps) + " (mean of before and after)");
        if (appPid > 0) line("bare start+complete app cpu ms", fmt(meanCpu) + " (mean of before and after)");
        line("bare drift after/before (ops/s, app cpu)", fmt2(after.opsPerSecond() / before.opsPerSecond()) + ", "
                + fmt2(after.cpuMsPerOp() / before.cpuMsPerOp()));
        double caseCpuMs = 1000 * caseCpuSeconds;
        double casesPerSecond = caseWall > 0 ? casesDone / caseWall : Double.NaN;
        if (appPid <= 0) line("ratio case/bare (app cpu)", "n/a (the app's CPU is read with one node only, --app-pid)");
        else line("ratio case/bare (app cpu)", fmt2(caseCpuMs / meanCpu) + " (" + fmt(caseCpuMs) + " / " + fmt(meanCpu) + " ms; with before "
                + fmt2(caseCpuMs / before.cpuMsPerOp()) + ", with after " + fmt2(caseCpuMs / after.cpuMsPerOp()) + ")");
        line("ratio bare/case (throughput)", fmt2(meanOps / casesPerSecond) + " (" + fmt(meanOps) + " / " + fmt(casesPerSecond)
                + " per s; with before " + fmt2(before.opsPerSecond() / casesPerSecond) + ", with after "
                + fmt2(after.opsPerSecond() / casesPerSecond) + ")");
    }

    static long count(Reply r) {
        return r.status() == 200 && r.json() instanceof Map<?, ?> m && m.get("count") instanceof BigDecimal c ? c.longValue() : -1;
    }

    static String fmt2(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? "n/a" : String.format(Locale.ROOT, "%.2f", d);
    }

    // ---------------------------------------------------------------- crash check (--crash)

    /** One cancellation of the crash check and what the app acknowledged of it. */
    static final class CrashCase {
        final int index;
        final String orderId;
        final BigDecimal unitPrice;
        final BigDecimal shippingFee;
        /** 0 order, 1 case, 2 event, 3 all three acknowledged */
        volatile int step;
        /** the request of {@code step} was sent and got no answer (the app died) */
        volatile boolean unanswered;
        volatile String caseId;
        volatile boolean started;

        CrashCase(int index, String orderId, BigDecimal unitPrice, BigDecimal shippingFee) {
            this.index = index;
            this.orderId = orderId;
            this.unitPrice = unitPrice;
            this.shippingFee = shippingFee;
        }
    }

    final AtomicInteger ackOrders = new AtomicInteger();
    final AtomicInteger ackCases = new AtomicInteger();
    final AtomicInteger ackEvents = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
    final Map<String, LongAdder> retryAnswers = new ConcurrentHashMap<>();
    final AtomicInteger inFlightConflicts = new AtomicInteger();

    /**
     * Issue 11, finding 5: what the app acknowledged survives a kill -9. Runs --cases cancellations on
     * --clients clients (PUT the order, POST the case with an Idempotency-Key, POST WAREHOUSE_UPDATE with
     * one); once --kill-after cases were acknowledged (201), sends kill -9 to --app-pid while the other
     * clients' requests are in flight; waits for the app to answer again (bench/crash.sh restarts it on the
     * same database); retries every request that got no answer with the same key; runs the cancellations not
     * started yet; waits until every case is resolved; then checks every acknowledged order, case and event
     * is there, once, and every case RESOLVED/CANCELLED with exactly one refund of item + shipping.
     */
    int crash() throws Exception {
        int killAfter = intOpt("kill-after", cases / 2);
        long appPid = Long.parseLong(opt("app-pid", "-1"));
        if (cases < 1 || clients < 1 || appPid <= 0 || killAfter < 1 || killAfter >= cases) {
            usage("--crash needs --app-pid and 1 <= --kill-after < --cases");
        }
        Random random = new Random(seed);
        List<CrashCase> all = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            all.add(new CrashCase(i, String.format(Locale.ROOT, "CRASH-%s-%05d", runId, i),
                    BigDecimal.valueOf(100 + random.nextInt(9900), 2), BigDecimal.valueOf(random.nextInt(1000), 2)));
        }
        System.out.printf(Locale.ROOT, "crash check: %d cancellations, %d clients, kill -9 of pid %d after %d acknowledged cases (run %s)%n",
                cases, clients, appPid, killAfter, runId);
        long start = System.nanoTime();
        AtomicLong killedAt = new AtomicLong();
        int[] ackAtKill = new int[3];

        // 1. until the kill: every client works its cancellations one step after the other
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        parallel(pool, cases, Long.MAX_VALUE, i -> {
            if (killed.get()) return;
            CrashCase c = all.get(i);
            c.started = true;
            while (c.step < 3 && !c.unanswered && !killed.get()) {
                if (!crashStep(c, false)) break;
                if (c.step == 2 && ackCases.get() >= killAfter && killed.compareAndSet(false, true)) {
                    ackAtKill[0] = ackOrders.get();
                    ackAtKill[1] = ackCases.get();
                    ackAtKill[2] = ackEvents.get();
                    int flying = inFlight.get();
                    killedAt.set(System.nanoTime());
                    try {
                        new ProcessBuilder("kill", "-9", Long.toString(appPid)).inheritIO().start().waitFor();
                    } catch (Exception e) {
                        failures.add("kill -9 " + appPid + " failed: " + e);
                    }
                    System.out.printf(Locale.ROOT, "kill -9 %d at t=%.1fs: %d cases, %d orders, %d events acknowledged; %d requests in flight%n",
                            appPid, (killedAt.get() - start) / 1e9, ackAtKill[1], ackAtKill[0], ackAtKill[2], flying);
                    if (flying == 0) System.out.println("warning: no request was in flight at the kill");
                }
            }
        });
        if (!killed.get()) {
            failures.add("all cases ran before the kill (--kill-after " + killAfter + ")");
        }
        int ackOrdersBefore = ackOrders.get(), ackCasesBefore = ackCases.get(), ackEventsBefore = ackEvents.get();
        List<CrashCase> unanswered = all.stream().filter(c -> c.unanswered).toList();
        System.out.printf(Locale.ROOT, "before the restart: acknowledged %d orders, %d cases, %d events; no answer for %d requests "
                + "(orders %d, cases %d, events %d)%n", ackOrdersBefore, ackCasesBefore, ackEventsBefore, unanswered.size(),
                unanswered.stream().filter(c -> c.step == 0).count(), unanswered.stream().filter(c -> c.step == 1).count(),
                unanswered.stream().filter(c -> c.step == 2).count());

        // 2. the app comes back on the same database
        long restartWait = System.nanoTime();
        if (!awaitAppAgain(intOpt("ready-timeout-s", 300))) {
            failures.add("the app did not answer again within " + intOpt("ready-timeout-s", 300) + " s");
            for (String f : failures) System.out.println("failure: " + f);
            line("result", "FAIL");
            return 1;
        }
        long restarted = System.nanoTime();
        System.out.printf(Locale.ROOT, "the app answers again %.1f s after the kill%n", (restarted - killedAt.get()) / 1e9);

        // 3. every request that got no answer, again with the same key; then the rest of every cancellation
        List<CrashCase> toFinish = all.stream().filter(c -> c.step < 3).toList();
        parallel(pool, toFinish.size(), Long.MAX_VALUE, i -> {
            CrashCase c = toFinish.get(i);
            while (c.step < 3) {
                boolean retry = c.unanswered;
                c.unanswered = false;
                if (!crashStep(c, retry)) {
                    failures.add(c.orderId + ": step " + c.step + (c.unanswered ? " got no answer after the restart" : " refused after the restart"));
                    return;
                }
            }
        });
        System.out.printf(Locale.ROOT, "after the restart: retried %d requests that got no answer: %s; 409 while in flight: %d%n",
                unanswered.size(), new TreeMap<>(retryAnswers), inFlightConflicts.get());

        // 4. every case resolves
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        Map<Integer, Map<?, ?>> views = new ConcurrentHashMap<>();
        java.util.Set<Integer> gone = ConcurrentHashMap.newKeySet();
        long lastProgress = 0;
        while (System.nanoTime() < deadline) {
            // a case that is gone, or whose acknowledged event is not on its timeline, will never resolve: no need to wait
            List<CrashCase> open = all.stream().filter(c -> c.caseId != null && !gone.contains(c.index) && !isFinal(views.get(c.index))
                    && !(views.get(c.index) != null && !String.valueOf(views.get(c.index).get("timeline")).contains("Event WAREHOUSE_UPDATE received"))).toList();
            if (open.isEmpty()) break;
            parallel(pool, open.size(), deadline, i -> {
                CrashCase c = open.get(i);
                Reply r = send(c.index, "GET", "/api/cases/" + c.caseId, null, null);
                if (r.status() == 200 && r.json() instanceof Map<?, ?> v) views.put(c.index, v);
                if (r.status() == 404) gone.add(c.index);
            });
            if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(10)) {
                lastProgress = System.nanoTime();
                System.out.printf(Locale.ROOT, "progress: t=%.0fs resolved %d/%d%n", (lastProgress - start) / 1e9,
                        all.stream().filter(c -> isFinal(views.get(c.index))).count(), cases);
            }
            sleep(1000);
        }
        long allResolved = System.nanoTime();

        // 5. nothing acknowledged lost, nothing twice
        int lostOrders = 0, lostCases = 0, lostEvents = 0, duplicateCases = 0, duplicateEvents = 0, duplicateRefunds = 0;
        int resolvedOnce = 0, wrong = 0;
        List<String> samples = new ArrayList<>();
        for (CrashCase c : all) {
            if (send(c.index, "GET", "/api/orders/" + c.orderId, null, null).status() != 200) {
                lostOrders++;
                samples.add("order " + c.orderId + " acknowledged, not there");
            }
            if (c.caseId == null) continue;
            Reply one = send(c.index, "GET", "/api/cases/" + c.caseId, null, null);
            if (one.status() != 200 || !(one.json() instanceof Map<?, ?> view)) {
                lostCases++;
                samples.add("case " + c.caseId + " of " + c.orderId + " acknowledged, not there: " + one.status());
                continue;
            }
            Reply ofOrder = send(c.index, "GET", "/api/cases?orderId=" + c.orderId, null, null);
            Object total = ofOrder.json() instanceof Map<?, ?> page ? page.get("total") : null;
            if (total == null || new BigDecimal(total.toString()).intValue() != 1) {
                duplicateCases++;
                samples.add("order " + c.orderId + " has " + total + " cases");
            }
            long events = view.get("timeline") instanceof List<?> timeline ? timeline.stream()
                    .filter(e -> e instanceof Map<?, ?> m && String.valueOf(m.get("what")).startsWith("Event WAREHOUSE_UPDATE received")).count() : 0;
            if (events == 0) {
                lostEvents++;
                samples.add("case " + c.caseId + ": the acknowledged WAREHOUSE_UPDATE is not on its timeline");
            } else if (events > 1) {
                duplicateEvents++;
                samples.add("case " + c.caseId + ": WAREHOUSE_UPDATE taken " + events + " times");
            }
            List<?> refunds = view.get("refunds") instanceof List<?> l ? l : List.of();
            if (refunds.size() > 1) {
                duplicateRefunds++;
                samples.add("case " + c.caseId + ": " + refunds.size() + " refunds");
            }
            boolean rightRefund = refunds.size() == 1 && ((Map<?, ?>) refunds.get(0)).get("amount") instanceof BigDecimal a
                    && a.compareTo(c.unitPrice.add(c.shippingFee)) == 0;
            if ("RESOLVED".equals(view.get("status")) && "CANCELLED".equals(view.get("resolution")) && rightRefund) {
                resolvedOnce++;
            } else {
                wrong++;
                if (samples.size() < 10) samples.add("case " + c.caseId + ": " + view.get("status") + "/" + view.get("resolution")
                        + ", refunds " + refunds);
            }
        }
        pool.shutdown();
        int lost = lostOrders + lostCases + lostEvents;
        int duplicates = duplicateCases + duplicateEvents + duplicateRefunds;

        System.out.println();
        System.out.println("=== crash check: kill -9 while writing ===");
        line("cases", cases + " cancellations, " + clients + " clients");
        line("killed", "after " + ackAtKill[1] + " acknowledged cases, " + fmt((killedAt.get() - start) / 1e9) + " s into the run");
        line("acknowledged writes before the restart", (ackOrdersBefore + ackCasesBefore + ackEventsBefore)
                + " (orders " + ackOrdersBefore + ", cases " + ackCasesBefore + ", events " + ackEventsBefore + ")");
        line("requests without an answer at the kill", unanswered.size());
        line("retried with the same key after the restart", unanswered.size() + " " + new TreeMap<>(retryAnswers));
        line("409 in flight (Retry-After) on retries", inFlightConflicts.get());
        line("acknowledged writes in all", ackOrders.get() + ackCases.get() + ackEvents.get());
        line("lost", lost + " (orders " + lostOrders + ", cases " + lostCases + ", events " + lostEvents + ")");
        line("duplicates", duplicates + " (cases " + duplicateCases + ", events " + duplicateEvents + ", refunds " + duplicateRefunds + ")");
        line("cases RESOLVED with one refund", resolvedOnce + "/" + cases);
        line("seconds from the kill until the app answered again", fmt((restarted - killedAt.get()) / 1e9));
        line("seconds from the restart until every case was resolved", fmt((allResolved - restarted) / 1e9));
        line("seconds", fmt((System.nanoTime() - start) / 1e9));
        for (String sample : samples.subList(0, Math.min(10, samples.size()))) System.out.println("sample: " + sample);
        if (lost > 0) failures.add(lost + " acknowledged writes lost");
        if (duplicates > 0) failures.add(duplicates + " duplicates");
        if (resolvedOnce != cases) failures.add((cases - resolvedOnce) + " cases not RESOLVED/CANCELLED with one right refund");
        long serverErrors = errorsByStatus.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(e -> e.getValue().sum()).sum();
        if (serverErrors > 0) failures.add(serverErrors + " answers 5xx");
        line("http answers 5xx", serverErrors);
        for (String f : failures) System.out.println("failure: " + f);
        line("result", failures.isEmpty() ? "PASS" : "FAIL");
        return failures.isEmpty() ? 0 : 1;
    }

    static boolean isFinal(Map<?, ?> view) {
        return view != null && ("RESOLVED".equals(view.get("status")) || "CLOSED".equals(view.get("status")));
    }

    /**
     * Sends the request of the case's current step until the app answers it (2xx: the next step), refuses it
     * (false) or does not answer (false, unanswered: the app died). A retry after the restart counts its answer.
     */
    boolean crashStep(CrashCase c, boolean retry) {
        for (int attempt = 1; attempt <= 60; attempt++) {
            String method, path, body, key;
            switch (c.step) {
                case 0 -> {
                    method = "PUT";
                    path = "/api/orders/" + c.orderId;
                    key = null;
                    body = """
                            {"orderId":"%s","platform":"SHOP","buyer":{"id":"B-%s","name":"Crash Buyer %d"},"currency":"USD",\
                            "items":[{"sku":"CRASH-SKU","title":"Crash item","quantity":1,"unitPrice":%s}],"shippingFee":%s,\
                            "status":"PAID","shippingAddress":{"name":"Crash Buyer","line1":"1 Main St","city":"Austin",\
                            "postalCode":"78701","country":"US"}}""".formatted(c.orderId, c.orderId, c.index,
                            c.unitPrice.toPlainString(), c.shippingFee.toPlainString());
                }
                case 1 -> {
                    method = "POST";
                    path = "/api/cases";
                    key = "crash-" + runId + "-open-" + c.index;
                    body = "{\"orderId\":\"" + c.orderId + "\",\"type\":\"CANCELLATION\",\"description\":\"crash check\"}";
                }
                default -> {
                    method = "POST";
                    path = "/api/cases/" + c.caseId + "/events";
                    key = "crash-" + runId + "-event-" + c.index;
                    body = "{\"type\":\"WAREHOUSE_UPDATE\",\"status\":\"SHIPMENT_STOPPED\"}";
                }
            }
            inFlight.incrementAndGet();
            Reply r;
            try {
                r = send(c.index, method, path, body, key);
            } finally {
                inFlight.decrementAndGet();
            }
            if (r.status() == -1) {
                if (killed.get()) {
                    c.unanswered = true;
                    return false;
                }
                sleep(200);
                continue;
            }
            String kind = c.step == 0 ? "order" : c.step == 1 ? "case" : "event";
            if (r.status() == 409 && "idempotency-key-in-use".equals(r.problemType())) {
                inFlightConflicts.incrementAndGet();
                if (retry) retryAnswers.computeIfAbsent(kind + " 409 in flight", k -> new LongAdder()).increment();
                sleep(1000L * retryAfter(r));
                continue;
            }
            if (r.status() / 100 != 2) {
                failures.add(method + " " + path + " answered " + r.status() + ": " + r.body());
                return false;
            }
            if (retry) {
                retryAnswers.computeIfAbsent(kind + " " + r.status() + (r.replayed() ? " replayed" : ""), k -> new LongAdder()).increment();
                retry = false;
            }
            switch (c.step) {
                case 0 -> ackOrders.incrementAndGet();
                case 1 -> {
                    Object id = r.json() instanceof Map<?, ?> m ? m.get("caseId") : null;
                    if (!(id instanceof String caseId)) {
                        failures.add("POST /api/cases for " + c.orderId + " answered " + r.status() + " without caseId");
                        return false;
                    }
                    if (c.caseId != null && !c.caseId.equals(caseId)) failures.add(c.orderId + ": two case ids " + c.caseId + ", " + caseId);
                    c.caseId = caseId;
                    ackCases.incrementAndGet();
                }
                default -> ackEvents.incrementAndGet();
            }
            c.step++;
            return true;
        }
        failures.add(c.orderId + ": step " + c.step + " still not answered after 60 tries");
        return false;
    }

    static long retryAfter(Reply r) {
        try {
            return Math.max(1, Math.min(10, Long.parseLong(r.retryAfter() == null ? "1" : r.retryAfter().trim())));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Polls until the app answers again (restarted by bench/crash.sh), with a progress line every 10 s. */
    boolean awaitAppAgain(int timeoutS) {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(timeoutS);
        long lastPrint = start;
        while (System.nanoTime() < deadline) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/cases?size=1")).timeout(Duration.ofSeconds(5))
                    .header("Authorization", auth).GET().build();
            try {
                if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return true;
            } catch (IOException e) {
                // not back yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(10)) {
                lastPrint = System.nanoTime();
                System.out.printf(Locale.ROOT, "waiting for the app to be back on the same database (%.0f s)%n", (lastPrint - start) / 1e9);
            }
            sleep(500);
        }
        return false;
    }

    // ---------------------------------------------------------------- timers (--timer-cases N)

    /**
     * Timer jobs on several nodes: N shipped orders are cancelled, an agent's decision (over
     * /engine-rest, on the other node) sends each to the return leg, whose 10-day wait for the return
     * tracking number (R-RET-5) is then made due now. Every case must be CLOSED with exactly one
     * "return-closed" message and no refund: the timer fired once, on one of the nodes. --user must
     * be an administrator (camunda-admin) for the /engine-rest calls.
     */
    void timers(int n) {
        System.out.printf(Locale.ROOT, "timers: %d shipped cancellations sent to the return leg; their 10-day timers made due now%n", n);
        long start = System.nanoTime();
        List<String> caseIds = new ArrayList<>();
        String due = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT)
                .format(OffsetDateTime.now().minusMinutes(1));
        for (int k = 0; k < n; k++) {
            String orderId = String.format(Locale.ROOT, "TIMER-%s-%03d", runId, k);
            String order = """
                    {"orderId":"%s","platform":"SHOP","buyer":{"id":"B-T%d","name":"Timer Buyer"},"currency":"USD",\
                    "items":[{"sku":"TIMER-SKU","title":"Timer item","quantity":1,"unitPrice":20.00}],"shippingFee":3.00,\
                    "status":"SHIPPED","shippingAddress":{"name":"Timer Buyer","line1":"1 Main St","city":"Austin","postalCode":"78701","country":"US"},\
                    "shipment":{"carrier":"UPS","trackingNumber":"1ZT%d","shippedAt":"2026-11-20T10:00:00Z","handedToCarrier":true}}""".formatted(orderId, k, k);
            if (send(k, "PUT", "/api/orders/" + orderId, order, null).status() / 100 != 2) { failures.add("timer order " + orderId + " not created"); continue; }
            Reply opened = send(k, "POST", "/api/cases", "{\"orderId\":\"" + orderId + "\",\"type\":\"CANCELLATION\",\"description\":\"timer\"}", "timer-" + runId + "-" + k);
            if (opened.status() != 201 || !(opened.json() instanceof Map<?, ?> view)) { failures.add("timer case for " + orderId + " not opened: " + opened.status()); continue; }
            String caseId = (String) view.get("caseId");
            String task = awaitValue(k, caseId, v -> v.get("openTasks") instanceof List<?> t && !t.isEmpty() ? (String) ((Map<?, ?>) t.get(0)).get("taskId") : null);
            Reply decided = send(k + 1, "POST", "/engine-rest/task/" + task + "/submit-form",
                    "{\"variables\": {\"cancellationOffer\": {\"value\": \"RETURN_AFTER_DELIVERY\"}}}", null);
            if (decided.status() != 204) { failures.add("timer case " + caseId + ": agent decision answered " + decided.status()); continue; }
            awaitValue(k, caseId, v -> "WAITING_FOR_RETURN".equals(v.get("status")) ? "yes" : null);
            Reply leg = send(k + 1, "GET", "/engine-rest/process-instance?processDefinitionKey=Process_ReturnAndRefund&businessKey=" + caseId, null, null);
            String legId = leg.json() instanceof List<?> l && l.size() == 1 ? (String) ((Map<?, ?>) l.get(0)).get("id") : null;
            Reply jobs = send(k, "GET", "/engine-rest/job?timers=true&processInstanceId=" + legId, null, null);
            String jobId = jobs.json() instanceof List<?> l && l.size() == 1 ? (String) ((Map<?, ?>) l.get(0)).get("id") : null;
            if (legId == null || jobId == null) { failures.add("timer case " + caseId + ": no single return leg with one timer (" + leg.body() + " / " + jobs.body() + ")"); continue; }
            Reply moved = send(k + 1, "PUT", "/engine-rest/job/" + jobId + "/duedate", "{\"duedate\": \"" + due + "\"}", null);
            if (moved.status() != 204) { failures.add("timer case " + caseId + ": due date not set: " + moved.status() + " " + moved.body()); continue; }
            caseIds.add(caseId);
        }
        int closed = 0, duplicateMessages = 0, refunded = 0;
        for (int k = 0; k < caseIds.size(); k++) {
            String caseId = caseIds.get(k);
            Map<?, ?> view = awaitView(k, caseId, v -> "CLOSED".equals(v.get("status")));
            if (view == null) { failures.add("timer case " + caseId + " not CLOSED in time"); continue; }
            closed++;
            long closedMessages = ((List<?>) view.get("messages")).stream().filter(m -> "return-closed".equals(((Map<?, ?>) m).get("template"))).count();
            if (closedMessages != 1) duplicateMessages++;
            if (!((List<?>) view.get("refunds")).isEmpty()) refunded++;
        }
        line("timer cases", n);
        line("timer cases CLOSED after their timer fired", closed);
        line("timer cases without exactly one return-closed message", duplicateMessages);
        line("timer cases with a refund (must be 0)", refunded);
        line("timer phase seconds", fmt((System.nanoTime() - start) / 1e9));
        if (closed != n || duplicateMessages > 0 || refunded > 0) failures.add("timers: " + closed + "/" + n + " closed, "
                + duplicateMessages + " with a wrong message count, " + refunded + " refunded");
    }

    Map<?, ?> awaitView(int node, String caseId, java.util.function.Predicate<Map<?, ?>> until) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Reply r = send(node, "GET", "/api/cases/" + caseId, null, null);
            if (r.status() == 200 && r.json() instanceof Map<?, ?> v && until.test(v)) return v;
            sleep(200);
        }
        return null;
    }

    String awaitValue(int node, String caseId, java.util.function.Function<Map<?, ?>, String> value) {
        Map<?, ?> view = awaitView(node, caseId, v -> value.apply(v) != null);
        return view == null ? null : value.apply(view);
    }

    /** One cheap request per progress line: how many CANCELLATION cases the app lists as RESOLVED (not counted as load). */
    String serverResolvedCount() {
        if (phase.equals("orders")) return "-";
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/cases?type=CANCELLATION&status=RESOLVED&size=1"))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", auth).GET().build();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && Json.parse(r.body()) instanceof Map<?, ?> m && m.get("total") != null) {
                return m.get("total").toString();
            }
            return "HTTP " + r.statusCode();
        } catch (IOException | RuntimeException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /** utime + stime of the app process from /proc (Linux), in seconds; NaN without --app-pid. */
    double appCpuSeconds() {
        if (appPid <= 0) return Double.NaN;
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + appPid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": field 3 is f[0], so utime (14) is f[11] and stime (15) is f[12]
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) Long.parseLong(opt("clk-tck", "100"));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    long totalErrors() {
        long n = 0;
        for (LongAdder a : errorsByStatus.values()) n += a.sum();
        return n;
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

    /** Runs body(0..n-1) on the pool's threads; each index once, stops taking new indexes at the deadline. */
    void parallel(ExecutorService pool, int n, long deadline, IntConsumer body) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < clients; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < n && System.nanoTime() < deadline; i = next.getAndIncrement()) {
                    try {
                        body.accept(i);
                    } catch (RuntimeException e) {
                        failures.add("client error at item " + i + ": " + e);
                    }
                }
            }));
        }
        for (Future<?> f : workers) f.get();
    }

    // ---------------------------------------------------------------- steps

    void createOrder(int i) {
        Case c = all.get(i);
        String body = """
                {"orderId":"%s","platform":"SHOP","buyer":{"id":"B-%s","name":"Bench Buyer %d","email":"bench@example.com"},\
                "currency":"USD","items":[{"sku":"BENCH-SKU-%d","title":"Bench item","quantity":1,"unitPrice":%s,"category":"accessories"}],\
                "shippingFee":%s,"status":"PAID","shippingAddress":{"name":"Bench Buyer %d","line1":"1 Main St","city":"Austin",\
                "postalCode":"78701","country":"US"}}""".formatted(c.orderId, c.orderId, i, i % 50, c.unitPrice.toPlainString(),
                c.shippingFee.toPlainString(), i);
        for (int attempt = 1; attempt <= 3; attempt++) {
            Reply r = send("PUT", "/api/orders/" + c.orderId, body, null);
            if (r.status() == 201 || r.status() == 200) {
                c.orderCreated = true;
                ordersCreated.incrementAndGet();
                return;
            }
            if (r.status() >= 400 && r.status() < 500) break;   // the request is wrong: a retry won't help
            otherRetries.incrementAndGet();
            sleep(200L * attempt);
        }
    }

    void openAndStop(int i) {
        Case c = all.get(i);
        if (!c.orderCreated) return;
        String body = """
                {"orderId":"%s","type":"CANCELLATION","description":"bench"}""".formatted(c.orderId);
        String key = "bench-" + runId + "-open-" + i;
        for (int attempt = 1; attempt <= 5 && c.caseId == null; attempt++) {
            Reply r = send(i, "POST", "/api/cases", body, key);
            if (r.status() == 201) {
                openedOn.incrementAndGet(i % bases.size());
                int slot = openLatencyCount.getAndIncrement();
                if (slot < openLatencies.length) openLatencies[slot] = r.nanos();
                Object id = r.json() instanceof Map<?, ?> m ? m.get("caseId") : null;
                if (id instanceof String s) {
                    c.caseId = s;
                    opened.incrementAndGet();
                } else {
                    failures.add("POST /api/cases for " + c.orderId + " answered 201 without caseId");
                    return;
                }
            } else if (r.status() == -1 || r.status() >= 500 || "idempotency-key-in-use".equals(r.problemType())) {
                otherRetries.incrementAndGet();   // same key: the app replays or runs it again, never twice
                sleep(200L * attempt);
            } else {
                return;   // 4xx: counted in the errors, the case is lost
            }
        }
        if (c.caseId == null) return;

        String event = "{\"type\":\"WAREHOUSE_UPDATE\",\"status\":\"SHIPMENT_STOPPED\"}";
        for (int attempt = 1; attempt <= 5; attempt++) {
            // the same key on every attempt, as a real client retries: the app keeps no 409 under a key
            Reply r = send(i + 1, "POST", "/api/cases/" + c.caseId + "/events", event, "bench-" + runId + "-event-" + i);
            if (r.status() == 202) {
                eventsOn.incrementAndGet((i + 1) % bases.size());
                int slot = eventLatencyCount.getAndIncrement();
                if (slot < eventLatencies.length) eventLatencies[slot] = r.nanos();
                c.eventAccepted = true;
                eventsAccepted.incrementAndGet();
                return;
            }
            if (r.status() == 409 && "case-busy".equals(r.problemType())) {
                busyRetries.incrementAndGet();
                sleep(100L * attempt);
            } else if (r.status() == -1 || r.status() >= 500) {
                otherRetries.incrementAndGet();
                sleep(200L * attempt);
            } else {
                return;   // e.g. 409 event-not-expected: a finding, counted in the errors
            }
        }
    }

    void poll(Case c) {
        Reply r = send(c.index, "GET", "/api/cases/" + c.caseId, null, null);
        pollRequests.incrementAndGet();
        if (r.status() != 200) return;
        if (!(r.json() instanceof Map<?, ?> view)) return;
        Object status = view.get("status");
        if ("RESOLVED".equals(status) || "CLOSED".equals(status)) {
            c.doneAtNanos = System.nanoTime();
            c.finalView = view;
            if (view.get("updatedAt") instanceof String u) {
                try {
                    c.serverUpdatedAt = OffsetDateTime.parse(u);
                } catch (RuntimeException ignored) {
                    // leave it out of the server-clock figure
                }
            }
            c.done = true;
            if ("RESOLVED".equals(status)) resolved.incrementAndGet();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- minimal JSON reader

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
