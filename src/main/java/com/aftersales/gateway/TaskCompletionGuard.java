package com.aftersales.gateway;

import static com.aftersales.gateway.EngineAsApp.asApp;
import static com.aftersales.gateway.EngineAsApp.asCaller;

import com.aftersales.cases.CaseRepository;
import com.aftersales.cases.PersonCompletion;
import com.aftersales.config.ApiProblem;
import com.aftersales.orders.OrderRepository;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.ErrorEventDefinition;
import org.camunda.bpm.model.bpmn.instance.EscalationEventDefinition;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * What a person may send with a task: on complete, submit-form and resolve only the fields of the
 * task's Camunda Form, typed and bounded as the form says ({@link FormSubmission}); the same for
 * variables written on the task; a BPMN error or escalation only where the diagram catches it at that
 * task (otherwise it would end the case's process, issue 11 finding 2). The form is the one Tasklist shows:
 * the task's {@code camunda:formRef}, from its deployment. A task the caller cannot see is left to the
 * engine (404 or 403).
 */
@Component
class TaskCompletionGuard {

    private final ProcessEngine engine;
    private final IdentityService identity;
    private final CaseRepository cases;
    private final OrderRepository orders;
    private final FormExpressions expressions;
    private final ObjectMapper json;

    TaskCompletionGuard(
            ProcessEngine engine,
            CaseRepository cases,
            OrderRepository orders,
            FormExpressions expressions,
            ObjectMapper json) {
        this.engine = engine;
        this.identity = engine.getIdentityService();
        this.cases = cases;
        this.orders = orders;
        this.expressions = expressions;
        this.json = json;
    }

    /**
     * A completion (complete, submit-form) or a resolve by the caller.
     *
     * @return what goes on the case's timeline, or {@code null} when the caller cannot see the task
     * @throws ApiProblem 400 naming each field that the form does not take as sent
     */
    PersonCompletion completion(Caller caller, String taskId, JsonNode variables, PersonCompletion.Kind kind) {
        Task task = visibleTask(caller, taskId);
        if (task == null) return null;
        FormSubmission.Result result = submission(task).check(variables, FormSubmission.Mode.COMPLETION);
        if (!result.ok()) throw ApiProblem.invalid(result.errors());
        return new PersonCompletion(taskId, caller.userId(), kind, result.decided(), result.written());
    }

    /** Variables written on a task (not completing it): only the form's fields, as on a completion; none removed. */
    void variableUpdate(Caller caller, String taskId, JsonNode modifications, Collection<String> deletions) {
        Task task = visibleTask(caller, taskId);
        if (task == null) return;
        if (!deletions.isEmpty()) {
            throw ApiProblem.invalid(deletions.stream()
                    .map(name -> new ApiProblem.FieldError(name, "a task's variables are not removed"))
                    .toList());
        }
        FormSubmission.Result result = submission(task).check(modifications, FormSubmission.Mode.UPDATE);
        if (!result.ok()) throw ApiProblem.invalid(result.errors());
    }

    /**
     * A BPMN error ({@code kind} "error") or escalation thrown on the task: only when a boundary event on that
     * task catches its code (or catches all); its variables as form fields.
     */
    void thrown(Caller caller, String taskId, String kind, String code, JsonNode variables) {
        Task task = visibleTask(caller, taskId);
        if (task == null) return;
        if (!caughtAtTask(task, kind, code)) {
            throw new ApiProblem(
                    HttpStatus.FORBIDDEN,
                    "bpmn-" + kind + "-not-caught",
                    "The diagram does not catch this " + kind + " here",
                    "No boundary event on " + task.getTaskDefinitionKey() + " (\"" + task.getName()
                            + "\") catches BPMN " + kind + " '" + code
                            + "'; thrown there it would end the case's process. Complete the task with its form instead.");
        }
        FormSubmission.Result result = submission(task).check(variables, FormSubmission.Mode.UPDATE);
        if (!result.ok()) throw ApiProblem.invalid(result.errors());
    }

    private Task visibleTask(Caller caller, String taskId) {
        return asCaller(
                identity,
                caller,
                () -> engine.getTaskService().createTaskQuery().taskId(taskId).singleResult());
    }

    private FormSubmission submission(Task task) {
        return asApp(identity, () -> {
            Map<String, Object> current = new HashMap<>(engine.getTaskService().getVariables(task.getId()));
            return new FormSubmission(form(task), current, currency(task), expressions);
        });
    }

    /** The task's Camunda Form; a task without one (or whose form cannot be read) declares no fields. */
    private TaskForm form(Task task) {
        try (InputStream form = engine.getFormService().getDeployedTaskForm(task.getId())) {
            return TaskForm.parse(json.readTree(form));
        } catch (IOException | RuntimeException e) {
            return TaskForm.none();
        }
    }

    /** The currency of the case's order, from the app's records (the case is the process's business key). */
    private String currency(Task task) {
        ProcessInstance instance = task.getProcessInstanceId() == null
                ? null
                : engine.getRuntimeService()
                        .createProcessInstanceQuery()
                        .processInstanceId(task.getProcessInstanceId())
                        .singleResult();
        if (instance == null || instance.getBusinessKey() == null) return null;
        return cases.findForView(instance.getBusinessKey())
                .map(found -> found.currency() != null
                        ? found.currency()
                        : orders.currency(found.row().orderId()))
                .orElse(null);
    }

    private boolean caughtAtTask(Task task, String kind, String code) {
        if (task.getProcessDefinitionId() == null) return false;
        BpmnModelInstance model = asApp(
                identity, () -> engine.getRepositoryService().getBpmnModelInstance(task.getProcessDefinitionId()));
        for (BoundaryEvent boundary : model.getModelElementsByType(BoundaryEvent.class)) {
            if (boundary.getAttachedTo() == null
                    || !task.getTaskDefinitionKey()
                            .equals(boundary.getAttachedTo().getId())) continue;
            if ("error".equals(kind)) {
                for (ErrorEventDefinition error : boundary.getChildElementsByType(ErrorEventDefinition.class)) {
                    if (error.getError() == null
                            || error.getError().getErrorCode() == null
                            || error.getError().getErrorCode().equals(code)) return true;
                }
            } else {
                for (EscalationEventDefinition escalation :
                        boundary.getChildElementsByType(EscalationEventDefinition.class)) {
                    if (escalation.getEscalation() == null
                            || escalation.getEscalation().getEscalationCode() == null
                            || escalation.getEscalation().getEscalationCode().equals(code)) return true;
                }
            }
        }
        return false;
    }
}
