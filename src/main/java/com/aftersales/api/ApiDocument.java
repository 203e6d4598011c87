package com.aftersales.api;

import com.aftersales.cases.CaseEvent;
import com.aftersales.config.ApiProblem;
import com.aftersales.config.ApiScope;
import com.aftersales.config.Groups;
import com.aftersales.config.IdempotencyFilter;
import com.aftersales.config.SecurityConfig;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * The OpenAPI document of /api ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}; for logged-in users,
 * SecurityConfig): named and versioned, every event body typed from {@link CaseEvent}, and every operation's answers
 * as the app gives them: its own {@link ProblemAnswer}s and those every endpoint of its kind can give (authentication,
 * body, Idempotency-Key), each problem+json with the problem types it can carry. docs/api.md says the same in words.
 */
@Configuration
public class ApiDocument {

    public static final String PROBLEM_JSON = "application/problem+json";
    /** The request body of POST /api/cases/{caseId}/events: one of the event schemas, by {@code type}. */
    public static final String EVENT_BODY = "CaseEventBody";

    static final String PROBLEM = "Problem";
    static final String BASIC = "basicAuth";
    static final String API_TOKEN = "apiToken";
    private static final String RETRY_AFTER = "Retry-After";
    private static final String REPLAYED = "Idempotent-Replayed";
    private static final String EVENTS_PATH = "/api/cases/{caseId}/events";
    private static final String BUYER_MESSAGES_PATH = "/api/cases/{caseId}/messages";

    /** What an event tells a case, which cases wait for it, and an example of its one field. */
    record EventDoc(String description, String fieldDescription, Object example) {}

    static EventDoc doc(CaseEvent event) {
        return switch (event) {
            case BUYER_CHOICE ->
                new EventDoc(
                        "The buyer's answer to an offer (status WAITING_FOR_BUYER, 3 days). REFUND or "
                                + "RESHIP where a refund or a new item was offered (refund-or-reship: lost parcel, damage, quality defect, "
                                + "wrong item; no answer: refund). ACCEPT_OFFER or DECLINE_OFFER where a keep-the-item offer, a coupon or a "
                                + "discount was made (cancellation of a shipped order, slight damage, no-reason return, wrong or missing "
                                + "item, not as described; no answer: declined).",
                        "REFUND, RESHIP, ACCEPT_OFFER or DECLINE_OFFER",
                        "REFUND");
            case EVIDENCE_ADDED ->
                new EventDoc(
                        "Photos or a video from the buyer, as references: a DAMAGED, QUALITY_DEFECT, "
                                + "WRONG_OR_MISSING_ITEM or NOT_AS_DESCRIBED case opened without evidence waits 3 days for it, then closes "
                                + "with NO_EVIDENCE.",
                        "1 to 20 references (URLs or file ids), each up to 2000 characters",
                        List.of("https://files.example.com/A-1001/photo-1.jpg"));
            case BUYER_REPLIED ->
                new EventDoc(
                        "The buyer's reply in a NOT_RECEIVED case whose parcel the carrier shows "
                                + "delivered: asked to check mailbox and neighbours, the buyer says it is still missing (within 3 days, "
                                + "else the case closes). Kept on the timeline as the buyer's words.",
                        "the buyer's words, up to 2000 characters",
                        "Still not here; the neighbours have nothing either.");
            case CARRIER_UPDATE ->
                new EventDoc(
                        "The carrier's tracking state. A NOT_RECEIVED case routes on it (and checks "
                                + "again on a new one while the parcel is in transit); an ADDRESS_CHANGE case whose buyer refuses the "
                                + "delivery waits for RETURNED_TO_SENDER.",
                        "the tracking state",
                        "LOST");
            case WAREHOUSE_UPDATE ->
                new EventDoc(
                        "The warehouse's answer to a CANCELLATION of a paid, not yet shipped order: "
                                + "SHIPMENT_STOPPED (cancelled and refunded) or ALREADY_LEFT (handled as shipped).",
                        "SHIPMENT_STOPPED or ALREADY_LEFT",
                        "SHIPMENT_STOPPED");
            case RETURN_SHIPPED ->
                new EventDoc(
                        "The return's tracking number, while the return leg waits for the item to be "
                                + "sent (status WAITING_FOR_RETURN; 10 days, R-RET-5, else closed without refund).",
                        "the return parcel's tracking number, up to 2000 characters",
                        "RT-123456789");
            case RETURN_RECEIVED ->
                new EventDoc(
                        "The returned item is back, with its condition on inspection: AS_NEW or "
                                + "OPENED are refunded at once, USED, DAMAGED or EMPTY_OR_WRONG go to an agent. Also a NOT_RECEIVED case "
                                + "whose parcel went back to the sender waits for it.",
                        "the item's condition on inspection",
                        "AS_NEW");
            case BUYER_ESCALATED ->
                new EventDoc(
                        "The buyer opened a claim on the platform. Any open case takes it (status "
                                + "ESCALATED; an agent answers the platform within 48 h, R-SLA-6), and a declined case within its 14-day "
                                + "escalation window.",
                        "the platform's case id, up to 2000 characters",
                        "AZ-555");
            case PLATFORM_RULING ->
                new EventDoc(
                        "The platform's ruling on an ESCALATED case, carried out by platform-ruling.dmn "
                                + "(R-ESC-3).",
                        "the platform's ruling",
                        "CLOSED_SELLER_FAVOUR");
            case BUYER_FEEDBACK ->
                new EventDoc(
                        "The buyer's answer to the follow-up a RESOLVED case sends after 7 days "
                                + "(R-CARE-2; the one event a RESOLVED case takes). false reopens the case for an agent.",
                        "whether the buyer is satisfied",
                        true);
        };
    }

