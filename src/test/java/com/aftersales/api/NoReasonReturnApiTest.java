package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, "the policy decides alone where it can": a no-reason return is decided when the shop opens it, from what the
 * shop sends (the buyer's report: condition, opened, near expiry) and the ReturnEligibility table; an agent gets only
 * what the table cannot decide. Over real HTTP as the shop, with the job executor running.
 */
class NoReasonReturnApiTest extends ApiTestSupport {

    private String deliveredOrder(String unitPrice, int daysAgo) {
        return newOrder("DELIVERED", unitPrice, """
                {"carrier": "DHL", "trackingNumber": "JD-R%d", "deliveredAt": "%s"}""".formatted(
                        daysAgo, OffsetDateTime.now(ZoneOffset.UTC).minusDays(daysAgo)));
    }

    private static String returnCase(String orderId, String buyerReport) {
        return "{\"orderId\": \"" + orderId + "\", \"type\": \"NO_REASON_RETURN\", \"description\": \"Changed my mind\""
                + (buyerReport.isEmpty() ? "" : ", " + buyerReport) + "}";
    }

    private static final String UNOPENED_AS_NEW =
            "\"itemCondition\": \"ORIGINAL\", \"itemOpened\": false, \"nearExpiry\": false";

    /** No task of the case anywhere in the engine (asked as an administrator, who sees every task). */
    private void assertNoTask(JsonNode view, String caseId) {
        assertThat(view.get("openTasks")).isEmpty();
        assertThat(api.call("GET", "/engine-rest/task?processInstanceBusinessKey=" + caseId, "demo", null)
                        .json())
                .isEmpty();
    }

    private static String lastMessageBody(JsonNode view) {
        JsonNode messages = view.get("messages");
        return messages.get(messages.size() - 1).get("body").asText();
    }

    @Test
    void rRet1_outsideTheWindow_deniedAtOnceWithTheTablesReason_noTask() {
        String orderId = deliveredOrder("40.00", 30);
        String caseId = openCaseId(returnCase(orderId, UNOPENED_AS_NEW));

        JsonNode closed =
                api.awaitCase(caseId, v -> "CLOSED".equals(v.get("status").asText()));
        assertThat(closed.get("resolution").asText()).isEqualTo("DENIED");
        assertThat(closed.get("rulesApplied").toString()).contains("R-RET-1");
        assertThat(lastMessageBody(closed)).contains("the 7-day return period after delivery has passed");
        assertThat(closed.get("refunds")).isEmpty();
        assertThat(closed.get("decisions").toString()).contains("ReturnEligibility", "REFUSE");
        assertNoTask(closed, caseId);
    }

    @Test
    void rRet1_outsideTheWindow_deniedAtOnceAlsoWhenTheShopSentNoReport() {
        String caseId = openCaseId(returnCase(deliveredOrder("40.00", 9), ""));

        JsonNode closed =
                api.awaitCase(caseId, v -> "CLOSED".equals(v.get("status").asText()));
        assertThat(closed.get("resolution").asText()).isEqualTo("DENIED");
        assertNoTask(closed, caseId);
    }

    @Test
    void rRet1_rRet2_rRet6_insideTheWindow_waitsForTheReturnWithoutTask_refundedFromTheOrderOnlyAfterReturnReceived() {
        String orderId = deliveredOrder("40.00", 2);
        String caseId = openCaseId(returnCase(orderId, UNOPENED_AS_NEW));

        JsonNode waiting = api.awaitCase(
                caseId, v -> "WAITING_FOR_RETURN".equals(v.get("status").asText()));
        assertNoTask(waiting, caseId);
        assertThat(waiting.get("returnShippingPaidBy").asText()).isEqualTo("BUYER");
        assertThat(lastMessageBody(waiting)).contains("Return shipping is paid by: BUYER");
        assertThat(waiting.get("rulesApplied").toString()).contains("R-RET-1", "R-RET-2", "R-RET-4");
        assertThat(waiting.get("refunds")).isEmpty();
        ApiClient.Response early = api.call(
                "POST",
                "/api/cases/" + caseId + "/events",
                "shop",
                "{\"type\": \"RETURN_RECEIVED\", \"condition\": \"AS_NEW\"}");
        assertThat(early.status()).isEqualTo(409);

        event(caseId, "{\"type\": \"RETURN_SHIPPED\", \"trackingNumber\": \"RT-901\"}");
        JsonNode shipped =
                api.awaitCase(caseId, v -> v.get("timeline").toString().contains("RT-901"));
        assertThat(shipped.get("refunds")).isEmpty();
        eventOnceExpected(caseId, "{\"type\": \"RETURN_RECEIVED\", \"condition\": \"AS_NEW\"}");

        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("resolution").asText()).isEqualTo("RETURN_AND_REFUND");
        assertThat(resolved.get("refunds")).hasSize(1);
        // the item's price from the order record; the outbound shipping (4.99) is not refunded (R-RET-4)
        assertThat(resolved.get("refunds").get(0).get("amount").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(resolved.get("refunds").get(0).get("ruleId").asText()).isEqualTo("R-RET-6");
        assertThat(resolved.get("deadlines")).isEmpty();
    }

    @Test
    void rRet2_anOpenedItem_theTableCannotDecide_anAgentGetsTheReviewTask() {
        String orderId = deliveredOrder("40.00", 3);
        String caseId = openCaseId(
                returnCase(orderId, "\"itemCondition\": \"ORIGINAL\", \"itemOpened\": true, \"nearExpiry\": false"));

        JsonNode review = api.awaitCase(caseId, v -> hasTask(v, "Task_ReviewReturnRequest"));
        assertThat(review.get("status").asText()).isEqualTo("OPEN");
        assertThat(review.get("openTasks").get(0).get("candidateGroups").toString())
                .contains("after-sales-agents");
        assertThat(review.get("deadlines").get(0).get("ruleId").asText()).isEqualTo("R-SLA-3");
        assertThat(review.get("messages")).isEmpty();

        agentSubmits(
                caseId,
                "ReviewReturnRequest",
                "{\"itemCondition\": {\"value\": \"ORIGINAL\"}, \"nearExpiry\": {\"value\": false}, "
                        + "\"returnAlternative\": {\"value\": \"NONE\"}}");
        JsonNode waiting = api.awaitCase(
                caseId, v -> "WAITING_FOR_RETURN".equals(v.get("status").asText()));
        assertThat(waiting.get("openTasks")).isEmpty();
    }

    @Test
    void rRet2_rRet3_theBuyersReportMustBeOneOfTheTablesValues_andOnlyOnANoReasonReturn_400NothingOpened() {
        String orderId = deliveredOrder("40.00", 1);
        ApiClient.Response unknown = openCase(returnCase(orderId, "\"itemCondition\": \"LIKE_NEW\""));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().get("errors").toString()).contains("itemCondition", "ORIGINAL");

        ApiClient.Response notBoolean = openCase(returnCase(orderId, "\"itemOpened\": \"perhaps\""));
        assertThat(notBoolean.status()).as(notBoolean.body()).isEqualTo(400);
        assertThat(notBoolean.json().get("errors").toString()).contains("itemOpened");

        String shippedOrder = newOrder("SHIPPED", "40.00", "{\"carrier\": \"DHL\", \"trackingNumber\": \"JD-S1\"}");
        ApiClient.Response otherType = openCase("{\"orderId\": \"" + shippedOrder
                + "\", \"type\": \"DAMAGED\", \"description\": \"Dented\", " + "\"itemCondition\": \"ORIGINAL\"}");
        assertThat(otherType.status()).as(otherType.body()).isEqualTo(400);
        assertThat(otherType.json().get("errors").toString()).contains("itemCondition", "NO_REASON_RETURN");

        JsonNode body = api.call("GET", "/v3/api-docs", "shop", null)
                .json()
                .get("components")
                .get("schemas")
                .get("OpenCaseRequest");
        assertThat(body.get("properties").get("itemCondition").get("enum").toString())
                .contains(
                        "ORIGINAL", "INCOMPLETE", "USED_WASHED_OR_TAG_REMOVED", "ABNORMAL_USE_DAMAGE", "LISTED_DEFECT");
        for (String field : new String[] {"itemCondition", "itemOpened", "nearExpiry"}) {
            assertThat(body.get("properties").get(field).get("description").asText())
                    .as(field)
                    .contains("NO_REASON_RETURN only");
        }

        JsonNode cases =
                api.call("GET", "/api/cases?orderId=" + orderId, "shop", null).json();
        assertThat(cases.get("total").asInt()).isZero();
        assertThat(api.call("GET", "/api/cases?orderId=" + shippedOrder, "shop", null)
                        .json()
                        .get("total")
                        .asInt())
                .isZero();
    }
}
