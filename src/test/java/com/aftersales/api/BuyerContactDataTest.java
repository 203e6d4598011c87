package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 11, finding 11 (the engine's side; /api is engineer money's): the buyer's address in the
 * process variables is read by the agent who holds the case's task, by team leads, and by no process
 * owner; nobody else filters by it. Over /engine-rest and the webapps' APIs, with each role's credentials.
 */
class BuyerContactDataTest extends ApiTestSupport {

    private static final String PROBLEM = "application/problem+json";
    private static final String NEW_ADDRESS = """
            {"name": "Ana Ruiz", "line1": "9 Oak Ave", "city": "Dallas", "postalCode": "75201", "country": "US"}""";

    @Autowired
    TaskService tasks;

    @Autowired
    RuntimeService runtime;

    @Autowired
    IdentityService identity;

    /** An address change waiting for an agent (R-ADDR-1): its form shows the current and the new address. */
    private String[] addressChangeTask() {
        String orderId = newOrder("PAID", "25.00", null);
        String caseId = openCaseId("{\"orderId\": \"" + orderId
                + "\", \"type\": \"ADDRESS_CHANGE\", \"description\": \"Moved\", \"newAddress\": " + NEW_ADDRESS + "}");
        api.awaitCase(caseId, v -> hasTask(v, "Task_ConfirmNewAddress"));
        var task = tasks.createTaskQuery().processInstanceBusinessKey(caseId).singleResult();
        assertThat(runtime.getVariable(task.getProcessInstanceId(), "currentAddress")
                        .toString())
                .contains("1 Main St");
        return new String[] {caseId, task.getId(), task.getProcessInstanceId()};
    }

    @Test
    void finding11_ownerReadsNoBuyerAddress() {
        String[] c = addressChangeTask();
        String pi = c[2];

        assertThat(api.call("GET", "/engine-rest/process-instance/" + pi + "/variables", "owner", null)
                        .status())
                .isEqualTo(403);
        assertThat(api.call("GET", "/engine-rest/process-instance/" + pi + "/variables/currentAddress", "owner", null)
                        .status())
                .isEqualTo(403);
        assertThat(api.call("GET", "/engine-rest/task/" + c[1] + "/form-variables", "owner", null)
                        .status())
                .isEqualTo(403);
        ApiClient.Response instanceVariables = api.call(
                "POST", "/engine-rest/variable-instance", "owner", "{\"processInstanceIdIn\": [\"" + pi + "\"]}");
        assertThat(instanceVariables.status()).isEqualTo(200);
        assertThat(instanceVariables.json())
                .as("no variable values for process owners")
                .isEmpty();
        ApiClient.Response historic =
                api.call("GET", "/engine-rest/history/variable-instance?processInstanceId=" + pi, "owner", null);
        assertThat(historic.status()).isEqualTo(200);
        assertThat(historic.json()).isEmpty();
        ApiClient.Response details =
                api.call("GET", "/engine-rest/history/detail?processInstanceId=" + pi, "owner", null);
        assertThat(details.status()).isEqualTo(200);
        assertThat(details.body()).doesNotContain("Oak Ave", "Main St");
        // nor finds a case by it
        ApiClient.Response search = api.call(
                "POST",
                "/engine-rest/process-instance",
                "owner",
                "{\"variables\": [{\"name\": \"newAddress\", \"operator\": \"like\", \"value\": \"%Oak%\"}]}");
        assertThat(search.status()).isEqualTo(403);
        assertThat(search.contentType()).startsWith(PROBLEM);
        assertThat(api.call(
                                "GET",
                                "/engine-rest/history/process-instance?variables=CURRENTADDRESS_like_%25Main%25&variableNamesIgnoreCase=true",
                                "owner",
                                null)
                        .status())
                .isEqualTo(403);

        // nor in Cockpit: the instance's variables tab lists nothing
        WebappSession cockpit = WebappSession.login(port, "owner", "owner", "cockpit");
        ApiClient.Response tab = cockpit.post(
                "/api/engine/engine/default/variable-instance?firstResult=0&maxResults=50&deserializeValues=false",
                "{\"processInstanceIdIn\": [\"" + pi
                        + "\"], \"sorting\": [{\"sortBy\": \"variableName\", \"sortOrder\": \"asc\"}]}");
        assertThat(tab.status()).isEqualTo(200);
        assertThat(tab.json()).isEmpty();
        ApiClient.Response cockpitSearch = cockpit.post(
                "/api/cockpit/plugin/base/default/process-instance?firstResult=0&maxResults=50",
                "{\"variables\": [{\"name\": \"currentAddress\", \"operator\": \"like\", \"value\": \"%Main%\"}]}");
        assertThat(cockpitSearch.status()).isEqualTo(403);
    }

    /**
     * History level activity-with-decisions (issue 16): the address is in the running case's variables, and the engine's
     * history keeps no variable value of it, so nothing of it stays there once the case ends; not even the admin finds one.
     */
    @Test
    void finding11_theEngineHistoryKeepsNoAddress_notEvenForTheAdmin() {
        String pi = addressChangeTask()[2];

        ApiClient.Response running =
                api.call("GET", "/engine-rest/process-instance/" + pi + "/variables/currentAddress", "demo", null);
        assertThat(running.status()).isEqualTo(200);
        assertThat(running.body()).contains("1 Main St");
        ApiClient.Response historic =
                api.call("GET", "/engine-rest/history/variable-instance?processInstanceId=" + pi, "demo", null);
        assertThat(historic.status()).isEqualTo(200);
        assertThat(historic.json())
                .as("no variable value in the engine's history")
                .isEmpty();
        ApiClient.Response byValue = api.call(
                "GET",
                "/engine-rest/history/variable-instance?variableName=currentAddress&variableValue=%25Main%25",
                "demo",
                null);
        assertThat(byValue.body()).doesNotContain("Main St");
    }

