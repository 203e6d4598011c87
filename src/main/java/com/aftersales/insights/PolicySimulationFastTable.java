package com.aftersales.insights;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableInputImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableRuleImpl;
import org.camunda.bpm.dmn.engine.impl.DmnExpressionImpl;
import org.camunda.bpm.model.dmn.HitPolicy;

/**
 * The first output of a decision table whose cells are all simple (the tables of bpmn/ are): each input a variable,
 * each input entry empty, {@code -}, or a list of comparisons with a literal ({@code < 200}, {@code >= 30},
 * {@code "furniture","mattresses"}, {@code true}, {@code 7}), each first output a literal, hit policy UNIQUE, FIRST or
 * ANY. Evaluated in plain Java: the FEEL engine takes a few hundred microseconds per evaluation, which 100,000 decisions
 * with thousands of distinct inputs turn into seconds. {@link #of} gives {@code null} for any other table, and
 * {@link PolicySimulation} checks this against Camunda's DMN engine on the first input sets it meets (over every run of
 * the same candidate, {@link #compared}) and uses the engine for all once one differs.
 */
final class PolicySimulationFastTable {

    private static final Pattern COMPARISON = Pattern.compile("(<=|>=|<|>|=)?\\s*(-?\\d+(?:\\.\\d+)?)");
    private static final Pattern STRING = Pattern.compile("\"([^\"\\\\]*)\"");

    private final List<String> variables;
    private final List<List<Predicate<Object>>> rules;
    private final List<String> outcomes;
    private final HitPolicy hitPolicy;
    private final AtomicInteger agreements = new AtomicInteger();
    private volatile boolean differs;

    private PolicySimulationFastTable(
            List<String> variables, List<List<Predicate<Object>>> rules, List<String> outcomes, HitPolicy hitPolicy) {
        this.variables = variables;
        this.rules = rules;
        this.outcomes = outcomes;
        this.hitPolicy = hitPolicy;
    }

    /** The table in plain Java, or {@code null} when a cell is not simple. */
    static PolicySimulationFastTable of(DmnDecision decision) {
        if (!(decision.getDecisionLogic() instanceof DmnDecisionTableImpl table)) return null;
        HitPolicy hitPolicy = table.getHitPolicyHandler().getHitPolicyEntry().getHitPolicy();
        if (hitPolicy != HitPolicy.UNIQUE && hitPolicy != HitPolicy.FIRST && hitPolicy != HitPolicy.ANY) return null;
        List<String> variables = new ArrayList<>();
        for (DmnDecisionTableInputImpl input : table.getInputs()) {
            String expression =
                    input.getExpression() == null ? null : input.getExpression().getExpression();
            if (expression == null
                    || !expression.trim().matches("[A-Za-z_][A-Za-z0-9_]*")
                    || !feel(input.getExpression())) return null;
            variables.add(expression.trim());
        }
        List<List<Predicate<Object>>> rules = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        for (DmnDecisionTableRuleImpl rule : table.getRules()) {
            List<Predicate<Object>> conditions = new ArrayList<>();
            for (DmnExpressionImpl condition : rule.getConditions()) {
                if (!feel(condition)) return null;
                Predicate<Object> test = entry(condition.getExpression());
                if (test == null) return null;
                conditions.add(test);
            }
            if (conditions.size() != variables.size() || rule.getConclusions().isEmpty()) return null;
            DmnExpressionImpl conclusion = rule.getConclusions().get(0);
            if (!feel(conclusion)) return null;
            String outcome = literal(conclusion.getExpression());
            if (outcome == null) return null;
            rules.add(conditions);
            outcomes.add(outcome);
        }
        return new PolicySimulationFastTable(variables, rules, outcomes, hitPolicy);
    }

