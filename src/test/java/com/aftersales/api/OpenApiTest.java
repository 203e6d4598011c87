package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.cases.CaseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document a system integrator builds from (issue 12), read over HTTP as a person would: who may read it,
 * what it says, and that what it says is what the app does (the events' contract).
 */
class OpenApiTest extends ApiTestSupport {

    private static final String URN = "urn:after-sales:problem:";

    private JsonNode document() {
        ApiClient.Response response = api.call("GET", "/v3/api-docs", "shop", null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        return response.json();
    }

    @Test
    void anonymousCallersGet401ProblemJson_everyUserOfTheAppGetsTheDocument() {
        for (String path :
                List.of("/v3/api-docs", "/v3/api-docs/swagger-config", "/swagger-ui.html", "/swagger-ui/index.html")) {
            ApiClient.Response anonymous = api.call("GET", path, null, null);
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.contentType()).as(path).startsWith("application/problem+json");
            assertThat(anonymous.json().get("type").asText()).isEqualTo(URN + "unauthenticated");
            assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic");
        }
        ApiClient.Response wrongPassword = api.call(
                "GET",
                "/v3/api-docs",
                null,
                null,
                "Authorization",
                "Basic " + java.util.Base64.getEncoder().encodeToString("agent:wrong".getBytes()));
        assertThat(wrongPassword.status()).isEqualTo(401);
        for (String user : List.of("agent", "lead", "owner", "shop", "demo")) {
            assertThat(api.call("GET", "/v3/api-docs", user, null).status())
                    .as(user)
                    .isEqualTo(200);
        }
    }

    @Test
    void aPersonBrowsesTheDocumentInSwaggerUi() {
        ApiClient.Response entry = api.call("GET", "/swagger-ui.html", "agent", null);
        assertThat(entry.status()).isEqualTo(302);
        assertThat(entry.location()).endsWith("/swagger-ui/index.html");

        ApiClient.Response page = api.call("GET", "/swagger-ui/index.html", "agent", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<div id=\"swagger-ui\">", "swagger-ui-bundle.js", "swagger-initializer.js");
        for (String asset : List.of("swagger-ui-bundle.js", "swagger-ui.css", "swagger-initializer.js")) {
            assertThat(api.call("GET", "/swagger-ui/" + asset, "agent", null).status())
                    .as(asset)
                    .isEqualTo(200);
        }
        // the page loads its configuration and the document with the login of the page (a browser does not send Basic
        // credentials given in the URL with them); that session opens nothing else
        String session = page.header("Set-Cookie").split(";")[0];
        ApiClient.Response config = api.call("GET", "/v3/api-docs/swagger-config", null, null, "Cookie", session);
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().get("url").asText()).isEqualTo("/v3/api-docs");
        assertThat(api.call("GET", "/v3/api-docs", null, null, "Cookie", session)
                        .status())
                .isEqualTo(200);
        assertThat(api.call("GET", "/api/cases", null, null, "Cookie", session).status())
                .isEqualTo(401);
        assertThat(api.call("GET", "/engine-rest/task", null, null, "Cookie", session)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void theDocumentIsNamedVersionedAndRelative() throws IOException {
        JsonNode doc = document();
        assertThat(doc.get("info").get("title").asText()).isEqualTo("After-sales API");
        assertThat(doc.get("info").get("version").asText()).isEqualTo(projectVersion());
        assertThat(doc.get("info").get("description").asText())
                .contains("Idempotency-Key", "for 7 days", "problem+json", "over 1 MB");
        assertThat(doc.get("servers").get(0).get("url").asText()).isEqualTo("/");
        JsonNode schemes = doc.get("components").get("securitySchemes");
        assertThat(schemes.get("basicAuth").get("scheme").asText()).isEqualTo("basic");
        assertThat(schemes.get("apiToken").get("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.get("apiToken").get("description").asText())
                .contains("`read`", "`orders:write`", "`cases:write`");
    }

    @Test
    void everyEventTypeHasItsSchemaWithItsRequiredField() {
        JsonNode schemas = document().get("components").get("schemas");
        JsonNode body = schemas.get("CaseEventBody");
        assertThat(body.get("oneOf")).hasSize(CaseEvent.values().length);
        assertThat(body.get("discriminator").get("propertyName").asText()).isEqualTo("type");
        for (CaseEvent event : CaseEvent.values()) {
            String name = ApiDocument.schemaName(event);
            assertThat(body.get("discriminator")
                            .get("mapping")
                            .get(event.name())
                            .asText())
                    .isEqualTo("#/components/schemas/" + name);
            JsonNode schema = schemas.get(name);
            assertThat(schema).as(name).isNotNull();
            assertThat(texts(schema.get("required"))).as(name).containsExactlyInAnyOrder("type", event.field());
            assertThat(texts(schema.get("properties").get("type").get("enum"))).containsExactly(event.name());
            assertThat(schema.get("description").asText()).as(name).isNotBlank();
            JsonNode field = schema.get("properties").get(event.field());
            if (event.allowed() != null)
                assertThat(texts(field.get("enum"))).as(name).containsExactlyElementsOf(new TreeSet<>(event.allowed()));
            assertThat(schema.get("examples").get(0).get("type").asText()).isEqualTo(event.name());
        }
        // the field of BUYER_REPLIED, before named only in the tests
        assertThat(texts(schemas.get("BuyerRepliedEvent").get("required"))).contains("message");
        assertThat(schemas.get("BuyerFeedbackEvent")
                        .get("properties")
                        .get("satisfied")
                        .get("type")
                        .asText())
                .isEqualTo("boolean");
        assertThat(schemas.get("EvidenceAddedEvent")
                        .get("properties")
                        .get("evidence")
                        .get("maxItems")
                        .asInt())
                .isEqualTo(20);

        JsonNode events =
                document().get("paths").get("/api/cases/{caseId}/events").get("post");
        assertThat(events.get("requestBody")
                        .get("content")
                        .get("application/json")
                        .get("schema")
                        .get("$ref")
                        .asText())
                .isEqualTo("#/components/schemas/CaseEventBody");
    }

    @Test
    void everyOperationDocumentsItsAnswersAndErrorsAsProblemJson() {
        JsonNode paths = document().get("paths");
        List<String> operations = new ArrayList<>();
        paths.fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
                    String name = op.getKey().toUpperCase() + " " + path.getKey();
                    operations.add(name);
                    JsonNode responses = op.getValue().get("responses");
                    assertThat(op.getValue().get("operationId")).as(name).isNotNull();
                    assertThat(fieldNames(responses)).as(name).contains("401", "403", "429", "500");
                    assertThat(fieldNames(responses).stream()
                                    .filter(code -> code.startsWith("2"))
                                    .toList())
                            .as(name)
                            .hasSize(name.startsWith("PUT") ? 2 : 1);
                    responses.fields().forEachRemaining(answer -> {
                        if (answer.getKey().startsWith("2")) return;
                        JsonNode content = answer.getValue().get("content");
                        assertThat(fieldNames(content))
                                .as(name + " " + answer.getKey())
                                .containsExactly("application/problem+json");
                        List<String> types = problemTypes(op.getValue(), answer.getKey());
                        assertThat(types)
                                .as(name + " " + answer.getKey())
                                .isNotEmpty()
                                .allMatch(t -> t.startsWith(URN));
                        for (String type : types)
                            assertThat(answer.getValue().get("description").asText())
                                    .contains(type);
                    });
                    if (op.getValue().has("requestBody")) {
                        assertThat(fieldNames(responses)).as(name).contains("400", "413", "415");
                        assertThat(problemTypes(op.getValue(), "413")).containsExactly(URN + "body-too-large");
                    }
                    assertThat(op.getValue().get("security").toString())
                            .as(name)
                            .contains("basicAuth");
                }));
        assertThat(operations)
                .contains(
                        "POST /api/cases",
                        "POST /api/cases/{caseId}/events",
                        "GET /api/cases/{caseId}",
                        "GET /api/cases",
                        "PUT /api/orders/{orderId}",
                        "GET /api/orders/{orderId}",
                        "PUT /api/stock/{sku}",
                        "GET /api/stock/{sku}",
                        "POST /api/admin/api-tokens",
                        "DELETE /api/admin/api-tokens/{id}");

        JsonNode open = paths.get("/api/cases").get("post");
        assertThat(fieldNames(open.get("responses")))
                .contains("201", "400", "401", "403", "404", "409", "413", "422", "429");
        assertThat(problemTypes(open, "409"))
                .contains(URN + "case-already-open", URN + "order-delivered", URN + "idempotency-key-in-use");
        assertThat(problemTypes(open, "422")).containsExactly(URN + "idempotency-key-reused");
        JsonNode event = paths.get("/api/cases/{caseId}/events").get("post");
        assertThat(fieldNames(event.get("responses")))
                .contains("202", "400", "401", "403", "404", "409", "413", "422", "429");
        assertThat(problemTypes(event, "409"))
                .contains(URN + "event-not-expected", URN + "case-closed", URN + "case-busy");
        assertThat(problemTypes(paths.get("/api/cases/{caseId}").get("get"), "404"))
                .containsExactly(URN + "not-found");
        // the scope an API token needs, per operation
        assertThat(open.get("security").toString()).contains("\"apiToken\":[\"cases:write\"]");
        assertThat(paths.get("/api/orders/{orderId}").get("put").get("security").toString())
                .contains("\"apiToken\":[\"orders:write\"]");
        assertThat(paths.get("/api/cases/{caseId}").get("get").get("security").toString())
                .contains("\"apiToken\":[\"read\"]");
        assertThat(paths.get("/api/admin/api-tokens")
                        .get("post")
                        .get("security")
                        .toString())
                .doesNotContain("apiToken");
    }

    @Test
    void idempotencyKeyAndItsHeadersAreDocumentedOnThePosts() {
        JsonNode paths = document().get("paths");
        for (String path : List.of("/api/cases", "/api/cases/{caseId}/events")) {
            JsonNode post = paths.get(path).get("post");
            JsonNode key = null;
            for (JsonNode parameter : post.get("parameters")) {
                if ("Idempotency-Key".equals(parameter.get("name").asText())) key = parameter;
            }
            assertThat(key).as(path).isNotNull();
            assertThat(key.get("in").asText()).isEqualTo("header");
            assertThat(key.get("schema").get("maxLength").asInt()).isEqualTo(200);
            String success = path.endsWith("events") ? "202" : "201";
            assertThat(fieldNames(post.get("responses").get(success).get("headers")))
                    .as(path)
                    .contains("Idempotent-Replayed");
            assertThat(fieldNames(post.get("responses").get("409").get("headers")))
                    .as(path)
                    .contains("Retry-After");
            assertThat(fieldNames(post.get("responses").get("429").get("headers")))
                    .as(path)
                    .contains("Retry-After");
        }
        assertThat(fieldNames(paths.get("/api/cases")
                        .get("post")
                        .get("responses")
                        .get("201")
                        .get("headers")))
                .contains("Location");
        // the token administration keeps no answers (it holds a secret): no Idempotency-Key there
        assertThat(paths.get("/api/admin/api-tokens").get("post").toString()).doesNotContain("Idempotency-Key");
    }

    /**
     * The contract: for every event type, the example of its schema is taken (202) or refused for the case's state (409),
     * never for its shape; without a required field, or with a value its schema does not list, it is 400 naming the
     * field. Every answer is one the document lists for the operation, with its problem type.
     */
    @Test
    void contract_everyEventSchemaIsWhatTheAppChecks() {
        JsonNode doc = document();
        JsonNode schemas = doc.get("components").get("schemas");
        JsonNode operation = doc.get("paths").get("/api/cases/{caseId}/events").get("post");
        String caseId = openCaseId("{\"orderId\": \"" + newOrder("PAID", "25.00", null)
                + "\", \"type\": \"CANCELLATION\", \"description\": \"Ordered twice\"}");

        List<String> taken = new ArrayList<>();
        for (CaseEvent event : CaseEvent.values()) {
            JsonNode schema = schemas.get(ApiDocument.schemaName(event));
            ObjectNode example = (ObjectNode) schema.get("examples").get(0);
            ApiClient.Response answer = send(caseId, example, operation);
            assertThat(answer.status())
                    .as(event + " example " + example + ": " + answer.body())
                    .isIn(202, 409);
            if (answer.status() == 202) taken.add(event.name());

            for (String required : texts(schema.get("required"))) {
                ObjectNode without = example.deepCopy();
                without.remove(required);
                assertFieldRefused(send(caseId, without, operation), required, event + " without " + required);
            }
            schema.get("properties").fields().forEachRemaining(property -> {
                if (!property.getValue().has("enum")) return;
                ObjectNode other = example.deepCopy();
                other.put(property.getKey(), "NOT_ONE_OF_THEM");
                assertFieldRefused(
                        send(caseId, other, operation),
                        property.getKey(),
                        event + " with another " + property.getKey());
            });
        }
        // the cancellation waited for the warehouse: its example was taken, the others refused for the case's state
        assertThat(taken).containsExactly("WAREHOUSE_UPDATE");
    }

    private ApiClient.Response send(String caseId, JsonNode body, JsonNode operation) {
        ApiClient.Response answer = api.call("POST", "/api/cases/" + caseId + "/events", "shop", body.toString());
        String code = Integer.toString(answer.status());
        assertThat(operation.get("responses").has(code))
                .as("answer " + code + " to " + body + " is documented")
                .isTrue();
        if (answer.status() >= 400) {
            assertThat(problemTypes(operation, code))
                    .as("the problem type of " + answer.body() + " is documented for " + code)
                    .contains(answer.json().get("type").asText());
        }
        return answer;
    }

    private static void assertFieldRefused(ApiClient.Response answer, String field, String what) {
        assertThat(answer.status()).as(what + ": " + answer.body()).isEqualTo(400);
        assertThat(answer.json().get("type").asText()).isEqualTo(URN + "validation");
        assertThat(answer.json().get("errors").get(0).get("field").asText())
                .as(what)
                .isEqualTo(field);
    }

    private static List<String> problemTypes(JsonNode operation, String code) {
        JsonNode schema = operation
                .get("responses")
                .get(code)
                .get("content")
                .get("application/problem+json")
                .get("schema");
        assertThat(schema.get("allOf").get(0).get("$ref").asText()).isEqualTo("#/components/schemas/Problem");
        return texts(schema.get("properties").get("type").get("enum")).stream().toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        if (array != null) array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        if (node != null) node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The version in pom.xml, which the document must state. */
    private static String projectVersion() throws IOException {
        Matcher version = Pattern.compile("<artifactId>after-sales</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(version.find()).isTrue();
        return version.group(1);
    }
}
