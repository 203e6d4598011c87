package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.refunds.RefundLedger;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 11, findings 1 and 2, over HTTP as the agent who holds the task: a completion takes only the
 * fields of the task's form, typed and bounded as the form says (400 problem+json naming the field,
 * nothing changes: no refund, no case or order touched, the task still open); every completion by a
 * person is on the case's timeline (who, which task, what); a BPMN error or escalation the diagram does
 * not catch at the task is refused and the case goes on. The same through Tasklist's own API.
 */
class TaskCompletionGuardTest extends ApiTestSupport {

    private static final String PROBLEM = "application/problem+json";
    private static final String NOT_HANDED_OVER = """
            {"carrier": "UPS", "trackingNumber": "1Z997", "handedToCarrier": false}""";
    private static final String SHIPPED = """
            {"carrier": "UPS", "trackingNumber": "1Z999", "shippedAt": "2026-11-20T10:00:00Z", "latestDeliveryDate": "2026-12-01"}""";

    @Autowired
    RefundLedger ledger;

    @Autowired
    TaskService tasks;

    @Autowired
    RuntimeService runtime;

    @Test
    void finding1_submitFormWithOrderId_400_otherOrderUntouched() {
        String orderId = newOrder("SHIPPED", "11.00", NOT_HANDED_OVER);
        String otherOrder = newOrder("PAID", "5005.01", null);
        String otherCase = openCaseId(cancellation(otherOrder));
        String caseId = openCaseId(cancellation(orderId));
        String taskId = claimedTask(caseId, "agent");
        Map<String, String> before = snapshot(orderId, otherOrder, caseId, otherCase);

        ApiClient.Response forged = submit("agent", taskId, """
                {"buyerDecision": {"value": "CANCEL"}, "orderId": {"value": "%s"}}""".formatted(otherOrder));

        assertRefused(forged, 400, "orderId");
        assertThat(forged.json().get("detail").asText())
                .contains("orderId: is not a field of the task's form ConfirmCancellation");
        assertUnchanged(before, taskId);

        // the same completion with the form's fields only: this order is refunded, the other one never
        assertThat(submit("agent", taskId, "{\"buyerDecision\": {\"value\": \"CANCEL\"}}")
                        .status())
                .isEqualTo(204);
        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("refundedTotal").decimalValue()).isEqualByComparingTo("15.99");
        assertThat(ledger.forCase(otherCase)).isEmpty();
        assertThat(orderStatus(otherOrder)).isEqualTo("PAID");
    }

    @Test
    void finding1_submitFormWithCaseId_400_otherCaseUntouched() {
        String orderId = newOrder("SHIPPED", "11.00", NOT_HANDED_OVER);
        String otherOrder = newOrder("SHIPPED", "80.00", NOT_HANDED_OVER);
        String otherCase = openCaseId(cancellation(otherOrder));
        String caseId = openCaseId(cancellation(orderId));
        String taskId = claimedTask(caseId, "agent");
        Map<String, String> before = snapshot(orderId, otherOrder, caseId, otherCase);

        ApiClient.Response forged = submit("agent", taskId, """
                {"buyerDecision": {"value": "CANCEL"}, "caseId": {"value": "%s"}}""".formatted(otherCase));

        assertRefused(forged, 400, "caseId");
        assertUnchanged(before, taskId);
        assertThat(api.call("GET", "/api/cases/" + otherCase, "shop", null)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("OPEN");
    }

    @Test
    void finding1_maxKeepOffer_400_anOfferAboveTheCeilingStillGoesToTheTeamLead() {
        String orderId = newOrder("SHIPPED", "100.00", SHIPPED);
        String caseId = openCaseId(cancellation(orderId));
        String taskId = claimedTask(caseId, "agent");
        Map<String, String> before = snapshot(orderId, caseId);

        ApiClient.Response forged = submit("agent", taskId, """
                {"cancellationOffer": {"value": "KEEP_WITH_PARTIAL_REFUND"}, "offerAmount": {"value": 99.99},
                 "maxKeepOffer": {"value": 100000}}""");

        assertRefused(forged, 400, "maxKeepOffer");
        assertUnchanged(before, taskId);
        assertThat(runtime.getVariable(
                        tasks.createTaskQuery().taskId(taskId).singleResult().getExecutionId(), "maxKeepOffer"))
                .as("the ceiling the decision table set (R-GEN-7: 35 %)")
                .isEqualTo(35.0);

        assertThat(submit("agent", taskId, """
                {"cancellationOffer": {"value": "KEEP_WITH_PARTIAL_REFUND"}, "offerAmount": {"value": 99.99}}""").status()).isEqualTo(204);
        JsonNode view = api.awaitCase(caseId, v -> hasTask(v, "Task_ApproveOfferAboveCeiling"));
        assertThat(view.get("refunds")).isEmpty();
    }

    @Test
    void finding1_undeclaredWrongTypeOutOfRangeReadOnlyHidden_400EachNamingTheField_nothingChanges() {
        String orderId = newOrder("SHIPPED", "100.00", SHIPPED);
        String caseId = openCaseId(cancellation(orderId));
        String taskId = claimedTask(caseId, "agent");
        Map<String, String> before = snapshot(orderId, caseId);
        String keep = "\"cancellationOffer\": {\"value\": \"KEEP_WITH_PARTIAL_REFUND\"}, ";

        Map<String, String[]> refused = new java.util.LinkedHashMap<>();
        refused.put(
                "{" + keep + "\"offerAmount\": {\"value\": 20}, \"refundAmount\": {\"value\": 20}}",
                new String[] {"refundAmount", "is not a field of the task's form OfferShippedCancellation"});
        refused.put(
                "{" + keep + "\"offerAmount\": {\"value\": \"twenty\"}}",
                new String[] {"offerAmount", "must be a number"});
        refused.put(
                "{" + keep + "\"offerAmount\": {\"value\": 20, \"type\": \"String\"}}",
                new String[] {"offerAmount", "must be a number"});
        refused.put(
                "{" + keep + "\"offerAmount\": {\"value\": 100.00}}",
                new String[] {"offerAmount", "may be at most 99.99"});
        refused.put(
                "{" + keep + "\"offerAmount\": {\"value\": 0}}", new String[] {"offerAmount", "must be at least 0.01"});
        refused.put(
                "{" + keep + "\"offerAmount\": {\"value\": 12.345}}",
                new String[] {"offerAmount", "has 3 decimals; USD amounts have at most 2"});
        refused.put(
                "{\"cancellationOffer\": {\"value\": \"KEEP_WITH_PARTIAL_REFUND\"}}",
                new String[] {"offerAmount", "is required"});
        refused.put(
                "{\"cancellationOffer\": {\"value\": \"REFUND_EVERYTHING\"}}",
                new String[] {"cancellationOffer", "must be one of"});
        refused.put("{\"offerAmount\": {\"value\": 20}}", new String[] {"cancellationOffer", "is required"});
        refused.put(
                "{\"cancellationOffer\": {\"value\": \"RETURN_AFTER_DELIVERY\"}, \"offerAmount\": {\"value\": 20}}",
                new String[] {"offerAmount", "is hidden by the form"});
        refused.put(
                "{\"cancellationOffer\": {\"value\": \"RETURN_AFTER_DELIVERY\"}, \"sellerAtFault\": {\"value\": \"yes\"}}",
                new String[] {"sellerAtFault", "must be true or false"});
        refused.put(
                "{\"cancellationOffer\": {\"value\": \"BUYER_KEEPS_ORDER\"}, \"buyerReason\": {\"value\": \"I never asked\"}}",
                new String[] {"buyerReason", "is read-only"});
        refused.put(
                "{\"cancellationOffer\": {\"value\": \"BUYER_KEEPS_ORDER\"}, \"agentNote\": {\"value\": \""
                        + "x".repeat(2001) + "\"}}",
                new String[] {"agentNote", "at most 2000 characters"});
        refused.put(
                "{\"cancellationOffer\": {\"value\": \"BUYER_KEEPS_ORDER\"}, \"agentNote\": {\"value\": {\"a\": 1}, \"type\": \"Json\"}}",
                new String[] {"agentNote", "must be text"});
        for (Map.Entry<String, String[]> attempt : refused.entrySet()) {
            ApiClient.Response response = submit("agent", taskId, attempt.getKey());
            assertRefused(response, 400, attempt.getValue()[0]);
            assertThat(response.json().get("detail").asText())
                    .as(attempt.getKey())
                    .contains(attempt.getValue()[1]);
        }
        ApiClient.Response empty = api.call("POST", "/engine-rest/task/" + taskId + "/complete", "agent", null);
        assertRefused(empty, 400, "cancellationOffer");
        assertUnchanged(before, taskId);
        assertThat(runtime.getVariables(
                        tasks.createTaskQuery().taskId(taskId).singleResult().getExecutionId()))
                .doesNotContainKeys("refundAmount", "cancellationOffer", "offerAmount")
                .containsEntry("buyerReason", "Too late");

        // Tasklist sends the read-only reason back as it showed it, and an empty note: accepted
        assertThat(submit("agent", taskId, """
                {"buyerReason": {"value": "Too late"}, "cancellationOffer": {"value": "BUYER_KEEPS_ORDER"}, "agentNote": {"value": ""}}""").status()).isEqualTo(204);
        assertThat(api.awaitCase(caseId, v -> !"OPEN".equals(v.get("status").asText()))
                        .get("refunds"))
                .isEmpty();
    }

    @Test
    void finding1_anAmountWithMoreDecimalsThanTheCurrencyHas_400() {
        String orderId = "A-" + UUID.randomUUID().toString().substring(0, 8);
        String yenOrder = ApiClient.orderJson(orderId, "SHIPPED", "12000", SHIPPED)
                .replace("\"USD\"", "\"JPY\"")
                .replace("4.99", "500");
        assertThat(api.call("PUT", "/api/orders/" + orderId, "shop", yenOrder).status())
                .isEqualTo(201);
        String caseId = openCaseId(cancellation(orderId));
        String taskId = claimedTask(caseId, "agent");

        ApiClient.Response cents = submit("agent", taskId, """
                {"cancellationOffer": {"value": "KEEP_WITH_PARTIAL_REFUND"}, "offerAmount": {"value": 1000.50}}""");

        assertRefused(cents, 400, "offerAmount");
        assertThat(cents.json().get("detail").asText()).contains("has 1 decimal; JPY amounts have none");
        assertThat(tasks.createTaskQuery().taskId(taskId).count()).isEqualTo(1);
        assertThat(submit("agent", taskId, """
                {"cancellationOffer": {"value": "KEEP_WITH_PARTIAL_REFUND"}, "offerAmount": {"value": 1000}}""").status()).isEqualTo(204);
    }

    @Test
    void finding1_everyWayToCompleteOrWriteATask_takesOnlyTheFormsFields() {
        String orderId = newOrder("SHIPPED", "11.00", NOT_HANDED_OVER);
        String otherOrder = newOrder("PAID", "5005.01", null);
        String caseId = openCaseId(cancellation(orderId));
        String taskId = claimedTask(caseId, "agent");
        Map<String, String> before = snapshot(orderId, otherOrder, caseId);
        String forged =
                "{\"buyerDecision\": {\"value\": \"CANCEL\"}, \"orderId\": {\"value\": \"" + otherOrder + "\"}}";

        assertRefused(
                api.call(
                        "POST",
                        "/engine-rest/task/" + taskId + "/complete",
                        "agent",
                        "{\"variables\": " + forged + "}"),
                400,
                "orderId");
        assertRefused(
                api.call(
                        "POST",
                        "/engine-rest/engine/default/task/" + taskId + "/submit-form",
                        "agent",
                        "{\"variables\": " + forged + "}"),
                400,
                "orderId");
        WebappSession tasklist = WebappSession.login(port, "agent", "agent", "tasklist");
        assertRefused(
                tasklist.post(
                        "/api/engine/engine/default/task/" + taskId + "/submit-form",
                        "{\"variables\": " + forged + "}"),
                400,
                "orderId");
        assertRefused(
                tasklist.post(
                        "/api/engine/engine/default/task/" + taskId + "/complete", "{\"variables\": " + forged + "}"),
                400,
                "orderId");
        // writing a variable on the task is not an agent's call at all; an administrator gets the form's rule
        assertRefused(
                api.call(
                        "PUT",
                        "/engine-rest/task/" + taskId + "/variables/orderId",
                        "agent",
                        "{\"value\": \"" + otherOrder + "\"}"),
                403,
                null);
        assertRefused(
                api.call(
                        "POST",
                        "/engine-rest/task/" + taskId + "/localVariables",
                        "agent",
                        "{\"modifications\": " + forged + "}"),
                403,
                null);
        assertRefused(
                api.call(
                        "POST", "/engine-rest/task/" + taskId + "/resolve", "agent", "{\"variables\": " + forged + "}"),
                403,
                null);
        assertRefused(
                api.call(
                        "PUT",
                        "/engine-rest/task/" + taskId + "/variables/orderId",
                        "demo",
                        "{\"value\": \"" + otherOrder + "\"}"),
                400,
                "orderId");
        assertRefused(
                api.call(
                        "POST",
                        "/engine-rest/task/" + taskId + "/variables",
                        "demo",
                        "{\"modifications\": {}, \"deletions\": [\"orderId\"]}"),
                400,
                "orderId");
        assertRefused(
                api.call(
                        "POST", "/engine-rest/task/" + taskId + "/complete", "demo", "{\"variables\": " + forged + "}"),
                400,
                "orderId");
        assertUnchanged(before, taskId);

        assertThat(tasklist.post(
                                "/api/engine/engine/default/task/" + taskId + "/submit-form",
                                "{\"variables\": {\"buyerDecision\": {\"value\": \"KEEP_ORDER\"}}}")
                        .status())
                .isEqualTo(204);
        tasklist.logout();
    }

    @Test
    void finding1_completionOnTimeline_whoWhatWhich() {
        String orderId = newOrder("SHIPPED", "11.00", NOT_HANDED_OVER);
        String caseId = openCaseId(cancellation(orderId));
        String taskId = claimedTask(caseId, "agent");

        assertThat(submit("agent", taskId, """
                {"buyerReason": {"value": "Too late"}, "buyerDecision": {"value": "CANCEL"}, "agentNote": {"value": "Buyer confirmed by phone"}}""").status()).isEqualTo(204);

        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(timeline(resolved))
                .contains("Completed \"Ask buyer whether to cancel\" (Task_ConfirmCancellationWithBuyer) by agent: "
                        + "buyerDecision = CANCEL; agentNote = Buyer confirmed by phone");

        // a team lead's approval too, with who and what; the read-only reason the form sends back is not "what"
        String shipped = newOrder("SHIPPED", "100.00", SHIPPED);
        String approvalCase = openCaseId(cancellation(shipped));
        String offerTask = claimedTask(approvalCase, "agent");
        assertThat(submit("agent", offerTask, """
                {"cancellationOffer": {"value": "KEEP_WITH_PARTIAL_REFUND"}, "offerAmount": {"value": 50}}""").status()).isEqualTo(204);
        String approval = claimedTask(approvalCase, "lead");
        assertThat(submit("lead", approval, """
                {"buyerReason": {"value": "Too late"}, "offerDecision": {"value": "APPROVE"}, "leadNote": {"value": "Loyal buyer"}}""").status()).isEqualTo(204);
        JsonNode approved = api.awaitCase(
                approvalCase, v -> "WAITING_FOR_BUYER".equals(v.get("status").asText()));
        assertThat(timeline(approved))
                .contains("Completed \"Offer keep-the-item or return\" (Task_OfferShippedOption) by agent: "
                        + "cancellationOffer = KEEP_WITH_PARTIAL_REFUND; offerAmount = 50")
                .contains("Completed \"Approve offer above ceiling\" (Task_ApproveOfferAboveCeiling) by lead: "
                        + "offerDecision = APPROVE; leadNote = Loyal buyer");
    }

    @Test
    void finding2_agentBpmnError_refused_caseGoesOn() {
        String orderId = newOrder("SHIPPED", "11.00", NOT_HANDED_OVER);
        String caseId = openCaseId(cancellation(orderId));
        String taskId = claimedTask(caseId, "agent");
        String processInstance =
                tasks.createTaskQuery().taskId(taskId).singleResult().getProcessInstanceId();

        ApiClient.Response error = api.call(
                "POST",
                "/engine-rest/task/" + taskId + "/bpmnError",
                "agent",
                "{\"errorCode\": \"Error_Anything\", \"errorMessage\": \"end it\"}");
        assertRefused(error, 403, null);
        assertThat(error.json().get("detail").asText())
                .contains("No boundary event on Task_ConfirmCancellationWithBuyer", "'Error_Anything'");
        assertRefused(
                api.call(
                        "POST",
                        "/engine-rest/task/" + taskId + "/bpmnEscalation",
                        "agent",
                        "{\"escalationCode\": \"Esc_Anything\"}"),
                403,
                null);
        WebappSession tasklist = WebappSession.login(port, "agent", "agent", "tasklist");
        assertRefused(
                tasklist.post(
                        "/api/engine/engine/default/task/" + taskId + "/bpmnError",
                        "{\"errorCode\": \"Error_Anything\"}"),
                403,
                null);
        tasklist.logout();
        assertRefused(
                api.call(
                        "POST",
                        "/engine-rest/task/" + taskId + "/bpmnError",
                        "demo",
                        "{\"errorCode\": \"Error_Anything\"}"),
                403,
                null);

        assertThat(runtime.createProcessInstanceQuery()
                        .processInstanceId(processInstance)
                        .count())
                .as("the case's process goes on")
                .isEqualTo(1);
        assertThat(tasks.createTaskQuery().taskId(taskId).count()).isEqualTo(1);
        assertThat(submit("agent", taskId, "{\"buyerDecision\": {\"value\": \"CANCEL\"}}")
                        .status())
                .isEqualTo(204);
        assertThat(api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()))
                        .get("resolution")
                        .asText())
                .isEqualTo("CANCELLED");
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private static String cancellation(String orderId) {
        return "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Too late\"}";
    }

    private ApiClient.Response submit(String user, String taskId, String variables) {
        return api.call(
                "POST", "/engine-rest/task/" + taskId + "/submit-form", user, "{\"variables\": " + variables + "}");
    }

    /** The case's one open task for {@code user}'s groups, claimed by them over /engine-rest. */
    private String claimedTask(String caseId, String user) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode open = api.call("GET", "/engine-rest/task?processInstanceBusinessKey=" + caseId, user, null)
                    .json();
            if (open != null && open.size() == 1) {
                String taskId = open.get(0).get("id").asText();
                ApiClient.Response claimed = api.call(
                        "POST", "/engine-rest/task/" + taskId + "/claim", user, "{\"userId\": \"" + user + "\"}");
                assertThat(claimed.status()).as(claimed.body()).isEqualTo(204);
                return taskId;
            }
            pause();
        }
        throw new AssertionError("no task of " + caseId + " for " + user);
    }

    /** The orders, cases and ledger lines as the shop sees them over /api. */
    private Map<String, String> snapshot(String... ids) {
        Map<String, String> state = new java.util.TreeMap<>();
        for (String id : ids) {
            if (id.startsWith("C-")) {
                JsonNode view =
                        api.call("GET", "/api/cases/" + id, "shop", null).json();
                state.put(
                        id,
                        view.get("status") + " " + view.get("refunds") + " " + view.get("rulesApplied") + " "
                                + view.get("openTasks").size());
                state.put(id + " ledger", String.valueOf(ledger.forCase(id)));
            } else {
                state.put(id, api.call("GET", "/api/orders/" + id, "shop", null).body());
            }
        }
        return state;
    }

    private void assertUnchanged(Map<String, String> before, String taskId) {
        assertThat(snapshot(before.keySet().stream()
                        .filter(k -> !k.endsWith(" ledger"))
                        .toArray(String[]::new)))
                .isEqualTo(before);
        Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
        assertThat(task).as("the task is still open").isNotNull();
    }

    private static void assertRefused(ApiClient.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(PROBLEM);
        if (field != null) {
            List<String> fields = new ArrayList<>();
            response.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
            assertThat(fields).as(response.body()).contains(field);
        }
    }

    private String orderStatus(String orderId) {
        return api.call("GET", "/api/orders/" + orderId, "shop", null)
                .json()
                .get("status")
                .asText();
    }

    private static String timeline(JsonNode view) {
        List<String> entries = new ArrayList<>();
        view.get("timeline").forEach(e -> entries.add(e.get("what").asText()));
        return String.join("\n", entries);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
