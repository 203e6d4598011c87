package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.refunds.RefundLedger;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The REST contract (docs/api.md) over real HTTP with the job executor running: auth,
 * every validation error, idempotent replay, and one full case per flow driven only through /api
 * and /engine-rest, as the shop and an agent would.
 */
class CaseApiTest extends ApiTestSupport {

    private static final String PROBLEM = "application/problem+json";
    private static final String NEW_ADDRESS = """
            {"name": "Ana Ruiz", "line1": "9 Oak Ave", "city": "Dallas", "postalCode": "75201", "country": "US"}""";
    private static final String SHIPPED = """
            {"carrier": "UPS", "trackingNumber": "1Z999", "shippedAt": "2026-11-20T10:00:00Z", "latestDeliveryDate": "2026-12-01"}""";

    @Autowired
    RefundLedger ledger;

    private long casesOf(String orderId) {
        return api.call("GET", "/api/cases?orderId=" + orderId, "shop", null)
                .json()
                .get("total")
                .asLong();
    }

    private void assertProblem(ApiClient.Response response, int status, String detailPart) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(PROBLEM);
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("title").asText()).isNotBlank();
        assertThat(response.json().get("type").asText()).isNotBlank();
        assertThat(response.json().get("detail").asText()).contains(detailPart);
    }

    private List<String> errorFields(ApiClient.Response response) {
        List<String> fields = new ArrayList<>();
        response.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    // --- authentication and groups ---------------------------------------------------------------

    @Test
    void anonymousCallsGet401_onApiAndEngineRest() {
        ApiClient.Response api401 = api.call("GET", "/api/cases", null, null);
        assertProblem(api401, 401, "HTTP Basic");
        assertThat(api.call("GET", "/engine-rest/task", null, null).status()).isEqualTo(401);
        assertThat(api.call("GET", "/api/cases", null, null, "Authorization", "Basic bGVhZDp3cm9uZw==")
                        .status())
                .as("wrong password (Camunda then delays that user's next logins, so not the shop user)")
                .isEqualTo(401);
    }

    @Test
    void anAgentMayReadButNotOpenCasesOrChangeOrders_403() {
        String orderId = newOrder("PAID", "25.00", null);
        assertProblem(
                api.call(
                        "POST",
                        "/api/cases",
                        "agent",
                        "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"x\"}"),
                403,
                "Your groups do not allow POST /api/cases");
        assertProblem(api.call("PUT", "/api/stock/SKU-1", "agent", "{\"available\": 3}"), 403, "do not allow");
        assertThat(api.call("GET", "/api/orders/" + orderId, "agent", null).status())
                .isEqualTo(200);
        assertThat(casesOf(orderId)).isZero();
    }

    // --- orders and stock --------------------------------------------------------------------------

    @Test
    void orders_createThenUpdate_andEveryInvalidFieldIsNamed() {
        String orderId = newOrder("PAID", "25.00", null);
        assertThat(api.call(
                                "PUT",
                                "/api/orders/" + orderId,
                                "shop",
                                ApiClient.orderJson(orderId, "SHIPPED", "25.00", SHIPPED))
                        .status())
                .isEqualTo(200);
        assertThat(api.call("GET", "/api/orders/" + orderId, "shop", null)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("SHIPPED");

        ApiClient.Response missing =
                api.call("PUT", "/api/orders/X-1", "shop", "{\"orderId\": \"X-1\", \"items\": []}");
        assertProblem(missing, 400, "items");
        assertThat(errorFields(missing))
                .contains("buyer", "currency", "items", "platform", "shippingAddress", "shippingFee", "status");

        String badPlatform = ApiClient.orderJson("X-2", "PAID", "25.00", null).replace("AMAZON", "TEMU");
        ApiClient.Response platform = api.call("PUT", "/api/orders/X-2", "shop", badPlatform);
        assertProblem(platform, 400, "'TEMU' is not allowed");
        assertThat(errorFields(platform)).containsExactly("platform");

        assertProblem(
                api.call(
                        "PUT",
                        "/api/orders/X-3",
                        "shop",
                        ApiClient.orderJson("X-3", "PAID", "25.00", null).replace("USD", "XYZ")),
                400,
                "not an ISO 4217 currency");
        assertProblem(
                api.call("PUT", "/api/orders/X-4", "shop", ApiClient.orderJson("X-4", "PAID", "25.001", null)),
                400,
                "items[0].unitPrice");
        assertProblem(
                api.call("PUT", "/api/orders/X-5", "shop", ApiClient.orderJson("OTHER", "PAID", "25.00", null)),
                400,
                "differs from the order id in the path");
        assertProblem(api.call("PUT", "/api/orders/X-6", "shop", "{not json"), 400, "The body is not valid JSON");
        ApiClient.Response wrongType = api.call("PUT", "/api/orders/X-7", "shop", "x", "Content-Type", "text/plain");
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.contentType()).startsWith(PROBLEM);
        for (String id : List.of("X-1", "X-2", "X-3", "X-4", "X-5", "X-6", "X-7")) {
            assertProblem(api.call("GET", "/api/orders/" + id, "shop", null), 404, "There is no order " + id);
        }
    }

    @Test
    void stock_setAndRead_negativeIsRefused() {
        assertThat(api.call("PUT", "/api/stock/SKU-API-1", "shop", "{\"available\": 12}")
                        .status())
                .isEqualTo(201);
        assertThat(api.call("PUT", "/api/stock/SKU-API-1", "shop", "{\"available\": 11}")
                        .status())
                .isEqualTo(200);
        assertThat(api.call("GET", "/api/stock/SKU-API-1", "shop", null)
                        .json()
                        .get("available")
                        .asInt())
                .isEqualTo(11);
        assertProblem(api.call("PUT", "/api/stock/SKU-API-1", "shop", "{\"available\": -1}"), 400, "available");
        assertThat(api.call("GET", "/api/stock/SKU-API-1", "shop", null)
                        .json()
                        .get("available")
                        .asInt())
                .isEqualTo(11);
        assertProblem(api.call("GET", "/api/stock/NOPE", "shop", null), 404, "NOPE");
    }

    // --- opening cases: what the order's state rules out ----------------------------------------------

    @Test
    void openingACase_refusalsStartNoProcessAndStoreNoCase() {
        String paid = newOrder("PAID", "25.00", null);
        String delivered = newOrder("DELIVERED", "25.00", SHIPPED);

        assertProblem(
                openCase("{\"orderId\": \"NOPE-1\", \"type\": \"CANCELLATION\", \"description\": \"x\"}"),
                404,
                "There is no order NOPE-1");
        ApiClient.Response unknownType = openCase("{\"orderId\": \"" + paid + "\", \"type\": \"REFUND_PLEASE\"}");
        assertProblem(unknownType, 400, "'REFUND_PLEASE' is not allowed");
        assertThat(errorFields(unknownType)).containsExactly("type");
        ApiClient.Response missing = openCase("{}");
        assertThat(errorFields(missing)).containsExactlyInAnyOrder("orderId", "type");
        assertProblem(
                openCase("{\"orderId\": \"" + paid + "\", \"type\": \"ADDRESS_CHANGE\"}"),
                400,
                "newAddress: is required");
        assertProblem(
                openCase("{\"orderId\": \"" + paid
                        + "\", \"type\": \"ADDRESS_CHANGE\", \"newAddress\": {\"name\": \"A\"}}"),
                400,
                "newAddress.line1");
        assertProblem(openCase("{\"orderId\": \"" + paid + "\", \"type\": \"CANCELLATION\"}"), 400, "buyer's reason");
        ApiClient.Response afterDelivery = openCase("{\"orderId\": \"" + delivered
                + "\", \"type\": \"ADDRESS_CHANGE\", \"newAddress\": " + NEW_ADDRESS + "}");
        assertProblem(afterDelivery, 409, "R-ADDR-4");
        assertThat(afterDelivery.json().get("ruleId").asText()).isEqualTo("R-ADDR-4");
        assertProblem(
                openCase("{\"orderId\": \"" + delivered + "\", \"type\": \"CANCELLATION\", \"description\": \"x\"}"),
                409,
                "NO_REASON_RETURN");
        assertProblem(
                openCase("{\"orderId\": \"" + paid
                        + "\", \"type\": \"QUALITY_DEFECT\", \"description\": \"stopped working\"}"),
                409,
                "has not shipped");
        assertProblem(
                openCase("{\"orderId\": \"" + paid
                        + "\", \"type\": \"NO_REASON_RETURN\", \"description\": \"changed my mind\"}"),
                409,
                "R-RET-1");
        assertProblem(
                openCase("{\"orderId\": \"" + paid
                        + "\", \"type\": \"NOT_RECEIVED\", \"description\": \"where is it\"}"),
                409,
                "has not shipped");

        assertThat(casesOf(paid)).isZero();
        assertThat(casesOf(delivered)).isZero();
    }

    @Test
    void aSecondOpenCaseOfTheSameTypeOnTheSameOrder_isAConflict() {
        String orderId = newOrder("PAID", "25.00", null);
        String first = openCase(
                        "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"x\"}")
                .json()
                .get("caseId")
                .asText();
        String again = "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"again\"}";
        ApiClient.Response second = api.call("POST", "/api/cases", "shop", again, "Idempotency-Key", "dup-" + orderId);
        assertProblem(second, 409, first);
        assertThat(casesOf(orderId)).isEqualTo(1);

        ApiClient.Response retried = api.call("POST", "/api/cases", "shop", again, "Idempotency-Key", "dup-" + orderId);
        assertThat(retried.status()).isEqualTo(409);
        assertThat(retried.replayed())
                .as("a conflict is not kept for the key: the retry runs again")
                .isFalse();
    }

    // --- Idempotency-Key ---------------------------------------------------------------------------

    @Test
    void idempotencyKey_sameRequestReplaysTheFirstAnswer_otherRequestWithTheKeyIs422() {
        String orderId = newOrder("PAID", "25.00", null);
        String body = "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"twice\"}";
        ApiClient.Response first = api.call("POST", "/api/cases", "shop", body, "Idempotency-Key", "key-" + orderId);
        ApiClient.Response again = api.call("POST", "/api/cases", "shop", body, "Idempotency-Key", "key-" + orderId);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.location())
                .isEqualTo("/api/cases/" + first.json().get("caseId").asText());
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.replayed()).isTrue();
        assertThat(again.location()).isEqualTo(first.location());
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(casesOf(orderId)).isEqualTo(1);

        ApiClient.Response reused = api.call(
                "POST", "/api/cases", "shop", body.replace("twice", "other"), "Idempotency-Key", "key-" + orderId);
        assertProblem(reused, 422, "was used for a different request");
        assertThat(casesOf(orderId)).isEqualTo(1);
    }

    // --- events --------------------------------------------------------------------------------------

    @Test
    void events_unknownCase404_invalid400_notWaiting409WithWhatTheCaseWaitsFor() {
        String orderId = newOrder("PAID", "25.00", null);
        String caseId = openCase(
                        "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"x\"}")
                .json()
                .get("caseId")
                .asText();

        assertProblem(
                api.call(
                        "POST",
                        "/api/cases/C-NOPE/events",
                        "shop",
                        "{\"type\": \"BUYER_REPLIED\", \"message\": \"hi\"}"),
                404,
                "C-NOPE");
        assertProblem(
                api.call("POST", "/api/cases/" + caseId + "/events", "shop", "{\"type\": \"TELEPORTED\"}"),
                400,
                "'TELEPORTED' is not an event type");
        assertProblem(
                api.call(
                        "POST",
                        "/api/cases/" + caseId + "/events",
                        "shop",
                        "{\"type\": \"WAREHOUSE_UPDATE\", \"status\": \"BURNT\"}"),
                400,
                "'BURNT' is not allowed");
        assertProblem(
                api.call("POST", "/api/cases/" + caseId + "/events", "shop", "{\"type\": \"WAREHOUSE_UPDATE\"}"),
                400,
                "status: is required");
        ApiClient.Response notWaiting = api.call(
                "POST",
                "/api/cases/" + caseId + "/events",
                "shop",
                "{\"type\": \"BUYER_CHOICE\", \"choice\": \"REFUND\"}");
        assertProblem(notWaiting, 409, "is not waiting for BUYER_CHOICE");
        assertThat(notWaiting.json().get("waitingFor").toString()).contains("WAREHOUSE_UPDATE");
        assertThat(api.call("GET", "/api/cases/" + caseId, "shop", null)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("OPEN");
    }

    // --- one full case per flow ------------------------------------------------------------------

    @Test
    void rCan1_fullCancellationOverTheApi_refundedOnceAndBuyerTold() {
        String orderId = newOrder("PAID", "25.00", null);
        ApiClient.Response opened = openCase(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Ordered twice\"}");
        assertThat(opened.status()).isEqualTo(201);
        String caseId = opened.json().get("caseId").asText();
        assertThat(opened.json().get("responsibility").asText()).isEqualTo("BUYER");

        ApiClient.Response event = api.call(
                "POST",
                "/api/cases/" + caseId + "/events",
                "shop",
                "{\"type\": \"WAREHOUSE_UPDATE\", \"status\": \"SHIPMENT_STOPPED\"}",
                "Idempotency-Key",
                "wh-" + caseId);
        assertThat(event.status()).isEqualTo(202);

        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("resolution").asText()).isEqualTo("CANCELLED");
        assertThat(resolved.get("refunds")).hasSize(1);
        assertThat(resolved.get("refunds").get(0).get("amount").decimalValue()).isEqualByComparingTo("29.99");
        assertThat(resolved.get("refunds").get(0).get("currency").asText()).isEqualTo("USD");
        assertThat(resolved.get("refunds").get(0).get("ruleId").asText()).isEqualTo("R-CAN-1");
        assertThat(resolved.get("refundedTotal").decimalValue()).isEqualByComparingTo("29.99");
        assertThat(resolved.get("messages").get(0).get("body").asText()).contains("cancelled", "29.99 USD");
        assertThat(resolved.get("timeline").toString()).contains("Refund of 29.99 USD issued (R-CAN-1)");
        assertThat(ledger.forCase(caseId)).hasSize(1);
        assertThat(api.call("GET", "/api/orders/" + orderId, "shop", null)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("CANCELLED");

        ApiClient.Response late = api.call(
                "POST",
                "/api/cases/" + caseId + "/events",
                "shop",
                "{\"type\": \"WAREHOUSE_UPDATE\", \"status\": \"SHIPMENT_STOPPED\"}");
        assertProblem(late, 409, "RESOLVED");
        assertThat(ledger.forCase(caseId)).hasSize(1);
    }

    @Test
    void rCan3_agentWorksTheTaskThroughEngineRest_withItsForm_andTheCaseIsRefunded() {
        String marked = """
                {"carrier": "UPS", "trackingNumber": "1Z997", "handedToCarrier": false}""";
        String orderId = newOrder("SHIPPED", "25.00", marked);
        String caseId = openCase(
                        "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Too slow\"}")
                .json()
                .get("caseId")
                .asText();

        JsonNode view = api.call("GET", "/api/cases/" + caseId, "shop", null).json();
        JsonNode openTask = view.get("openTasks").get(0);
        assertThat(openTask.get("taskDefinitionKey").asText()).isEqualTo("Task_ConfirmCancellationWithBuyer");
        assertThat(openTask.get("candidateGroups").toString()).contains("after-sales-agents");
        assertThat(view.get("deadlines").get(0).get("ruleId").asText()).isEqualTo("R-SLA-1");

        JsonNode agentTasks = api.call(
                        "GET",
                        "/engine-rest/task?processInstanceBusinessKey=" + caseId + "&candidateGroup=after-sales-agents",
                        "agent",
                        null)
                .json();
        assertThat(agentTasks).hasSize(1);
        String taskId = agentTasks.get(0).get("id").asText();
        ApiClient.Response form = api.call("GET", "/engine-rest/task/" + taskId + "/deployed-form", "agent", null);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.json().get("id").asText()).isEqualTo("ConfirmCancellation");
        JsonNode formVariables = api.call("GET", "/engine-rest/task/" + taskId + "/form-variables", "agent", null)
                .json();
        assertThat(formVariables.get("orderValue").get("value").asDouble()).isEqualTo(25.0);
        assertThat(formVariables.get("buyerReason").get("value").asText()).isEqualTo("Too slow");

        assertThat(api.call("POST", "/engine-rest/task/" + taskId + "/claim", "agent", "{\"userId\": \"agent\"}")
                        .status())
                .isEqualTo(204);
        assertThat(api.call(
                                "POST",
                                "/engine-rest/task/" + taskId + "/submit-form",
                                "agent",
                                "{\"variables\": {\"buyerDecision\": {\"value\": \"CANCEL\"}, \"agentNote\": {\"value\": \"Buyer confirmed by phone\"}}}")
                        .status())
                .isEqualTo(204);

        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("resolution").asText()).isEqualTo("CANCELLED");
        List<String> timeline = new ArrayList<>();
        resolved.get("timeline").forEach(entry -> timeline.add(entry.get("what").asText()));
        assertThat(timeline)
                .as("the agent's completion, with the note, is on the case")
                .contains("Completed \"Ask buyer whether to cancel\" (Task_ConfirmCancellationWithBuyer) by agent: "
                        + "buyerDecision = CANCEL; agentNote = Buyer confirmed by phone");
        assertThat(resolved.get("refundedTotal").decimalValue()).isEqualByComparingTo("29.99");
        assertThat(resolved.get("rulesApplied").toString()).contains("R-CAN-3");
        assertThat(resolved.get("messages").get(0).get("template").asText()).isEqualTo("order-cancelled");
        assertThat(resolved.get("openTasks")).isEmpty();
    }

    @Test
    void rAddr1_fullAddressChange_agentConfirmsInTheForm_orderUpdated() {
        String orderId = newOrder("PAID", "25.00", null);
        String caseId = openCase("{\"orderId\": \"" + orderId
                        + "\", \"type\": \"ADDRESS_CHANGE\", \"description\": \"Moved\", \"newAddress\": " + NEW_ADDRESS
                        + "}")
                .json()
                .get("caseId")
                .asText();
        String taskId = api.call("GET", "/engine-rest/task?processInstanceBusinessKey=" + caseId, "agent", null)
                .json()
                .get(0)
                .get("id")
                .asText();
        assertThat(api.call("GET", "/engine-rest/task/" + taskId + "/deployed-form", "agent", null)
                        .json()
                        .get("id")
                        .asText())
                .isEqualTo("ConfirmNewAddress");

        api.call(
                "POST",
                "/engine-rest/task/" + taskId + "/submit-form",
                "agent",
                "{\"variables\": {\"addressDecision\": {\"value\": \"CONFIRMED\"}}}");

        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("resolution").asText()).isEqualTo("ADDRESS_UPDATED");
        assertThat(resolved.get("refunds")).isEmpty();
        assertThat(api.call("GET", "/api/orders/" + orderId, "shop", null)
                        .json()
                        .get("shippingAddress")
                        .get("city")
                        .asText())
                .isEqualTo("Dallas");
    }

    @Test
    void casesAreListedPerOrderAndPaged_andTheOpenApiIsServed() {
        String orderId = newOrder("PAID", "25.00", null);
        openCase("{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"x\"}");
        JsonNode page = api.call("GET", "/api/cases?orderId=" + orderId + "&type=CANCELLATION&size=5", "shop", null)
                .json();
        assertThat(page.get("total").asInt()).isEqualTo(1);
        assertThat(page.get("items").get(0).get("orderId").asText()).isEqualTo(orderId);
        assertProblem(api.call("GET", "/api/cases?status=SLEEPING", "shop", null), 400, "'SLEEPING' is not valid");
        assertProblem(api.call("GET", "/api/cases?size=1000", "shop", null), 400, "between 1 and 200");

        assertThat(api.call("GET", "/v3/api-docs", null, null).status()).isEqualTo(401);
        ApiClient.Response openApi = api.call("GET", "/v3/api-docs", "shop", null);
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.body()).contains("/api/cases/{caseId}/events", "/api/orders/{orderId}");
    }
}
