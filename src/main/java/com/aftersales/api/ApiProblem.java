package com.aftersales.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request the app refuses, with what the caller needs to put it right. Answered as
 * {@code application/problem+json} (RFC 9457) by {@link ProblemHandler}; nothing was changed.
 */
public class ApiProblem extends RuntimeException {

    public record FieldError(String field, String message) { }

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
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse("");
        return new ApiProblem(HttpStatus.BAD_REQUEST, "validation", "The request is not valid", detail).with("errors", errors);
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

    public ApiProblem with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public HttpStatus status() { return status; }
    public String type() { return type; }
    public String title() { return title; }
    public Map<String, Object> properties() { return properties; }
}
