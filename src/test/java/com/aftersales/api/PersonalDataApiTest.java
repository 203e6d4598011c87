package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.config.Groups;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 11, finding 11, on /api: a buyer's contact data (name, e-mail, addresses, their words and the messages to
 * them) for integrations, team leads and admins; for agents only on the cases whose tasks they hold or held; for
 * process owners never. The others get the same order and case without those parts.
 */
class PersonalDataApiTest extends ApiTestSupport {

    private static final String MARKED_SHIPPED = """
            {"carrier": "UPS", "trackingNumber": "1Z900", "shippedAt": "2026-11-20T10:00:00Z", "handedToCarrier": false}""";
    private static final String[] CONTACT_DATA = {
        "ana@example.com", "Ana Ruiz", "Main St", "Oak Ave", "call me on 555-0100"
    };

    @Autowired
    IdentityService identity;

    /** An agent of their own, so that no other test's Tasklist session hands them a task through the work queue. */
    private String newAgent() {
        String id = "pd-agent-" + UUID.randomUUID().toString().substring(0, 8);
        User user = identity.newUser(id);
        user.setPassword(id);
        identity.saveUser(user);
        identity.createMembership(id, Groups.AGENTS);
        return id;
    }

    private String cancellationWaitingForAnAgent() {
        String orderId = newOrder("SHIPPED", "25.00", MARKED_SHIPPED);
        String caseId = openCaseId("{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", "
                + "\"description\": \"Please cancel, call me on 555-0100 or write to ana@example.com\"}");
        api.awaitCase(caseId, v -> hasTask(v, "Task_ConfirmCancellationWithBuyer"));
        return caseId;
    }

    private String orderOf(String caseId) {
        return api.call("GET", "/api/cases/" + caseId, "shop", null)
                .json()
                .get("orderId")
                .asText();
    }

    private String claim(String user, String caseId) {
        String taskId = api.call("GET", "/engine-rest/task?processInstanceBusinessKey=" + caseId, user, null)
                .json()
                .get(0)
                .get("id")
                .asText();
        assertThat(api.call("POST", "/engine-rest/task/" + taskId + "/claim", user, "{\"userId\": \"" + user + "\"}")
                        .status())
                .isEqualTo(204);
        return taskId;
    }

    private void assertRedacted(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(CONTACT_DATA);
        assertThat(response.json().path("contactDataRedacted").asBoolean()).isTrue();
    }

