package com.aftersales.api;

import com.aftersales.config.ApiProblem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error of /api as application/problem+json (RFC 9457), validation errors with {@code errors}: the
 * field ({@code items[0].quantity}) and what it must be, in words, never a Java type or exception name.
 * Types are {@code urn:after-sales:problem:<name>}; a server error's detail says only that it is in the log.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        return respond(problem.toDetail());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "" : "; expected " + expected(e.getRequiredType());
        return respond(ApiProblem.invalid(e.getName(), "'" + e.getValue() + "' is not valid" + expected)
                .toDetail());
    }

    @ExceptionHandler(OptimisticLockingException.class)
    ResponseEntity<ProblemDetail> busy(OptimisticLockingException e) {
        return respond(ApiProblem.conflict(
                        "case-busy",
                        "The case is busy",
                        "The case was changing while the request arrived; send it again.")
                .toDetail());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Request failed", e);
        return respond(ApiProblem.internal().toDetail());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiProblem.FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new ApiProblem.FieldError(f.getField(), f.getDefaultMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        return new ResponseEntity<>(ApiProblem.invalid(errors).toDetail(), problemHeaders(), HttpStatus.BAD_REQUEST);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiProblem.FieldError> errors = e.getAllErrors().stream()
                .map(err -> new ApiProblem.FieldError(
                        String.join(
                                ",",
                                err.getCodes() == null
                                        ? new String[0]
                                        : new String[] {err.getCodes()[err.getCodes().length - 1]}),
                        err.getDefaultMessage()))
                .toList();
        return new ResponseEntity<>(ApiProblem.invalid(errors).toDetail(), problemHeaders(), HttpStatus.BAD_REQUEST);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return new ResponseEntity<>(unreadable(e).toDetail(), problemHeaders(), HttpStatus.BAD_REQUEST);
    }

    /** A body that is no JSON, or a value of the wrong kind: the field and what it must be, in words. */
    static ApiProblem unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            Class<?> target = mismatch.getTargetType();
            String message;
            if (mismatch instanceof InvalidFormatException invalid && target != null && target.isEnum()) {
                message = "'" + invalid.getValue() + "' is not allowed; one of "
                        + Arrays.toString(target.getEnumConstants());
            } else if (mismatch instanceof InvalidFormatException invalid
                    && isWholeNumber(target)
                    && invalid.getValue() instanceof Number) {
                message = "must be a whole number; it was " + invalid.getValue();
            } else {
                message = "has the wrong type: expected " + (target == null ? "another value" : expected(target));
            }
            return ApiProblem.invalid(ApiProblem.fieldOf(mismatch.getPath()), message);
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return ApiProblem.invalid(
                    ApiProblem.fieldOf(mapping.getPath()),
                    mapping.getCause() instanceof InputCoercionException ? "is out of range" : "is not valid");
        }
        String detail;
        if (cause instanceof JsonMappingException) {
            detail = "The body must be a JSON object.";
        } else if (cause instanceof JsonProcessingException json) {
            detail = "The body is not valid JSON: " + ApiProblem.plainText(json.getOriginalMessage())
                    + (json.getLocation() == null
                            ? ""
                            : " (line " + json.getLocation().getLineNr() + ", column "
                                    + json.getLocation().getColumnNr() + ")");
        } else {
            detail = "The request has no body; send a JSON object.";
        }
        return new ApiProblem(HttpStatus.BAD_REQUEST, "malformed", "The request body is not valid JSON", detail);
    }

    private static boolean isWholeNumber(Class<?> type) {
        return type == Integer.class
                || type == int.class
                || type == Long.class
                || type == long.class
                || type == Short.class
                || type == short.class
                || type == BigInteger.class;
    }

    /** What a value of the type looks like, as a caller reads it. */
    static String expected(Class<?> type) {
        if (type.isEnum()) return "one of " + Arrays.toString(type.getEnumConstants());
        if (isWholeNumber(type)) return "a whole number";
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) return "a number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (CharSequence.class.isAssignableFrom(type)) return "text";
        if (type == LocalDate.class) return "a date such as 2026-12-01";
        if (Temporal.class.isAssignableFrom(type)) return "a date and time with offset such as 2026-12-01T10:00:00Z";
        if (Collection.class.isAssignableFrom(type) || type.isArray()) return "a list";
        return "an object";
    }

    /**
     * Spring's own refusals (404 of an unknown path, 405, 406, 415, a missing parameter): the app's problem type
     * for the status instead of about:blank; a server error's detail replaced by the generic one.
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        HttpHeaders all = new HttpHeaders();
        all.addAll(headers);
        all.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (body instanceof ProblemDetail detail
                && (detail.getType() == null
                        || "about:blank".equals(detail.getType().toString()))) {
            ProblemDetail typed =
                    ApiProblem.ofStatus(status.value(), detail.getDetail()).toDetail();
            typed.setInstance(detail.getInstance());
            if (detail.getProperties() != null && !status.is5xxServerError())
                detail.getProperties().forEach(typed::setProperty);
            body = typed;
        }
        return new ResponseEntity<>(body, all, status);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String path = request instanceof ServletWebRequest servlet
                ? servlet.getRequest().getRequestURI()
                : "/" + e.getResourcePath();
        return new ResponseEntity<>(
                ApiProblem.ofStatus(404, "There is nothing at " + e.getHttpMethod() + " " + path + ".")
                        .toDetail(),
                problemHeaders(),
                HttpStatus.NOT_FOUND);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail detail) {
        return ResponseEntity.status(detail.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(detail);
    }

    private static HttpHeaders problemHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return headers;
    }
}