    @Test
    void finding11_agentReadsAddressOnlyOfHeldTask_teamLeadsOfAll() {
        String[] c = addressChangeTask();
        String taskId = c[1];
        ensureAgent(identity, "agent3");

        // not held by anyone: the form shows, without the addresses
        JsonNode unheld = formVariables("agent3", taskId);
        assertThat(unheld.get("currentAddress").get("value").asText())
                .doesNotContain("Main St")
                .contains("holds the task");
        assertThat(unheld.get("newAddress").get("value").asText()).doesNotContain("Oak Ave");
        assertThat(unheld.get("buyerName").get("value").asText()).isEqualTo("Ana Ruiz");
        assertThat(unheld.get("buyerReason").get("value").asText()).isEqualTo("Moved");

        // the agent takes it: now they read them, in Tasklist too; another agent still does not
        assertThat(api.call("POST", "/engine-rest/task/" + taskId + "/claim", "agent", "{\"userId\": \"agent\"}")
                        .status())
                .isEqualTo(204);
        assertThat(formVariables("agent", taskId)
                        .get("currentAddress")
                        .get("value")
                        .asText())
                .contains("1 Main St");
        assertThat(formVariables("agent", taskId).get("newAddress").get("value").asText())
                .contains("9 Oak Ave");
        assertThat(formVariables("agent3", taskId)
                        .get("newAddress")
                        .get("value")
                        .asText())
                .doesNotContain("Oak Ave");
        WebappSession tasklist = WebappSession.login(port, "agent", "agent", "tasklist");
        WebappSession other = WebappSession.login(port, "agent3", "agent3", "tasklist");
        try {
            assertThat(tasklist.get("/api/engine/engine/default/task/" + taskId
                                    + "/form-variables?deserializeValues=false")
                            .json()
                            .get("newAddress")
                            .get("value")
                            .asText())
                    .contains("9 Oak Ave");
            assertThat(other.get("/api/engine/engine/default/task/" + taskId
                                    + "/form-variables?deserializeValues=false")
                            .json()
                            .get("newAddress")
                            .get("value")
                            .asText())
                    .doesNotContain("Oak Ave");
        } finally {
            tasklist.logout();
            other.logout();
        }

        // team leads read them on every task
        assertThat(formVariables("lead", taskId)
                        .get("currentAddress")
                        .get("value")
                        .asText())
                .contains("1 Main St");

        // agents neither search tasks by the address nor read the process's variables
        ApiClient.Response search = api.call(
                "POST",
                "/engine-rest/task",
                "agent3",
                "{\"processVariables\": [{\"name\": \"newAddress\", \"operator\": \"like\", \"value\": \"%Oak%\"}]}");
        assertThat(search.status()).isEqualTo(403);
        assertThat(search.contentType()).startsWith(PROBLEM);
        assertThat(api.call("GET", "/engine-rest/task?processVariables=newAddress_like_%25Oak%25", "agent3", null)
                        .status())
                .isEqualTo(403);
        assertThat(api.call("GET", "/engine-rest/process-instance/" + c[2] + "/variables", "agent3", null)
                        .status())
                .isEqualTo(403);
        assertThat(api.call("POST", "/engine-rest/variable-instance", "agent3", "{}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void finding11_anAgentWhoWorkedTheCase_readsItsAddressOnItsNextTask_othersDoNot() {
        String latest = java.time.LocalDate.now().plusDays(5).toString();
        String orderId = newOrder("SHIPPED", "25.00", """
                {"carrier": "UPS", "trackingNumber": "1Z4712", "shippedAt": "2026-11-20T10:00:00Z", "latestDeliveryDate": "%s"}""".formatted(latest));
        String caseId = openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"NOT_RECEIVED\", \"description\": \"Still not here\"}");
        api.awaitCase(caseId, v -> v.get("messages").size() == 1);
        event(caseId, "{\"type\": \"CARRIER_UPDATE\", \"trackingState\": \"CUSTOMS_HOLD\"}");
        api.awaitCase(caseId, v -> hasTask(v, "Task_ResolveCustomsHold"));
        ensureAgent(identity, "agent3");
        // the agent works the customs hold: the parcel is going back
        agentSubmits(caseId, "ResolveCustomsHold", "{\"customsOutcome\": {\"value\": \"RETURNED\"}}");
        api.awaitCase(caseId, v -> hasTask(v, "Task_CheckReturnedParcel"));
        String next = tasks.createTaskQuery()
                .processInstanceBusinessKey(caseId)
                .taskDefinitionKey("Task_CheckReturnedParcel")
                .singleResult()
                .getId();
        assertThat(tasks.createTaskQuery().taskId(next).singleResult().getAssignee())
                .isNull();

        assertThat(formVariables("agent", next)
                        .get("currentAddress")
                        .get("value")
                        .asText())
                .as("held a task of the case")
                .contains("1 Main St");
        assertThat(formVariables("agent3", next)
                        .get("currentAddress")
                        .get("value")
                        .asText())
                .doesNotContain("Main St");
    }

    private JsonNode formVariables(String user, String taskId) {
        ApiClient.Response response = api.call("GET", "/engine-rest/task/" + taskId + "/form-variables", user, null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}
