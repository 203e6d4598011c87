package com.aftersales.cases;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The note an agent writes in a task's form ("Note for the case") goes on the case's timeline with
 * the task and the agent, so that it shows in the case view (GET /api/cases/{id}) and to the next
 * agent. Every form has the field {@code agentNote}; since a form shows the case's last note again,
 * a note is written once, not again when the next task is completed with the same text.
 */
@Component
public class AgentNotesOnTimeline {

    static final String NOTE = "agentNote";
    static final String LAST_NOTE_ON_TIMELINE = "agentNoteOnTimeline";

    private final CaseRepository cases;

    public AgentNotesOnTimeline(CaseRepository cases) {
        this.cases = cases;
    }

    /** Camunda publishes every task event as a Spring event, inside the engine's transaction. */
    @EventListener
    public void onTask(DelegateTask task) {
        if (!TaskListener.EVENTNAME_COMPLETE.equals(task.getEventName())) return;
        Object note = task.getVariable(NOTE);
        String caseId = CaseKey.of(task);
        if (caseId == null || !(note instanceof String text) || text.isBlank() || text.equals(task.getVariable(LAST_NOTE_ON_TIMELINE))) {
            return;
        }
        String agent = task.getAssignee() != null ? task.getAssignee()
                : task.getProcessEngineServices().getIdentityService().getCurrentAuthentication() == null ? "an agent"
                : task.getProcessEngineServices().getIdentityService().getCurrentAuthentication().getUserId();
        cases.addTimeline(caseId, "Note by " + agent + " (" + task.getName() + ")", ": " + text.strip());
        task.setVariable(LAST_NOTE_ON_TIMELINE, text);
    }
}