    /** The outcome as {@link PolicySimulation} shows it, or {@code null} when the engine must decide (two UNIQUE rules match). */
    String outcome(Map<String, Object> inputs) {
        List<String> matched = new ArrayList<>(1);
        for (int r = 0; r < rules.size(); r++) {
            List<Predicate<Object>> conditions = rules.get(r);
            boolean all = true;
            for (int i = 0; i < conditions.size() && all; i++) {
                all = conditions.get(i).test(inputs.get(variables.get(i)));
            }
            if (!all) continue;
            if (hitPolicy == HitPolicy.FIRST) return outcomes.get(r);
            matched.add(outcomes.get(r));
        }
        if (matched.isEmpty()) return PolicySimulation.NO_RULE;
        if (hitPolicy == HitPolicy.UNIQUE && matched.size() > 1) return null;
        if (hitPolicy == HitPolicy.ANY && matched.stream().distinct().count() > 1) return null;
        return matched.get(0);
    }

    /**
     * One comparison of {@link #outcome} with Camunda's DMN engine, over every simulation of this table: once they
     * differ, the engine decides every outcome of this table.
     */
    void compared(boolean same) {
        if (same) agreements.incrementAndGet();
        else differs = true;
    }

    /** How many distinct input sets the DMN engine decided as this table did. */
    int agreements() {
        return agreements.get();
    }

    boolean differs() {
        return differs;
    }

    private static boolean feel(DmnExpressionImpl expression) {
        String language = expression == null ? null : expression.getExpressionLanguage();
        return language == null || language.toLowerCase(Locale.ROOT).contains("feel");
    }

    /** An input entry as a test of the input value, or {@code null} when it is not simple. */
    private static Predicate<Object> entry(String text) {
        String entry = text == null ? "" : text.trim();
        if (entry.isEmpty() || entry.equals("-")) return value -> true;
        List<Predicate<Object>> anyOf = new ArrayList<>();
        for (String item : items(entry)) {
            Predicate<Object> test = item(item.trim());
            if (test == null) return null;
            anyOf.add(test);
        }
        if (anyOf.isEmpty()) return null;
        return value -> {
            for (Predicate<Object> test : anyOf) if (test.test(value)) return true;
            return false;
        };
    }

    private static Predicate<Object> item(String item) {
        if (item.equals("true") || item.equals("false")) {
            boolean expected = item.equals("true");
            return value -> value instanceof Boolean b && b == expected;
        }
        Matcher string = STRING.matcher(item);
        if (string.matches()) {
            String expected = string.group(1);
            return value -> value instanceof String s && s.equals(expected);
        }
        Matcher comparison = COMPARISON.matcher(item);
        if (comparison.matches()) {
            String operator = comparison.group(1) == null ? "=" : comparison.group(1);
            BigDecimal bound = new BigDecimal(comparison.group(2));
            return value -> {
                if (!(value instanceof Number number) || value instanceof Double d && (d.isNaN() || d.isInfinite()))
                    return false;
                int c = new BigDecimal(number.toString()).compareTo(bound);
                return switch (operator) {
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    case ">=" -> c >= 0;
                    default -> c == 0;
                };
            };
        }
        return null;
    }

    /** The items of a list entry, split at commas outside quotes; none when a quote is left open. */
    private static List<String> items(String entry) {
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        boolean quoted = false;
        for (char c : entry.toCharArray()) {
            if (c == '"') quoted = !quoted;
            if (c == ',' && !quoted) {
                items.add(item.toString());
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        if (quoted) return List.of();
        items.add(item.toString());
        return items;
    }

    /** A literal output entry as {@link PolicySimulation#text} shows it, or {@code null} when it is not a literal. */
    private static String literal(String text) {
        String literal = text == null ? "" : text.trim();
        if (literal.isEmpty() || literal.equals("null")) return "null";
        if (literal.equals("true") || literal.equals("false")) return literal;
        Matcher string = STRING.matcher(literal);
        if (string.matches()) return string.group(1);
        if (literal.matches("-?\\d+(\\.\\d+)?")) return PolicySimulation.text(new BigDecimal(literal));
        return null;
    }
}
