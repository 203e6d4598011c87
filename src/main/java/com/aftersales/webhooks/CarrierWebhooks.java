package com.aftersales.webhooks;

import com.aftersales.cases.CaseEvents;
import com.aftersales.config.ApiProblem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/carrier}: AfterShip's tracking webhook (event {@code tracking_update}), authenticated by its
 * signature only ({@code aftership-hmac-sha256}: HMAC-SHA256 of the raw body, base64, with {@code
 * AFTERSALES_CARRIER_WEBHOOK_SECRET}), taken once per {@code event_id}. The tracking's {@code tag} (and {@code
 * subtag} for exceptions) becomes a {@code CARRIER_UPDATE} for every open case whose order has
 * {@code msg.tracking_number}: Delivered → DELIVERED; InTransit, OutForDelivery, AttemptFail, AvailableForPickup →
 * IN_TRANSIT; Exception_004 (customs) → CUSTOMS_HOLD, Exception_011 (returned to sender) → RETURNED_TO_SENDER,
 * Exception_013 (lost) → LOST. Other tags (Pending, InfoReceived, Expired, other exceptions) and unknown tracking
 * numbers are answered 202 and change nothing.
 */
@RestController
public class CarrierWebhooks {

    private static final Logger log = LoggerFactory.getLogger(CarrierWebhooks.class);
    static final String SOURCE = "AFTERSHIP";

    private final CaseEvents events;
    private final TrackedCases trackedCases;
    private final WebhookDeliveries deliveries;
    private final ObjectMapper json;
    private final String secret;

    public CarrierWebhooks(
            CaseEvents events,
            TrackedCases trackedCases,
            WebhookDeliveries deliveries,
            ObjectMapper json,
            @Value("${aftersales.carrier.webhook-secret:}") String secret) {
        this.events = events;
        this.trackedCases = trackedCases;
        this.deliveries = deliveries;
        this.json = json;
        this.secret = secret;
    }

    /** AfterShip's tag and subtag as a CARRIER_UPDATE tracking state; null: nothing a case routes on. */
    static String trackingState(String tag, String subtag) {
        if (tag == null) return null;
        return switch (tag) {
            case "Delivered" -> "DELIVERED";
            case "InTransit", "OutForDelivery", "AttemptFail", "AvailableForPickup" -> "IN_TRANSIT";
            case "Exception" ->
                switch (subtag == null ? "" : subtag) {
                    case "Exception_004" -> "CUSTOMS_HOLD";
                    case "Exception_011" -> "RETURNED_TO_SENDER";
                    case "Exception_013" -> "LOST";
                    default -> null;
                };
            default -> null;
        };
    }

    @PostMapping(path = "/webhooks/carrier")
    public ResponseEntity<Map<String, Object>> receive(
            @RequestHeader(name = "aftership-hmac-sha256", required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        Signatures.check(
                "carrier", "AFTERSALES_CARRIER_WEBHOOK_SECRET", secret, "aftership-hmac-sha256", signature, raw);
        JsonNode payload = WebhookJson.read(json, raw);
        JsonNode msg = payload.path("msg");
        String trackingNumber = msg.path("tracking_number").asText("");
        if (trackingNumber.isBlank()) throw ApiProblem.invalid("msg.tracking_number", "is required");
        String eventId =
                payload.hasNonNull("event_id") ? payload.get("event_id").asText() : sha256(raw);
        if (eventId.isBlank() || eventId.length() > 200) throw ApiProblem.invalid("event_id", "is not an event id");
        String tag = msg.path("tag").isTextual() ? msg.get("tag").asText() : null;
        String state = trackingState(
                tag, msg.path("subtag").isTextual() ? msg.get("subtag").asText() : null);

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("eventId", eventId);
        answer.put("trackingNumber", trackingNumber);
        answer.put("trackingState", state);
        Optional<String> earlier = deliveries.known(SOURCE, eventId);
        if (earlier.isPresent()) {
            answer.put("duplicate", true);
            answer.put("outcome", earlier.get());
            return ResponseEntity.ok(answer);
        }
        List<String> cases = trackedCases.openCases(trackingNumber);
        if (state == null || cases.isEmpty()) {
            String outcome = state == null
                    ? "ignored: tag " + tag + " is no tracking state a case routes on"
                    : "ignored: no open case has tracking number " + trackingNumber;
            record(eventId, outcome);
            answer.put("outcome", outcome);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
        }
        if (!deliveries.claim(SOURCE, eventId, "tracking_update")) {
            answer.put("duplicate", true);
            answer.put("outcome", deliveries.known(SOURCE, eventId).orElse(""));
            return ResponseEntity.ok(answer);
        }
        List<String> delivered = new ArrayList<>();
        List<Map<String, Object>> notWaiting = new ArrayList<>();
        try {
            for (String caseId : cases) {
                try {
                    events.accept(caseId, Map.of("type", "CARRIER_UPDATE", "trackingState", state));
                    delivered.add(caseId);
                } catch (ApiProblem refused) {
                    // a case still busy with its previous event is not "not waiting": the answer is the 409, so
                    // AfterShip sends the event again (and the delivery is forgotten when no case took it yet)
                    if (refused.status() != HttpStatus.CONFLICT || "case-busy".equals(refused.type())) throw refused;
                    Map<String, Object> reason = new LinkedHashMap<>();
                    reason.put("caseId", caseId);
                    reason.put("reason", refused.getMessage());
                    notWaiting.add(reason);
                }
            }
        } catch (RuntimeException e) {
            if (delivered.isEmpty()) deliveries.forget(SOURCE, eventId); // AfterShip's retry takes it again
            else deliveries.finish(SOURCE, eventId, "CARRIER_UPDATE " + state + " to " + delivered + "; then failed");
            throw e;
        }
        String outcome = "CARRIER_UPDATE " + state + " to " + delivered
                + (notWaiting.isEmpty()
                        ? ""
                        : "; not waiting for it: "
                                + notWaiting.stream().map(m -> m.get("caseId")).toList());
        deliveries.finish(SOURCE, eventId, outcome);
        log.info("AfterShip event {} ({}): {}", eventId, trackingNumber, outcome);
        answer.put("delivered", delivered);
        answer.put("notWaiting", notWaiting);
        answer.put("outcome", outcome);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
    }

    private void record(String eventId, String outcome) {
        try {
            deliveries.record(SOURCE, eventId, "tracking_update", outcome);
        } catch (DuplicateKeyException sameMoment) {
            // the same event, a moment ago: nothing to do either way
        }
    }

    private static String sha256(byte[] body) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
