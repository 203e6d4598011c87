package com.aftersales.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.FeatureContext;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable;
import org.glassfish.jersey.server.internal.process.MappableException;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Error answers that are not problem+json yet, as problem+json: mostly those of Camunda's REST APIs (/engine-rest
 * and the webapps' /camunda/api/…), else by their status. Camunda answers
 * {@code {"type": "SomeException", "message": …}}, or plain text for a body that is not JSON. Its clients read
 * {@code message} (Tasklist, Cockpit) and {@code details} (Camunda Modeler, of a refused deployment), so the
 * problem keeps those as extension members; {@code type} is the app's URN for the status, a 5xx says only that
 * the error is in the log. Refusals that Camunda answers with 500 (an unknown task on complete, a form field
 * refused by a task listener, an optimistic locking conflict) get their 4xx here; to tell them from real
 * failures, {@link Capture} keeps the exception Jersey saw in a request attribute.
 */
final class EngineErrors {

    /** Request attribute: the first exception a Jersey application of the app threw while serving the request. */
    static final String EXCEPTION = EngineErrors.class.getName() + ".exception";

    private static final Pattern BARE_STATUS_MESSAGE = Pattern.compile("HTTP \\d{3}.*");
    private static final Pattern NOT_FOUND =
            Pattern.compile("(?i).*(cannot find|not found|does not exist|doesn't exist|no matching).*");

    private EngineErrors() {}

    /**
     * The problem for an error answer that is not problem+json: {@code status} and {@code body} as answered (by
     * Jersey, or a servlet filter), {@code exception} as {@link Capture} kept it and {@code sendErrorMessage} as a
     * filter gave it to {@code sendError} (each null when there was none).
     */
    static ProblemDetail problem(
            int status,
            String method,
            String path,
            byte[] body,
            Throwable exception,
            String sendErrorMessage,
            ObjectMapper json) {
        Map<String, Object> camunda = camundaBody(body, json);
        FormFieldValidationException refusedField = causeOf(exception, FormFieldValidationException.class);
        // a refusal a task listener or delegate of the app threw while the engine answered 500
        BadUserRequestException refused = status == 500 ? causeOf(exception, BadUserRequestException.class) : null;
        int answered = refusedField != null
                ? 400
                : refused != null
                        ? (refused instanceof org.camunda.bpm.engine.exception.NotFoundException ? 404 : 400)
                        : statusOf(exception, status);
        if (answered >= 500) {
            ProblemDetail internal = ApiProblem.internal().toDetail();
            internal.setProperty("message", internal.getDetail());
            return internal;
        }

        String message = camunda != null && camunda.get("message") instanceof String text ? text : sendErrorMessage;
        // every line: a refused deployment lists each problem in its message, the one text Modeler shows
        message = message == null || BARE_STATUS_MESSAGE.matcher(message).matches()
                ? null
                : ApiProblem.withoutInternals(message).trim();
        ApiProblem problem;
        if (refusedField != null) {
            problem = fieldProblem(refusedField);
        } else if (refused != null) {
            problem = ApiProblem.ofStatus(
                    answered,
                    ApiProblem.withoutInternals(String.valueOf(refused.getMessage()))
                            .trim());
        } else if (unwrap(exception) instanceof JsonProcessingException unreadable) {
            problem = unreadable(unreadable);
        } else if (unwrap(exception) instanceof OptimisticLockingException) {
            // Camunda's message names the entity and the SQL statement that lost the race
            problem = ApiProblem.conflict(
                    "case-busy",
                    "The case is busy",
                    "The task or case was changing while the request arrived; send it again.");
        } else {
            problem = ApiProblem.ofStatus(
                    answered, message != null && !message.isBlank() ? message : defaultDetail(answered, method, path));
            if (unwrap(exception) instanceof ParseException) {
                problem = new ApiProblem(
                        HttpStatus.BAD_REQUEST,
                        "deployment-invalid",
                        "The deployment is not valid",
                        problem.getMessage());
            }
        }
        ProblemDetail detail = problem.toDetail();
        detail.setInstance(URI.create(path));
        if (camunda != null) {
            camunda.forEach((name, value) -> {
                if (value != null && !name.equals("type") && !name.equals("message"))
                    detail.setProperty(name, withoutInternals(value));
            });
        }
        detail.setProperty("message", detail.getDetail());
        return detail;
    }

