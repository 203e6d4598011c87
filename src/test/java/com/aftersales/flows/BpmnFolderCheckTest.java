package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.deployments.DeployedDefinitions;
import com.aftersales.deployments.DeploymentCheck;
import com.aftersales.deployments.DeploymentProblem;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Finding 4 in CI: the deploy-time check passes every file of bpmn/ as one deployment into an empty engine
 * (a failure names the file, the element and why), and the engine deployed all of them at start-up.
 */
class BpmnFolderCheckTest extends FlowTestSupport {

    @Autowired
    DeploymentCheck check;

    @Autowired
    RepositoryService repository;

    @Test
    void finding4_everyFileInBpmnPassesTheDeploymentCheck() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(Path.of("bpmn"))) {
            for (Path path : paths.filter(Files::isRegularFile).toList())
                files.put(path.toString(), Files.readAllBytes(path));
        }
        assertThat(files.keySet())
                .anyMatch(f -> f.endsWith(".bpmn"))
                .anyMatch(f -> f.endsWith(".dmn"))
                .anyMatch(f -> f.endsWith(".form"));

        List<String> problems = check.problems(files, DeployedDefinitions.NOTHING).stream()
                .map(DeploymentProblem::describe)
                .toList();

        assertThat(problems).as("file, element (line): why").isEmpty();
    }

    /** The start-up deployment went through the same check: every process, decision and form of bpmn/ is deployed. */
    @Test
    void finding4_everyFileInBpmnWasDeployedAtStartUp() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(Path.of("bpmn"))) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                String name = path.toString();
                if (name.endsWith(".bpmn")) {
                    Bpmn.readModelFromFile(path.toFile())
                            .getModelElementsByType(Process.class)
                            .forEach(p -> {
                                if (repository
                                                .createProcessDefinitionQuery()
                                                .processDefinitionKey(p.getId())
                                                .count()
                                        == 0) missing.add(name + ": " + p.getId());
                            });
                } else if (name.endsWith(".dmn")) {
                    Dmn.readModelFromFile(path.toFile())
                            .getModelElementsByType(Decision.class)
                            .forEach(d -> {
                                if (repository
                                                .createDecisionDefinitionQuery()
                                                .decisionDefinitionKey(d.getId())
                                                .count()
                                        == 0) missing.add(name + ": " + d.getId());
                            });
                } else if (name.endsWith(".form")) {
                    String id =
                            new ObjectMapper().readTree(path.toFile()).get("id").asText();
                    if (repository.createDeploymentQuery().list().stream()
                            .noneMatch(d -> repository.getDeploymentResourceNames(d.getId()).stream()
                                    .anyMatch(r -> r.endsWith(path.getFileName().toString()))))
                        missing.add(name + ": " + id);
                }
            }
        }
        assertThat(missing).as("not deployed at start-up").isEmpty();
    }
}
