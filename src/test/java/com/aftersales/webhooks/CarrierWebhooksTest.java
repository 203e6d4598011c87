package com.aftersales.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.api.ApiClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** POST /webhooks/carrier in AfterShip's tracking webhook shape, over HTTP against the running app. */
class CarrierWebhooksTest extends WebhookTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    private static final String LATEST = LocalDate.now().plusDays(5).toString();

    /** A NOT_RECEIVED case of a shipped order with this tracking number, once it waits for the carrier (R-LOST-1). */
    private String notReceivedCaseWaitingForTheCarrier(String trackingNumber) {
        String orderId = "A-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response order = api.call(
                "PUT", "/api/orders/" + orderId, "shop", ApiClient.orderJson(orderId, "SHIPPED", "25.00", """
                        {"carrier": "UPS", "trackingNumber": "%s", "shippedAt": "2026-11-20T10:00:00Z",
                         "latestDeliveryDate": "%s", "insured": false}""".formatted(
                                trackingNumber, LATEST)));
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        ApiClient.Response opened = api.call(
                "POST",
                "/api/cases",
                "shop",
                "{\"orderId\": \"" + orderId + "\", \"type\": \"NOT_RECEIVED\", \"description\": \"Still not here\"}",
                "Idempotency-Key",
                newId());
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        String caseId = opened.json().get("caseId").asText();
        api.awaitCase(caseId, v -> v.get("messages").size() == 1); // the buyer was told it is in transit
        return caseId;
    }

    /** AfterShip's tracking_update webhook (its payload's fields the app reads and some it does not). */
    private static String aftership(String eventId, String trackingNumber, String tag, String subtag) {
        return """
                {"event": "tracking_update", "event_id": "%s", "is_tracking_first_tag": false, "ts": 1764590400,
                 "msg": {"id": "%s", "tracking_number": "%s", "slug": "ups", "title": "Order",
                         "tag": "%s", "subtag": "%s", "subtag_message": "x",
                         "checkpoints": [{"checkpoint_time": "2026-12-01T10:00:00+00:00", "tag": "%s", "subtag": "%s",
                                          "message": "Scan", "location": "Austin, TX"}]}}""".formatted(eventId, UUID.randomUUID(), trackingNumber, tag, subtag, tag, subtag);
    }

    private ApiClient.Response carrier(String body) {
        return signed("/webhooks/carrier", "aftership-hmac-sha256", CARRIER_SECRET, body);
    }

    private static long carrierEvents(JsonNode view) {
        int n = 0;
        for (JsonNode entry : view.get("timeline"))
            if (entry.get("what").asText().startsWith("Event CARRIER_UPDATE")) n++;
        return n;
    }

    @Test
    void rLost4_aftershipSaysLost_theCaseOfThatTrackingNumberGetsCarrierUpdateLost_andADuplicateChangesNothing() {
        String tracking = "1ZAS" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String caseId = notReceivedCaseWaitingForTheCarrier(tracking);
        String eventId = newId();

        ApiClient.Response taken = carrier(aftership(eventId, tracking, "Exception", "Exception_013"));

        assertThat(taken.status()).as(taken.body()).isEqualTo(202);
        assertThat(taken.json().get("trackingState").asText()).isEqualTo("LOST");
        assertThat(taken.json().get("delivered").toString()).contains(caseId);
        // no stock for a reship: the lost parcel is refunded at once (R-LOST-4)
        JsonNode view =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(view.get("timeline").toString())
                .contains("Event CARRIER_UPDATE received: LOST", "Tracking state LOST (reported by the carrier)");
        assertThat(view.get("refunds").get(0).get("ruleId").asText()).isEqualTo("R-LOST-4");
        assertThat(view.get("refunds").get(0).get("amount").decimalValue()).isEqualByComparingTo("29.99");

        ApiClient.Response again = carrier(aftership(eventId, tracking, "Exception", "Exception_013"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        assertThat(carrierEvents(
                        api.call("GET", "/api/cases/" + caseId, "shop", null).json()))
                .isEqualTo(1);
    }

    @Test
    void aNodeDiedAfterClaimingTheDelivery_aftershipsRetryTakesItOver_andTheCaseGetsItsUpdate() {
        String tracking = "1ZDIE" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String caseId = notReceivedCaseWaitingForTheCarrier(tracking);
        String eventId = newId();
        // what a kill -9 between the claim and the case's event leaves: the claim, nothing done
        jdbc.update(
                "insert into webhook_delivery (source, delivery_id, topic, received_at, outcome) values (?, ?, ?, ?, ?)",
                CarrierWebhooks.SOURCE,
                eventId,
                "tracking_update",
                Timestamp.from(Instant.now().minus(WebhookDeliveries.ABANDONED_AFTER.plusSeconds(5))),
                WebhookDeliveries.TAKING);
        String recentEvent = newId();
        jdbc.update(
                "insert into webhook_delivery (source, delivery_id, topic, received_at, outcome) values (?, ?, ?, ?, ?)",
                CarrierWebhooks.SOURCE,
                recentEvent,
                "tracking_update",
                Timestamp.from(Instant.now()),
                WebhookDeliveries.TAKING);

        ApiClient.Response working = carrier(aftership(recentEvent, tracking, "Exception", "Exception_013"));
        assertThat(working.status()).as("another node is on it now").isEqualTo(200);
        assertThat(working.json().get("duplicate").asBoolean()).isTrue();

        ApiClient.Response retried = carrier(aftership(eventId, tracking, "Exception", "Exception_013"));
        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(retried.json().get("delivered").toString()).contains(caseId);
        JsonNode view =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(carrierEvents(view)).isEqualTo(1);
        assertThat(view.get("refunds").get(0).get("amount").decimalValue()).isEqualByComparingTo("29.99");
    }

    @Test
    void unknownTrackingNumber_202Ignored() {
        ApiClient.Response ignored =
                carrier(aftership(newId(), "NOSUCH" + System.nanoTime(), "Delivered", "Delivered_001"));

        assertThat(ignored.status()).as(ignored.body()).isEqualTo(202);
        assertThat(ignored.json().get("outcome").asText()).contains("no open case has tracking number");
    }

    @Test
    void badSignature_401_theCaseGetsNothing() {
        String tracking = "1ZBAD" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String caseId = notReceivedCaseWaitingForTheCarrier(tracking);
        String body = aftership(newId(), tracking, "Delivered", "Delivered_001");

        ApiClient.Response forged = signed("/webhooks/carrier", "aftership-hmac-sha256", "guessed", body);

        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.json().get("type").asText()).isEqualTo("urn:after-sales:problem:invalid-signature");
        JsonNode view = api.call("GET", "/api/cases/" + caseId, "shop", null).json();
        assertThat(carrierEvents(view)).isZero();
        assertThat(view.get("status").asText()).isNotEqualTo("RESOLVED");
    }

    @Test
    void aftershipTagsAsTrackingStates() {
        assertThat(CarrierWebhooks.trackingState("Delivered", "Delivered_003")).isEqualTo("DELIVERED");
        assertThat(CarrierWebhooks.trackingState("OutForDelivery", "OutForDelivery_001"))
                .isEqualTo("IN_TRANSIT");
        assertThat(CarrierWebhooks.trackingState("Exception", "Exception_004")).isEqualTo("CUSTOMS_HOLD");
        assertThat(CarrierWebhooks.trackingState("Exception", "Exception_011")).isEqualTo("RETURNED_TO_SENDER");
        assertThat(CarrierWebhooks.trackingState("Exception", "Exception_013")).isEqualTo("LOST");
        assertThat(CarrierWebhooks.trackingState("Exception", "Exception_005")).isNull();
        assertThat(CarrierWebhooks.trackingState("InfoReceived", "InfoReceived_001"))
                .isNull();
    }
}
