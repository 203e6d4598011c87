package com.aftersales.api;

import com.aftersales.cases.PolicyFigures;
import com.aftersales.config.CamundaTables;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricDecisionInputInstance;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricDecisionOutputInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Description;
import org.camunda.bpm.model.dmn.instance.Input;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The decisions a case's processes took (the case view's {@code decisions[]}), oldest first, from Camunda's
 * history (history level {@code activity-with-decisions}, config/DecisionHistory): every evaluation of a decision
 * table by a process of the case (its business key), the called processes and the follow-up included, whether a
 * business rule task or a process bean (SLA limits, waits, the keep-the-item ceiling) evaluated it. The policy
 * rule IDs of a matched rule are the {@code R-…} IDs in its annotation.
 */
@Component
public class CaseDecisions {

    private final HistoryService history;
    private final RepositoryService repository;
    private final JdbcTemplate jdbc;
    /** Camunda's table prefix (none by default). */
    private final String prefix;
    /** What a deployed decision definition says (never changes): its version, rules and inputs, by definition id. */
    private final Map<String, Table> tables = new ConcurrentHashMap<>();

    public CaseDecisions(ProcessEngine engine, JdbcTemplate jdbc) {
        this.history = engine.getHistoryService();
        this.repository = engine.getRepositoryService();
        this.jdbc = jdbc;
        this.prefix = CamundaTables.prefix(engine);
    }

    private record Table(int version, Map<String, String> ruleAnnotations, Map<String, String> inputNames) {}

    public List<CaseView.Decision> forCase(String caseId) {
        List<CaseView.Decision> read = fromHistoryTables(caseId);
        return read != null ? read : throughQueries(caseId);
    }

    /** Camunda's history queries: one per process of the case, each with its inputs and outputs. */
    List<CaseView.Decision> throughQueries(String caseId) {
        List<HistoricDecisionInstance> evaluations = new ArrayList<>();
        for (HistoricProcessInstance process : history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(caseId)
                .list()) {
            evaluations.addAll(history.createHistoricDecisionInstanceQuery()
                    .processInstanceId(process.getId())
                    .includeInputs()
                    .includeOutputs()
                    .disableCustomObjectDeserialization()
                    .list());
        }
        evaluations.sort(Comparator.comparing(HistoricDecisionInstance::getEvaluationTime));
        return evaluations.stream().map(this::decision).toList();
    }

    /** One evaluation as the history tables hold it. */
    private record Evaluation(
            String definitionId,
            String key,
            String name,
            String activityId,
            Instant evaluatedAt,
            Map<String, Object> inputs,
            Map<String, Map<String, Object>> outputsByRule) {}

    /**
     * The same decisions as {@link #throughQueries} (the case view's {@code decisions[]} unchanged), in three reads of
     * the history tables by the case's business key instead of three Camunda queries per process (issue 16: the case
     * view at 100,000 cases): decisions in the order Camunda's queries give them (evaluation time, then process and
     * decision id), inputs by clause id, outputs by rule order and clause id. Null when a value has a type kept in a
     * byte array or otherwise not plain (then the queries read it as Camunda does).
     */
    private List<CaseView.Decision> fromHistoryTables(String caseId) {
        Map<String, Evaluation> evaluations = new LinkedHashMap<>();
        String byCase = " join " + prefix + "ACT_HI_PROCINST p on p.ID_ = d.PROC_INST_ID_ where p.BUSINESS_KEY_ = ?";
        jdbc.query(
                "select d.ID_, d.DEC_DEF_ID_, d.DEC_DEF_KEY_, d.DEC_DEF_NAME_, d.ACT_ID_, d.EVAL_TIME_ from " + prefix
                        + "ACT_HI_DECINST d" + byCase + " order by d.EVAL_TIME_, p.ID_, d.ID_",
                rs -> {
                    evaluations.put(
                            rs.getString(1),
                            new Evaluation(
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getString(5),
                                    rs.getTimestamp(6).toInstant(),
                                    new LinkedHashMap<>(),
                                    new LinkedHashMap<>()));
                },
                caseId);
        if (evaluations.isEmpty()) return List.of();
        List<Boolean> plain = new ArrayList<>(List.of(true));
        jdbc.query(
                "select i.DEC_INST_ID_, i.CLAUSE_ID_, i.CLAUSE_NAME_, i.VAR_TYPE_, i.TEXT_, i.DOUBLE_, i.LONG_ from "
                        + prefix + "ACT_HI_DEC_IN i join " + prefix + "ACT_HI_DECINST d on d.ID_ = i.DEC_INST_ID_"
                        + byCase + " order by i.CLAUSE_ID_",
                rs -> {
                    Evaluation evaluation = evaluations.get(rs.getString(1));
                    if (!PLAIN_TYPES.contains(String.valueOf(rs.getString(4)))) plain.set(0, false);
                    if (evaluation == null || !plain.get(0)) return;
                    String name = table(evaluation.definitionId())
                            .inputNames()
                            .getOrDefault(rs.getString(2), rs.getString(3));
                    evaluation
                            .inputs()
                            .put(name, plainValue(rs.getString(4), rs.getString(5), rs.getObject(6), rs.getObject(7)));
                },
                caseId);
        jdbc.query(
                "select o.DEC_INST_ID_, o.RULE_ID_, o.VAR_NAME_, o.VAR_TYPE_, o.TEXT_, o.DOUBLE_, o.LONG_ from "
                        + prefix
                        + "ACT_HI_DEC_OUT o join " + prefix + "ACT_HI_DECINST d on d.ID_ = o.DEC_INST_ID_" + byCase
                        + " order by o.RULE_ORDER_, o.CLAUSE_ID_",
                rs -> {
                    Evaluation evaluation = evaluations.get(rs.getString(1));
                    if (!PLAIN_TYPES.contains(String.valueOf(rs.getString(4)))) plain.set(0, false);
                    if (evaluation == null || !plain.get(0)) return;
                    evaluation
                            .outputsByRule()
                            .computeIfAbsent(rs.getString(2), rule -> new LinkedHashMap<>())
                            .put(
                                    rs.getString(3),
                                    plainValue(rs.getString(4), rs.getString(5), rs.getObject(6), rs.getObject(7)));
                },
                caseId);
        if (!plain.get(0)) return null;
        return evaluations.values().stream()
                .map(e -> decision(
                        e.definitionId(),
                        e.key(),
                        e.name(),
                        e.activityId(),
                        e.evaluatedAt(),
                        e.inputs(),
                        e.outputsByRule()))
                .toList();
    }

