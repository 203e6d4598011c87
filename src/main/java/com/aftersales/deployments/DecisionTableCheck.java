package com.aftersales.deployments;

import com.aftersales.deployments.ExpressionCheck.RowUse;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.dmn.impl.DmnModelConstants;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;
import org.camunda.feel.api.ParseResult;

/**
 * What a decision table may contain: FEEL only (JUEL or a script in a table would run code on the
 * server), every input expression, rule entry and literal expression parsing as FEEL, no FEEL external
 * functions (they call Java). A table the engine accepts today fails only when a case evaluates the
 * broken rule; this check refuses it when it is deployed.
 */
final class DecisionTableCheck {

    private static final Set<String> FEEL = Set.of(
            DmnModelConstants.FEEL_NS,
            DmnModelConstants.FEEL12_NS,
            DmnModelConstants.FEEL13_NS,
            DmnModelConstants.FEEL14_NS,
            DmnModelConstants.FEEL15_NS);

    /**
     * Parses FEEL as the engine does: the FEEL engine of Camunda 7.24, external functions disabled (its parser
     * refuses them); evaluates nothing.
     */
    private static final FeelEngineApi FEEL_PARSER = FeelEngineBuilder.forJava().build();
    /** Evaluates tables for {@link Rows}: the engine's own DMN engine would also write history. */
    private static volatile DmnEngine dmn;

    /** The decision keys of a DMN file. */
    static Map<String, XmlElement> decisions(XmlElement definitions) {
        Map<String, XmlElement> decisions = new LinkedHashMap<>();
        for (XmlElement child : definitions.children) {
            if (child.name.equals("decision") && child.attribute("id") != null)
                decisions.put(child.attribute("id"), child);
        }
        return decisions;
    }

    void check(String resource, XmlElement definitions, List<DeploymentProblem> problems) {
        for (XmlElement element : definitions.all()) {
            String language = element.attribute("expressionLanguage");
            if (language != null && !isFeel(language)) {
                problems.add(
                        problem(
                                resource,
                                element,
                                "expressionLanguage " + language
                                        + ": decision tables are written in FEEL only (other languages run code on the server)"));
            }
            if (element.child("text") == null) continue;
            String text = element.child("text").text();
            if (text.isEmpty()) continue;
            switch (element.name) {
                case "inputEntry" -> feel(resource, element, text, true, problems);
                case "inputExpression", "outputEntry", "literalExpression" ->
                    feel(resource, element, text, false, problems);
                default -> {}
            }
        }
    }

    private void feel(
            String resource, XmlElement element, String text, boolean unaryTests, List<DeploymentProblem> problems) {
        ParseResult parsed;
        try {
            parsed = unaryTests ? FEEL_PARSER.parseUnaryTests(text) : FEEL_PARSER.parseExpression(text);
        } catch (RuntimeException e) {
            problems.add(problem(
                    resource, element, where(element) + "\"" + text + "\" cannot be read as FEEL: " + e.getMessage()));
            return;
        }
        if (parsed.isSuccess()) return;
        String failure = parsed.failure().message();
        problems.add(problem(
                resource,
                element,
                where(element) + "\"" + text + "\" "
                        + (failure.contains("External functions")
                                ? "defines a FEEL external function, which would call Java on the server"
                                : "is not FEEL (" + failure + "); a case reaching it would fail")));
    }

    private static boolean isFeel(String language) {
        return FEEL.contains(language) || language.toLowerCase(Locale.ROOT).equals("feel");
    }

    /** "rule Rule_LowValue, column "Order value": " for an entry, "" elsewhere. */
    private static String where(XmlElement element) {
        if (!element.name.equals("inputEntry") && !element.name.equals("outputEntry")) return "";
        XmlElement rule = element.parent;
        List<XmlElement> entries =
                rule.children.stream().filter(e -> e.name.equals(element.name)).toList();
        String columnKind = element.name.equals("inputEntry") ? "input" : "output";
        List<XmlElement> columns = rule.parent == null
                ? List.of()
                : rule.parent.children.stream()
                        .filter(e -> e.name.equals(columnKind))
                        .toList();
        int index = entries.indexOf(element);
        String label = index < columns.size() ? columns.get(index).attribute("label") : null;
        if (label == null && index < columns.size()) label = columns.get(index).attribute("name");
        return "rule " + rule.attribute("id") + (label == null ? "" : ", " + columnKind + " \"" + label + "\"") + ": ";
    }

    /** The rule, input or output an entry or expression belongs to, else the decision. */
    private static String elementId(XmlElement element) {
        for (XmlElement e = element; e != null; e = e.parent) {
            if (Set.of("rule", "input", "output", "decision").contains(e.name) && e.attribute("id") != null)
                return e.attribute("id");
        }
        for (XmlElement e = element; e != null; e = e.parent) {
            if (e.attribute("id") != null) return e.attribute("id");
        }
        return null;
    }

    private static DeploymentProblem problem(String resource, XmlElement element, String why) {
        return new DeploymentProblem(resource, elementId(element), element.line, element.column, why);
    }

    /**
     * Whether a table has a row for a value ({@link DecisionRow}): the table is evaluated with the value as its
     * input, as the process bean will. Reading a table takes a second, so the last few are kept by content.
     */
    static final class Rows {
        private static final Map<String, DmnDecision> READ =
                Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, DmnDecision> eldest) {
                        return size() > 32;
                    }
                });

        /** Why the decision in this file has no row for the value, or {@code null} when it has one. */
        String whyNot(byte[] file, RowUse row) {
            try {
                String key = row.decision() + "@"
                        + HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(file));
                DmnDecision decision = READ.get(key);
                if (decision == null) {
                    decision = dmn().parseDecision(row.decision(), new ByteArrayInputStream(file));
                    READ.put(key, decision);
                }
                if (dmn().evaluateDecision(decision, Variables.putValue(row.input(), row.value()))
                        .isEmpty()) {
                    return "the " + row.decision() + " table has no row for " + row.value();
                }
                return null;
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            } catch (RuntimeException e) {
                return "the " + row.decision() + " table cannot be evaluated for " + row.value() + ": "
                        + e.getMessage();
            }
        }
    }

    private static DmnEngine dmn() {
        DmnEngine engine = dmn;
        if (engine == null) {
            engine =
                    DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
            dmn = engine;
        }
        return engine;
    }
}
