package com.aftersales.insights;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Input;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The decisions one decision table took in a period, as Camunda's history keeps them (ACT_HI_DECINST, ACT_HI_DEC_IN,
 * ACT_HI_DEC_OUT, history level audit-with-decisions): each with its inputs (by the variable name the table read),
 * its outputs, and the case (the process instance's business key) with its order's value and currency. Read in bulk,
 * three queries for the whole period, never one per decision; read only.
 */
@Component
class PolicySimulationHistory {

    /** One recorded evaluation. {@code caseId} and the order are null when no case's process evaluated it. */
    record RecordedDecision(
            String id,
            String definitionId,
            Instant evaluatedAt,
            String caseId,
            String orderId,
            BigDecimal orderValue,
            String currency,
            Map<String, Object> inputs,
            List<RecordedOutput> outputs) {}

    /** One output value of a matched rule, in the order the rules matched. */
    record RecordedOutput(String ruleId, int ruleOrder, String name, Object value) {}

    private final JdbcTemplate jdbc;
    private final RepositoryService repository;
    private final String prefix;
    /** Clause id → the variable its input expression reads, by decision definition id (a definition never changes). */
    private final Map<String, Map<String, String>> inputNames = new ConcurrentHashMap<>();

    PolicySimulationHistory(JdbcTemplate jdbc, ProcessEngine engine) {
        this.jdbc = jdbc;
        this.repository = engine.getRepositoryService();
        String tablePrefix =
                ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDatabaseTablePrefix();
        this.prefix = tablePrefix == null ? "" : tablePrefix;
    }

    /** The decisions of {@code decisionKey} evaluated from {@code from} (inclusive) to {@code until} (exclusive). */
    List<RecordedDecision> decisions(String decisionKey, Instant from, Instant until) {
        Timestamp start = new Timestamp(from.toEpochMilli());
        Timestamp end = new Timestamp(until.toEpochMilli());
        String inPeriod = " d.DEC_DEF_KEY_ = ? and d.EVAL_TIME_ >= ? and d.EVAL_TIME_ < ?";
        Map<String, RecordedDecision> decisions = new LinkedHashMap<>();
        jdbc.query(
                "select d.ID_, d.DEC_DEF_ID_, d.EVAL_TIME_, p.BUSINESS_KEY_, o.order_id, o.order_value, o.currency"
                        + " from " + prefix + "ACT_HI_DECINST d"
                        + " left join " + prefix + "ACT_HI_PROCINST p on p.ID_ = d.PROC_INST_ID_"
                        + " left join after_sales_case c on c.case_id = p.BUSINESS_KEY_"
                        + " left join sales_order o on o.order_id = c.order_id"
                        + " where" + inPeriod
                        + " order by d.EVAL_TIME_, d.ID_",
                rs -> {
                    String caseId = rs.getString(5) == null ? null : rs.getString(4);
                    decisions.put(
                            rs.getString(1),
                            new RecordedDecision(
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getTimestamp(3).toInstant(),
                                    caseId,
                                    rs.getString(5),
                                    rs.getBigDecimal(6),
                                    rs.getString(7),
                                    new LinkedHashMap<>(),
                                    new ArrayList<>()));
                },
                decisionKey,
                start,
                end);
        if (decisions.isEmpty()) return List.of();
        jdbc.query(
                "select i.DEC_INST_ID_, i.CLAUSE_ID_, i.CLAUSE_NAME_, i.VAR_TYPE_, i.TEXT_, i.DOUBLE_, i.LONG_"
                        + " from " + prefix + "ACT_HI_DEC_IN i join " + prefix
                        + "ACT_HI_DECINST d on d.ID_ = i.DEC_INST_ID_ where" + inPeriod,
                rs -> {
                    RecordedDecision decision = decisions.get(rs.getString(1));
                    if (decision == null) return;
                    String name = inputNames(decision.definitionId()).getOrDefault(rs.getString(2), rs.getString(3));
                    decision.inputs().put(name, value(rs));
                },
                decisionKey,
                start,
                end);
        jdbc.query(
                "select o.DEC_INST_ID_, o.RULE_ID_, o.RULE_ORDER_, o.VAR_NAME_, o.VAR_TYPE_, o.TEXT_, o.DOUBLE_, o.LONG_"
                        + " from " + prefix + "ACT_HI_DEC_OUT o join " + prefix
                        + "ACT_HI_DECINST d on d.ID_ = o.DEC_INST_ID_ where" + inPeriod,
                rs -> {
                    RecordedDecision decision = decisions.get(rs.getString(1));
                    if (decision == null) return;
                    decision.outputs()
                            .add(new RecordedOutput(rs.getString(2), rs.getInt(3), rs.getString(4), outputValue(rs)));
                },
                decisionKey,
                start,
                end);
        for (RecordedDecision decision : decisions.values()) {
            decision.outputs().sort((a, b) -> Integer.compare(a.ruleOrder(), b.ruleOrder()));
        }
        return new ArrayList<>(decisions.values());
    }

    /** The variables the inputs of a deployed definition read: the text of each input expression, by input id. */
    Map<String, String> inputNames(String definitionId) {
        return inputNames.computeIfAbsent(definitionId, id -> {
            DmnModelInstance model = repository.getDmnModelInstance(id);
            String key = repository.getDecisionDefinition(id).getKey();
            Map<String, String> names = new LinkedHashMap<>();
            if (model.getModelElementById(key) instanceof Decision decision
                    && decision.getExpression() instanceof DecisionTable table) {
                for (Input input : table.getInputs()) {
                    if (input.getInputExpression() != null
                            && input.getInputExpression().getText() != null) {
                        names.put(
                                input.getId(),
                                input.getInputExpression()
                                        .getText()
                                        .getTextContent()
                                        .trim());
                    }
                }
            }
            return names;
        });
    }

    private static Object value(ResultSet rs) throws SQLException {
        return typed(rs.getString(4), rs.getString(5), rs.getObject(6), rs.getObject(7));
    }

    private static Object outputValue(ResultSet rs) throws SQLException {
        return typed(rs.getString(5), rs.getString(6), rs.getObject(7), rs.getObject(8));
    }

    /** A value as Camunda's history stores it: the type's name, and the text, double or long column. */
    static Object typed(String type, String text, Object doubleColumn, Object longColumn) {
        Long longValue = longColumn instanceof Number n ? n.longValue() : null;
        Double doubleValue = doubleColumn instanceof Number n ? n.doubleValue() : null;
        return switch (type == null ? "null" : type) {
            case "null" -> null;
            case "boolean" -> longValue == null ? null : longValue != 0;
            case "integer" -> longValue == null ? null : (Object) longValue.intValue();
            case "short" -> longValue == null ? null : (Object) longValue.shortValue();
            case "long" -> longValue;
            case "double" -> doubleValue;
            case "date" -> longValue == null ? null : new Date(longValue);
            default -> text;
        };
    }
}