    /** Texts in Camunda's extra members (a refused deployment's {@code details}) without internals, lines kept. */
    @SuppressWarnings("unchecked")
    private static Object withoutInternals(Object value) {
        if (value instanceof String text) return ApiProblem.withoutInternals(text);
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> clean = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> clean.put(k, withoutInternals(v)));
            return clean;
        }
        if (value instanceof List<?> list)
            return list.stream().map(EngineErrors::withoutInternals).toList();
        return value;
    }

    /** Camunda's status, or the 4xx of a refusal it answered with 500. */
    static int statusOf(Throwable exception, int answered) {
        if (answered != 500 || exception == null) return answered;
        Throwable cause = unwrap(exception);
        if (cause instanceof OptimisticLockingException) return 409;
        if (cause instanceof AuthorizationException) return 403;
        if (cause instanceof org.camunda.bpm.engine.exception.NotFoundException) return 404;
        if (cause instanceof NullValueException) {
            return cause.getMessage() != null
                            && NOT_FOUND.matcher(cause.getMessage()).matches()
                    ? 404
                    : 400;
        }
        if (cause instanceof BadUserRequestException) return 400;
        return answered;
    }

    /**
     * The first exception of the type in the chain. A task listener's refusal (KeepOfferPolicy: a form field; a team
     * lead approving their own offer) comes wrapped ("There was an exception while invoking the TaskListener"), and
     * Camunda answers 500 for it; it is the caller's input, so 400.
     */
    private static <T extends Throwable> T causeOf(Throwable exception, Class<T> type) {
        for (Throwable cause = exception; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (type.isInstance(cause)) return type.cast(cause);
        }
        return null;
    }

    private static ApiProblem fieldProblem(FormFieldValidationException refusal) {
        String message = ApiProblem.plainText(refusal.getMessage());
        if (!(refusal.getDetail() instanceof String field)) return ApiProblem.ofStatus(400, message);
        return ApiProblem.invalid(
                field, message.startsWith(field + ": ") ? message.substring(field.length() + 2) : message);
    }

    /**
     * The exception as thrown: out of Jersey's wrapper, and the engine's exception out of the REST layer's
     * (RestException: "Cannot complete task …: <the engine's message>"), one level deep.
     */
    private static Throwable unwrap(Throwable exception) {
        if (exception instanceof MappableException && exception.getCause() != null) exception = exception.getCause();
        if ((exception instanceof RestException || exception instanceof WebApplicationException)
                && exception.getCause() != null) {
            return exception.getCause();
        }
        return exception;
    }

    private static ApiProblem unreadable(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return ApiProblem.invalid(ApiProblem.fieldOf(mapping.getPath()), "has the wrong type or shape");
        }
        String where = e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
        return new ApiProblem(
                HttpStatus.BAD_REQUEST,
                "malformed",
                "The request body is not valid JSON",
                "The body is not valid JSON: " + ApiProblem.plainText(e.getOriginalMessage()) + where);
    }

    private static String defaultDetail(int status, String method, String path) {
        return switch (status) {
            case 400 -> "The request is not valid.";
            case 401 -> "Authentication required.";
            case 403 -> "Your groups do not allow " + method + " " + path + ".";
            case 404 -> "There is nothing at " + method + " " + path + ".";
            case 405 -> method + " is not allowed on " + path + ".";
            case 406 ->
                "This endpoint cannot answer in the media type asked for (Accept); it answers application/json.";
            case 415 -> "This endpoint does not take a body of this Content-Type.";
            default -> "The request was refused (HTTP " + status + ").";
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> camundaBody(byte[] body, ObjectMapper json) {
        if (body.length == 0 || body[0] != '{') return null;
        try {
            Map<String, Object> parsed = json.readValue(body, Map.class);
            return parsed.containsKey("type") && parsed.containsKey("message") ? parsed : null;
        } catch (Exception notCamundas) {
            return null;
        }
    }

    /**
     * Registers {@link Capture} in every Jersey application of the app (META-INF/services): /engine-rest and the
     * webapps' APIs.
     */
    public static final class Registration implements ForcedAutoDiscoverable {
        @Override
        public void configure(FeatureContext context) {
            if (!context.getConfiguration().isRegistered(Capture.class)) context.register(Capture.class);
        }
    }

    /** Keeps the first exception of a request in the {@link #EXCEPTION} attribute; Camunda's exception mappers answer as before. */
    public static final class Capture implements ApplicationEventListener {

        @Override
        public void onEvent(ApplicationEvent event) {}

        @Override
        public RequestEventListener onRequest(RequestEvent start) {
            return event -> {
                if (event.getType() == RequestEvent.Type.ON_EXCEPTION
                        && event.getContainerRequest().getProperty(EXCEPTION) == null) {
                    event.getContainerRequest().setProperty(EXCEPTION, event.getException());
                }
            };
        }
    }
}
