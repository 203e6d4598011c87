package com.aftersales.gateway;

import static com.aftersales.gateway.EngineAsApp.asApp;

import com.aftersales.cases.CaseVariables;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * The buyer's contact data in the engine ({@link CaseVariables#BUYER_CONTACT}: addresses). Camunda's own
 * authorizations keep process owners from every variable ({@code enforceSpecificVariablePermission},
 * config/AccessGrants), but give every candidate of a task its variables; so for an agent the gateway
 * shows a case's addresses only on the tasks of the cases they hold or held a task of, and hides them
 * elsewhere (the form still shows, with a note in place of the address). Team leads and administrators
 * see them on every task. Nobody but them may filter queries by them.
 */
@Component
class EngineContactData {

    static final String HIDDEN = "(the buyer's address is shown to the agent who holds the task)";

    private final ProcessEngine engine;
    private final IdentityService identity;
    private final ObjectMapper json;

    EngineContactData(ProcessEngine engine, ObjectMapper json) {
        this.engine = engine;
        this.identity = engine.getIdentityService();
        this.json = json;
    }

    /** Whether the caller reads the contact data on this task: they hold it, or held a task of its case. */
    boolean readsOnTask(Caller caller, String taskId) {
        if (caller.seesAllContactData()) return true;
        return asApp(identity, () -> {
            Task task = engine.getTaskService().createTaskQuery().taskId(taskId).singleResult();
            if (task == null) return true;
            if (caller.userId().equals(task.getAssignee())) return true;
            ProcessInstance instance = task.getProcessInstanceId() == null
                    ? null
                    : engine.getRuntimeService()
                            .createProcessInstanceQuery()
                            .processInstanceId(task.getProcessInstanceId())
                            .singleResult();
            if (instance == null || instance.getBusinessKey() == null) return false;
            return engine.getHistoryService()
                            .createHistoricTaskInstanceQuery()
                            .processInstanceBusinessKey(instance.getBusinessKey())
                            .taskAssignee(caller.userId())
                            .count()
                    > 0;
        });
    }

    /** A variables answer ({@code {"name": {"value": …}}}) with the contact data replaced by a note. */
    byte[] redact(byte[] variables) {
        try {
            JsonNode tree = json.readTree(variables);
            if (!(tree instanceof ObjectNode object)) return variables;
            boolean changed = false;
            for (String name : CaseVariables.BUYER_CONTACT) {
                if (object.has(name)) {
                    object.set(
                            name,
                            json.createObjectNode()
                                    .put("type", "String")
                                    .put("value", HIDDEN)
                                    .set("valueInfo", json.createObjectNode()));
                    changed = true;
                }
            }
            return changed ? json.writeValueAsBytes(object) : variables;
        } catch (IOException e) {
            return variables;
        }
    }

    /** Whether a query string or body names a contact variable (in any case, as Camunda's {@code variableNamesIgnoreCase} would). */
    static boolean mentions(String text) {
        if (text == null) return false;
        String lower = text.toLowerCase(Locale.ROOT);
        return CaseVariables.BUYER_CONTACT.stream().anyMatch(name -> lower.contains(name.toLowerCase(Locale.ROOT)));
    }

    static boolean mentions(JsonNode node) {
        if (node == null) return false;
        if (node.isTextual()) return mentions(node.asText());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (mentions(field.getKey()) || mentions(field.getValue())) return true;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (mentions(element)) return true;
            }
        }
        return false;
    }
}
