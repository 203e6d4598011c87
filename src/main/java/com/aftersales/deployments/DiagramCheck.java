package com.aftersales.deployments;

import com.aftersales.deployments.ExpressionCheck.Place;
import com.aftersales.deployments.ExpressionCheck.RowUse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a BPMN diagram may contain: the elements, Camunda extensions and expressions the app's diagrams
 * in bpmn/ need, nothing more; and nothing that would break live cases (a form, decision or called
 * process that is nowhere).
 */
final class DiagramCheck {

    static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    /** Camunda's extension namespace; Camunda 7 reads the old Activiti one as the same. */
    private static final Set<String> CAMUNDA = Set.of("http://camunda.org/schema/1.0/bpmn", "http://activiti.org/bpmn");
    /** Diagram layout: no meaning for the engine. */
    private static final Set<String> LAYOUT = Set.of(
            "http://www.omg.org/spec/BPMN/20100524/DI",
            "http://www.omg.org/spec/DD/20100524/DC",
            "http://www.omg.org/spec/DD/20100524/DI");

    /** The BPMN elements of the app's diagrams, and the notation that runs nothing (lanes, annotations, groups). */
    private static final Set<String> ELEMENTS = Set.of(
            "definitions",
            "process",
            "startEvent",
            "endEvent",
            "intermediateCatchEvent",
            "boundaryEvent",
            "serviceTask",
            "sendTask",
            "userTask",
            "businessRuleTask",
            "callActivity",
            "subProcess",
            "exclusiveGateway",
            "parallelGateway",
            "eventBasedGateway",
            "sequenceFlow",
            "conditionExpression",
            "message",
            "messageEventDefinition",
            "timerEventDefinition",
            "timeDuration",
            "timeDate",
            "timeCycle",
            "documentation",
            "extensionElements",
            "incoming",
            "outgoing",
            "collaboration",
            "participant",
            "messageFlow",
            "laneSet",
            "lane",
            "childLaneSet",
            "flowNodeRef",
            "textAnnotation",
            "text",
            "association",
            "group",
            "category",
            "categoryValue");

    private static final Set<String> CAMUNDA_ELEMENTS = Set.of(
            "inputOutput",
            "inputParameter",
            "outputParameter",
            "executionListener",
            "taskListener",
            "in",
            "out",
            "failedJobRetryTimeCycle",
            "properties",
            "property");
    private static final Set<String> CAMUNDA_ATTRIBUTES = Set.of(
            "asyncBefore",
            "asyncAfter",
            "exclusive",
            "jobPriority",
            "taskPriority",
            "priority",
            "candidateGroups",
            "candidateUsers",
            "assignee",
            "dueDate",
            "followUpDate",
            "formRef",
            "formRefBinding",
            "formRefVersion",
            "decisionRef",
            "decisionRefBinding",
            "decisionRefVersion",
            "decisionRefVersionTag",
            "mapDecisionResult",
            "resultVariable",
            "delegateExpression",
            "expression",
            "historyTimeToLive",
            "isStartableInTasklist",
            "versionTag",
            "calledElementBinding",
            "calledElementVersion",
            "calledElementVersionTag");
    /** The plain attributes of Camunda's extension elements (a listener's {@code class} is not among them). */
    private static final Map<String, Set<String>> CAMUNDA_ELEMENT_ATTRIBUTES = Map.of(
            "executionListener",
            Set.of("event", "expression", "delegateExpression"),
            "taskListener",
            Set.of("event", "expression", "delegateExpression", "id"),
            "in",
            Set.of("source", "sourceExpression", "target", "variables", "local", "businessKey"),
            "out",
            Set.of("source", "sourceExpression", "target", "variables", "local"),
            "inputParameter",
            Set.of("name"),
            "outputParameter",
            Set.of("name"),
            "property",
            Set.of("id", "name", "value"));

