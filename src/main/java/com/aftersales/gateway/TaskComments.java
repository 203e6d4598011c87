package com.aftersales.gateway;

import static com.aftersales.gateway.EngineAsApp.asApp;
import static com.aftersales.gateway.EngineAsApp.asCaller;

import com.aftersales.cases.CaseRepository;
import com.aftersales.config.ApiProblem;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Comment;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tasklist's comments ({@code GET task/{id}/comment}, {@code POST task/{id}/comment/create}) for whoever may see the
 * task: its candidates and assignee, team leads, administrators. Camunda's REST API looks the task up in the
 * history first, which agents and team leads may not read (no READ_HISTORY: the whole history of every case), and
 * refused every comment with "No task found for task id"; its comment command itself checks nothing. So the engine
 * gateway answers these two calls here: the task as the caller sees it, else 404; a comment is written with the
 * caller as its author and goes on the case's timeline in the same transaction, the text as the entry's quote
 * (shown only to who may see the buyer's words, as an agent's note on a completion).
 */
@Component
class TaskComments {

    /** What the engine keeps of a comment's full text; Tasklist shows it all. */
    static final int MAX_LENGTH = 4000;

    private final ProcessEngine engine;
    private final IdentityService identity;
    private final CaseRepository cases;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;

    TaskComments(ProcessEngine engine, CaseRepository cases, TransactionTemplate transaction, ObjectMapper json) {
        this.engine = engine;
        this.identity = engine.getIdentityService();
        this.cases = cases;
        this.transaction = transaction;
        this.json = json;
    }

    /** The task's comments, newest first, as Camunda's REST API gives them. */
    ArrayNode list(Caller caller, String taskId) {
        visibleTask(caller, taskId);
        List<Comment> comments = asApp(identity, () -> engine.getTaskService().getTaskComments(taskId));
        ArrayNode answer = json.createArrayNode();
        comments.forEach(comment -> answer.add(dto(comment)));
        return answer;
    }

    /** Writes the caller's comment on the task and on its case's timeline. */
    ObjectNode create(Caller caller, String taskId, String message) {
        if (message == null || message.isBlank()) throw ApiProblem.invalid("message", "must not be empty");
        if (message.length() > MAX_LENGTH)
            throw ApiProblem.invalid("message", "may be at most " + MAX_LENGTH + " characters");
        Task task = visibleTask(caller, taskId);
        Comment comment = transaction.execute(status -> {
            Comment written = asCaller(
                    identity,
                    caller,
                    () -> engine.getTaskService().createComment(taskId, task.getProcessInstanceId(), message));
            String caseId = caseOf(task);
            if (caseId != null && cases.find(caseId).isPresent()) {
                cases.addTimeline(
                        caseId,
                        "Comment on \"" + task.getName() + "\" (" + task.getTaskDefinitionKey() + ") by "
                                + caller.userId(),
                        ": " + message.strip());
            }
            return written;
        });
        return dto(comment);
    }

    /** @throws ApiProblem 404 when the caller may not see the task */
    Task visibleTask(Caller caller, String taskId) {
        Task task = asCaller(
                identity,
                caller,
                () -> engine.getTaskService().createTaskQuery().taskId(taskId).singleResult());
        if (task == null)
            throw ApiProblem.notFound("Task", "No task found for task id " + taskId + " that you may see.");
        return task;
    }

    /** The case is the process's business key (cases/CaseKey). */
    private String caseOf(Task task) {
        if (task.getProcessInstanceId() == null) return null;
        ProcessInstance instance = asApp(
                identity,
                () -> engine.getRuntimeService()
                        .createProcessInstanceQuery()
                        .processInstanceId(task.getProcessInstanceId())
                        .singleResult());
        return instance == null ? null : instance.getBusinessKey();
    }

    /** Camunda's CommentDto, its dates as Camunda's REST API writes them. */
    private ObjectNode dto(Comment comment) {
        ObjectNode dto = json.createObjectNode();
        dto.put("id", comment.getId());
        dto.put("userId", comment.getUserId());
        dto.put("time", date(comment.getTime()));
        dto.put("taskId", comment.getTaskId());
        dto.put("message", comment.getFullMessage());
        dto.put("removalTime", date(comment.getRemovalTime()));
        dto.put("rootProcessInstanceId", comment.getRootProcessInstanceId());
        dto.put("processInstanceId", comment.getProcessInstanceId());
        return dto;
    }

    private static String date(Date date) {
        return date == null ? null : new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZ").format(date);
    }
}
