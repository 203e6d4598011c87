package com.aftersales.webhooks;

import com.aftersales.cases.CaseEvent;
import com.aftersales.cases.CaseEvents;
import com.aftersales.config.ApiProblem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/warehouse}: the warehouse's answer to a request of {@link HttpWarehouse}, authenticated by
 * its signature only ({@code X-Aftersales-Hmac-Sha256}, base64 HMAC-SHA256 of the raw body with {@code
 * AFTERSALES_WAREHOUSE_SECRET}): {@code {"deliveryId", "caseId", "status"}} becomes the case's {@code
 * WAREHOUSE_UPDATE} event with that status ({@code SHIPMENT_STOPPED}, {@code ALREADY_LEFT}), answered as {@code POST
 * /api/cases/{caseId}/events} answers (202, 400, 404, 409), once per {@code deliveryId}.
 */
@RestController
public class WarehouseWebhooks {

    static final String SOURCE = "WAREHOUSE";

    private final CaseEvents events;
    private final WebhookDeliveries deliveries;
    private final ObjectMapper json;
    private final String secret;

    public WarehouseWebhooks(
            CaseEvents events,
            WebhookDeliveries deliveries,
            ObjectMapper json,
            @Value("${aftersales.warehouse.secret:}") String secret) {
        this.events = events;
        this.deliveries = deliveries;
        this.json = json;
        this.secret = secret;
    }

    @PostMapping(path = "/webhooks/warehouse")
    public ResponseEntity<Map<String, Object>> receive(
            @RequestHeader(name = "X-Aftersales-Hmac-Sha256", required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        Signatures.check(
                "warehouse", "AFTERSALES_WAREHOUSE_SECRET", secret, "X-Aftersales-Hmac-Sha256", signature, raw);
        JsonNode payload = WebhookJson.read(json, raw);
        String deliveryId = payload.path("deliveryId").asText("");
        if (deliveryId.isBlank() || deliveryId.length() > 200) {
            throw ApiProblem.invalid("deliveryId", "is required (up to 200 characters)");
        }
        String caseId = payload.path("caseId").asText("");
        if (caseId.isBlank()) throw ApiProblem.invalid("caseId", "is required");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("deliveryId", deliveryId);
        answer.put("caseId", caseId);
        answer.put("event", CaseEvent.WAREHOUSE_UPDATE.name());
        Optional<String> earlier = deliveries.known(SOURCE, deliveryId);
        if (earlier.isPresent()) {
            answer.put("duplicate", true);
            answer.put("outcome", earlier.get());
            return ResponseEntity.ok(answer);
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", CaseEvent.WAREHOUSE_UPDATE.name());
        event.put(
                "status",
                payload.path("status").isTextual() ? payload.get("status").asText() : null);
        if (!deliveries.claim(SOURCE, deliveryId, "WAREHOUSE_UPDATE")) {
            answer.put("duplicate", true);
            answer.put("outcome", deliveries.known(SOURCE, deliveryId).orElse(""));
            return ResponseEntity.ok(answer);
        }
        try {
            events.accept(caseId, event);
        } catch (RuntimeException refused) {
            deliveries.forget(SOURCE, deliveryId); // nothing was done: the warehouse may send it again
            throw refused;
        }
        String outcome = "WAREHOUSE_UPDATE " + event.get("status") + " to " + caseId;
        deliveries.finish(SOURCE, deliveryId, outcome);
        answer.put("status", event.get("status"));
        answer.put("outcome", outcome);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
    }
}
