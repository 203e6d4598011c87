package com.aftersales.webhooks;

import com.aftersales.orders.Address;
import com.aftersales.orders.Order;
import com.aftersales.shipping.RecordingShippingAdapter;
import com.aftersales.shipping.WarehousePort;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The warehouse over HTTP, when {@code AFTERSALES_WAREHOUSE_URL} is set: each request of the warehouse port is
 * recorded in shipping_request (as the default adapter does) and POSTed as signed JSON to that URL:
 * {@code {"requestId", "kind", "caseId", "orderId", "items", "address", "accessory"}} with {@code
 * X-Aftersales-Hmac-Sha256} (base64 HMAC-SHA256 of the body with {@code AFTERSALES_WAREHOUSE_SECRET}) and {@code
 * Idempotency-Key: <requestId>} (case id:kind, the same on every retry). Any answer but 2xx, or none within the
 * timeout, fails the step's job: the engine retries it (10 s, 1 min, 5 min, 30 min, 2 h) and then shows an incident
 * with the warehouse's answer in Cockpit. The warehouse answers later with a signed callback ({@link
 * WarehouseWebhooks}).
 */
@Component
@Primary
@ConditionalOnExpression("!'${aftersales.warehouse.url:}'.isBlank()")
public class HttpWarehouse implements WarehousePort {

    private static final Logger log = LoggerFactory.getLogger(HttpWarehouse.class);

    private final RecordingShippingAdapter recording;
    private final ObjectMapper json;
    private final URI url;
    private final String secret;
    private final Duration timeout;
    private final HttpClient http;

    public HttpWarehouse(
            RecordingShippingAdapter recording,
            ObjectMapper json,
            @Value("${aftersales.warehouse.url}") String url,
            @Value("${aftersales.warehouse.secret:}") String secret,
            @Value("${aftersales.warehouse.timeout:PT10S}") Duration timeout) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException(
                    "AFTERSALES_WAREHOUSE_URL is set but AFTERSALES_WAREHOUSE_SECRET is not: the warehouse's requests are signed with it");
        }
        this.recording = recording;
        this.json = json;
        this.url = URI.create(url);
        this.secret = secret;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void stopShipment(String caseId, Order order) {
        recording.stopShipment(caseId, order);
        send(caseId, "WAREHOUSE_STOP_SHIPMENT", order, null, null);
    }

    @Override
    public void updateShippingAddress(String caseId, Order order, Address address) {
        recording.updateShippingAddress(caseId, order, address);
        send(caseId, "WAREHOUSE_ADDRESS_UPDATE", order, address, null);
    }

    @Override
    public void reship(String caseId, Order order, Address address) {
        recording.reship(caseId, order, address);
        send(caseId, "WAREHOUSE_RESHIP", order, address, null);
    }

    @Override
    public void shipAccessory(String caseId, Order order, Address address, String accessory) {
        recording.shipAccessory(caseId, order, address, accessory);
        send(caseId, "WAREHOUSE_SHIP_ACCESSORY", order, address, accessory);
    }

    private void send(String caseId, String kind, Order order, Address address, String accessory) {
        String requestId = caseId + ":" + kind;
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("requestId", requestId);
        request.put("kind", kind);
        request.put("caseId", caseId);
        request.put("orderId", order.orderId());
        request.put("items", order.items());
        request.put("address", address);
        request.put("accessory", accessory);
        byte[] body;
        try {
            body = json.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Warehouse request cannot be written as JSON", e);
        }
        HttpRequest post = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Aftersales-Hmac-Sha256", Signatures.sign(secret, body))
                .header("Idempotency-Key", requestId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(post, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new WarehouseUnavailable("Warehouse at " + url + " did not answer " + requestId + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WarehouseUnavailable("Interrupted while sending " + requestId + " to the warehouse");
        }
        if (response.statusCode() / 100 != 2) {
            String text = response.body() == null ? "" : response.body();
            throw new WarehouseUnavailable("Warehouse answered " + response.statusCode() + " to " + requestId + ": "
                    + (text.length() > 300 ? text.substring(0, 300) + "…" : text));
        }
        log.info("Warehouse took {} ({})", requestId, response.statusCode());
    }

    /** The warehouse refused or did not answer: the step's job fails and is retried, then an incident. */
    static final class WarehouseUnavailable extends RuntimeException {
        WarehouseUnavailable(String message) {
            super(message);
        }
    }
}