    /** The schema name of an event's body: BUYER_CHOICE → BuyerChoiceEvent. */
    public static String schemaName(CaseEvent event) {
        return Arrays.stream(event.name().split("_"))
                        .map(word -> word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining())
                + "Event";
    }

    @Bean
    OpenAPI afterSalesOpenApi(
            ObjectProvider<BuildProperties> build,
            @Value("${aftersales.limits.request-body:1MB}") DataSize bodyLimit,
            @Value("${aftersales.idempotency-keys-kept-for:P7D}") Duration keysKeptFor) {
        BuildProperties properties = build.getIfAvailable();
        String scopes = Arrays.stream(ApiScope.values())
                .map(scope -> "`" + scope.id() + "`")
                .collect(Collectors.joining(", "));
        return new OpenAPI()
                .info(new Info()
                        .title("After-sales API")
                        .version(properties == null ? "unknown" : properties.getVersion())
                        .description("""
                                The REST API of the after-sales process application: the shop, a marketplace connector, \
                                the carrier feed and the warehouse send orders and stock, open cases and tell cases what \
                                happened; people read cases. docs/api.md in the repository says the same in words.

                                **Authentication.** People: HTTP Basic (a user of the app). Systems: an API token, \
                                `Authorization: Bearer <token>`, with scopes %s; an admin creates it \
                                (`/api/admin/api-tokens`). Nothing is anonymous.

                                **Errors** are `application/problem+json` (RFC 9457) with a `type` \
                                `urn:after-sales:problem:<name>`; a refused request changed nothing.

                                **Retries.** `POST /api/cases` and `POST /api/cases/{caseId}/events` take an \
                                `Idempotency-Key` header: the same key with the same request gets the first answer again \
                                (`Idempotent-Replayed: true`) for %s.

                                **Limits.** Request bodies over %s get 413.""".formatted(scopes, days(keysKeptFor), readable(bodyLimit))))
                .servers(List.of(new Server().url("/").description("this app (the host that serves this document)")))
                .components(
                        new Components()
                                .addSecuritySchemes(
                                        BASIC,
                                        new SecurityScheme()
                                                .type(SecurityScheme.Type.HTTP)
                                                .scheme("basic")
                                                .description(
                                                        "People: a user of the app and their password. What they may do follows "
                                                                + "their groups: reading (GET) every group of the app; sending (POST, PUT) "
                                                                + Groups.INTEGRATIONS + " and " + Groups.ADMIN
                                                                + "; API tokens " + Groups.ADMIN + " only."))
                                .addSecuritySchemes(
                                        API_TOKEN,
                                        new SecurityScheme()
                                                .type(SecurityScheme.Type.HTTP)
                                                .scheme("bearer")
                                                .bearerFormat("opaque API token")
                                                .description(
                                                        "Systems: an API token (created by an admin, shown once, revocable). It allows "
                                                                + "the requests of its scopes only: "
                                                                + Arrays.stream(ApiScope.values())
                                                                        .map(scope -> "`" + scope.id() + "` "
                                                                                + scope.requests())
                                                                        .collect(Collectors.joining("; "))
                                                                + ". Any other request with a token gets 403 (`missingScope` names the scope it "
                                                                + "lacks). Each operation's security requirement names the scope it needs.")));
    }

