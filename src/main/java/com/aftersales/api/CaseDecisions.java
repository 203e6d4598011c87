package com.aftersales.api;

import com.aftersales.cases.PolicyFigures;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricDecisionInputInstance;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricDecisionOutputInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Description;
import org.camunda.bpm.model.dmn.instance.Input;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.springframework.stereotype.Component;

/**
 * The decisions a case's processes took (the case view's {@code decisions[]}), oldest first, from Camunda's
 * history (history level {@code audit-with-decisions}, config/DecisionHistory): every evaluation of a decision
 * table by a process of the case (its business key), the called processes and the follow-up included, whether a
 * business rule task or a process bean (SLA limits, waits, the keep-the-item ceiling) evaluated it. The policy
 * rule IDs of a matched rule are the {@code R-…} IDs in its annotation.
 */
@Component
public class CaseDecisions {

    private final HistoryService history;
    private final RepositoryService repository;
    /** What a deployed decision definition says (never changes): its version, rules and inputs, by definition id. */
    private final Map<String, Table> tables = new ConcurrentHashMap<>();

    public CaseDecisions(HistoryService history, RepositoryService repository) {
        this.history = history;
        this.repository = repository;
    }

    private record Table(int version, Map<String, String> ruleAnnotations, Map<String, String> inputNames) {}

    public List<CaseView.Decision> forCase(String caseId) {
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

    private CaseView.Decision decision(HistoricDecisionInstance evaluation) {
        Table table = tables.computeIfAbsent(evaluation.getDecisionDefinitionId(), this::table);
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
        List<CaseView.MatchedRule> rules = new ArrayList<>();
        LinkedHashSet<String> ruleIds = new LinkedHashSet<>();
        outputsByRule.forEach((rule, outputs) -> {
            String annotation = table.ruleAnnotations().get(rule);
            List<String> policyIds = PolicyFigures.policyRuleIds(annotation);
            ruleIds.addAll(policyIds);
            rules.add(new CaseView.MatchedRule(rule, policyIds, annotation, outputs));
        });
        return new CaseView.Decision(
                evaluation.getDecisionDefinitionKey(),
                evaluation.getDecisionDefinitionName(),
                table.version(),
                evaluation.getActivityId(),
                List.copyOf(ruleIds),
                rules,
                inputs,
                evaluation.getEvaluationTime().toInstant().atOffset(ZoneOffset.UTC));
    }

    private Table table(String decisionDefinitionId) {
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
