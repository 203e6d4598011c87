package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;

/**
 * One full case per product flow over real HTTP with the job executor running, driven only through
 * /api (the shop, the marketplace connector, the warehouse) and /engine-rest (the agent, with
 * authorizations on).
 */
class ProductApiTest extends ApiTestSupport {

    private static String deliveredDaysAgo(int days, String trackingNumber) {
        return """
                {"carrier": "DHL", "trackingNumber": "%s", "deliveredAt": "%s"}""".formatted(trackingNumber, OffsetDateTime.now(ZoneOffset.UTC).minusDays(days));
    }

    private static String lastMessageBody(JsonNode view) {
        JsonNode messages = view.get("messages");
        return messages.get(messages.size() - 1).get("body").asText();
    }

    @Test
    void rRet1to6_noReasonReturnOverTheApi_agentReviews_buyerReturnsAtOwnCost_itemRefundedOnReceipt() {
        String orderId = newOrder("DELIVERED", "40.00", deliveredDaysAgo(2, "JD900"));
        String caseId = openCaseId("{\"orderId\": \"" + orderId
                + "\", \"type\": \"NO_REASON_RETURN\", \"description\": \"Wrong colour for me\"}");

        JsonNode review = api.awaitCase(caseId, v -> hasTask(v, "Task_ReviewReturnRequest"));
        assertThat(review.get("responsibility").asText()).isEqualTo("BUYER");
        assertThat(review.get("openTasks").get(0).get("candidateGroups").toString())
                .contains("after-sales-agents");
        assertThat(review.get("deadlines").get(0).get("ruleId").asText()).isEqualTo("R-SLA-3");
        String taskId = api.call("GET", "/engine-rest/task?processInstanceBusinessKey=" + caseId, "agent", null)
                .json()
                .get(0)
                .get("id")
                .asText();
        JsonNode facts = api.call("GET", "/engine-rest/task/" + taskId + "/form-variables", "agent", null)
                .json();
        assertThat(facts.get("daysSinceDelivery").get("value").asInt()).isEqualTo(2);
        assertThat(facts.get("itemCategory").get("value").asText()).isEqualTo("accessories");

        agentSubmits(
                caseId,
                "ReviewReturnRequest",
                "{\"itemCondition\": {\"value\": \"ORIGINAL\"}, \"nearExpiry\": {\"value\": false}, "
                        + "\"returnAlternative\": {\"value\": \"NONE\"}}");
        JsonNode waiting = api.awaitCase(
                caseId, v -> "WAITING_FOR_RETURN".equals(v.get("status").asText()));
        assertThat(lastMessageBody(waiting)).contains("Return shipping is paid by: BUYER");
        assertThat(waiting.get("returnShippingPaidBy").asText()).isEqualTo("BUYER");
        ApiClient.Response early = api.call(
                "POST",
                "/api/cases/" + caseId + "/events",
                "shop",
                "{\"type\": \"RETURN_RECEIVED\", \"condition\": \"AS_NEW\"}");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().get("waitingFor").toString()).contains("RETURN_SHIPPED", "BUYER_ESCALATED");

