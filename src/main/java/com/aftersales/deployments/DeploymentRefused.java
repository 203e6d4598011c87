package com.aftersales.deployments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.Problem;
import org.camunda.bpm.engine.ResourceReport;

/**
 * The deployment is refused, nothing of it is deployed. A {@link ParseException}, so Camunda's REST
 * answers 400 with the problems of each resource in {@code details}; the message lists every problem as
 * well, as Camunda Modeler shows only the message.
 */
public class DeploymentRefused extends ParseException {

    private final transient List<DeploymentProblem> problems;

    DeploymentRefused(List<DeploymentProblem> problems) {
        super(message(problems), problems.get(0).resource(), List.of(), List.of());
        this.problems = List.copyOf(problems);
        Map<String, List<Problem>> byResource = new LinkedHashMap<>();
        problems.forEach(p ->
                byResource.computeIfAbsent(p.resource(), r -> new ArrayList<>()).add(p));
        resorceReports.clear();
        byResource.forEach((resource, errors) -> resorceReports.add(new Report(resource, errors)));
    }

    public List<DeploymentProblem> problems() {
        return problems;
    }

    private static String message(List<DeploymentProblem> problems) {
        StringBuilder message = new StringBuilder("The deployment was refused and nothing of it was deployed ("
                + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + "; see \"For process owners\" in the app's README):");
        problems.forEach(p -> message.append("\n- ").append(p.describe()));
        return message.toString();
    }

    private record Report(String resource, List<Problem> errors) implements ResourceReport {
        @Override
        public String getResourceName() {
            return resource;
        }

        @Override
        public List<Problem> getErrors() {
            return errors;
        }

        @Override
        public List<Problem> getWarnings() {
            return List.of();
        }
    }
}
