package com.aftersales.cases;

import com.aftersales.api.ApiProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.EventSubscription;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers an outside event to the case's process, if the process waits for it right now
 * (in the case's own process or in one it called). Otherwise the caller learns what it waits for.
 */
@Service
public class CaseEvents {

    private static final int ATTEMPTS = 5;

    private final CaseRepository cases;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final TransactionTemplate transaction;

    public CaseEvents(CaseRepository cases, RuntimeService runtime, TaskService tasks, TransactionTemplate transaction) {
        this.cases = cases;
        this.runtime = runtime;
        this.tasks = tasks;
        this.transaction = transaction;
    }

    /** @return the event as validated */
    public CaseEvent accept(String caseId, Map<String, Object> body) {
        CaseRow row = cases.find(caseId).orElseThrow(() -> ApiProblem.notFound("Case", "There is no case " + caseId + "."));
        CaseEvent event = parse(body);
        // R-CARE-2: a resolved case still takes the buyer's feedback when its follow-up asked for it
        if (row.status().isFinal() && event != CaseEvent.BUYER_FEEDBACK) {
            throw ApiProblem.conflict("case-closed", "The case is closed",
                    "Case " + caseId + " is " + row.status() + " and takes no more events.").with("waitingFor", List.of());
        }
        // A job of the same case may move the process at the same moment: the engine then refuses one
        // of the two writes, and the event is delivered again on the new state.
        for (int attempt = 1; ; attempt++) {
            try {
                transaction.executeWithoutResult(status -> deliver(caseId, event, body));
                return event;
            } catch (OptimisticLockingException e) {
                if (attempt == ATTEMPTS) {
                    throw ApiProblem.conflict("case-busy", "The case is busy",
                            "Case " + caseId + " was changing while the event arrived; send it again.");
                }
                sleep(20L * attempt);
            }
        }
    }

    private void deliver(String caseId, CaseEvent event, Map<String, Object> body) {
        List<EventSubscription> waits = new ArrayList<>();
        for (ProcessInstance instance : runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseId).active().list()) {
            waits.addAll(runtime.createEventSubscriptionQuery().processInstanceId(instance.getId()).eventType("message").list());
        }
        EventSubscription wait = waits.stream().filter(s -> s.getEventName().equals(event.messageName())).findFirst().orElse(null);
        if (wait == null) {
            Collection<String> waitingFor = new TreeSet<>(waits.stream().map(EventSubscription::getEventName).toList());
            long openTasks = tasks.createTaskQuery().processInstanceBusinessKey(caseId).count();
            String now = waitingFor.isEmpty() ? (openTasks > 0 ? "an agent's task" : "nothing from outside")
                    : String.join(", ", waitingFor) + (openTasks > 0 ? " (and an agent's task)" : "");
            throw ApiProblem.conflict("event-not-expected", "The case is not waiting for this event",
                    "Case " + caseId + " is not waiting for " + event + " now; it is waiting for " + now + ".")
                    .with("waitingFor", waitingFor);
        }
        if (event == CaseEvent.EVIDENCE_ADDED) {
            cases.addEvidence(caseId, evidence(body));
        }
        VariableMap variables = Variables.createVariables();
        if (event.variable() != null) variables.putValue(event.variable(), body.get(event.field()));
        if (event == CaseEvent.BUYER_FEEDBACK && body.get("comment") != null) variables.putValue("buyerComment", body.get("comment").toString());
        String value = event.variable() == null ? null : ": " + body.get(event.field());
        // the buyer's own words are a quote, shown only to those who may see the buyer's contact data
        if (event == CaseEvent.BUYER_REPLIED) cases.addTimeline(caseId, "Event " + event + " received", value);
        else cases.addTimeline(caseId, "Event " + event + " received" + (value == null ? "" : value));
        runtime.createMessageCorrelation(event.messageName()).processInstanceId(wait.getProcessInstanceId())
                .setVariables(variables).correlateWithResult();
    }

    static CaseEvent parse(Map<String, Object> body) {
        Object type = body.get("type");
        if (!(type instanceof String name) || name.isBlank()) {
            throw ApiProblem.invalid("type", "is required; one of " + Arrays.toString(CaseEvent.values()));
        }
        CaseEvent event;
        try {
            event = CaseEvent.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("type", "'" + name + "' is not an event type; one of " + Arrays.toString(CaseEvent.values()));
        }
        Object value = body.get(event.field());
        switch (event) {
            case EVIDENCE_ADDED -> evidence(body);
            case BUYER_FEEDBACK -> {
                if (!(value instanceof Boolean)) throw ApiProblem.invalid("satisfied", "is required: true or false");
            }
            default -> {
                if (!(value instanceof String text) || text.isBlank()) {
                    throw ApiProblem.invalid(event.field(), "is required for " + event
                            + (event.allowed() == null ? "" : "; one of " + new TreeSet<>(event.allowed())));
                }
                if (text.length() > 2000) throw ApiProblem.invalid(event.field(), "is longer than 2000 characters");
                if (event.allowed() != null && !event.allowed().contains(text)) {
                    throw ApiProblem.invalid(event.field(), "'" + text + "' is not allowed; one of " + new TreeSet<>(event.allowed()));
                }
            }
        }
        return event;
    }

    private static List<String> evidence(Map<String, Object> body) {
        if (!(body.get("evidence") instanceof List<?> list) || list.isEmpty() || list.size() > 20
                || !list.stream().allMatch(e -> e instanceof String s && !s.isBlank() && s.length() <= 2000)) {
            throw ApiProblem.invalid("evidence", "is required: a list of 1 to 20 references (URLs or file ids)");
        }
        return list.stream().map(Object::toString).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "interrupted", "Interrupted", "The request was interrupted.");
        }
    }
}