    /** The operation's own problem answers, as its controller method declares them ({@link ProblemAnswer}). */
    @Bean
    OperationCustomizer declaredProblemAnswers() {
        return (operation, handler) -> {
            for (ProblemAnswer answer : handler.getMethod().getAnnotationsByType(ProblemAnswer.class)) {
                addProblem(operation, answer.status(), answer.type(), answer.when());
            }
            return operation;
        };
    }

    /**
     * The event bodies and the problem schema; on every operation the answers of its kind, its security and the
     * Idempotency-Key of the POSTs that take one (the /api chain of SecurityConfig, not the API tokens' administration).
     */
    @Bean
    OpenApiCustomizer commonAnswers(
            @Value("${aftersales.limits.request-body:1MB}") DataSize bodyLimit,
            @Value("${aftersales.idempotency-keys-kept-for:P7D}") Duration keysKeptFor) {
        return openApi -> {
            Components components = openApi.getComponents();
            components.addSchemas(PROBLEM, problemSchema());
            components.addHeaders(
                    RETRY_AFTER,
                    new Header()
                            .description("Seconds to wait before sending the request again")
                            .schema(new IntegerSchema()));
            components.addHeaders(
                    REPLAYED,
                    new Header()
                            .description("true: this is the stored answer to an earlier request "
                                    + "with the same Idempotency-Key; nothing was done again")
                            .schema(new StringSchema()._enum(List.of("true"))));
            addEventSchemas(components);
            describeCaseView(components.getSchemas());
            if (openApi.getPaths() == null) return;
            openApi.getPaths()
                    .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                        HttpMethod httpMethod = HttpMethod.valueOf(method.name());
                        boolean tokenAdmin = path.startsWith("/api/admin/");
                        if (path.equals(EVENTS_PATH) && method == PathItem.HttpMethod.POST) {
                            operation.setRequestBody(new RequestBody()
                                    .required(true)
                                    .description("One event; `type` says which.")
                                    .content(new Content()
                                            .addMediaType(
                                                    "application/json",
                                                    new MediaType().schema(new Schema<>().$ref(EVENT_BODY)))));
                        }
                        addCommonAnswers(operation, httpMethod, path, tokenAdmin, bodyLimit);
                        if (method == PathItem.HttpMethod.POST && !tokenAdmin)
                            addIdempotencyKey(operation, keysKeptFor);
                        sortAnswers(operation);
                    }));
        };
    }

    private static void addCommonAnswers(
            Operation operation, HttpMethod method, String path, boolean tokenAdmin, DataSize bodyLimit) {
        Optional<ApiScope> scope = tokenAdmin ? Optional.empty() : ApiScope.requiredFor(method, path);
        List<SecurityRequirement> security = new ArrayList<>();
        security.add(new SecurityRequirement().addList(BASIC));
        scope.ifPresent(s -> security.add(new SecurityRequirement().addList(API_TOKEN, s.id())));
        operation.setSecurity(security);
        List<String> groups = tokenAdmin
                ? List.of(Groups.ADMIN)
                : method == HttpMethod.GET
                        ? SecurityConfig.READERS
                        : path.equals(BUYER_MESSAGES_PATH)
                                ? SecurityConfig.BUYER_MESSAGE_WRITERS
                                : SecurityConfig.WRITERS;
        String who = "**Who:** " + groups.stream().map(g -> "`" + g + "`").collect(Collectors.joining(", "))
                + (scope.map(s -> "; API tokens with the scope `" + s.id() + "`")
                        .orElse("; no API token")) + ".";
        operation.setDescription(operation.getDescription() == null ? who : operation.getDescription() + "\n\n" + who);

        addProblem(
                operation,
                401,
                "unauthenticated",
                "no credentials, a wrong password, or an unknown or revoked API token");
        addProblem(
                operation,
                403,
                "forbidden",
                "the caller's groups, or the API token's scopes, do not allow this request "
                        + "(`missingScope` names the scope a token lacks)");
        addProblem(
                operation,
                429,
                "too-many-failed-logins",
                "too many failed logins came from the caller's address; " + "`Retry-After` says when to try again");
        operation.getResponses().get("429").addHeaderObject(RETRY_AFTER, new Header().$ref(RETRY_AFTER));
        addProblem(
                operation,
                500,
                "internal",
                "the request could not be carried out; the error is in the application log");
        if (operation.getRequestBody() != null) {
            addProblem(operation, 400, "malformed", "the body is not JSON, or not a JSON object");
            addProblem(
                    operation,
                    400,
                    "validation",
                    "a field is missing or not valid; `errors[]` names each field and what it must be");
            addProblem(
                    operation,
                    413,
                    "body-too-large",
                    "the body is larger than " + readable(bodyLimit) + " (`limitBytes`); nothing of it was read");
            addProblem(operation, 415, "unsupported-media-type", "the body is not sent as `application/json`");
        }
    }

    private static void addIdempotencyKey(Operation operation, Duration keysKeptFor) {
        operation.addParametersItem(new HeaderParameter()
                .name(IdempotencyFilter.HEADER)
                .required(false)
                .description(
                        "Your key for this request (1 to 200 characters). The same key with the same request gets the "
                                + "first answer again, with `Idempotent-Replayed: true`, for " + days(keysKeptFor)
                                + "; with another "
                                + "request 422. A 409, "
                                + "429 or 5xx answer is not kept: the retry runs the request again.")
                .schema(new StringSchema().minLength(1).maxLength(200))
                .example("open-A-1001-cancellation"));
        addProblem(operation, 400, "validation", "the Idempotency-Key header is empty or longer than 200 characters");
        addProblem(
                operation,
                409,
                "idempotency-key-in-use",
                "a request with the same Idempotency-Key is still being "
                        + "processed; `Retry-After` says when to send it again");
        operation.getResponses().get("409").addHeaderObject(RETRY_AFTER, new Header().$ref(RETRY_AFTER));
        addProblem(
                operation,
                422,
                "idempotency-key-reused",
                "the Idempotency-Key was used before for another request " + "(another path or body)");
        operation.getResponses().forEach((code, response) -> {
            if (code.startsWith("2")) response.addHeaderObject(REPLAYED, new Header().$ref(REPLAYED));
        });
    }

    /**
     * Adds a problem type to the operation's answer of that status: problem+json whose {@code type} is one of the
     * listed URNs, each with when it comes in the answer's description.
     */
    static void addProblem(Operation operation, int status, String type, String when) {
        if (operation.getResponses() == null) operation.setResponses(new ApiResponses());
        String code = Integer.toString(status);
        String urn = ApiProblem.TYPE_PREFIX + type;
        ApiResponse response = operation.getResponses().get(code);
        MediaType problem = response == null || response.getContent() == null
                ? null
                : response.getContent().get(PROBLEM_JSON);
        if (problem == null) {
            response = new ApiResponse()
                    .description(HttpStatus.valueOf(status).getReasonPhrase() + ". Problem types:")
                    .content(new Content()
                            .addMediaType(
                                    PROBLEM_JSON,
                                    new MediaType()
                                            .schema(new ComposedSchema()
                                                    .addAllOfItem(new Schema<>().$ref(PROBLEM))
                                                    .addProperty(
                                                            "type", new StringSchema()._enum(new ArrayList<>())))));
            operation.getResponses().addApiResponse(code, response);
            problem = response.getContent().get(PROBLEM_JSON);
        }
        @SuppressWarnings("unchecked")
        Schema<String> types =
                (Schema<String>) problem.getSchema().getProperties().get("type");
        if (types.getEnum().contains(urn)) { // one more case of a type already listed: at the end of its line
            String line = "\n- `" + urn + "`: ";
            int end = response.getDescription()
                    .indexOf('\n', response.getDescription().indexOf(line) + line.length());
            StringBuilder description = new StringBuilder(response.getDescription());
            description.insert(end < 0 ? description.length() : end, "; " + when);
            response.setDescription(description.toString());
            return;
        }
        types.addEnumItemObject(urn);
        response.setDescription(response.getDescription() + "\n- `" + urn + "`: " + when);
    }

    private static void sortAnswers(Operation operation) {
        Map<String, ApiResponse> sorted = new LinkedHashMap<>();
        operation.getResponses().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        operation.getResponses().clear();
        operation.getResponses().putAll(sorted);
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("An error (RFC 9457). The request changed nothing.")
                .addProperty(
                        "type",
                        new StringSchema()
                                .format("uri")
                                .description("urn:after-sales:problem:<name>; the "
                                        + "answers of each operation list the types it can carry"))
                .addProperty("title", new StringSchema().description("the problem in a few words"))
                .addProperty("status", new IntegerSchema().description("the HTTP status"))
                .addProperty("detail", new StringSchema().description("what happened and what to do, for a person"))
                .addProperty("instance", new StringSchema().description("the request's path"))
                .addProperty(
                        "errors",
                        new ArraySchema()
                                .description("validation: each field that is not valid")
                                .items(new ObjectSchema()
                                        .addProperty(
                                                "field",
                                                new StringSchema()
                                                        .description("as the caller names it: items[0].quantity"))
                                        .addProperty(
                                                "message",
                                                new StringSchema().description("what it must be, in words"))))
                .addProperty(
                        "waitingFor",
                        new ArraySchema()
                                .items(new StringSchema())
                                .description("event-not-expected, "
                                        + "case-closed: the events the case waits for now (empty: none)"))
                .addProperty("caseId", new StringSchema().description("case-already-open: the open case"))
                .addProperty(
                        "ruleId", new StringSchema().description("the policy rule that refused the request (R-CAN-2)"))
                .addProperty("missingScope", new StringSchema().description("forbidden: the scope the API token lacks"))
                .addProperty(
                        "limitBytes", new IntegerSchema().description("body-too-large: the most this endpoint takes"))
                .addProperty(
                        "retryAfterSeconds", new IntegerSchema().description("too-many-failed-logins: as Retry-After"))
                .required(List.of("type", "title", "status", "detail"));
    }

    /** What the case view's open values mean; docs/api.md lists every resolution and refund purpose (PolicyDocTest, ApiDocTest). */
    private static void describeCaseView(Map<String, Schema> schemas) {
        describe(
                schemas,
                "CaseView",
                "status",
                "OPEN, WAITING_FOR_BUYER, WAITING_FOR_RETURN, ESCALATED; final: RESOLVED "
                        + "(with a resolution), CLOSED (nothing more to do)");
        describe(
                schemas,
                "CaseView",
                "responsibility",
                "who is responsible, by the CaseClassification table (R-GEN-1): "
                        + "SELLER, LOGISTICS, BUYER; null while not known");
        describe(
                schemas,
                "CaseView",
                "resolution",
                "how the case ended (null while open): CANCELLED, FULL_REFUND, "
                        + "PARTIAL_REFUND, RESHIP, … — every value and what it means in docs/api.md, \"Resolutions\"");
        describe(
                schemas,
                "CaseView",
                "returnShippingPaidBy",
                "who pays the return label (R-GEN-5): SELLER, BUYER, " + "PLATFORM; null without a return");
        describe(
                schemas,
                "CaseView",
                "deadlines",
                "the SLA deadline of every open agent task and of every task that "
                        + "passed its deadline (a breach stays after the task is done)");
        describe(schemas, "CaseView", "escalation", "null unless the buyer escalated to the platform");
        describe(schemas, "CaseView", "refunds", "the refund ledger's lines of the case, one per purpose");
        describe(
                schemas,
                "RefundLine",
                "purpose",
                "what the money is for, one line per purpose and case (R-GEN-4): "
                        + "CANCELLATION, RETURN, PLATFORM_DEBIT (the platform's debit, not paid again), … — every value in "
                        + "docs/api.md, \"Refund purposes\"");
        describe(schemas, "Deadline", "breached", "true once due has passed");
        describe(schemas, "Deadline", "breachedAt", "when the breach was recorded; null while not breached");
        describe(
                schemas,
                "Escalation",
                "outcome",
                "the platform's ruling (WITHDRAWN, SELLER_REFUNDED, "
                        + "GRANTED_SELLER_FUNDED, CLOSED_SELLER_FAVOUR) or LOST_BY_SILENCE; null until then");
        describe(schemas, "Escalation", "orderDefect", "whether it counts as an order defect (R-ESC-3)");
    }

    private static void describe(Map<String, Schema> schemas, String schema, String property, String description) {
        Schema<?> owner = schemas.get(schema);
        Schema<?> field = owner == null || owner.getProperties() == null
                ? null
                : owner.getProperties().get(property);
        if (field != null && field.getDescription() == null) field.setDescription(description);
    }

    /** One schema per event type, from {@link CaseEvent} and as {@code CaseEvents.parse} checks it; their oneOf by type. */
    private static void addEventSchemas(Components components) {
        ComposedSchema body = new ComposedSchema();
        Discriminator discriminator = new Discriminator().propertyName("type");
        for (CaseEvent event : CaseEvent.values()) {
            EventDoc doc = doc(event);
            Schema<?> field = switch (event) {
                case EVIDENCE_ADDED ->
                    new ArraySchema()
                            .minItems(1)
                            .maxItems(20)
                            .items(new StringSchema()
                                    .minLength(1)
                                    .maxLength(2000)
                                    .pattern("\\S"));
                case BUYER_FEEDBACK -> new BooleanSchema();
                default -> {
                    StringSchema text = new StringSchema();
                    text.minLength(1).maxLength(2000).pattern("\\S");
                    if (event.allowed() != null) text._enum(new ArrayList<>(new TreeSet<>(event.allowed())));
                    yield text;
                }
            };
            field.description(doc.fieldDescription());
            Map<String, Object> example = new LinkedHashMap<>();
            example.put("type", event.name());
            example.put(event.field(), doc.example());
            ObjectSchema schema = new ObjectSchema();
            schema.description(doc.description());
            schema.addProperty(
                    "type", new StringSchema()._enum(List.of(event.name())).description("the event type"));
            schema.addProperty(event.field(), field);
            if (event == CaseEvent.BUYER_FEEDBACK) {
                schema.addProperty(
                        "comment", new StringSchema().description("the buyer's words, optional; on the timeline"));
                example.put("comment", "Works fine now, thank you.");
            }
            schema.required(List.of("type", event.field()));
            schema.addExample(Json.mapper().valueToTree(example)); // OpenAPI 3.1: examples, a list
            components.addSchemas(schemaName(event), schema);
            body.addOneOfItem(new Schema<>().$ref(schemaName(event)));
            discriminator.mapping(event.name(), "#/components/schemas/" + schemaName(event));
        }
        body.discriminator(discriminator)
                .description(
                        "An event a case takes: what happened outside. `type` says which; "
                                + "each type has one field. The case must be waiting for it (else 409 event-not-expected with `waitingFor`).");
        components.addSchemas(EVENT_BODY, body);
    }

    private static String days(Duration duration) {
        return duration.toDays() == 1 ? "1 day" : duration.toDays() + " days";
    }

    private static String readable(DataSize size) {
        long bytes = size.toBytes();
        return bytes % (1024 * 1024) == 0
                ? bytes / (1024 * 1024) + " MB"
                : bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
    }
}
