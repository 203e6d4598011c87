package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, finding 1, the money half: a refund's order, case, amount and ceiling come from the app's own records,
 * whatever the process variables say. The variables are forged here the way the completion guard cannot stop:
 * by an administrator over /engine-rest. The agent completes with form fields only.
 */
class MoneyFromRecordsTest extends ApiTestSupport {

    private static final String MARKED_SHIPPED = """
            {"carrier": "UPS", "trackingNumber": "1Z700", "shippedAt": "2026-11-20T10:00:00Z", "handedToCarrier": false}""";
    private static final String SHIPPED = """
            {"carrier": "UPS", "trackingNumber": "1Z701", "shippedAt": "2026-11-20T10:00:00Z", "handedToCarrier": true}""";

    /** As an administrator (demo), sets a variable of the case's process instance over /engine-rest. */
    private void adminSetsVariable(String caseId, String name, String typedValueJson) {
        String instanceId = api.call("GET", "/engine-rest/process-instance?businessKey=" + caseId, "demo", null)
                .json()
                .get(0)
                .get("id")
                .asText();
        ApiClient.Response set = api.call(
                "PUT", "/engine-rest/process-instance/" + instanceId + "/variables/" + name, "demo", typedValueJson);
        assertThat(set.status()).as(set.body()).isEqualTo(204);
    }

    private JsonNode view(String caseId) {
        return api.call("GET", "/api/cases/" + caseId, "shop", null).json();
    }

    @Test
    void finding1_forgedOrderIdAndCaseIdVariables_theRefundGoesToTheCasesOwnOrderAndCase() {
        String ownOrder = newOrder("SHIPPED", "6.01", MARKED_SHIPPED); // 6.01 + 4.99 shipping = 11.00
        String otherOrder = newOrder("PAID", "5005.01", null); // 5,010.00
        String otherCase = openCaseId(
                "{\"orderId\": \"" + otherOrder + "\", \"type\": \"CANCELLATION\", \"description\": \"Other\"}");
        String caseId = openCaseId(
                "{\"orderId\": \"" + ownOrder + "\", \"type\": \"CANCELLATION\", \"description\": \"Too slow\"}");
        api.awaitCase(caseId, v -> hasTask(v, "Task_ConfirmCancellationWithBuyer"));

        adminSetsVariable(caseId, "orderId", "{\"value\": \"" + otherOrder + "\", \"type\": \"String\"}");
        adminSetsVariable(caseId, "caseId", "{\"value\": \"" + otherCase + "\", \"type\": \"String\"}");
        agentSubmits(caseId, "ConfirmCancellation", "{\"buyerDecision\": {\"value\": \"CANCEL\"}}");

        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("refunds")).hasSize(1);
        assertThat(resolved.get("refunds").get(0).get("amount").decimalValue()).isEqualByComparingTo("11.00");
        assertThat(resolved.get("messages").toString()).contains(ownOrder).doesNotContain(otherOrder);
        assertThat(api.call("GET", "/api/orders/" + ownOrder, "shop", null)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("CANCELLED");

        assertThat(api.call("GET", "/api/orders/" + otherOrder, "shop", null)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("PAID");
        JsonNode untouched = view(otherCase);
        assertThat(untouched.get("status").asText()).isEqualTo("OPEN");
        assertThat(untouched.get("refunds")).isEmpty();
        assertThat(untouched.get("resolution").isNull()).isTrue();
    }

    @Test
    void finding1_forgedCeilingAndOfferAmount_theTeamLeadIsAsked_andTheRefundPaysTheApprovedOffer() {
        String orderId = newOrder("SHIPPED", "100.00", SHIPPED); // ceiling 35 % = 35.00
        String caseId = openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Changed my mind\"}");
        api.awaitCase(caseId, v -> hasTask(v, "Task_OfferShippedOption"));

        adminSetsVariable(caseId, "maxKeepOffer", "{\"value\": 100000, \"type\": \"Double\"}");
        adminSetsVariable(caseId, "ceilingPercent", "{\"value\": 100000, \"type\": \"Double\"}");
        agentSubmits(
                caseId,
                "OfferShippedCancellation",
                "{\"cancellationOffer\": {\"value\": \"KEEP_WITH_PARTIAL_REFUND\"}, \"offerAmount\": {\"value\": 40}}");

        JsonNode pending = api.awaitCase(caseId, v -> hasTask(v, "Task_ApproveOfferAboveCeiling"));
        JsonNode offer = pending.get("keepOffer");
        assertThat(offer.get("ceiling").decimalValue())
                .as("35 % of the order's 100.00, not the forged variable")
                .isEqualByComparingTo("35.00");
        assertThat(offer.get("amount").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(offer.get("offeredBy").asText()).isEqualTo("agent");
        assertThat(offer.get("approval").asText()).isEqualTo("PENDING");

        userSubmits("lead", caseId, "ApproveKeepOffer", "{\"offerDecision\": {\"value\": \"APPROVE\"}}");
        api.awaitCase(caseId, v -> "WAITING_FOR_BUYER".equals(v.get("status").asText()));
        adminSetsVariable(caseId, "offerAmount", "{\"value\": 99.99, \"type\": \"Double\"}");
        event(caseId, "{\"type\": \"BUYER_CHOICE\", \"choice\": \"ACCEPT_OFFER\"}");

        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("refunds")).hasSize(1);
        assertThat(resolved.get("refunds").get(0).get("amount").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(resolved.get("keepOffer").get("approval").asText()).isEqualTo("APPROVED");
        assertThat(resolved.get("keepOffer").get("decidedBy").asText()).isEqualTo("lead");
        assertThat(resolved.get("timeline").toString())
                .contains("Keep-the-item offer of 40.00 by agent, above the ceiling of 35.00")
                .contains("Keep-the-item offer of 40.00 approved by lead");
    }
}
