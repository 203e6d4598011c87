package com.aftersales.api;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
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
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error of /api as application/problem+json (RFC 9457), validation errors with {@code errors}. */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    public static final String TYPE_PREFIX = "urn:after-sales:problem:";

    public static ProblemDetail toDetail(ApiProblem problem) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        detail.setType(URI.create(TYPE_PREFIX + problem.type()));
        detail.setTitle(problem.title());
        problem.properties().forEach(detail::setProperty);
        return detail;
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        return respond(toDetail(problem));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        String allowed = e.getRequiredType() != null && e.getRequiredType().isEnum()
                ? "; one of " + Arrays.toString(e.getRequiredType().getEnumConstants()) : "";
        return respond(toDetail(ApiProblem.invalid(e.getName(), "'" + e.getValue() + "' is not valid" + allowed)));
    }

    @ExceptionHandler(OptimisticLockingException.class)
    ResponseEntity<ProblemDetail> busy(OptimisticLockingException e) {
        return respond(toDetail(ApiProblem.conflict("case-busy", "The case is busy",
                "The case was changing while the request arrived; send it again.")));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Request failed", e);
        return respond(toDetail(new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "The request could not be carried out; nothing was changed. The error is in the application log.")));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<ApiProblem.FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new ApiProblem.FieldError(f.getField(), f.getDefaultMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field())).toList();
        return new ResponseEntity<>(toDetail(ApiProblem.invalid(errors)), problemHeaders(), HttpStatus.BAD_REQUEST);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiProblem.FieldError> errors = e.getAllErrors().stream()
                .map(err -> new ApiProblem.FieldError(String.join(",", err.getCodes() == null ? new String[0]
                        : new String[] {err.getCodes()[err.getCodes().length - 1]}), err.getDefaultMessage()))
                .toList();
        return new ResponseEntity<>(toDetail(ApiProblem.invalid(errors)), problemHeaders(), HttpStatus.BAD_REQUEST);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ApiProblem problem;
        if (e.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String message = mismatch instanceof InvalidFormatException invalid && invalid.getTargetType().isEnum()
                    ? "'" + invalid.getValue() + "' is not allowed; one of " + Arrays.toString(invalid.getTargetType().getEnumConstants())
                    : "has the wrong type: expected " + mismatch.getTargetType().getSimpleName();
            problem = ApiProblem.invalid(field, message);
        } else {
            problem = new ApiProblem(HttpStatus.BAD_REQUEST, "malformed", "The request body is not valid JSON",
                    "The body could not be read as JSON" + (e.getMostSpecificCause() == null ? "."
                            : ": " + firstLine(e.getMostSpecificCause().getMessage())));
        }
        return new ResponseEntity<>(toDetail(problem), problemHeaders(), HttpStatus.BAD_REQUEST);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        HttpHeaders all = new HttpHeaders();
        all.addAll(headers);
        all.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, all, status);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail detail) {
        return ResponseEntity.status(detail.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(detail);
    }

    private static HttpHeaders problemHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return headers;
    }

    private static String firstLine(String text) {
        if (text == null) return "";
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
