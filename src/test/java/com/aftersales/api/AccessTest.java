package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who may do what, with real HTTP calls (docs/api.md "Authentication and who may do what", issue 3 "Access"): authorizations are on,
 * agents see and complete only the tasks of their groups, integrations use /api but not Tasklist or
 * Cockpit, nothing anonymous reaches /api, /engine-rest, the webapps' APIs or the metrics.
 */
class AccessTest extends ApiTestSupport {

    private static final String SHIPPED = """
            {"carrier": "UPS", "trackingNumber": "1Z999", "shippedAt": "2026-11-20T10:00:00Z", "latestDeliveryDate": "2026-12-01"}""";

    @Test
    void noAnonymousRequestReachesTheApis_onlyTheHealthStatus() {
        assertThat(api.call("GET", "/api/cases", null, null).status()).isEqualTo(401);
        assertThat(api.call("POST", "/api/cases", null, "{}").status()).isEqualTo(401);
        assertThat(api.call("GET", "/engine-rest/task", null, null).status()).isEqualTo(401);
        assertThat(api.call("GET", "/engine-rest/deployment", null, null).status())
                .isEqualTo(401);
        assertThat(api.call("GET", "/camunda/api/engine/engine/default/task", null, null)
                        .status())
                .isEqualTo(401);
        assertThat(api.call("GET", "/camunda/api/cockpit/plugin/base/default/process-definition/statistics", null, null)
                        .status())
                .isEqualTo(401);
        assertThat(api.call("GET", "/camunda/api/admin/auth/user/default", null, null)
                        .status())
                .isIn(401, 404);
        assertThat(api.call("GET", "/actuator/metrics", null, null).status()).isEqualTo(401);

        ApiClient.Response health = api.call("GET", "/actuator/health", null, null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.json().has("components"))
                .as("no details for anonymous callers")
                .isFalse();
    }

    @Test
    void healthDetailsAndMetrics_forAdminsAndProcessOwners_notForAgentsOrIntegrations() {
        JsonNode health = api.call("GET", "/actuator/health", "demo", null).json();
        assertThat(health.get("components").get("db").get("status").asText()).isEqualTo("UP");
        assertThat(health.get("components").get("processEngine").get("status").asText())
                .isEqualTo("UP");
        assertThat(health.get("components").get("jobExecutor").get("status").asText())
                .isEqualTo("UP");

        assertThat(api.call("GET", "/actuator/metrics", "owner", null).status()).isEqualTo(200);
        assertThat(api.call("GET", "/actuator/metrics/jvm.memory.used", "demo", null)
                        .status())
                .isEqualTo(200);
        assertThat(api.call("GET", "/actuator/metrics", "agent", null).status()).isEqualTo(403);
        assertThat(api.call("GET", "/actuator/metrics", "shop", null).status()).isEqualTo(403);
    }

    @Test
    void rGen7_agentsSeeAndCompleteOnlyTheTasksOfTheirGroups_theTeamLeadsApprovalIsNotTheirs() {
        String orderId = newOrder("SHIPPED", "40.00", SHIPPED);
        String caseId = openCase(
                        "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Too late\"}")
                .json()
                .get("caseId")
                .asText();
        String offerTask = onlyTask("agent", caseId);
        assertThat(api.call("POST", "/engine-rest/task/" + offerTask + "/submit-form", "agent", """
                {"variables": {"cancellationOffer": {"value": "KEEP_WITH_PARTIAL_REFUND"}, "offerAmount": {"value": 20}}}""")
                        .status())
                .isEqualTo(204);

        // 20.00 is above the 14.00 ceiling (R-GEN-7): the approval is a team lead's task
        String approval = onlyTask("lead", caseId);
        assertThat(tasksOf("agent", caseId))
                .as("the agent does not see the team leads' task")
                .isEmpty();
        ApiClient.Response agentTries = api.call(
                "POST",
                "/engine-rest/task/" + approval + "/submit-form",
                "agent",
                "{\"variables\": {\"offerDecision\": {\"value\": \"APPROVE\"}}}");
        assertThat(agentTries.status()).isEqualTo(403);
        assertThat(agentTries.body()).contains("agent");
        ApiClient.Response shopTries =
                api.call("GET", "/engine-rest/task?processInstanceBusinessKey=" + caseId, "shop", null);
        assertThat(shopTries.status())
                .as("integrations have nothing on /engine-rest")
                .isEqualTo(403);
        assertThat(shopTries.contentType()).startsWith("application/problem+json");

        assertThat(api.call(
                                "POST",
                                "/engine-rest/task/" + approval + "/submit-form",
                                "lead",
                                "{\"variables\": {\"offerDecision\": {\"value\": \"APPROVE\"}}}")
                        .status())
                .isEqualTo(204);
        JsonNode view = api.awaitCase(
                caseId, v -> "WAITING_FOR_BUYER".equals(v.get("status").asText()));
        assertThat(view.get("refunds")).isEmpty();
    }

    @Test
    void integrationsUseTheApi_butNotTasklistOrCockpit_agentsOnlyTasklist_ownersCockpit() {
        assertThat(api.call("GET", "/api/cases", "shop", null).status()).isEqualTo(200);

        assertThat(webappLogin("shop", "tasklist")).isEqualTo(403);
        assertThat(webappLogin("shop", "cockpit")).isEqualTo(403);
        assertThat(webappLogin("agent", "tasklist")).isEqualTo(200);
        assertThat(webappLogin("agent", "cockpit")).isEqualTo(403);
        assertThat(webappLogin("agent", "admin")).isEqualTo(403);
        assertThat(webappLogin("owner", "cockpit")).isEqualTo(200);
        assertThat(webappLogin("demo", "admin")).isEqualTo(200);
    }

    @Test
    void tasklistOffersNoStartProcess_casesAreOpenedOnlyOverTheApi() {
        // The query Tasklist's "Start process" dialog sends: it must list nothing, for agents and leads alike.
        for (String user : List.of("agent", "lead", "demo")) {
            ApiClient.Response startable = api.call(
                    "GET",
                    "/engine-rest/process-definition?latestVersion=true&active=true&startableInTasklist=true",
                    user,
                    null);
            assertThat(startable.status()).isEqualTo(200);
            assertThat(startable.json())
                    .as("processes %s may start in Tasklist", user)
                    .isEmpty();
        }
        ApiClient.Response all = api.call("GET", "/engine-rest/process-definition?latestVersion=true", "demo", null);
        assertThat(all.json()).as("the case processes are deployed").isNotEmpty();
    }

    private List<JsonNode> tasksOf(String user, String caseId) {
        ApiClient.Response response =
                api.call("GET", "/engine-rest/task?processInstanceBusinessKey=" + caseId, user, null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> tasks = new ArrayList<>();
        response.json().forEach(tasks::add);
        return tasks;
    }

    private String onlyTask(String user, String caseId) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            List<JsonNode> tasks = tasksOf(user, caseId);
            if (tasks.size() == 1) return tasks.get(0).get("id").asText();
            sleep();
        }
        throw new AssertionError("no single task for " + user + " on " + caseId + ": " + tasksOf(user, caseId));
    }

    /** Logs in to a webapp as its login page does (XSRF cookie first), returns the status of the login. */
    private int webappLogin(String user, String app) {
        return WebappSession.login(port, user, user, app).loginStatus();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