    private void assertFull(ApiClient.Response order, ApiClient.Response view) {
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.json().get("buyer").get("email").asText()).isEqualTo("ana@example.com");
        assertThat(order.json().get("shippingAddress").get("line1").asText()).isEqualTo("1 Main St");
        assertThat(view.json().get("description").asText()).contains("ana@example.com");
        assertThat(view.json().get("timeline").toString()).contains("Please cancel, call me on 555-0100");
        assertThat(order.json().path("contactDataRedacted").isBoolean())
                .as("the order says whether it is redacted")
                .isTrue();
        assertThat(order.json().path("contactDataRedacted").asBoolean()).isFalse();
        assertThat(view.json().path("contactDataRedacted").asBoolean()).isFalse();
    }

    @Test
    void finding11_agentSeesContactDataOnlyOfHeldCases() {
        String agent = newAgent();
        String held = cancellationWaitingForAnAgent();
        String other = cancellationWaitingForAnAgent();
        String taskId = claim(agent, held);

        ApiClient.Response otherOrder = api.call("GET", "/api/orders/" + orderOf(other), agent, null);
        assertRedacted(otherOrder);
        assertThat(otherOrder.json().get("buyer").get("id").asText())
                .as("pseudonymous, kept")
                .isEqualTo("B-77");
        assertThat(otherOrder.json().get("shippingAddress").get("country").asText())
                .isEqualTo("US");
        assertThat(otherOrder.json().get("items").get(0).get("unitPrice").decimalValue())
                .isEqualByComparingTo("25.00");
        ApiClient.Response otherCase = api.call("GET", "/api/cases/" + other, agent, null);
        assertRedacted(otherCase);
        assertThat(otherCase.json().get("description").isNull()).isTrue();
        assertThat(otherCase.json().get("timeline").toString()).contains("Case opened by shop: CANCELLATION");
        assertThat(otherCase
                        .json()
                        .get("openTasks")
                        .get(0)
                        .get("taskDefinitionKey")
                        .asText())
                .isEqualTo("Task_ConfirmCancellationWithBuyer");
        assertFull(
                api.call("GET", "/api/orders/" + orderOf(held), agent, null),
                api.call("GET", "/api/cases/" + held, agent, null));

        // held: after the agent completed the task, the case and its order stay readable to them (history)
        assertThat(api.call(
                                "POST",
                                "/engine-rest/task/" + taskId + "/submit-form",
                                agent,
                                "{\"variables\": {\"buyerDecision\": {\"value\": \"CANCEL\"}}}")
                        .status())
                .isEqualTo(204);
        JsonNode resolved =
                api.awaitCase(held, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("messages").get(0).get("body").asText()).contains("Dear Ana Ruiz");
        ApiClient.Response afterwards = api.call("GET", "/api/cases/" + held, agent, null);
        assertFull(api.call("GET", "/api/orders/" + orderOf(held), agent, null), afterwards);
        assertThat(afterwards.json().get("messages").get(0).get("body").asText())
                .contains("Dear Ana Ruiz");
    }

    @Test
    void finding11_ownerSeesNoContactData() {
        String caseId = cancellationWaitingForAnAgent();
        agentSubmits(
                caseId,
                "ConfirmCancellation",
                "{\"buyerDecision\": {\"value\": \"CANCEL\"}, "
                        + "\"agentNote\": {\"value\": \"Ana Ruiz confirmed on 555-0100\"}}");
        api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        String addressCase =
                openCaseId("{\"orderId\": \"" + newOrder("PAID", "25.00", null) + "\", \"type\": \"ADDRESS_CHANGE\", "
                        + "\"description\": \"Moved\", \"newAddress\": {\"name\": \"Ana Ruiz\", \"line1\": \"9 Oak Ave\", \"city\": \"Dallas\", "
                        + "\"postalCode\": \"75201\", \"country\": \"US\"}}");
        api.awaitCase(addressCase, v -> hasTask(v, "Task_ConfirmNewAddress"));
        agentSubmits(addressCase, "ConfirmNewAddress", "{\"addressDecision\": {\"value\": \"CONFIRMED\"}}");
        api.awaitCase(addressCase, v -> "RESOLVED".equals(v.get("status").asText()));

        assertRedacted(api.call("GET", "/api/orders/" + orderOf(caseId), "owner", null));
        ApiClient.Response view = api.call("GET", "/api/cases/" + caseId, "owner", null);
        assertRedacted(view);
        assertThat(view.json().get("refundedTotal").decimalValue())
                .as("figures stay")
                .isEqualByComparingTo("29.99");
        assertThat(view.json().get("messages").get(0).get("template").asText()).isEqualTo("order-cancelled");
        assertThat(view.json().get("messages").get(0).get("body").isNull()).isTrue();
        assertThat(view.json().get("timeline").toString())
                .contains("(Task_ConfirmCancellationWithBuyer) by agent: buyerDecision = CANCEL")
                .doesNotContain("agentNote")
                .contains("Message to buyer (order-cancelled)");
        ApiClient.Response address = api.call("GET", "/api/cases/" + addressCase, "owner", null);
        assertRedacted(address);
        assertThat(address.json().get("timeline").toString()).contains("Shipping address changed, warehouse told");
        assertRedacted(api.call("GET", "/api/orders/" + orderOf(addressCase), "owner", null));
    }

    @Test
    void finding11_leadSeesAll() {
        String caseId = cancellationWaitingForAnAgent();
        String orderId = orderOf(caseId);
        for (String user : new String[] {"lead", "shop", "demo"}) {
            assertFull(
                    api.call("GET", "/api/orders/" + orderId, user, null),
                    api.call("GET", "/api/cases/" + caseId, user, null));
        }
        assertRedacted(api.call("GET", "/api/orders/" + orderId, newAgent(), null));
    }

    @Test
    void finding11_theOpenApiSaysWhoSeesContactData() {
        ApiClient.Response openApi = api.call("GET", "/v3/api-docs", "owner", null);
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.body())
                .contains(
                        "contactDataRedacted",
                        "agents who hold or held a task of the case",
                        "process owners, other agents");
    }
}
