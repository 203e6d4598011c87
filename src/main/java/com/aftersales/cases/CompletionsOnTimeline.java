package com.aftersales.cases;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Every task completion by a person goes on the case's timeline, in the completion's transaction: who,
 * which task (name and key) and what they submitted on its form (the agent's note included), e.g.
 * {@code Completed "Ask buyer whether to cancel" (Task_ConfirmCancellationWithBuyer) by agent: buyerDecision = CANCEL; agentNote = Buyer confirmed by phone}:
 * the choices first, then the free text, which is the entry's quote (shown only to who may see the buyer's
 * data). The engine gateway has checked the fields ({@link PersonCompletion}). Completions by the app itself (no
 * authenticated user: the job executor, the work queue, tests on the Java API) are not a person's and are
 * not written. A completion by an authenticated user that did not pass the gateway is refused.
 */
@Component
public class CompletionsOnTimeline {

    private final CaseRepository cases;

    public CompletionsOnTimeline(CaseRepository cases) {
        this.cases = cases;
    }

    /** Camunda publishes every task event as a Spring event, inside the engine's transaction. */
    @EventListener
    public void onTask(DelegateTask task) {
        String event = task.getEventName();
        Optional<PersonCompletion> person =
                PersonCompletion.current().filter(p -> p.taskId().equals(task.getId()));
        if (TaskListener.EVENTNAME_COMPLETE.equals(event)) {
            if (person.isPresent() && person.get().kind() == PersonCompletion.Kind.COMPLETE) {
                record(task, person.get(), "Completed");
            } else if (authenticatedUser(task) != null) {
                throw new AuthorizationException(
                        authenticatedUser(task) + " may complete a task only through the REST API's "
                                + "complete or submit-form, with the fields of its form");
            }
        } else if (TaskListener.EVENTNAME_UPDATE.equals(event)
                && person.isPresent()
                && person.get().kind() == PersonCompletion.Kind.RESOLVE) {
            record(task, person.get(), "Resolved");
        }
    }

    /** The free text is the entry's quote: the case view shows it only to who may see the buyer's data (CaseRepository). */
    private void record(DelegateTask task, PersonCompletion person, String verb) {
        // the case is the process's business key (CaseKey); a process without one is no case's
        String caseId = task.getExecution() == null ? null : task.getExecution().getProcessBusinessKey();
        if (caseId == null || cases.find(caseId).isEmpty()) return;
        String decided = fields(person.decided());
        String written = fields(person.written());
        String what = verb + " \"" + task.getName() + "\" (" + task.getTaskDefinitionKey() + ") by " + person.userId()
                + (decided.isEmpty() ? "" : ": " + decided);
        cases.addTimeline(caseId, what, written.isEmpty() ? null : (decided.isEmpty() ? ": " : "; ") + written);
    }

    private static String fields(Map<String, Object> fields) {
        return fields.entrySet().stream().map(CompletionsOnTimeline::field).collect(Collectors.joining("; "));
    }

    private static String field(Map.Entry<String, Object> field) {
        Object value = field.getValue() instanceof BigDecimal number ? number.toPlainString() : field.getValue();
        return field.getKey() + " = " + String.valueOf(value).strip();
    }

    private static String authenticatedUser(DelegateTask task) {
        Authentication authentication =
                task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        return authentication == null ? null : authentication.getUserId();
    }
}
