package com.aftersales.gateway;

import com.aftersales.cases.CaseVariables;
import com.aftersales.cases.PersonCompletion;
import com.aftersales.config.ApiProblem;
import com.aftersales.config.BodyInMemory;
import com.aftersales.config.ProblemWriter;
import com.aftersales.gateway.EngineAccessRules.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The role gateway over Camunda's APIs: {@code /engine-rest/**} and the webapps' {@code /camunda/api/**}
 * (engine, Cockpit, Tasklist, Admin). Works with Camunda's authorizations (config/AccessGrants), which
 * do not cover everything (jobs that belong to no process are not checked at all, a task's worker may
 * complete it with any variables). For each request of a logged-in user:
 * <ol>
 * <li>the call must be on the user's groups' list ({@link EngineAccessRules}), else 403;</li>
 * <li>a claim is for oneself (team leads assign with {@code /assignee}); a job retry only of a process's job;</li>
 * <li>a completion takes only the task form's fields, a BPMN error or escalation only one the diagram catches
 *     there ({@link TaskCompletionGuard}), else 400 / 403; the completion then goes on the case's timeline
 *     ({@link PersonCompletion});</li>
 * <li>agents and process owners do not filter by the buyer's contact data, and an agent reads it only on the
 *     tasks of cases they hold or held a task of ({@link EngineContactData});</li>
 * <li>a task's comments are read and written here, for whoever may see the task ({@link TaskComments}).</li>
 * </ol>
 * Every refusal is problem+json and reaches the engine not at all. Login, logout and the webapps' scripts
 * are Camunda's alone. Registered in {@link EngineGatewayConfig}.
 */
public class EngineGateway extends OncePerRequestFilter {

    /** The beans the gateway uses; the web server starts before the engine, so they are fetched on the first request. */
    record Parts(
            ProcessEngine engine,
            TaskCompletionGuard guard,
            EngineContactData contactData,
            TaskComments comments,
            ProblemWriter problems,
            ObjectMapper json) {}

    private final Supplier<Parts> lookup;
    private volatile Parts parts;
    private final String webapps;
    private final String defaultEngine;

    public EngineGateway(Supplier<Parts> parts, String webapps, String defaultEngine) {
        this.lookup = parts;
        this.webapps = webapps;
        this.defaultEngine = defaultEngine;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        EngineCall call = EngineCall.of(request.getMethod(), uri, webapps);
        if (call == null || call.area() == EngineCall.Area.OPEN) {
            chain.doFilter(request, response);
            return;
        }
        if (parts == null) parts = lookup.get();
        Parts p = parts;
        boolean engineRest = uri.startsWith("/engine-rest");
        Caller caller = caller(p, request, call, engineRest);
        if (caller == null) {
            // no user: Camunda answers (401 on /engine-rest and the webapps' APIs); only the engine list is open
            if (engineRest && !(call.method().equals("GET") && call.matches("engine"))) {
                p.problems()
                        .write(
                                response,
                                new ApiProblem(
                                        HttpStatus.UNAUTHORIZED,
                                        "unauthenticated",
                                        "Authentication required",
                                        "Send HTTP Basic credentials of a user of the after-sales app."));
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        try {
            if (!EngineAccessRules.allows(caller.roles(), call)) throw notAllowed(caller, call, "");
            HttpServletRequest checked = needsBody(caller, call) ? cachedBody(request) : request;
            JsonNode body = checked instanceof BodyInMemory cached ? json(p, cached.body()) : null;
            if (body != null && body.isMissingNode() && !isJson(request.getContentType())) {
                throw ApiProblem.ofStatus(415, "Send the body as application/json.");
            }
            checkClaimAndRetries(p, caller, call, body);
            if (answeredComments(p, caller, call, body, response)) return;
            checkContactFilters(caller, call, request, body);
            PersonCompletion completion = checkTaskWrites(p, caller, call, body);
            boolean redact = readsVariables(call, body) && !p.contactData().readsOnTask(caller, call.taskId());
            if (completion == null) {
                pass(p, chain, checked, response, redact);
            } else {
                completion.during(() -> pass(p, chain, checked, response, redact));
            }
        } catch (ApiProblem problem) {
            ProblemDetail refusal = problem.toDetail();
            refusal.setProperty("message", refusal.getDetail()); // what Tasklist, Cockpit and Modeler show
            p.problems().write(response, refusal);
        } catch (ServletException | IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ServletException(e);
        }
    }

    private static void pass(
            Parts p, FilterChain chain, HttpServletRequest request, HttpServletResponse response, boolean redact)
            throws IOException, ServletException {
        if (!redact) {
            chain.doFilter(request, response);
            return;
        }
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, captured);
        byte[] body = captured.getContentAsByteArray();
        if (captured.getStatus() == 200 && body.length > 0)
            body = p.contactData().redact(body);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /** The engine's user on /engine-rest (set by its authentication filter); the webapp session's user on /camunda/api. */
    private Caller caller(Parts p, HttpServletRequest request, EngineCall call, boolean engineRest) {
        if (engineRest) {
            Authentication authentication = p.engine().getIdentityService().getCurrentAuthentication();
            return authentication == null || authentication.getUserId() == null
                    ? null
                    : new Caller(authentication.getUserId(), EngineAsApp.groups(authentication));
        }
        HttpSession session = request.getSession(false);
        if (session == null) return null;
        Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
        org.camunda.bpm.webapp.impl.security.auth.Authentication authentication = authentications == null
                ? null
                : authentications.getAuthenticationForProcessEngine(
                        call.engine() == null ? defaultEngine : call.engine());
        if (authentication instanceof UserAuthentication user && user.getIdentityId() != null) {
            return new Caller(
                    user.getIdentityId(), user.getGroupIds() == null ? List.of() : List.copyOf(user.getGroupIds()));
        }
        return null;
    }

    private static boolean needsBody(Caller caller, EngineCall call) {
        if (call.area() == EngineCall.Area.ENGINE
                && call.matches("task/*/**")
                && !call.method().equals("GET")) return true;
        return !caller.seesAllContactData()
                && (call.method().equals("POST") || call.method().equals("PUT"))
                && !call.matches("deployment/create");
    }

    /** More than this is not a task form or a query. */
    private static final int MAX_BODY = 1024 * 1024;

    private static BodyInMemory cachedBody(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new ApiProblem(
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    "too-large",
                    "Request too large",
                    "A request to Camunda's API may carry at most " + MAX_BODY / 1024 + " KB.");
        }
        return new BodyInMemory(request, body);
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
    }

    private static JsonNode json(Parts p, byte[] body) {
        if (body.length == 0) return JsonNodeFactory.instance.objectNode();
        try {
            return p.json().readTree(body);
        } catch (IOException e) {
            return JsonNodeFactory.instance.missingNode();
        }
    }

    /** Agents and owners claim only for themselves; only a process's jobs are retried by anyone but administrators. */
    private static void checkClaimAndRetries(Parts p, Caller caller, EngineCall call, JsonNode body) {
        if (caller.is(Role.ADMIN) || call.area() != EngineCall.Area.ENGINE) return;
        if (call.method().equals("POST")
                && call.matches("task/*/claim")
                && !caller.userId().equals(body.path("userId").asText(null))) {
            throw notAllowed(
                    caller,
                    call,
                    " You may claim a task only for yourself (userId \"" + caller.userId() + "\"); "
                            + "team leads assign tasks to others with /assignee.");
        }
        if (call.method().equals("PUT") && call.matches("job/*/retries")) {
            Job job = EngineAsApp.asApp(
                    p.engine().getIdentityService(),
                    () -> p.engine()
                            .getManagementService()
                            .createJobQuery()
                            .jobId(call.segment(1))
                            .singleResult());
            if (job != null && job.getProcessDefinitionKey() == null) {
                throw notAllowed(
                        caller,
                        call,
                        " Job " + job.getId() + " belongs to no process (history clean-up, a batch): "
                                + "only administrators change such jobs.");
            }
        }
    }

    /**
     * A task's comments, read and written here for whoever may see the task ({@link TaskComments}); a single comment
     * is Camunda's to answer once the caller may see its task.
     */
    private static boolean answeredComments(
            Parts p, Caller caller, EngineCall call, JsonNode body, HttpServletResponse response) throws IOException {
        if (call.area() != EngineCall.Area.ENGINE || call.taskId() == null || !"comment".equals(call.segment(2)))
            return false;
        JsonNode answer;
        if (call.method().equals("GET") && call.path().size() == 3) {
            answer = p.comments().list(caller, call.taskId());
        } else if (call.method().equals("POST") && call.matches("task/*/comment/create")) {
            JsonNode message = body.path("message");
            if (!message.isMissingNode() && !message.isNull() && !message.isTextual())
                throw ApiProblem.invalid("message", "must be text");
            answer = p.comments().create(caller, call.taskId(), message.asText(null));
        } else {
            if (call.method().equals("GET")) p.comments().visibleTask(caller, call.taskId());
            return false;
        }
        byte[] bytes = p.json().writeValueAsBytes(answer);
        response.setStatus(200);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        return true;
    }

    /** Agents and process owners neither filter nor search by the buyer's contact data. */
    private static void checkContactFilters(Caller caller, EngineCall call, HttpServletRequest request, JsonNode body) {
        if (caller.seesAllContactData() || writesTask(call) || call.matches("task/*/form-variables")) return;
        String query = request.getQueryString() == null
                ? null
                : URLDecoder.decode(request.getQueryString().replace("+", "%2B"), StandardCharsets.UTF_8);
        if (EngineContactData.mentions(query) || EngineContactData.mentions(body)) {
            throw notAllowed(
                    caller,
                    call,
                    " Queries by the buyer's contact data ("
                            + String.join(", ", new TreeSet<>(CaseVariables.BUYER_CONTACT)) + ") are for team leads.");
        }
    }

    private static boolean writesTask(EngineCall call) {
        return call.area() == EngineCall.Area.ENGINE
                && call.matches("task/*/**")
                && !call.method().equals("GET")
                && !call.matches("task/*/comment/create");
    }

    /** Completions, resolves, BPMN errors and escalations, and variables written on a task (see {@link TaskCompletionGuard}). */
    private static PersonCompletion checkTaskWrites(Parts p, Caller caller, EngineCall call, JsonNode body) {
        if (call.area() != EngineCall.Area.ENGINE
                || !call.matches("task/*/**")
                || call.method().equals("GET")) return null;
        String taskId = call.taskId();
        if (body != null && body.isMissingNode()) throw ApiProblem.invalid("body", "must be JSON");
        String action = call.segment(2);
        if (call.path().size() == 3 && call.method().equals("POST") && action != null) {
            switch (action) {
                case "complete", "submit-form":
                    return p.guard().completion(caller, taskId, body.get("variables"), PersonCompletion.Kind.COMPLETE);
                case "resolve":
                    return p.guard().completion(caller, taskId, body.get("variables"), PersonCompletion.Kind.RESOLVE);
                case "bpmnError":
                    p.guard()
                            .thrown(
                                    caller,
                                    taskId,
                                    "error",
                                    body.path("errorCode").asText(null),
                                    body.get("variables"));
                    return null;
                case "bpmnEscalation":
                    p.guard()
                            .thrown(
                                    caller,
                                    taskId,
                                    "escalation",
                                    body.path("escalationCode").asText(null),
                                    body.get("variables"));
                    return null;
                default:
            }
        }
        if (action != null && (action.equals("variables") || action.equals("localVariables"))) {
            String name = call.segment(3);
            if (call.path().size() == 3 && call.method().equals("POST")) {
                List<String> deletions = new ArrayList<>();
                body.path("deletions").forEach(d -> deletions.add(d.asText()));
                p.guard().variableUpdate(caller, taskId, body.get("modifications"), deletions);
            } else if (call.path().size() == 4 && call.method().equals("PUT")) {
                p.guard()
                        .variableUpdate(
                                caller,
                                taskId,
                                JsonNodeFactory.instance.objectNode().set(name, body),
                                List.of());
            } else if (call.path().size() == 4 && call.method().equals("DELETE")) {
                p.guard().variableUpdate(caller, taskId, null, List.of(name));
            } else if (!call.method().equals("OPTIONS")) {
                throw ApiProblem.invalid(
                        name == null ? "variables" : name,
                        "a task takes only its form's fields, not files or binary values");
            }
        }
        return null;
    }

    /** Reads that answer with the task's variables: the form's variables, or a completion asked for them. */
    private static boolean readsVariables(EngineCall call, JsonNode body) {
        if (call.area() != EngineCall.Area.ENGINE
                || call.taskId() == null
                || call.path().size() < 3) return false;
        String action = call.segment(2);
        if (call.method().equals("GET"))
            return Set.of("form-variables", "variables", "localVariables").contains(action);
        return call.method().equals("POST")
                && Set.of("complete", "submit-form").contains(action)
                && call.path().size() == 3
                && body != null
                && body.path("withVariablesInReturn").asBoolean(false);
    }

    private static ApiProblem notAllowed(Caller caller, EngineCall call, String why) {
        return new ApiProblem(
                HttpStatus.FORBIDDEN,
                "forbidden",
                "Not allowed",
                caller.userId() + " (groups " + caller.groups() + ") may not call " + call.describe() + "." + why
                        + " What each group may do: the README's access table.");
    }
}