    private static final String SCRIPT =
            "a script runs code on the server; the app's delegates and process beans do the work";
    private static final String CLASS =
            "camunda:class runs any Java class the diagram names; use a process bean, e.g. camunda:delegateExpression=\"${issueRefundDelegate}\"";
    private static final String NOT_USED =
            " is not used by the app's diagrams, so a deployment may not contain it (a developer extends DiagramCheck when a flow needs it)";
    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("scriptTask", SCRIPT),
            Map.entry("script", SCRIPT),
            Map.entry("scriptFormat", SCRIPT),
            Map.entry("class", CLASS),
            Map.entry("variableMappingClass", CLASS),
            Map.entry("formHandlerClass", CLASS),
            Map.entry("resource", "camunda:resource loads a script or file from outside the diagram"),
            Map.entry("connector", "a connector calls other systems from the diagram; the app's delegates do that"),
            Map.entry("field", "field injection writes into the app's beans"),
            Map.entry(
                    "formKey",
                    "camunda:formKey (embedded or external forms) runs the form's own code in the agents' browser; use camunda:formRef to a Camunda Form"),
            Map.entry("formData", "generated task forms are not used; use camunda:formRef to a Camunda Form"),
            Map.entry("type", "external tasks wait for a worker the app does not have"),
            Map.entry("topic", "external tasks wait for a worker the app does not have"));

    /** A user task's SLA rule (cases/ServiceLevelsPlugin reads it): a row of the ServiceLevel table, input slaRuleId. */
    static final String SLA_PROPERTY = "sla";

    private static final String SLA_DECISION = "ServiceLevel";
    private static final String SLA_INPUT = "slaRuleId";
    private static final String NO_SLA =
            "a user task needs its SLA rule, which gives it its due date, the escalation to team leads"
                    + " and the breach: the extension property sla, e.g. sla = R-SLA-3 (Modeler: properties panel, Extension properties)";

    private final ExpressionCheck expressions;

    DiagramCheck(ExpressionCheck expressions) {
        this.expressions = expressions;
    }

    /** A rule ID a diagram hands to a process bean, with where it stands. */
    record UsedRow(String resource, String elementId, int line, int column, RowUse row) {}

    /** Checks one diagram; its problems and the decision rows it uses are added to the lists. */
    void check(
            String resource,
            XmlElement definitions,
            DeploymentContents contents,
            List<DeploymentProblem> problems,
            List<UsedRow> rows) {
        for (XmlElement element : definitions.all()) {
            if (LAYOUT.contains(element.namespace)) continue;
            String why = whyNotElement(element, contents);
            if (why != null) problems.add(problem(resource, element, why));
            for (XmlElement.Attribute attribute : element.attributes) {
                String attributeWhy = whyNotAttribute(element, attribute, resource, rows);
                if (attributeWhy != null) problems.add(problem(resource, element, attributeWhy));
            }
            if (element.namespace.equals(BPMN) && element.name.equals("userTask")) {
                String rule = slaRule(element);
                if (rule == null) problems.add(problem(resource, element, NO_SLA));
                else
                    rows.add(new UsedRow(
                            resource,
                            elementId(element),
                            element.line,
                            element.column,
                            new RowUse(SLA_DECISION, SLA_INPUT, rule)));
            }
            if (ExpressionCheck.hasExpression(element.text())) {
                List<RowUse> used = new ArrayList<>();
                String textWhy = expressions.whyNot(element.text(), place(element), used);
                if (textWhy != null) problems.add(problem(resource, element, quote(element.text()) + ": " + textWhy));
                used.forEach(
                        row -> rows.add(new UsedRow(resource, elementId(element), element.line, element.column, row)));
            }
        }
    }

    private String whyNotElement(XmlElement element, DeploymentContents contents) {
        if (CAMUNDA.contains(element.namespace)) {
            if (REFUSED.containsKey(element.name)) return REFUSED.get(element.name);
            if (!CAMUNDA_ELEMENTS.contains(element.name)) return "camunda:" + element.name + NOT_USED;
            if ((element.name.equals("executionListener") || element.name.equals("taskListener"))
                    && element.attribute("expression") == null
                    && element.attribute("delegateExpression") == null) {
                return element.attribute("class") != null
                        ? null
                        : "a listener names a process bean: expression or delegateExpression";
            }
            return null;
        }
        if (!element.namespace.equals(BPMN)) return "<" + element.name + "> of " + element.namespace + NOT_USED;
        if (element.name.equals("scriptTask") || element.name.equals("script")) return SCRIPT;
        if (!ELEMENTS.contains(element.name)) return "bpmn:" + element.name + NOT_USED;
        return switch (element.name) {
            case "startEvent" -> whyNotStartEvent(element);
            case "conditionExpression" -> element.attribute("language") != null ? SCRIPT : null;
            case "userTask" -> whyNotForm(element, contents);
            case "businessRuleTask" -> whyNotDecision(element, contents);
            case "callActivity" -> whyNotCalledProcess(element, contents);
            default -> null;
        };
    }

    /** A process starts only when the app opens a case; an event sub-process may start on an event. */
    private static String whyNotStartEvent(XmlElement startEvent) {
        if (startEvent.parent == null || !startEvent.parent.name.equals("process")) return null;
        for (XmlElement child : startEvent.children) {
            if (child.name.endsWith("EventDefinition")) {
                String kind = child.name.substring(0, child.name.length() - "EventDefinition".length());
                return "a " + kind
                        + " start event starts the process by itself, without a case; cases are opened by the app"
                        + " (a none start event), and an event sub-process may react to a message";
            }
        }
        return null;
    }

    private static String whyNotForm(XmlElement task, DeploymentContents contents) {
        String form = camunda(task, "formRef");
        if (form == null)
            return "a user task needs a Camunda Form: camunda:formRef, with camunda:formRefBinding=\"latest\"";
        if (ExpressionCheck.hasExpression(form)) return "camunda:formRef names the form itself, not an expression";
        String binding = camunda(task, "formRefBinding");
        if (binding == null)
            return "camunda:formRefBinding is missing (latest: the task shows the newest version of the form)";
        switch (binding) {
            case "latest" -> {
                if (contents.forms().contains(form) || contents.deployed().hasForm(form, null)) return null;
                return "form " + form + " is neither in this deployment nor deployed: agents could not open the task";
            }
            case "deployment" -> {
                if (contents.forms().contains(form)) return null;
                return "form " + form
                        + " is not in this deployment, and formRefBinding=\"deployment\" finds forms only there"
                        + " (Modeler's deploy leaves unchanged forms out): bind it with formRefBinding=\"latest\"";
            }
            case "version" -> {
                String version = camunda(task, "formRefVersion");
                if (version == null || !version.matches("\\d{1,9}"))
                    return "camunda:formRefVersion must be a version number";
                if (contents.deployed().hasForm(form, Integer.valueOf(version))) return null;
                return "version " + version + " of form " + form + " is not deployed: agents could not open the task";
            }
            default -> {
                return "camunda:formRefBinding must be latest, deployment or version, not " + binding;
            }
        }
    }

    private static String whyNotDecision(XmlElement task, DeploymentContents contents) {
        String decision = camunda(task, "decisionRef");
        if (decision == null) return null; // Camunda itself requires it
        if (ExpressionCheck.hasExpression(decision))
            return "camunda:decisionRef names the decision itself, not an expression";
        if (contents.decisions().containsKey(decision) || contents.deployed().decisionFile(decision) != null)
            return null;
        return "decision " + decision + " is neither in this deployment nor deployed: the task would fail";
    }

    private static String whyNotCalledProcess(XmlElement call, DeploymentContents contents) {
        String process = call.attribute("calledElement");
        if (process == null) return null; // Camunda itself requires it
        if (ExpressionCheck.hasExpression(process)) return "calledElement names the process itself, not an expression";
        if (contents.processes().contains(process) || contents.deployed().hasProcess(process)) return null;
        return "process " + process + " is neither in this deployment nor deployed: the call would fail";
    }

    private String whyNotAttribute(
            XmlElement element, XmlElement.Attribute attribute, String resource, List<UsedRow> rows) {
        boolean camundaAttribute = CAMUNDA.contains(attribute.namespace());
        boolean onCamundaElement = CAMUNDA.contains(element.namespace);
        if (camundaAttribute) {
            if (REFUSED.containsKey(attribute.name())) return REFUSED.get(attribute.name());
            if (!CAMUNDA_ATTRIBUTES.contains(attribute.name())) return "camunda:" + attribute.name() + NOT_USED;
        } else if (!attribute.namespace().isEmpty()) {
            return null; // xsi:type, Modeler's own attributes: no meaning for the engine
        } else if (onCamundaElement) {
            if (attribute.name().equals("class")) return CLASS;
            Set<String> allowed = CAMUNDA_ELEMENT_ATTRIBUTES.getOrDefault(element.name, Set.of());
            if (!allowed.contains(attribute.name()))
                return "attribute " + attribute.name() + " of camunda:" + element.name + NOT_USED;
        }
        if (attribute.name().equals("delegateExpression") && (camundaAttribute || onCamundaElement)) {
            String why = expressions.whyNotDelegate(
                    attribute.value(),
                    ExpressionCheck.delegateTypes(
                            element.name.equals("executionListener"), element.name.equals("taskListener")));
            return why == null ? null : quote(attribute.value()) + ": " + why;
        }
        if (!ExpressionCheck.hasExpression(attribute.value())) return null;
        List<RowUse> used = new ArrayList<>();
        String why = expressions.whyNot(attribute.value(), place(element), used);
        used.forEach(row -> rows.add(new UsedRow(resource, elementId(element), element.line, element.column, row)));
        return why == null ? null : quote(attribute.value()) + ": " + why;
    }

    private static Place place(XmlElement element) {
        for (XmlElement e = element; e != null; e = e.parent) {
            if (e.name.equals("taskListener") && CAMUNDA.contains(e.namespace)) return Place.TASK_LISTENER;
        }
        return Place.EXECUTION;
    }

    /** The value of the user task's camunda:property name="sla", or null. */
    private static String slaRule(XmlElement task) {
        for (XmlElement e : task.all()) {
            if (CAMUNDA.contains(e.namespace)
                    && e.name.equals("property")
                    && SLA_PROPERTY.equals(e.attribute("name"))
                    && e.parent != null
                    && e.parent.parent != null
                    && e.parent.parent.parent == task) {
                String value = e.attribute("value");
                return value == null || value.isBlank() ? null : value.strip();
            }
        }
        return null;
    }

    private static String camunda(XmlElement element, String name) {
        for (XmlElement.Attribute attribute : element.attributes) {
            if (CAMUNDA.contains(attribute.namespace()) && attribute.name().equals(name)) return attribute.value();
        }
        return null;
    }

    /** The id a process owner finds in Modeler: the nearest task, event, gateway, flow or process. */
    static String elementId(XmlElement element) {
        for (XmlElement e = element; e != null; e = e.parent) {
            if (e.namespace.equals(BPMN)
                    && e.attribute("id") != null
                    && !e.name.endsWith("EventDefinition")
                    && !e.name.equals("conditionExpression")) {
                return e.attribute("id");
            }
        }
        return null;
    }

    private static DeploymentProblem problem(String resource, XmlElement element, String why) {
        return new DeploymentProblem(resource, elementId(element), element.line, element.column, why);
    }

    static String quote(String expression) {
        String text = expression.strip();
        return text.length() <= 140 ? text : text.substring(0, 137) + "…";
    }
}
