package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 13, "Tasklist fits the team": Tasklist's "Add Comment" refused every comment ("No task found for task id",
 * Camunda's REST API looks the task up in the history agents may not read). Now agents and team leads comment on the
 * tasks they may see, over /engine-rest and Tasklist's own API; the comment is theirs, and it is on the case's
 * timeline. A task they may not see is 404 with nothing written, process owners and systems get 403.
 */
class TaskCommentsTest extends ApiTestSupport {

    private static final String NOT_HANDED_OVER = """
            {"carrier": "UPS", "trackingNumber": "1Z31", "handedToCarrier": false}""";
    private static final String TASKLIST_ENGINE = "/api/engine/engine/default";

    @Autowired
    TaskService tasks;

    @Test
    void agentsAndLeadsCommentOnTasksTheySee_theCommentIsOnTheCaseTimeline_othersAreRefused() {
        String orderId = newOrder("SHIPPED", "19.00", NOT_HANDED_OVER);
        String caseId = openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Ordered twice\"}");
        api.awaitCase(caseId, v -> hasTask(v, "Task_ConfirmCancellationWithBuyer"));
        String taskId = api.call("GET", "/engine-rest/task?processInstanceBusinessKey=" + caseId, "agent", null)
                .json()
                .get(0)
                .get("id")
                .asText();

        // an agent, over /engine-rest
        ApiClient.Response agentComment = api.call(
                "POST",
                "/engine-rest/task/" + taskId + "/comment/create",
                "agent",
                "{\"message\": \"Called the buyer, no answer yet\"}");
        assertThat(agentComment.status()).as(agentComment.body()).isEqualTo(200);
        assertThat(agentComment.json().get("userId").asText()).isEqualTo("agent");
        assertThat(agentComment.json().get("taskId").asText()).isEqualTo(taskId);
        assertThat(agentComment.json().get("message").asText()).isEqualTo("Called the buyer, no answer yet");

        // a team lead, through Tasklist's API, as the "Add Comment" dialog sends it
        WebappSession lead = WebappSession.login(port, "lead", "lead", "tasklist");
        ApiClient.Response leadComment = lead.post(
                TASKLIST_ENGINE + "/task/" + taskId + "/comment/create", "{\"message\": \"Please cancel it today\"}");
        assertThat(leadComment.status()).as(leadComment.body()).isEqualTo(200);
        assertThat(leadComment.json().get("userId").asText()).isEqualTo("lead");
        lead.logout();

        // both are the task's comments, newest first (as Camunda lists them), for whoever sees the task
        JsonNode comments = api.call("GET", "/engine-rest/task/" + taskId + "/comment", "agent", null)
                .json();
        List<String> written = new ArrayList<>();
        comments.forEach(c ->
                written.add(c.get("userId").asText() + ": " + c.get("message").asText()));
        assertThat(written).containsExactly("lead: Please cancel it today", "agent: Called the buyer, no answer yet");

        // and on the case's timeline (the shop sees the quote: integrations see the buyer's words)
        List<String> timeline = new ArrayList<>();
        api.call("GET", "/api/cases/" + caseId, "shop", null)
                .json()
                .get("timeline")
                .forEach(e -> timeline.add(e.get("what").asText()));
        assertThat(timeline)
                .contains(
                        "Comment on \"Ask buyer whether to cancel\" (Task_ConfirmCancellationWithBuyer) by agent: Called the buyer, no answer yet",
                        "Comment on \"Ask buyer whether to cancel\" (Task_ConfirmCancellationWithBuyer) by lead: Please cancel it today");

        // refused, nothing written: an empty comment, a process owner, a system
        assertRefused(
                api.call("POST", "/engine-rest/task/" + taskId + "/comment/create", "agent", "{\"message\": \"  \"}"),
                400);
        assertRefused(
                api.call("POST", "/engine-rest/task/" + taskId + "/comment/create", "owner", "{\"message\": \"x\"}"),
                403);
        assertRefused(
                api.call("POST", "/engine-rest/task/" + taskId + "/comment/create", "shop", "{\"message\": \"x\"}"),
                403);
        assertThat(tasks.getTaskComments(taskId)).hasSize(2);
    }

    @Test
    void agentCannotCommentOnOrReadTheCommentsOfATaskTheyMayNotSee() {
        // a team leads' task: agents do not see it (config/AccessGrants), team leads do
        Task leadsTask = tasks.newTask();
        leadsTask.setName("Team leads only");
        tasks.saveTask(leadsTask);
        String taskId = leadsTask.getId();
        try {
            tasks.addCandidateGroup(taskId, "team-leads");
            String commentId =
                    tasks.createComment(taskId, null, "For team leads").getId();

            assertRefused(
                    api.call(
                            "POST",
                            "/engine-rest/task/" + taskId + "/comment/create",
                            "agent",
                            "{\"message\": \"Mine now\"}"),
                    404);
            assertRefused(api.call("GET", "/engine-rest/task/" + taskId + "/comment", "agent", null), 404);
            assertRefused(api.call("GET", "/engine-rest/task/" + taskId + "/comment/" + commentId, "agent", null), 404);
            WebappSession agent = WebappSession.login(port, "agent", "agent", "tasklist");
            assertRefused(
                    agent.post(TASKLIST_ENGINE + "/task/" + taskId + "/comment/create", "{\"message\": \"Mine now\"}"),
                    404);
            agent.logout();
            assertThat(tasks.getTaskComments(taskId))
                    .extracting(c -> c.getFullMessage())
                    .containsExactly("For team leads");

            JsonNode leadReads = api.call("GET", "/engine-rest/task/" + taskId + "/comment", "lead", null)
                    .json();
            assertThat(leadReads).hasSize(1);
            assertThat(leadReads.get(0).get("message").asText()).isEqualTo("For team leads");
        } finally {
            tasks.deleteTask(taskId, true);
        }
    }

    private static void assertRefused(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("message").asText())
                .as("what Tasklist shows")
                .isNotBlank();
    }
}
