package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Finding 12 of issue 11, "bad input": whole quantities, amounts in the currency's decimals, positive prices,
 * offers never rounded; bodies over 1 MB refused with 413 before they are read; every error problem+json without
 * engine internals, on /api, /engine-rest and the webapps' APIs; a refused request stores nothing.
 */
class BadInputTest extends ApiTestSupport {

    private static final String PROBLEM = "application/problem+json";
    /** What leaked today: Java and engine class names, stack frames, Camunda's message codes. */
    private static final Pattern INTERNALS =
            Pattern.compile("\\b(java|javax|jakarta|org|com)\\.[a-z]+\\.|\\w+Exception\\b"
                    + "|\\bat [\\w.$]+\\(|ENGINE-\\d+|(?i:\\bjava\\b)|OpenCaseRequest|LinkedHashMap|CaseType|VariableValueDto|CompleteTaskDto"
                    + "|JsonToken|ResponseEntity|StreamReadFeature|(?i:<!doctype)|(?i:\\bselect\\b.*\\bfrom\\b)");

    // --- numbers ---------------------------------------------------------------------------------------------

    private static String order(
            String orderId, String currency, String unitPrice, String quantity, String shippingFee) {
        return """
                {"orderId": "%s", "platform": "SHOP", "buyer": {"id": "B-12", "name": "Ana Ruiz"}, "currency": "%s",
                 "items": [{"sku": "LAMP-1", "title": "Lamp", "quantity": %s, "unitPrice": %s}],
                 "shippingFee": %s, "status": "PAID",
                 "shippingAddress": {"name": "Ana Ruiz", "line1": "1 Main St", "city": "Austin", "postalCode": "78701", "country": "US"}}""".formatted(orderId, currency, quantity, unitPrice, shippingFee);
    }

    private static String newOrderId() {
        return "N-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The order as the app has it, its cases and their refunds: what a refused request must leave as it was. */
    private String stored(String orderId) {
        ApiClient.Response order = api.call("GET", "/api/orders/" + orderId, "shop", null);
        StringBuilder state = new StringBuilder(order.status() + " " + order.body());
        api.call("GET", "/api/cases?orderId=" + orderId, "shop", null)
                .json()
                .get("items")
                .forEach(c -> state.append('\n')
                        .append(api.call("GET", "/api/cases/" + c.get("caseId").asText(), "shop", null)
                                .body()));
        return state.toString();
    }

    private static void assertRefused(ApiClient.Response response, int status, String field, String messagePart) {
        assertProblem(response, status);
        List<String> fields = new ArrayList<>();
        response.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).as(response.body()).contains(field);
        assertThat(response.json().get("detail").asText()).contains(field).contains(messagePart);
    }

