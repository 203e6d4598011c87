package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ConditionExpression;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every user task in bpmn/ shows the latest version of its Camunda Form (formRefBinding=latest: Modeler's
 * "deploy changed only" leaves an unchanged form out of a new deployment, so binding "deployment" would lose
 * it), deployed with it at start-up, and
 * every variable the diagram reads right after the task (the conditions of the gateway it leads to)
 * is a field of that form: an agent can always give the answer the process needs.
 */
class DeployedFormsTest extends FlowTestSupport {

    private static final Pattern IDENTIFIER = Pattern.compile("\\b([a-zA-Z_][a-zA-Z0-9_]*)\\b\\s*(==|!=)");

    @Autowired
    RepositoryService repository;

    @Test
    void everyUserTaskHasItsFormDeployedAndTheFieldsItsGatewaysRead() throws IOException {
        List<String> problems = new ArrayList<>();
        int userTasks = 0;
        for (ProcessDefinition definition :
                repository.createProcessDefinitionQuery().latestVersion().list()) {
            BpmnModelInstance model = repository.getBpmnModelInstance(definition.getId());
            Map<String, Set<String>> formFields = formFields(definition.getDeploymentId());
            for (UserTask task : model.getModelElementsByType(UserTask.class)) {
                userTasks++;
                String where = definition.getKey() + "/" + task.getId();
                String formRef = task.getCamundaFormRef();
                if (formRef == null) {
                    problems.add(where + " has no camunda:formRef");
                    continue;
                }
                if (!"latest".equals(task.getCamundaFormRefBinding()))
                    problems.add(where + " does not show the latest version of its form");
                if (task.getCamundaCandidateGroups() == null) problems.add(where + " has no candidate group");
                Set<String> fields = formFields.get(formRef);
                if (fields == null) {
                    problems.add(where + ": form " + formRef + " is not deployed with the diagram");
                    continue;
                }
                for (String variable : variablesReadAfter(task)) {
                    if (!fields.contains(variable))
                        problems.add(where + " reads '" + variable + "', which form " + formRef + " does not ask for");
                }
            }
        }
        assertThat(userTasks).as("user tasks found in the deployed diagrams").isGreaterThanOrEqualTo(14);
        assertThat(problems).isEmpty();
    }

    /** The form fields' keys of every form in the deployment, by form id. */
    private Map<String, Set<String>> formFields(String deploymentId) throws IOException {
        Map<String, Set<String>> forms = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String name : repository.getDeploymentResourceNames(deploymentId)) {
            if (!name.endsWith(".form")) continue;
            try (InputStream in = repository.getResourceAsStream(deploymentId, name)) {
                JsonNode form = json.readTree(in);
                Set<String> keys = new HashSet<>();
                form.findValues("key").forEach(k -> keys.add(k.asText()));
                forms.put(form.get("id").asText(), keys);
            }
        }
        return forms;
    }

    private static Set<String> variablesReadAfter(UserTask task) {
        Set<String> variables = new HashSet<>();
        for (SequenceFlow out : task.getOutgoing()) {
            FlowNode next = out.getTarget();
            if (!(next instanceof ExclusiveGateway)) continue;
            for (SequenceFlow branch : next.getOutgoing()) {
                ConditionExpression condition = branch.getConditionExpression();
                if (condition == null) continue;
                Matcher m = IDENTIFIER.matcher(condition.getTextContent());
                while (m.find()) variables.add(m.group(1));
            }
        }
        return variables;
    }

    @Test
    void theFormsFolderHoldsOnlyFormsThatADiagramUses() throws IOException {
        Set<String> referenced = new HashSet<>();
        for (ProcessDefinition definition :
                repository.createProcessDefinitionQuery().latestVersion().list()) {
            repository
                    .getBpmnModelInstance(definition.getId())
                    .getModelElementsByType(UserTask.class)
                    .forEach(t -> referenced.add(t.getCamundaFormRef()));
        }
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(Path.of("bpmn", "forms"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".form")).toList()) {
                assertThat(referenced)
                        .as(file + " is used by a user task")
                        .contains(json.readTree(file.toFile()).get("id").asText());
            }
        }
    }
}
