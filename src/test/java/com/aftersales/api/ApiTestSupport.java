package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.config.Groups;
import com.aftersales.testdb.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * HTTP tests: the whole app on a random port with the job executor running and the demo users,
 * one context shared by the test classes, on its own database (H2 in memory, or PostgreSQL in the
 * second run).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "aftersales.demo-data=true",
            // the work queue refills a Tasklist session at most once a second here (30 s in the app), so its tests need
            // not wait
            "aftersales.work-queue.refill-interval=PT1S",
            // Tomcat takes the client's address from X-Forwarded-For sent from 127.0.0.1 (Spring Boot's default
            // internal proxies), so tests can call as different sources (CredentialsTest); the app trusts none
            "server.forward-headers-strategy=native"
        })
public abstract class ApiTestSupport {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, "api");
    }

    @LocalServerPort
    protected int port;

    protected ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    /** A new order of the shop over /api; returns its id. */
    protected String newOrder(String status, String unitPrice, String shipment) {
        String orderId = "A-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response created = api.call(
                "PUT", "/api/orders/" + orderId, "shop", ApiClient.orderJson(orderId, status, unitPrice, shipment));
        if (created.status() != 201) throw new AssertionError("order not created: " + created.body());
        return orderId;
    }

    protected ApiClient.Response openCase(String body) {
        return api.call(
                "POST",
                "/api/cases",
                "shop",
                body,
                "Idempotency-Key",
                UUID.randomUUID().toString());
    }

    protected String openCaseId(String body) {
        ApiClient.Response opened = openCase(body);
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return opened.json().get("caseId").asText();
    }

    protected void event(String caseId, String body) {
        ApiClient.Response response = api.call(
                "POST",
                "/api/cases/" + caseId + "/events",
                "shop",
                body,
                "Idempotency-Key",
                UUID.randomUUID().toString());
        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    /**
     * The event once the case waits for it, as an integration does: a 409 {@code event-not-expected} is sent again
     * (the step after the previous event runs as a job, so the case may not wait for this one yet). At most 30 s.
     */
    protected void eventOnceExpected(String caseId, String body) {
        long until = System.currentTimeMillis() + 30_000;
        while (true) {
            ApiClient.Response response = api.call(
                    "POST",
                    "/api/cases/" + caseId + "/events",
                    "shop",
                    body,
                    "Idempotency-Key",
                    UUID.randomUUID().toString());
            if (response.status() == 409
                    && response.body().contains("event-not-expected")
                    && System.currentTimeMillis() < until) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                continue;
            }
            assertThat(response.status()).as(response.body()).isEqualTo(202);
            return;
        }
    }

    /** The agent's one open task of the case over /engine-rest: its form id, then submit-form with the values. */
    protected void agentSubmits(String caseId, String formId, String variablesJson) {
        userSubmits("agent", caseId, formId, variablesJson);
    }

    /** As {@link #agentSubmits}, for another demo user ({@code lead}: team-leads' tasks). */
    protected void userSubmits(String user, String caseId, String formId, String variablesJson) {
        JsonNode tasks = api.call("GET", "/engine-rest/task?processInstanceBusinessKey=" + caseId, user, null)
                .json();
        assertThat(tasks).hasSize(1);
        String taskId = tasks.get(0).get("id").asText();
        assertThat(api.call("GET", "/engine-rest/task/" + taskId + "/deployed-form", user, null)
                        .json()
                        .get("id")
                        .asText())
                .isEqualTo(formId);
        assertThat(api.call("POST", "/engine-rest/task/" + taskId + "/claim", user, "{\"userId\": \"" + user + "\"}")
                        .status())
                .isEqualTo(204);
        ApiClient.Response submitted = api.call(
                "POST", "/engine-rest/task/" + taskId + "/submit-form", user, "{\"variables\": " + variablesJson + "}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(204);
    }

    protected static boolean hasTask(JsonNode view, String key) {
        return view.get("openTasks").toString().contains(key);
    }

    /** POST /engine-rest/deployment/create as Camunda Modeler sends it (multipart, the same fields). */
    protected ApiClient.Response deployAsModeler(String user, String deploymentName, Map<String, String> files)
            throws IOException, InterruptedException {
        String boundary = "----modeler" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("deployment-name", deploymentName);
        fields.put("deployment-source", "Camunda Modeler");
        fields.put("deploy-changed-only", "true");
        fields.put("enable-duplicate-filtering", "true");
        for (Map.Entry<String, String> field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                            + "\"\r\n\r\n" + field.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            body.writeBytes(
                    ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.getKey() + "\"; filename=\""
                                    + file.getKey() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file.getValue().getBytes(StandardCharsets.UTF_8));
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/engine-rest/deployment/create"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().startsWith("{") ? new ObjectMapper().readTree(response.body()) : null;
        return new ApiClient.Response(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null),
                null,
                false,
                response.body(),
                json,
                response.headers());
    }

    /** An agent besides the demo ones (password = id), created once. */
    protected static void ensureAgent(IdentityService identity, String id) {
        if (identity.createUserQuery().userId(id).count() > 0) return;
        User user = identity.newUser(id);
        user.setPassword(id);
        identity.saveUser(user);
        identity.createMembership(id, Groups.AGENTS);
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Work-queue set-up: the team's other unassigned tasks (of earlier tests in the shared database) go to a parking
     * user, so the queue can only hand out the ones kept. Give them back with {@code setAssignee(id, null)}.
     */
    protected static List<String> parkTeamBacklogExcept(TaskService tasks, String... keep) {
        List<String> parked = new ArrayList<>();
        for (Task task : tasks.createTaskQuery()
                .taskCandidateGroup(Groups.AGENTS)
                .taskUnassigned()
                .active()
                .list()) {
            if (List.of(keep).contains(task.getId())) continue;
            tasks.setAssignee(task.getId(), "parked-by-a-work-queue-test");
            parked.add(task.getId());
        }
        return parked;
    }

    /**
     * Work-queue set-up: the agent holds nothing but {@code count} tasks of their own (not case tasks), so the queue
     * (10 tasks per agent) hands out 10 − count. Delete them afterwards.
     */
    protected static List<String> agentHolds(TaskService tasks, String agent, int count) {
        tasks.createTaskQuery().taskAssignee(agent).list().forEach(task -> tasks.setAssignee(task.getId(), null));
        List<String> held = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Task task = tasks.newTask();
            task.setName("Already held " + i);
            task.setAssignee(agent);
            tasks.saveTask(task);
            held.add(task.getId());
        }
        return held;
    }
}