        event(caseId, "{\"type\": \"RETURN_SHIPPED\", \"trackingNumber\": \"RT-555\"}");
        api.awaitCase(caseId, v -> v.get("timeline").toString().contains("RT-555"));
        eventOnceExpected(caseId, "{\"type\": \"RETURN_RECEIVED\", \"condition\": \"OPENED\"}");

        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("resolution").asText()).isEqualTo("RETURN_AND_REFUND");
        assertThat(resolved.get("refunds")).hasSize(1);
        assertThat(resolved.get("refunds").get(0).get("amount").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(resolved.get("refunds").get(0).get("ruleId").asText()).isEqualTo("R-RET-6");
        assertThat(resolved.get("rulesApplied").toString()).contains("R-RET-4", "R-RET-6", "R-GEN-3");
    }

    @Test
    void rRet1_noReasonReturnPastTheWindowOverTheApi_refusedAtOnceWithTheReason() {
        String orderId = newOrder("DELIVERED", "40.00", deliveredDaysAgo(12, "JD901"));
        String caseId = openCaseId("{\"orderId\": \"" + orderId
                + "\", \"type\": \"NO_REASON_RETURN\", \"description\": \"Do not need it\"}");

        JsonNode closed =
                api.awaitCase(caseId, v -> "CLOSED".equals(v.get("status").asText()));
        assertThat(closed.get("resolution").asText()).isEqualTo("DENIED");
        assertThat(lastMessageBody(closed)).contains("7-day return period");
        assertThat(closed.get("refunds")).isEmpty();
    }

    @Test
    void rQual3_qualityDefectOverTheApi_agentAsksForTheItemBack_sellerPaysReturnShipping_refundOnReceipt() {
        String orderId = newOrder("DELIVERED", "80.00", deliveredDaysAgo(120, "JD902"));
        String caseId = openCaseId("{\"orderId\": \"" + orderId
                + "\", \"type\": \"QUALITY_DEFECT\", \"description\": \"Stopped charging\", "
                + "\"evidence\": [\"https://files.example.com/charging.mp4\"]}");
        JsonNode assess = api.awaitCase(caseId, v -> hasTask(v, "Task_AssessQualityDefect"));
        assertThat(assess.get("responsibility").asText()).isEqualTo("SELLER");
        assertThat(assess.get("deadlines").get(0).get("ruleId").asText()).isEqualTo("R-SLA-5");

        agentSubmits(
                caseId,
                "AssessQualityDefect",
                "{\"qualityFinding\": {\"value\": \"DEFECT\"}, \"inspectItem\": {\"value\": true}}");
        JsonNode waiting = api.awaitCase(
                caseId, v -> "WAITING_FOR_RETURN".equals(v.get("status").asText()));
        assertThat(waiting.get("returnShippingPaidBy").asText()).isEqualTo("SELLER");
        assertThat(lastMessageBody(waiting)).contains("Return shipping is paid by: SELLER");
        event(caseId, "{\"type\": \"RETURN_SHIPPED\", \"trackingNumber\": \"RT-556\"}");
        api.awaitCase(caseId, v -> v.get("timeline").toString().contains("RT-556"));
        eventOnceExpected(caseId, "{\"type\": \"RETURN_RECEIVED\", \"condition\": \"AS_NEW\"}");

        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("resolution").asText()).isEqualTo("RETURN_AND_REFUND");
        assertThat(resolved.get("refunds").get(0).get("amount").decimalValue()).isEqualByComparingTo("84.99");
        assertThat(resolved.get("refunds").get(0).get("ruleId").asText()).isEqualTo("R-QUAL-3");
    }

    @Test
    void rWrong3_wrongItemOverTheApi_compensationRefused_buyerTakesTheFullRefund() {
        String orderId = newOrder("DELIVERED", "40.00", deliveredDaysAgo(1, "JD903"));
        String caseId = openCaseId("{\"orderId\": \"" + orderId
                + "\", \"type\": \"WRONG_OR_MISSING_ITEM\", \"description\": \"Got a blue case, ordered black\", "
                + "\"evidence\": [\"https://files.example.com/blue.jpg\"]}");
        JsonNode check = api.awaitCase(caseId, v -> hasTask(v, "Task_AssessWrongOrMissing"));
        assertThat(check.get("responsibility").asText()).isEqualTo("SELLER");

        agentSubmits(
                caseId,
                "AssessWrongOrMissing",
                "{\"wrongOrMissing\": {\"value\": \"WRONG_ITEM\"}, \"offerAmount\": {\"value\": 8}}");
        JsonNode offered = api.awaitCase(
                caseId, v -> "WAITING_FOR_BUYER".equals(v.get("status").asText()));
        assertThat(lastMessageBody(offered)).contains("8.00 USD");
        event(caseId, "{\"type\": \"BUYER_CHOICE\", \"choice\": \"DECLINE_OFFER\"}");

        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("resolution").asText()).isEqualTo("FULL_REFUND");
        assertThat(resolved.get("refunds")).hasSize(1);
        assertThat(resolved.get("refunds").get(0).get("amount").decimalValue()).isEqualByComparingTo("44.99");
        assertThat(resolved.get("refunds").get(0).get("ruleId").asText()).isEqualTo("R-WRONG-3");
    }

    @Test
    void rNad2_notAsDescribedOverTheApi_sellersFault_buyerKeepsWithAHighOffer_teamLeadCorrectsTheListing() {
        String orderId = newOrder("DELIVERED", "40.00", deliveredDaysAgo(1, "JD904"));
        String caseId = openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"NOT_AS_DESCRIBED\", \"description\": \"Not leather\", "
                        + "\"evidence\": [\"https://files.example.com/side-by-side.jpg\"]}");
        JsonNode compare = api.awaitCase(caseId, v -> hasTask(v, "Task_AssessNotAsDescribed"));
        assertThat(compare.get("responsibility").isNull()).isTrue();

        agentSubmits(
                caseId,
                "AssessNotAsDescribed",
                "{\"nadFinding\": {\"value\": \"SELLER_FAULT\"}, \"offerAmount\": {\"value\": 20}}");
        JsonNode offered = api.awaitCase(
                caseId, v -> "WAITING_FOR_BUYER".equals(v.get("status").asText()) && hasTask(v, "Task_CorrectListing"));
        assertThat(offered.get("responsibility").asText()).isEqualTo("SELLER");
        assertThat(offered.get("openTasks").get(0).get("candidateGroups").toString())
                .contains("team-leads");
        assertThat(api.call("GET", "/engine-rest/task?processInstanceBusinessKey=" + caseId, "agent", null)
                        .json())
                .isEmpty();
        event(caseId, "{\"type\": \"BUYER_CHOICE\", \"choice\": \"ACCEPT_OFFER\"}");

        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("resolution").asText()).isEqualTo("PARTIAL_REFUND");
        assertThat(resolved.get("refunds").get(0).get("amount").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(resolved.get("refunds").get(0).get("ruleId").asText()).isEqualTo("R-NAD-2");

        userSubmits("lead", caseId, "CorrectListing", "{\"listingCorrection\": {\"value\": \"Material: PU leather\"}}");
        assertThat(api.awaitCase(caseId, v -> v.get("openTasks").isEmpty())
                        .get("status")
                        .asText())
                .isEqualTo("RESOLVED");
    }

    @Test
    void rCare2_followUpOverTheApi_buyerNotSatisfied_caseReopenedForTheAgent() {
        String orderId = newOrder("DELIVERED", "40.00", deliveredDaysAgo(1, "JD905"));
        String caseId = openCaseId("{\"orderId\": \"" + orderId
                + "\", \"type\": \"WRONG_OR_MISSING_ITEM\", \"description\": \"No cable\", "
                + "\"evidence\": [\"https://files.example.com/box.jpg\"]}");
        api.awaitCase(caseId, v -> hasTask(v, "Task_AssessWrongOrMissing"));
        agentSubmits(
                caseId,
                "AssessWrongOrMissing",
                "{\"wrongOrMissing\": {\"value\": \"GENERIC_ACCESSORY\"}, \"offerAmount\": {\"value\": 3}}");
        api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        try {
            // the engine clock moves past the R-CARE-2 wait; the job executor then sends the follow-up
            ClockUtil.setCurrentTime(
                    Date.from(Instant.now().plus(Duration.ofDays(7)).plusSeconds(60)));
            JsonNode asked = api.awaitCase(caseId, v -> lastMessageBody(v).contains("Are you satisfied"));
            assertThat(asked.get("status").asText()).isEqualTo("RESOLVED");

            event(caseId, "{\"type\": \"BUYER_FEEDBACK\", \"satisfied\": false, \"comment\": \"Not enough\"}");
            JsonNode reopened = api.awaitCase(caseId, v -> hasTask(v, "Task_HandleDissatisfaction"));
            assertThat(reopened.get("status").asText())
                    .as(reopened.get("timeline").toString())
                    .isEqualTo("OPEN");
            assertThat(reopened.get("openTasks").get(0).get("candidateGroups").toString())
                    .contains("after-sales-agents");

            agentSubmits(
                    caseId,
                    "HandleDissatisfaction",
                    "{\"agentReply\": {\"value\": \"Apologised, explained the standard cable\"}}");
            JsonNode again = api.awaitCase(
                    caseId,
                    v -> "RESOLVED".equals(v.get("status").asText())
                            && v.get("openTasks").isEmpty());
            assertThat(again.get("resolution").asText()).isEqualTo("COMPENSATION");
            assertThat(again.get("rulesApplied").toString()).contains("R-CARE-2", "R-GEN-8");
        } finally {
            ClockUtil.reset();
        }
    }
}
