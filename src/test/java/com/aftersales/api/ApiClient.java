package com.aftersales.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;

/** A caller of the app over real HTTP, as the shop, an agent or a tool would call it. */
public final class ApiClient {

    public record Response(
            int status,
            String contentType,
            String location,
            boolean replayed,
            String body,
            JsonNode json,
            HttpHeaders headers) {
        /** The first value of a response header, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public Response call(String method, String path, String user, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        if (user != null) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < headers.length; i += 2) request.setHeader(headers[i], headers[i + 1]);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode json = null;
            if (text != null && !text.isBlank() && (text.startsWith("{") || text.startsWith("[")))
                json = JSON.readTree(text);
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("Location").orElse(null),
                    response.headers().firstValue("Idempotent-Replayed").isPresent(),
                    text,
                    json,
                    response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads the case until {@code until} holds (the job executor works in the background), at most 30 s. */
    public JsonNode awaitCase(String caseId, Predicate<JsonNode> until) {
        long deadline = System.currentTimeMillis() + 30_000;
        JsonNode view = null;
        while (System.currentTimeMillis() < deadline) {
            view = call("GET", "/api/cases/" + caseId, "shop", null).json();
            if (view != null && until.test(view)) return view;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("Case " + caseId + " did not get there in 30 s; last view: " + view);
    }

    public static String orderJson(String orderId, String status, String unitPrice, String shipmentJson) {
        return """
                {"orderId": "%s", "platform": "AMAZON",
                 "buyer": {"id": "B-77", "name": "Ana Ruiz", "email": "ana@example.com"},
                 "currency": "USD",
                 "items": [{"sku": "CASE-%s", "title": "Phone case", "quantity": 1, "unitPrice": %s, "category": "accessories"}],
                 "shippingFee": 4.99, "status": "%s",
                 "shippingAddress": {"name": "Ana Ruiz", "line1": "1 Main St", "city": "Austin", "postalCode": "78701", "country": "US"},
                 "shipment": %s}""".formatted(orderId, orderId, unitPrice, status, shipmentJson == null ? "null" : shipmentJson);
    }
}
