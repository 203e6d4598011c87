package com.aftersales.deployments;

import com.aftersales.deployments.DiagramCheck.UsedRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The check of every deployment (Modeler's deploy over /engine-rest, the start-up deployment of bpmn/,
 * the tests), before the engine deploys anything of it: each diagram, decision table and form may hold
 * only what the app's flows need ({@link DiagramCheck}, {@link DecisionTableCheck}, {@link FormCheck}),
 * the process beans it names exist ({@link ProcessBean}), and what it refers to is found: forms, decisions,
 * called processes, the rows of the tables a process bean reads ({@link DecisionRow}), also for the
 * diagrams already deployed when a table changes.
 */
@Component
public class DeploymentCheck {

    private final DiagramCheck diagramCheck;
    private final DecisionTableCheck tableCheck = new DecisionTableCheck();
    private final FormCheck formCheck = new FormCheck();

    @Autowired
    public DeploymentCheck(ProcessBeans beans) {
        this((ProcessBeanCatalog) beans);
    }

    DeploymentCheck(ProcessBeanCatalog beans) {
        this.diagramCheck = new DiagramCheck(new ExpressionCheck(beans));
    }

    /** The problems of a deployment (resource name → content); none when it may be deployed. */
    public List<DeploymentProblem> problems(Map<String, byte[]> resources, DeployedDefinitions deployed) {
        List<DeploymentProblem> problems = new ArrayList<>();
        Map<String, XmlElement> diagrams = new LinkedHashMap<>();
        Map<String, XmlElement> tables = new LinkedHashMap<>();
        Map<String, byte[]> forms = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> resource : new TreeMap<>(resources).entrySet()) {
            String name = resource.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".bpmn") || lower.endsWith(".bpmn20.xml")) {
                parse(name, resource.getValue(), diagrams, problems);
            } else if (lower.endsWith(".dmn") || lower.endsWith(".dmn11.xml")) {
                parse(name, resource.getValue(), tables, problems);
            } else if (lower.endsWith(".form")) {
                forms.put(name, resource.getValue());
            } else {
                problems.add(new DeploymentProblem(
                        name,
                        null,
                        0,
                        0,
                        "a deployment holds diagrams (.bpmn), decision tables (.dmn) and Camunda Forms (.form) only"));
            }
        }
        DeploymentContents contents = contents(diagrams, tables, forms, resources, deployed);

        List<UsedRow> rows = new ArrayList<>();
        DecisionTableCheck.Rows tableRows = new DecisionTableCheck.Rows();
        diagrams.forEach((name, definitions) -> diagramCheck.check(name, definitions, contents, problems, rows));
        tables.forEach((name, definitions) -> tableCheck.check(name, definitions, problems));
        forms.forEach((name, file) -> formCheck.check(name, file, problems));
        for (UsedRow used : rows) {
            byte[] table = contents.decisionFile(used.row().decision());
            String why = table == null
                    ? "the " + used.row().decision() + " table is neither in this deployment nor deployed"
                    : tableRows.whyNot(table, used.row());
            if (why != null) {
                problems.add(new DeploymentProblem(
                        used.resource(),
                        used.elementId(),
                        used.line(),
                        used.column(),
                        used.row().value() + ": " + why));
            }
        }
        if (!contents.decisions().isEmpty()) problems.addAll(rowsDeployedDiagramsLose(contents, tables, tableRows));
        return problems;
    }

    /** A new version of a table must keep the rows the latest deployed diagrams use (their live cases read it). */
    private List<DeploymentProblem> rowsDeployedDiagramsLose(
            DeploymentContents contents, Map<String, XmlElement> tables, DecisionTableCheck.Rows tableRows) {
        List<DeploymentProblem> problems = new ArrayList<>();
        for (Map.Entry<String, DeployedDefinitions.Resource> diagram :
                contents.deployed().latestDiagrams().entrySet()) {
            if (contents.processes().contains(diagram.getKey())) continue; // replaced by this deployment, checked above
            XmlElement definitions;
            try {
                definitions = XmlElement.parse(diagram.getValue().bytes());
            } catch (XmlElement.NotXml notXml) {
                continue; // the engine parsed it once; nothing this check can read
            }
            List<UsedRow> rows = new ArrayList<>();
            diagramCheck.check(diagram.getValue().name(), definitions, contents, new ArrayList<>(), rows);
            Map<ExpressionCheck.RowUse, Set<String>> elementsByRow = new LinkedHashMap<>();
            rows.stream()
                    .filter(used -> contents.decisions().containsKey(used.row().decision()))
                    .forEach(used -> elementsByRow
                            .computeIfAbsent(used.row(), r -> new LinkedHashSet<>())
                            .add(used.elementId()));
            elementsByRow.forEach((row, elements) -> {
                String why = tableRows.whyNot(contents.decisions().get(row.decision()), row);
                if (why != null) {
                    problems.add(new DeploymentProblem(
                            tableResource(tables, row.decision()),
                            row.decision(),
                            0,
                            0,
                            why + ", which the deployed process " + diagram.getKey() + " uses ("
                                    + String.join(", ", elements) + "): its cases would fail there"));
                }
            });
        }
        return problems;
    }

    private static String tableResource(Map<String, XmlElement> tables, String decision) {
        for (Map.Entry<String, XmlElement> table : tables.entrySet()) {
            if (DecisionTableCheck.decisions(table.getValue()).containsKey(decision)) return table.getKey();
        }
        return decision;
    }

    private static DeploymentContents contents(
            Map<String, XmlElement> diagrams,
            Map<String, XmlElement> tables,
            Map<String, byte[]> forms,
            Map<String, byte[]> files,
            DeployedDefinitions deployed) {
        Set<String> formIds = new HashSet<>();
        forms.values().forEach(file -> {
            String id = FormCheck.formId(file);
            if (id != null) formIds.add(id);
        });
        Map<String, byte[]> decisions = new HashMap<>();
        tables.forEach((name, definitions) ->
                DecisionTableCheck.decisions(definitions).keySet().forEach(key -> decisions.put(key, files.get(name))));
        Set<String> processes = new HashSet<>();
        diagrams.values()
                .forEach(definitions -> definitions.children.stream()
                        .filter(e -> e.namespace.equals(DiagramCheck.BPMN)
                                && e.name.equals("process")
                                && e.attribute("id") != null)
                        .forEach(e -> processes.add(e.attribute("id"))));
        return new DeploymentContents(formIds, decisions, processes, deployed);
    }

    private static void parse(
            String name, byte[] file, Map<String, XmlElement> into, List<DeploymentProblem> problems) {
        try {
            into.put(name, XmlElement.parse(file));
        } catch (XmlElement.NotXml notXml) {
            problems.add(new DeploymentProblem(name, null, notXml.line, notXml.column, notXml.getMessage()));
        }
    }
}