    /** The value types Camunda's history keeps in its text, double and long columns (not in a byte array). */
    private static final Set<String> PLAIN_TYPES =
            Set.of("null", "string", "boolean", "integer", "short", "long", "double", "date");

    /** A plain value as Camunda reads it back from the history: the type's name, and the text, double or long column. */
    private static Object plainValue(String type, String text, Object doubleColumn, Object longColumn) {
        Long longValue = longColumn instanceof Number n ? n.longValue() : null;
        Double doubleValue = doubleColumn instanceof Number n ? n.doubleValue() : null;
        return switch (type) {
            case "boolean" -> longValue == null ? null : longValue != 0;
            case "integer" -> longValue == null ? null : (Object) longValue.intValue();
            case "short" -> longValue == null ? null : (Object) longValue.shortValue();
            case "long" -> longValue;
            case "double" -> doubleValue;
            case "date" -> longValue == null ? null : new Date(longValue);
            case "string" -> text;
            default -> null;
        };
    }

    private CaseView.Decision decision(HistoricDecisionInstance evaluation) {
        Table table = table(evaluation.getDecisionDefinitionId());
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (HistoricDecisionInputInstance input : evaluation.getInputs()) {
            inputs.put(table.inputNames().getOrDefault(input.getClauseId(), input.getClauseName()), input.getValue());
        }
        Map<String, Map<String, Object>> outputsByRule = new LinkedHashMap<>();
        evaluation.getOutputs().stream()
                .sorted(Comparator.comparing(HistoricDecisionOutputInstance::getRuleOrder))
                .forEach(output -> outputsByRule
                        .computeIfAbsent(output.getRuleId(), rule -> new LinkedHashMap<>())
                        .put(output.getVariableName(), output.getValue()));
        return decision(
                evaluation.getDecisionDefinitionId(),
                evaluation.getDecisionDefinitionKey(),
                evaluation.getDecisionDefinitionName(),
                evaluation.getActivityId(),
                evaluation.getEvaluationTime().toInstant(),
                inputs,
                outputsByRule);
    }

    private CaseView.Decision decision(
            String definitionId,
            String key,
            String name,
            String activityId,
            Instant evaluatedAt,
            Map<String, Object> inputs,
            Map<String, Map<String, Object>> outputsByRule) {
        Table table = table(definitionId);
        List<CaseView.MatchedRule> rules = new ArrayList<>();
        LinkedHashSet<String> ruleIds = new LinkedHashSet<>();
        outputsByRule.forEach((rule, outputs) -> {
            String annotation = table.ruleAnnotations().get(rule);
            List<String> policyIds = PolicyFigures.policyRuleIds(annotation);
            ruleIds.addAll(policyIds);
            rules.add(new CaseView.MatchedRule(rule, policyIds, annotation, outputs));
        });
        return new CaseView.Decision(
                key,
                name,
                table.version(),
                activityId,
                List.copyOf(ruleIds),
                rules,
                inputs,
                evaluatedAt.atOffset(ZoneOffset.UTC));
    }

    private Table table(String decisionDefinitionId) {
        return tables.computeIfAbsent(decisionDefinitionId, this::readTable);
    }

    private Table readTable(String decisionDefinitionId) {
        DmnModelInstance model = repository.getDmnModelInstance(decisionDefinitionId);
        Map<String, String> annotations = new LinkedHashMap<>();
        for (Rule rule : model.getModelElementsByType(Rule.class)) {
            Description description = rule.getDescription();
            annotations.put(
                    rule.getId(),
                    description == null ? null : description.getTextContent().trim());
        }
        Map<String, String> inputNames = new LinkedHashMap<>();
        for (Input input : model.getModelElementsByType(Input.class)) {
            if (input.getInputExpression() != null && input.getInputExpression().getText() != null) {
                inputNames.put(
                        input.getId(),
                        input.getInputExpression().getText().getTextContent().trim());
            }
        }
        return new Table(repository.getDecisionDefinition(decisionDefinitionId).getVersion(), annotations, inputNames);
    }
}
