package com.aftersales.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A request the app refuses, with what the caller needs to put it right. Answered as
 * {@code application/problem+json} (RFC 9457, {@link #toDetail}) by api/ProblemHandler on /api, by
 * {@link ProblemWriter} in the filters and the engine gateway; nothing was changed.
 */
public class ApiProblem extends RuntimeException {

    public static final String TYPE_PREFIX = "urn:after-sales:problem:";

    public record FieldError(String field, String message) {}

    private static final Pattern EXCEPTION_PREFIX =
            Pattern.compile("(?:\\b[a-z_][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error|Filter)\\s*:\\s*");
    private static final Pattern ENGINE_CODE = Pattern.compile("\\bENGINE-[A-Z-]*\\d+\\s*");
    private static final Pattern QUALIFIED_NAME =
            Pattern.compile("`?\\b(?:[a-z_][\\w$]*\\.)+([A-Z][\\w$]*)(?:<[^>]*>)?`?");

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiProblem(HttpStatus status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public static ApiProblem invalid(List<FieldError> errors) {
        String detail = errors.stream()
                .map(e -> e.field() + ": " + e.message())
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
        return new ApiProblem(HttpStatus.BAD_REQUEST, "validation", "The request is not valid", detail)
                .with("errors", errors);
    }

    public static ApiProblem invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ApiProblem notFound(String what, String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", what + " not found", detail);
    }

    public static ApiProblem conflict(String type, String title, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, type, title, detail);
    }

    /** A server error: the caller learns nothing of its cause (that is in the log). */
    public static ApiProblem internal() {
        return new ApiProblem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
                "The request could not be carried out. The error is in the application log.");
    }

    /**
     * The problem of a bare HTTP status (an unknown path, a method or media type the endpoint does not take, an
     * error of Camunda's REST API): its type ({@code urn:after-sales:problem:not-found}) and title by the status.
     */
    public static ApiProblem ofStatus(int status, String detail) {
        HttpStatus known = HttpStatus.resolve(status);
        if (known == null || known.is5xxServerError()) return internal();
        String type = switch (known) {
            case BAD_REQUEST -> "invalid-request";
            case UNAUTHORIZED -> "unauthenticated";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not-found";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case NOT_ACCEPTABLE -> "not-acceptable";
            case CONFLICT -> "conflict";
            case PAYLOAD_TOO_LARGE -> "body-too-large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case TOO_MANY_REQUESTS -> "too-many-requests";
            default -> "request-refused";
        };
        return new ApiProblem(known, type, known.getReasonPhrase(), detail);
    }

    /**
     * A message for a caller: its first line, without internals ({@link #withoutInternals}), at most 500 characters.
     */
    public static String plainText(String text) {
        if (text == null) return "";
        int end = text.indexOf('\n');
        String line = withoutInternals(end < 0 ? text : text.substring(0, end)).trim();
        return line.length() > 500 ? line.substring(0, 500) + "…" : line;
    }

    /**
     * The text without Java package, exception or filter names ({@code org.camunda.bpm.engine.MismatchingMessageCorrelationException:
     * Cannot correlate …} → {@code Cannot correlate …}, {@code java.lang.Integer} → {@code Integer}) and without Camunda's
     * message codes ({@code ENGINE-14026}).
     */
    public static String withoutInternals(String text) {
        String clean = EXCEPTION_PREFIX.matcher(text).replaceAll("");
        clean = ENGINE_CODE.matcher(clean).replaceAll("");
        return QUALIFIED_NAME.matcher(clean).replaceAll("$1").replace("java type ", "type ");
    }

    /** A JSON path as the caller names the field: {@code items[0].quantity}. */
    public static String fieldOf(List<JsonMappingException.Reference> path) {
        return path.stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    /** The problem+json body: type {@code urn:after-sales:problem:<type>}, title, detail and the properties. */
    public ProblemDetail toDetail() {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(status, getMessage());
        detail.setType(URI.create(TYPE_PREFIX + type));
        detail.setTitle(title);
        properties.forEach(detail::setProperty);
        return detail;
    }

    public ApiProblem with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