    private static void assertProblem(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).as(response.body()).startsWith(PROBLEM);
        assertThat(response.json().get("type").asText()).startsWith("urn:after-sales:problem:");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("title").asText()).isNotBlank();
        assertThat(response.json().get("detail").asText()).isNotBlank();
        assertThat(INTERNALS.matcher(response.body()).find())
                .as("engine internals in " + response.body())
                .isFalse();
    }

    @Test
    void finding12_fractionalQuantity_400NamingField_andNothingStored() {
        String orderId = newOrderId();
        assertRefused(
                api.call("PUT", "/api/orders/" + orderId, "shop", order(orderId, "USD", "25.00", "1.5", "4.99")),
                400,
                "items[0].quantity",
                "whole number");
        assertThat(api.call("GET", "/api/orders/" + orderId, "shop", null).status())
                .as("not stored")
                .isEqualTo(404);

        assertThat(api.call("PUT", "/api/orders/" + orderId, "shop", order(orderId, "USD", "25.00", "2", "4.99"))
                        .status())
                .isEqualTo(201);
        String before = stored(orderId);
        assertRefused(
                api.call("PUT", "/api/orders/" + orderId, "shop", order(orderId, "USD", "25.00", "1.5", "4.99")),
                400,
                "items[0].quantity",
                "whole number");
        assertRefused(
                api.call(
                        "PUT", "/api/orders/" + orderId, "shop", order(orderId, "USD", "25.00", "99999999999", "4.99")),
                400,
                "items[0].quantity",
                "out of range");
        assertThat(stored(orderId))
                .as("the order keeps its quantity 2")
                .isEqualTo(before)
                .contains("\"quantity\":2");
        assertRefused(
                api.call("PUT", "/api/stock/LAMP-1", "shop", "{\"available\": 1.5}"), 400, "available", "whole number");
    }

    @Test
    void finding12_amountsWithMoreDecimalsThanTheCurrency_zeroOrNegativePrices_400NamingField_andNothingStored() {
        String orderId = newOrderId();
        assertThat(api.call("PUT", "/api/orders/" + orderId, "shop", order(orderId, "USD", "25.00", "1", "4.99"))
                        .status())
                .isEqualTo(201);
        String before = stored(orderId);

        assertRefused(
                api.call("PUT", "/api/orders/" + orderId, "shop", order(orderId, "USD", "25.005", "1", "4.99")),
                400,
                "items[0].unitPrice",
                "has 3 decimals; USD amounts have at most 2");
        assertRefused(
                api.call("PUT", "/api/orders/" + orderId, "shop", order(orderId, "USD", "25.00", "1", "4.999")),
                400,
                "shippingFee",
                "has 3 decimals");
        assertRefused(
                api.call("PUT", "/api/orders/" + orderId, "shop", order(orderId, "JPY", "2500.5", "1", "500")),
                400,
                "items[0].unitPrice",
                "JPY amounts have none");
        assertRefused(
                api.call("PUT", "/api/orders/" + orderId, "shop", order(orderId, "JPY", "2500", "1", "4.99")),
                400,
                "shippingFee",
                "JPY amounts have none");
        assertRefused(
                api.call("PUT", "/api/orders/" + orderId, "shop", order(orderId, "USD", "0", "1", "4.99")),
                400,
                "items[0].unitPrice",
                "greater than 0");
        assertRefused(
                api.call("PUT", "/api/orders/" + orderId, "shop", order(orderId, "USD", "-5.00", "1", "4.99")),
                400,
                "items[0].unitPrice",
                "greater than 0");
        assertRefused(
                api.call("PUT", "/api/orders/" + orderId, "shop", order(orderId, "USD", "25.00", "1", "-1.00")),
                400,
                "shippingFee",
                "greater than or equal to 0");
        assertRefused(
                api.call("PUT", "/api/orders/" + orderId, "shop", order(orderId, "BHD", "25.000", "1", "4.990")),
                400,
                "currency",
                "BHD amounts have 3 decimals");
        assertThat(stored(orderId)).isEqualTo(before);

        // whole yen, and trailing zeros that add no decimals, are fine
        String yen = newOrderId();
        assertThat(api.call("PUT", "/api/orders/" + yen, "shop", order(yen, "JPY", "2500", "1", "500"))
                        .status())
                .isEqualTo(201);
        assertThat(api.call("PUT", "/api/orders/" + orderId, "shop", order(orderId, "USD", "25.000", "1", "4.990"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void finding12_offer12345_400NamingOfferAmount_nothingStored_then12_30IsRefundedExactly() {
        String orderId = newOrder("DELIVERED", "40.00", """
                {"carrier": "DHL", "trackingNumber": "JD12", "deliveredAt": "2026-11-28T10:00:00Z"}""");
        String caseId =
                openCaseId("{\"orderId\": \"" + orderId + "\", \"type\": \"DAMAGED\", \"description\": \"Dented\", "
                        + "\"evidence\": [\"https://files.example.com/dent.jpg\"]}");
        api.awaitCase(caseId, v -> hasTask(v, "Task_AssessDamage"));
        String taskId = api.call("GET", "/engine-rest/task?processInstanceBusinessKey=" + caseId, "agent", null)
                .json()
                .get(0)
                .get("id")
                .asText();
        assertThat(api.call("POST", "/engine-rest/task/" + taskId + "/claim", "agent", "{\"userId\": \"agent\"}")
                        .status())
                .isEqualTo(204);
        String before = stored(orderId);

        for (String offer : List.of("12.345", "0.001")) {
            ApiClient.Response refused = api.call(
                    "POST",
                    "/engine-rest/task/" + taskId + "/submit-form",
                    "agent",
                    "{\"variables\": {\"damageSeverity\": {\"value\": \"SLIGHT\"}, \"offerAmount\": {\"value\": "
                            + offer + "}}}");
            assertRefused(refused, 400, "offerAmount", "has 3 decimals");
            assertThat(refused.json().get("message").asText())
                    .as("Tasklist shows message")
                    .contains("has 3 decimals");
            assertThat(stored(orderId))
                    .as("nothing stored after offer " + offer)
                    .isEqualTo(before);
        }

        agentSubmits(
                caseId,
                "AssessDamage",
                "{\"damageSeverity\": {\"value\": \"SLIGHT\"}, \"offerAmount\": {\"value\": 12.30}}");
        JsonNode offered = api.awaitCase(
                caseId, v -> "WAITING_FOR_BUYER".equals(v.get("status").asText()));
        assertThat(offered.get("messages").toString()).contains("partial refund of 12.30 USD");
        event(caseId, "{\"type\": \"BUYER_CHOICE\", \"choice\": \"ACCEPT_OFFER\"}");
        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("refunds").get(0).get("amount").decimalValue()).isEqualByComparingTo("12.30");
    }

    // --- body size -------------------------------------------------------------------------------------------

    /** What came back for a body sent over a raw socket, and how much of the body the server let the client send. */
    record Sent(int status, String head, String body, long bytesSent) {}

    /**
     * Sends {@code size} bytes of body (with a Content-Length, or chunked) while reading the answer, as a client
     * would; stops sending when the server closes the connection.
     */
    private Sent send(String method, String path, String user, String contentType, long size, boolean chunked)
            throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8))
                    + "\r\nContent-Type: " + contentType + "\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + size + "\r\n") + "\r\n";
            AtomicLong sent = new AtomicLong();
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'a');
                try {
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    while (sent.get() < size) {
                        int length = (int) Math.min(chunk.length, size - sent.get());
                        if (chunked)
                            out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk, 0, length);
                        if (chunked) out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        sent.addAndGet(length);
                    }
                    if (chunked) out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closedByTheServer) {
                    // the server answered and closed the connection: the rest of the body is not wanted
                }
            });
            writer.start();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            int headEnd = -1;
            long contentLength = -1;
            byte[] buffer = new byte[8192];
            while (true) {
                int n = in.read(buffer);
                if (n < 0) break;
                received.write(buffer, 0, n);
                String text = received.toString(StandardCharsets.ISO_8859_1);
                if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
                    var length =
                            Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(text.substring(0, headEnd));
                    if (length.find()) contentLength = Long.parseLong(length.group(1));
                }
                if (headEnd >= 0 && contentLength >= 0 && received.size() >= headEnd + 4 + contentLength) break;
            }
            socket.close();
            writer.join(60_000);
            String text = received.toString(StandardCharsets.UTF_8);
            String responseHead = text.substring(0, Math.max(headEnd, 0));
            return new Sent(
                    Integer.parseInt(responseHead.substring(9, 12)),
                    responseHead,
                    text.substring(Math.min(text.length(), headEnd + 4)),
                    sent.get());
        }
    }

    private static long oldGenerationPeak() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP
                        && pool.getName().toLowerCase(Locale.ROOT).matches(".*(old|tenured).*"))
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
    }

    @Test
    void finding12_100MbBodies_413AndAppStillAnswers() throws Exception {
        long hundredMb = 100L * 1024 * 1024;
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long oldGenerationBefore = oldGenerationPeak();

        List<Sent> answers = List.of(
                send("POST", "/api/cases", "shop", "application/json", hundredMb, false),
                send("PUT", "/api/orders/HUGE-1", "shop", "application/json", hundredMb, true),
                send("POST", "/engine-rest/task/any/complete", "agent", "application/json", hundredMb, true),
                send(
                        "POST",
                        "/engine-rest/deployment/create",
                        "owner",
                        "multipart/form-data; boundary=xyz",
                        hundredMb,
                        false),
                send(
                        "POST",
                        "/camunda/api/engine/engine/default/task/any/submit-form",
                        "agent",
                        "application/json",
                        hundredMb,
                        false));

        for (Sent answer : answers) {
            assertThat(answer.status()).as(answer.head()).isEqualTo(413);
            assertThat(answer.head()).containsIgnoringCase("Content-Type: " + PROBLEM);
            assertThat(answer.body()).contains("\"type\":\"urn:after-sales:problem:body-too-large\"");
            assertThat(answer.bytesSent())
                    .as("the server stopped reading long before 100 MB")
                    .isLessThan(hundredMb / 4);
        }
        assertThat(oldGenerationPeak() - oldGenerationBefore)
                .as("no 100 MB body reached the heap")
                .isLessThan(64L * 1024 * 1024);
        assertThat(api.call("GET", "/api/cases?size=1", "shop", null).status()).isEqualTo(200);
        assertThat(api.call("GET", "/engine-rest/task?maxResults=1", "agent", null)
                        .status())
                .isEqualTo(200);
        assertThat(api.call("GET", "/api/orders/HUGE-1", "shop", null).status())
                .as("nothing stored")
                .isEqualTo(404);
    }

    @Test
    void finding12_theLimitIs1MbOnEveryApi_aDeploymentMayHave5Mb() throws Exception {
        long justOver = 1024 * 1024 + 1;
        assertThat(send("POST", "/api/cases", "shop", "application/json", justOver, false)
                        .status())
                .isEqualTo(413);
        assertThat(send("POST", "/api/cases", "shop", "application/json", justOver, true)
                        .status())
                .isEqualTo(413);
        assertThat(send("POST", "/engine-rest/message", "demo", "application/json", justOver, true)
                        .status())
                .isEqualTo(413);
        Sent underTheLimit = send("POST", "/api/cases", "shop", "application/json", 1024 * 1024, true);
        assertThat(underTheLimit.status())
                .as("read, and refused as JSON, not for its size")
                .isEqualTo(400);

        Sent deployment = send(
                "POST",
                "/engine-rest/deployment/create",
                "owner",
                "multipart/form-data; boundary=xyz",
                2L * 1024 * 1024,
                false);
        assertThat(deployment.status())
                .as("2 MB is within a deployment's limit: " + deployment.body())
                .isNotEqualTo(413);
        assertThat(send(
                                "POST",
                                "/engine-rest/deployment/create",
                                "owner",
                                "multipart/form-data; boundary=xyz",
                                5L * 1024 * 1024 + 1,
                                false)
                        .status())
                .isEqualTo(413);
    }

    // --- errors as problem+json ------------------------------------------------------------------------------

    record BadRequest(
            String user, String method, String path, String contentType, String body, int status, String... headers) {
        String[] allHeaders() {
            List<String> all = new ArrayList<>(List.of(headers));
            if (contentType != null) all.addAll(List.of("Content-Type", contentType));
            return all.toArray(String[]::new);
        }
    }

    @Test
    void finding12_errorsAreProblemJson_onApiEngineRestAndTasklistsApi_withoutEngineInternals_refusalsStoreNothing() {
        String[] resolvedCase = resolvedCase();
        String resolved = resolvedCase[1];
        String before = stored(resolvedCase[0]);
        List<BadRequest> table = List.of(
                // /api
                new BadRequest("shop", "GET", "/api/nope", null, null, 404),
                new BadRequest("shop", "DELETE", "/api/cases", null, null, 405),
                new BadRequest("shop", "POST", "/api/cases", "text/plain", "x", 415),
                new BadRequest("shop", "GET", "/api/cases", null, null, 406, "Accept", "text/html"),
                new BadRequest("shop", "POST", "/api/cases", "application/json", "{\"orderId\":", 400),
                new BadRequest("shop", "POST", "/api/cases", "application/json", "[1, 2]", 400),
                new BadRequest("shop", "POST", "/api/cases", "application/json", "", 400),
                new BadRequest("shop", "POST", "/api/cases", "application/json", "{}", 400),
                new BadRequest(
                        "shop",
                        "POST",
                        "/api/cases",
                        "application/json",
                        "{\"orderId\": \"A-1\", \"type\": \"REFUND_ME\"}",
                        400),
                new BadRequest(
                        "shop", "POST", "/api/cases", "application/json", "{\"orderId\": 5, \"type\": [\"x\"]}", 400),
                new BadRequest("shop", "POST", "/api/cases/" + resolved + "/events", "application/json", "[1]", 400),
                new BadRequest(
                        "shop",
                        "POST",
                        "/api/cases/" + resolved + "/events",
                        "application/json",
                        "{\"type\": \"WAREHOUSE_UPDATE\", \"status\": \"SHIPMENT_STOPPED\"}",
                        409),
                new BadRequest(
                        "shop",
                        "POST",
                        "/api/cases/C-NONE/events",
                        "application/json",
                        "{\"type\": \"BUYER_CHOICE\", \"choice\": \"REFUND\"}",
                        404),
                new BadRequest("shop", "GET", "/api/cases?type=FOO", null, null, 400),
                new BadRequest("shop", "GET", "/api/cases?page=abc", null, null, 400),
                new BadRequest("shop", "PUT", "/api/stock/SKU-1", "application/json", "{\"available\": \"many\"}", 400),
                new BadRequest("shop", "GET", "/api/orders/a%2Fb", null, null, 400),
                new BadRequest("agent", "POST", "/api/cases", "application/json", "{}", 403),
                // /engine-rest
                new BadRequest("demo", "GET", "/engine-rest/nope", null, null, 404),
                new BadRequest("agent", "GET", "/engine-rest/nope", null, null, 403),
                new BadRequest("agent", "GET", "/engine-rest/task/nope", null, null, 404),
                new BadRequest("demo", "DELETE", "/engine-rest/task", null, null, 405),
                new BadRequest("agent", "DELETE", "/engine-rest/task", null, null, 403),
                new BadRequest("agent", "GET", "/engine-rest/task/count", null, null, 406, "Accept", "text/html"),
                new BadRequest("agent", "POST", "/engine-rest/task/nope/complete", "text/plain", "x", 415),
                new BadRequest(
                        "agent", "POST", "/engine-rest/task/nope/complete", "application/json", "{\"variables\":", 400),
                new BadRequest(
                        "agent",
                        "POST",
                        "/engine-rest/task/nope/complete",
                        "application/json",
                        "{\"variables\": [1]}",
                        400),
                new BadRequest(
                        "agent",
                        "POST",
                        "/engine-rest/task/nope/submit-form",
                        "application/json",
                        "{\"variables\": {\"x\": {\"value\": \"a\", \"type\": \"Object\"}}}",
                        404),
                new BadRequest("agent", "GET", "/engine-rest/task?dueBefore=notadate", null, null, 400),
                new BadRequest(
                        "demo",
                        "POST",
                        "/engine-rest/message",
                        "application/json",
                        "{\"messageName\": \"NO_SUCH_MESSAGE\"}",
                        400),
                new BadRequest("demo", "POST", "/engine-rest/job/nope/execute", null, null, 404),
                new BadRequest(
                        "demo",
                        "POST",
                        "/engine-rest/process-definition/key/Process_Cancellation/start",
                        "application/json",
                        "{}",
                        500));

        for (BadRequest bad : table) {
            ApiClient.Response response = api.call(bad.method(), bad.path(), bad.user(), bad.body(), bad.allHeaders());
            assertThat(response.status())
                    .as(bad.method() + " " + bad.path() + ": " + response.body())
                    .isEqualTo(bad.status());
            assertProblem(response, bad.status());
            if (bad.path().startsWith("/engine-rest")) {
                assertThat(response.json().get("message").asText())
                        .as("Camunda's clients read message")
                        .isNotBlank();
            }
            if (bad.status() >= 500) {
                assertThat(response.json().get("detail").asText())
                        .isEqualTo("The request could not be carried out. The error is in the application log.");
            }
        }

        WebappSession tasklist = WebappSession.login(port, "agent", "agent", "tasklist");
        for (ApiClient.Response response : List.of(
                tasklist.get("/api/engine/engine/default/task/nope"),
                tasklist.post("/api/engine/engine/default/task/nope/submit-form", "{\"variables\": {}}"),
                tasklist.post("/api/engine/engine/default/task/nope/complete", "{\"variables\":"))) {
            assertThat(response.status()).isIn(400, 404);
            assertThat(response.contentType()).startsWith(PROBLEM);
            assertThat(response.json().get("message").asText())
                    .as("Tasklist shows message")
                    .isNotBlank();
            assertThat(INTERNALS.matcher(response.body()).find())
                    .as(response.body())
                    .isFalse();
        }
        assertThat(tasklist.logout().status()).isEqualTo(200);
        assertThat(stored(resolvedCase[0]))
                .as("the refused event changed nothing")
                .isEqualTo(before);
    }

    @Test
    void finding12_aRefusedDeploymentKeepsCamundasDetailsForModeler() {
        String bpmn = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs" targetNamespace="x">
                  <bpmn:process id="Process_Broken" isExecutable="true"><bpmn:startEvent id="Start"/>
                    <bpmn:sequenceFlow id="Flow" sourceRef="Start" targetRef="Missing"/></bpmn:process>
                </bpmn:definitions>""";
        String body = "--xyz\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nbroken\r\n"
                + "--xyz\r\nContent-Disposition: form-data; name=\"broken.bpmn\"; filename=\"broken.bpmn\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + bpmn + "\r\n--xyz--\r\n";
        ApiClient.Response refused = api.call(
                "POST",
                "/engine-rest/deployment/create",
                "owner",
                body,
                "Content-Type",
                "multipart/form-data; boundary=xyz");

        assertProblem(refused, 400);
        assertThat(refused.json().get("message").asText()).isNotBlank();
        assertThat(refused.json().get("details").toString())
                .as("Modeler lists the problems")
                .contains("broken.bpmn");
    }

    /** A cancellation refunded and RESOLVED (it takes no more events): its order id and case id. */
    private String[] resolvedCase() {
        String orderId = newOrder("PAID", "25.00", null);
        String caseId = openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Twice\"}");
        event(caseId, "{\"type\": \"WAREHOUSE_UPDATE\", \"status\": \"SHIPMENT_STOPPED\"}");
        api.awaitCase(
                caseId,
                v -> "RESOLVED".equals(v.get("status").asText())
                        && !v.get("messages").isEmpty());
        return new String[] {orderId, caseId};
    }
}
