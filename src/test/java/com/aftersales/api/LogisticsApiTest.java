package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * One full case per logistics flow over real HTTP with the job executor running, driven only through
 * /api (the shop, the carrier feed, the marketplace connector) and /engine-rest (the agent, with
 * authorizations on): not received (R-LOST-4), damaged in transit (R-DMG-2), platform escalation (R-ESC-3).
 */
class LogisticsApiTest extends ApiTestSupport {

    private static final String LATEST = LocalDate.now().plusDays(5).toString();

    @Test
    void rLost4_lostParcelOverTheApi_buyerToldTracking_carrierReportsLost_buyerTakesTheRefund_claimFiledByTheAgent() {
        String orderId = newOrder("SHIPPED", "25.00", """
                {"carrier": "UPS", "trackingNumber": "1Z4711", "shippedAt": "2026-11-20T10:00:00Z",
                 "latestDeliveryDate": "%s", "insured": true}""".formatted(LATEST));
        assertThat(api.call("PUT", "/api/stock/CASE-" + orderId, "shop", "{\"available\": 2}")
                        .status())
                .isEqualTo(201);
        String caseId = openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"NOT_RECEIVED\", \"description\": \"Still not here\"}");

        JsonNode waiting = api.awaitCase(caseId, v -> v.get("messages").size() == 1);
        assertThat(waiting.get("messages").get(0).get("body").asText()).contains("UPS", "1Z4711", LATEST);
        assertThat(waiting.get("responsibility").asText()).isEqualTo("LOGISTICS");
        ApiClient.Response early = api.call(
                "POST",
                "/api/cases/" + caseId + "/events",
                "shop",
                "{\"type\": \"BUYER_CHOICE\", \"choice\": \"REFUND\"}");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().get("waitingFor").toString()).contains("CARRIER_UPDATE", "BUYER_ESCALATED");

        event(caseId, "{\"type\": \"CARRIER_UPDATE\", \"trackingState\": \"LOST\"}");
        api.awaitCase(caseId, v -> "WAITING_FOR_BUYER".equals(v.get("status").asText()));
        event(caseId, "{\"type\": \"BUYER_CHOICE\", \"choice\": \"REFUND\"}");

        JsonNode resolved = api.awaitCase(
                caseId, v -> "RESOLVED".equals(v.get("status").asText()) && hasTask(v, "Task_FileCarrierClaim"));
        assertThat(resolved.get("resolution").asText()).isEqualTo("FULL_REFUND");
        assertThat(resolved.get("refunds")).hasSize(1);
        assertThat(resolved.get("refunds").get(0).get("amount").decimalValue()).isEqualByComparingTo("29.99");
        assertThat(resolved.get("refunds").get(0).get("ruleId").asText()).isEqualTo("R-LOST-4");
        assertThat(resolved.get("openTasks").get(0).get("candidateGroups").toString())
                .contains("after-sales-agents");
        JsonNode deadline = resolved.get("deadlines").get(0);
        assertThat(deadline.get("ruleId").asText()).isEqualTo("R-SLA-3");
        assertThat(deadline.get("task").asText()).isEqualTo("File a claim with the carrier");
        assertThat(deadline.get("breachedAt").isNull()).isTrue();
        assertThat(api.call("GET", "/api/stock/CASE-" + orderId, "shop", null)
                        .json()
                        .get("available")
                        .asInt())
                .isEqualTo(2);

        agentSubmits(caseId, "FileCarrierClaim", "{\"claimReference\": {\"value\": \"UPS-CLAIM-9\"}}");
        JsonNode done = api.awaitCase(caseId, v -> v.get("openTasks").isEmpty());
        assertThat(done.get("refunds")).hasSize(1);
    }

    @Test
    void rDmg2_damagedItemOverTheApi_agentSeesEvidenceAndValue_keepOfferAccepted() {
        String orderId = newOrder("DELIVERED", "40.00", """
                {"carrier": "DHL", "trackingNumber": "JD77", "deliveredAt": "2026-11-28T10:00:00Z"}""");
        String caseId = openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"DAMAGED\", \"description\": \"Corner dented\", "
                        + "\"evidence\": [\"https://files.example.com/dent.jpg\"]}");

        api.awaitCase(caseId, v -> hasTask(v, "Task_AssessDamage"));
        String taskId = api.call("GET", "/engine-rest/task?processInstanceBusinessKey=" + caseId, "agent", null)
                .json()
                .get(0)
                .get("id")
                .asText();
        JsonNode facts = api.call("GET", "/engine-rest/task/" + taskId + "/form-variables", "agent", null)
                .json();
        assertThat(facts.get("evidenceText").get("value").asText()).contains("https://files.example.com/dent.jpg");
        assertThat(facts.get("orderValueText").get("value").asText()).isEqualTo("40.00");
        assertThat(facts.get("maxKeepOfferText").get("value").asText()).isEqualTo("14.00");

        agentSubmits(
                caseId,
                "AssessDamage",
                "{\"damageSeverity\": {\"value\": \"SLIGHT\"}, \"offerAmount\": {\"value\": 10}}");
        JsonNode offered = api.awaitCase(
                caseId, v -> "WAITING_FOR_BUYER".equals(v.get("status").asText()));
        assertThat(offered.get("messages").get(0).get("body").asText()).contains("10.00 USD");
        event(caseId, "{\"type\": \"BUYER_CHOICE\", \"choice\": \"ACCEPT_OFFER\"}");

        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("resolution").asText()).isEqualTo("PARTIAL_REFUND");
        assertThat(resolved.get("refunds").get(0).get("amount").decimalValue()).isEqualByComparingTo("10.00");
        assertThat(resolved.get("refunds").get(0).get("ruleId").asText()).isEqualTo("R-DMG-2");
        assertThat(resolved.get("responsibility").asText()).isEqualTo("LOGISTICS");
    }

    @Test
    void rEsc3_escalationOverTheApi_agentResponds_platformGrantsAtTheSellersCost_debitRecordedOnce() {
        String orderId = newOrder("DELIVERED", "25.00", """
                {"carrier": "DHL", "trackingNumber": "JD78", "deliveredAt": "2026-11-28T10:00:00Z"}""");
        String caseId =
                openCaseId("{\"orderId\": \"" + orderId + "\", \"type\": \"DAMAGED\", \"description\": \"Broken\"}");
        api.awaitCase(caseId, v -> "WAITING_FOR_BUYER".equals(v.get("status").asText()));

        event(caseId, "{\"type\": \"BUYER_ESCALATED\", \"platformCaseId\": \"AZ-1234\"}");
        JsonNode escalated = api.awaitCase(caseId, v -> hasTask(v, "Task_RespondToPlatform"));
        assertThat(escalated.get("status").asText()).isEqualTo("ESCALATED");
        assertThat(escalated.get("escalation").get("platformCaseId").asText()).isEqualTo("AZ-1234");
        assertThat(escalated.get("deadlines").get(0).get("ruleId").asText()).isEqualTo("R-SLA-6");

        agentSubmits(
                caseId,
                "RespondToPlatform",
                "{\"platformResponse\": {\"value\": \"Asked for photos twice, none came\"}}");
        api.awaitCase(caseId, v -> v.get("openTasks").isEmpty());
        event(caseId, "{\"type\": \"PLATFORM_RULING\", \"outcome\": \"GRANTED_SELLER_FUNDED\"}");

        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("resolution").asText()).isEqualTo("PLATFORM_REFUNDED");
        assertThat(resolved.get("escalation").get("outcome").asText()).isEqualTo("GRANTED_SELLER_FUNDED");
        assertThat(resolved.get("escalation").get("orderDefect").asBoolean()).isTrue();
        assertThat(resolved.get("refunds")).hasSize(1);
        assertThat(resolved.get("refunds").get(0).get("purpose").asText()).isEqualTo("PLATFORM_DEBIT");
        assertThat(resolved.get("refunds").get(0).get("amount").decimalValue()).isEqualByComparingTo("29.99");
        assertThat(api.call(
                                "POST",
                                "/api/cases/" + caseId + "/events",
                                "shop",
                                "{\"type\": \"PLATFORM_RULING\", \"outcome\": \"GRANTED_SELLER_FUNDED\"}")
                        .status())
                .isEqualTo(409);
    }
}
