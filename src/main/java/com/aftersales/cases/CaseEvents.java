package com.aftersales.cases;

import com.aftersales.config.ApiProblem;
import com.aftersales.config.IdempotentRequests;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers an outside event to the case's process, if the process waits for it right now
 * (in the case's own process or in one it called). Otherwise the caller learns what it waits for.
 * The answer (202) means the event is committed with the wait it ends; what follows runs as a job
 * ({@link ServiceLevelsPlugin}), so a failure there is retried and then an incident, never an error here.
 */
@Service
public class CaseEvents {

    private static final int ATTEMPTS = 5;
    /** How long an event waits for the case to finish what the previous one started (its jobs) before 409 case-busy. */
    private static final long STILL_WORKING_WAIT_MILLIS = 3000;

    private final CaseRepository cases;
    private final CaseProcesses processes;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final ManagementService management;
    private final TransactionTemplate transaction;
    private final IdempotentRequests idempotentRequests;

    public CaseEvents(
            CaseRepository cases,
            CaseProcesses processes,
            RuntimeService runtime,
            TaskService tasks,
            ManagementService management,
            TransactionTemplate transaction,
            IdempotentRequests idempotentRequests) {
        this.cases = cases;
        this.processes = processes;
        this.runtime = runtime;
        this.tasks = tasks;
        this.management = management;
        this.transaction = transaction;
        this.idempotentRequests = idempotentRequests;
    }

    /** @return the event as validated */
    public CaseEvent accept(String caseId, Map<String, Object> body) {
        CaseRow row =
                cases.find(caseId).orElseThrow(() -> ApiProblem.notFound("Case", "There is no case " + caseId + "."));
        CaseEvent event = parse(body);
        // R-CARE-2: a resolved case still takes the buyer's feedback when its follow-up asked for it
        if (row.status().isFinal() && event != CaseEvent.BUYER_FEEDBACK) {
            throw ApiProblem.conflict(
                            "case-closed",
                            "The case is closed",
                            "Case " + caseId + " is " + row.status() + " and takes no more events.")
                    .with("waitingFor", List.of());
        }
        // A job of the same case, or the same event sent twice at once, may move the process at the same
        // moment: the engine then refuses one of the two writes (optimistic locking), finds the wait gone
        // when it correlates, or H2 times out waiting for the other's row lock. The event is then checked
        // again on the new state: delivered, refused with what the case waits for now, or, after
        // ATTEMPTS, 409 case-busy.
        long workingSince = System.currentTimeMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                transaction.executeWithoutResult(status -> deliver(caseId, event, body));
                return event;
            } catch (StillWorking working) {
                if (System.currentTimeMillis() - workingSince > STILL_WORKING_WAIT_MILLIS) {
                    throw ApiProblem.conflict(
                            "case-busy",
                            "The case is busy",
                            "Case " + caseId + " is still working on the previous event; send it again in a moment.");
                }
                attempt--;
                sleep(50);
            } catch (ApiProblem refused) {
                throw refused;
            } catch (RuntimeException e) {
                if (!concurrentChange(e) && waitFor(caseId, event) != null) {
                    throw e; // the case still waits for the event: not a race, a failure
                }
                if (attempt == ATTEMPTS) {
                    throw ApiProblem.conflict(
                            "case-busy",
                            "The case is busy",
                            "Case " + caseId + " was changing while the event arrived; send it again.");
                }
                sleep(20L * attempt);
            }
        }
    }

    /** The engine's or the database's word for "someone else changed or holds this case right now". */
    private static boolean concurrentChange(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockingException
                    || t instanceof MismatchingMessageCorrelationException
                    || t instanceof ConcurrencyFailureException
                    || t instanceof QueryTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The case's wait for the event, or null (in the case's own process or in one it called). */
    private CaseProcesses.MessageWait waitFor(String caseId, CaseEvent event) {
        return processes.messageWaits(caseId).stream()
                .filter(w -> w.eventName().equals(event.messageName()))
                .findFirst()
                .orElse(null);
    }

    private void deliver(String caseId, CaseEvent event, Map<String, Object> body) {
        List<CaseProcesses.MessageWait> waits = processes.messageWaits(caseId);
        CaseProcesses.MessageWait wait = waits.stream()
                .filter(w -> w.eventName().equals(event.messageName()))
                .findFirst()
                .orElse(null);
        if (wait == null && stillWorking(caseId)) throw new StillWorking();
        if (wait == null) {
            Collection<String> waitingFor = new TreeSet<>(
                    waits.stream().map(CaseProcesses.MessageWait::eventName).toList());
            long openTasks =
                    tasks.createTaskQuery().processInstanceBusinessKey(caseId).count();
            String now = waitingFor.isEmpty()
                    ? (openTasks > 0 ? "an agent's task" : "nothing from outside")
                    : String.join(", ", waitingFor) + (openTasks > 0 ? " (and an agent's task)" : "");
            throw ApiProblem.conflict(
                            "event-not-expected",
                            "The case is not waiting for this event",
                            "Case " + caseId + " is not waiting for " + event + " now; it is waiting for " + now + ".")
                    .with("waitingFor", waitingFor);
        }
        if (event == CaseEvent.EVIDENCE_ADDED) {
            cases.addEvidence(caseId, evidence(body));
        }
        VariableMap variables = Variables.createVariables();
        if (event.variable() != null) variables.putValue(event.variable(), body.get(event.field()));
        if (event == CaseEvent.BUYER_FEEDBACK && body.get("comment") != null)
            variables.putValue("buyerComment", body.get("comment").toString());
        String value = event.variable() == null ? null : ": " + body.get(event.field());
        // the buyer's own words are a quote, shown only to those who may see the buyer's contact data
        if (event == CaseEvent.BUYER_REPLIED) cases.addTimeline(caseId, "Event " + event + " received", value);
        else cases.addTimeline(caseId, "Event " + event + " received" + (value == null ? "" : value));
        runtime.createMessageCorrelation(event.messageName())
                .processInstanceId(wait.processInstanceId())
                .setVariables(variables)
                .correlateWithResult();
        idempotentRequests.eventDelivered(caseId, event.name());
    }

    /**
     * Whether the case's process is still moving on from a previous event: what follows an event runs as a job
     * (ServiceLevelsPlugin), so the next wait may be a moment away. A job that failed waits for its retry (a due
     * date in the future) or is an incident (no retries) and does not count.
     */
    private boolean stillWorking(String caseId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseId).active().list().stream()
                .anyMatch(p -> management
                                .createJobQuery()
                                .processInstanceId(p.getId())
                                .executable()
                                .messages()
                                .count()
                        > 0);
    }

    /** The case has a job to run before it can take the event (see {@link #stillWorking}). */
    private static final class StillWorking extends RuntimeException {
        StillWorking() {
            super(null, null, false, false);
        }
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
            throw ApiProblem.invalid(
                    "type", "'" + name + "' is not an event type; one of " + Arrays.toString(CaseEvent.values()));
        }
        Object value = body.get(event.field());
        switch (event) {
            case EVIDENCE_ADDED -> evidence(body);
            case BUYER_FEEDBACK -> {
                if (!(value instanceof Boolean)) throw ApiProblem.invalid("satisfied", "is required: true or false");
            }
            default -> {
                if (!(value instanceof String text) || text.isBlank()) {
                    throw ApiProblem.invalid(
                            event.field(),
                            "is required for " + event
                                    + (event.allowed() == null ? "" : "; one of " + new TreeSet<>(event.allowed())));
                }
                if (text.length() > 2000) throw ApiProblem.invalid(event.field(), "is longer than 2000 characters");
                if (event.allowed() != null && !event.allowed().contains(text)) {
                    throw ApiProblem.invalid(
                            event.field(), "'" + text + "' is not allowed; one of " + new TreeSet<>(event.allowed()));
                }
            }
        }
        return event;
    }

    private static List<String> evidence(Map<String, Object> body) {
        if (!(body.get("evidence") instanceof List<?> list)
                || list.isEmpty()
                || list.size() > 20
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
            throw new ApiProblem(
                    HttpStatus.SERVICE_UNAVAILABLE, "interrupted", "Interrupted", "The request was interrupted.");
        }
    }
}
