package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.messaging.BuyerMessageOutbox;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 13, "The case on every task" and "Writing to the buyer", over HTTP: the case page {@code /cases/{caseId}} and
 * its data for an agent who holds a task of the case, an agent who holds none, a team lead, a process owner and the
 * shop; the Tasklist login of the same browser opens it; {@code POST /api/cases/{caseId}/messages} writes to the
 * buyer (outbox, timeline) under R-CARE-1, refuses bad input with problem+json and changes nothing then.
 */
class CasePageTest extends ApiTestSupport {

    private static final String PROBLEM = "application/problem+json";
    private static final String HOLDER = "agent71";
    private static final String OTHER_AGENT = "agent72";

    @Autowired
    TaskService tasks;

    @Autowired
    IdentityService identity;

    @Autowired
    BuyerMessageOutbox outbox;

    private String caseId;
    private String orderId;

    /** A cancellation of a shipped order still in the warehouse (R-CAN-3): its task held by {@value #HOLDER}. */
    @BeforeEach
    void caseWithAHeldTask() {
        ensureAgent(identity, HOLDER);
        ensureAgent(identity, OTHER_AGENT);
        orderId = newOrder(
                "SHIPPED", "40.00", "{\"carrier\": \"DHL\", \"trackingNumber\": \"JD77\", \"handedToCarrier\": false}");
        caseId = openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Ordered twice\"}");
        api.awaitCase(caseId, v -> hasTask(v, "Task_ConfirmCancellationWithBuyer"));
        String taskId = tasks.createTaskQuery()
                .processInstanceBusinessKey(caseId)
                .singleResult()
                .getId();
        tasks.setAssignee(taskId, HOLDER);
    }

    @Test
    void casePage_agentHoldingTheTask_leadAndOwnerOpenIt_otherAgentAndShopGet403() {
        ApiClient.Response holder = api.call("GET", "/cases/" + caseId, HOLDER, null);
        assertThat(holder.status()).isEqualTo(200);
        assertThat(holder.contentType()).startsWith("text/html");
        assertThat(holder.body())
                .contains("data-case-id=\"" + caseId + "\"", "data-may-write=\"true\"", "/case-page/case-page.js");

        ApiClient.Response lead = api.call("GET", "/cases/" + caseId, "lead", null);
        assertThat(lead.status()).isEqualTo(200);
        assertThat(lead.body()).contains("data-may-write=\"true\"");
        ApiClient.Response owner = api.call("GET", "/cases/" + caseId, "owner", null);
        assertThat(owner.status()).isEqualTo(200);
        assertThat(owner.body()).as("process owners read, never write").contains("data-may-write=\"false\"");

        for (String refused : new String[] {OTHER_AGENT, "shop"}) {
            ApiClient.Response page = api.call("GET", "/cases/" + caseId, refused, null);
            assertThat(page.status()).as(refused).isEqualTo(403);
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(page.body())
                    .contains("Not your case", refused + " may not open case " + caseId)
                    .doesNotContain("Ordered twice");
        }
        ApiClient.Response anonymous = api.call("GET", "/cases/" + caseId, null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body()).contains("/camunda/app/tasklist/");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                .as("no second login dialog")
                .isEmpty();
        assertThat(api.call("GET", "/cases/C-NO-SUCH-CASE", "lead", null).status())
                .isEqualTo(404);
    }

    @Test
    void casePageData_theCaseViewShowsTheBuyerToTheHolderAndLead_notToTheOwner() {
        for (String user : new String[] {HOLDER, "lead"}) {
            JsonNode view = api.call("GET", "/api/cases/" + caseId, user, null).json();
            assertThat(view.get("contactDataRedacted").asBoolean()).as(user).isFalse();
            assertThat(view.get("description").asText()).isEqualTo("Ordered twice");
            JsonNode order =
                    api.call("GET", "/api/orders/" + orderId, user, null).json();
            assertThat(order.get("buyer").get("name").asText()).isEqualTo("Ana Ruiz");
        }
        JsonNode ownerView =
                api.call("GET", "/api/cases/" + caseId, "owner", null).json();
        assertThat(ownerView.get("contactDataRedacted").asBoolean()).isTrue();
        assertThat(ownerView.get("description").isNull()).isTrue();
        assertThat(api.call("GET", "/api/orders/" + orderId, "owner", null)
                        .json()
                        .get("buyer")
                        .get("name")
                        .isNull())
                .isTrue();
        assertThat(api.call("GET", "/api/buyer-message-templates", HOLDER, null)
                        .json()
                        .findValuesAsText("name"))
                .contains("apology");
    }

    /**
     * The case page asks /api for the case, the order, the order's other cases and the templates at once, with the
     * Tasklist session. Each answer once gave the session a new id: the requests still under way then carried a dead
     * one, got 401 with a Basic challenge, and the browser waited on a login dialog nobody saw (the page never loaded).
     */
    @Test
    void tasklistSession_keepsItsIdThroughTheCasePagesApiRequests_andTasklistGoesOnWithIt() {
        WebappSession tasklist = WebappSession.login(port, HOLDER, HOLDER, "tasklist");
        assertThat(tasklist.loginStatus()).isEqualTo(200);
        String session = tasklist.sessionId();
        assertThat(session).isNotNull();

        assertThat(tasklist.getOnApp("/api/cases/" + caseId).status()).isEqualTo(200);
        assertThat(tasklist.getOnApp("/api/buyer-message-templates").status()).isEqualTo(200);
        assertThat(tasklist.sessionId())
                .as("the session id after the page's /api requests")
                .isEqualTo(session);
        assertThat(tasklist.get("/api/engine/engine/default/task/count").status())
                .isEqualTo(200);
    }

    @Test
    void tasklistLogin_opensTheCasePageAndItsApi_writingNeedsTheXsrfToken() {
        WebappSession tasklist = WebappSession.login(port, HOLDER, HOLDER, "tasklist");
        assertThat(tasklist.loginStatus()).isEqualTo(200);

        ApiClient.Response page = tasklist.getOnApp("/cases/" + caseId);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-may-write=\"true\"").doesNotContain("data-xsrf-token=\"\"");
        JsonNode view = tasklist.getOnApp("/api/cases/" + caseId).json();
        assertThat(view.get("caseId").asText()).isEqualTo(caseId);
        assertThat(view.get("contactDataRedacted").asBoolean()).isFalse();

        ApiClient.Response forged =
                tasklist.postOnApp("/api/cases/" + caseId + "/messages", "{\"template\": \"apology\"}", false);
        assertThat(forged.status())
                .as("another site's form cannot write with the session alone")
                .isEqualTo(401);
        ApiClient.Response sent =
                tasklist.postOnApp("/api/cases/" + caseId + "/messages", "{\"template\": \"apology\"}", true);
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        assertThat(outbox.forCase(caseId)).extracting(m -> m.template()).containsExactly("apology");

        WebappSession otherAgent = WebappSession.login(port, OTHER_AGENT, OTHER_AGENT, "tasklist");
        assertThat(otherAgent.getOnApp("/cases/" + caseId).status()).isEqualTo(403);
        assertThat(otherAgent
                        .postOnApp("/api/cases/" + caseId + "/messages", "{\"template\": \"apology\"}", true)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void rCare1_holderSendsATemplateAndFreeText_outboxAndTimeline() {
        ApiClient.Response template =
                send(HOLDER, "{\"template\": \"apology\"}", UUID.randomUUID().toString());
        assertThat(template.status()).as(template.body()).isEqualTo(201);
        assertThat(template.json().get("body").asText())
                .isEqualTo("Dear Ana Ruiz, we are sorry for the trouble with order " + orderId
                        + "; this is being handled with priority.");

        ApiClient.Response text = send(
                HOLDER,
                "{\"text\": \"  The warehouse is checking your parcel today.  \"}",
                UUID.randomUUID().toString());
        assertThat(text.status()).as(text.body()).isEqualTo(201);
        assertThat(text.json().get("template").asText()).isEqualTo("free-text");

        assertThat(outbox.forCase(caseId))
                .extracting(m -> m.template() + ": " + m.body())
                .containsExactly(
                        "apology: Dear Ana Ruiz, we are sorry for the trouble with order " + orderId
                                + "; this is being handled with priority.",
                        "free-text: The warehouse is checking your parcel today.");
        JsonNode view = api.call("GET", "/api/cases/" + caseId, "lead", null).json();
        assertThat(view.get("timeline").findValuesAsText("what"))
                .contains(
                        "Message to buyer by " + HOLDER
                                + " (apology): Dear Ana Ruiz, we are sorry for the trouble with order " + orderId
                                + "; this is being handled with priority.",
                        "Message to buyer by " + HOLDER + " (free-text): The warehouse is checking your parcel today.");
        assertThat(view.get("rulesApplied").toString()).contains("R-CARE-1");
        // a process owner sees that a message went out, not what it said
        JsonNode ownerView =
                api.call("GET", "/api/cases/" + caseId, "owner", null).json();
        assertThat(ownerView.get("timeline").findValuesAsText("what"))
                .contains("Message to buyer by " + HOLDER + " (free-text)")
                .noneMatch(what -> what.contains("warehouse is checking"));
    }

    @Test
    void rCare1_leadWritesOnAnyCase_sameIdempotencyKeyWritesOnce() {
        String key = UUID.randomUUID().toString();
        ApiClient.Response first = send("lead", "{\"text\": \"We have asked the warehouse to stop the parcel.\"}", key);
        ApiClient.Response again = send("lead", "{\"text\": \"We have asked the warehouse to stop the parcel.\"}", key);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.replayed()).isTrue();
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(outbox.forCase(caseId)).hasSize(1);
        ApiClient.Response otherBody = send("lead", "{\"template\": \"apology\"}", key);
        assertThat(otherBody.status()).isEqualTo(422);
        assertThat(outbox.forCase(caseId)).hasSize(1);
    }

    @Test
    void rCare1_othersGet403_nothingWritten() {
        for (String user : new String[] {OTHER_AGENT, "owner", "shop"}) {
            ApiClient.Response refused =
                    send(user, "{\"template\": \"apology\"}", UUID.randomUUID().toString());
            assertThat(refused.status()).as(user).isEqualTo(403);
            assertThat(refused.contentType()).startsWith(PROBLEM);
        }
        assertThat(outbox.forCase(caseId)).isEmpty();
        assertThat(send("lead", "{\"template\": \"apology\"}", UUID.randomUUID().toString(), "C-NO-SUCH-CASE")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void rCare1_badMessagesAreProblems_nothingWritten() {
        String[][] bad = {
            {"{}", "template", "a template or a text is required"},
            {"{\"text\": \"   \"}", "template", "a template or a text is required"},
            {"{\"template\": \"apology\", \"text\": \"Hello\"}", "text", "not both"},
            {"{\"template\": \"no-such-template\"}", "template", "'no-such-template' is not a buyer message template"},
            {"{\"template\": \"keep-offer\"}", "template", "needs {offerAmount}"},
            {"{\"text\": \"Cheaper at www.example.com\"}", "text", "contains a link"},
            {"{\"text\": \"Write to help@example.org\"}", "text", "contains an e-mail address"},
            {"{\"text\": \"Temu sells it too\"}", "text", "names a competitor: Temu"},
            {"{\"text\": \"" + "x".repeat(2001) + "\"}", "text", "longer than 2000 characters"},
        };
        for (String[] request : bad) {
            ApiClient.Response refused =
                    send(HOLDER, request[0], UUID.randomUUID().toString());
            assertThat(refused.status()).as(request[0]).isEqualTo(400);
            assertThat(refused.contentType()).startsWith(PROBLEM);
            assertThat(refused.json().get("errors").get(0).get("field").asText())
                    .as(request[0])
                    .isEqualTo(request[1]);
            assertThat(refused.json().get("detail").asText()).as(request[0]).contains(request[2]);
        }
        assertThat(send(HOLDER, "{\"text\": \"Temu\"}", UUID.randomUUID().toString())
                        .json()
                        .get("ruleId")
                        .asText())
                .isEqualTo("R-CARE-1");
        assertThat(outbox.forCase(caseId)).isEmpty();
        assertThat(api.call("GET", "/api/cases/" + caseId, "lead", null)
                        .json()
                        .get("timeline")
                        .toString())
                .doesNotContain("Message to buyer");
    }

    private ApiClient.Response send(String user, String body, String key) {
        return send(user, body, key, caseId);
    }

    private ApiClient.Response send(String user, String body, String key, String toCase) {
        return api.call("POST", "/api/cases/" + toCase + "/messages", user, body, "Idempotency-Key", key);
    }
}
