package com.aftersales.insights;

import com.aftersales.config.CamundaTables;
import com.aftersales.insights.PolicySimulationHistory.Stored;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricDecisionInputInstance;
import org.camunda.bpm.engine.history.HistoricDecisionOutputInstance;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricDecisionEvaluationEvent;
import org.camunda.bpm.engine.impl.history.event.HistoricDecisionInputInstanceEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricDecisionInstanceEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricDecisionOutputInstanceEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every decision Camunda records, once more as one row of {@code recorded_decision} (migration V16): its stored inputs
 * by clause id and its matched rules' outputs, each one JSON text, so that a policy simulation groups a period's
 * decisions in one table instead of joining ACT_HI_DECINST to ACT_HI_DEC_IN and ACT_HI_DEC_OUT row by row
 * (bench/README.md, "Policy simulation with 100,000 resolved cases").
 * <p>
 * Written by a history event handler beside Camunda's own, in the same transaction as Camunda's rows of the decision
 * (the engine runs its commands in the app's Spring transactions): both are committed or neither. Camunda's history
 * stays the record: {@link #agree} compares the counts for a simulation's period and fills in what is missing
 * (decisions recorded before this table) or removes what Camunda no longer has (its history clean-up).
 */
@Component
public class RecordedDecisions extends AbstractProcessEnginePlugin {

    /** The rows of a JSON text: [clause id, type, text, double, long] per input, [name, rule order, type, text,
     * double, long] per output. */
    private static final TypeReference<List<List<Object>>> ROWS = new TypeReference<>() {};

    private static final int BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(RecordedDecisions.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSERT = "insert into recorded_decision (decision_instance_id, decision_definition_id,"
            + " evaluated_at, case_id, inputs, outputs) values (?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final ObjectProvider<ProcessEngine> engine;
    private final ObjectProvider<PlatformTransactionManager> transactions;

    public RecordedDecisions(
            JdbcTemplate jdbc,
            ObjectProvider<ProcessEngine> engine,
            ObjectProvider<PlatformTransactionManager> transactions) {
        this.jdbc = jdbc;
        this.engine = engine;
        this.transactions = transactions;
    }

    /** One output of a matched rule, as Camunda stores it. */
    record Output(String name, int ruleOrder, Stored value) {}

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<HistoryEventHandler> handlers = configuration.getCustomHistoryEventHandlers() == null
                ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomHistoryEventHandlers());
        // not this bean itself: Camunda's Spring Boot starter adds a HistoryEventHandler bean on its own
        handlers.add(new HistoryEventHandler() {
            @Override
            public void handleEvent(HistoryEvent event) {
                record(event);
            }

            @Override
            public void handleEvents(List<HistoryEvent> events) {
                events.forEach(this::handleEvent);
            }
        });
        configuration.setCustomHistoryEventHandlers(handlers);
    }

    /** The rows of a decision evaluation (the decision and the ones it required), with Camunda's rows of it. */
    private void record(HistoryEvent event) {
        if (!(event instanceof HistoricDecisionEvaluationEvent evaluation)) return;
        List<HistoricDecisionInstanceEntity> decisions = new ArrayList<>();
        decisions.add(evaluation.getRootHistoricDecisionInstance());
        if (evaluation.getRequiredHistoricDecisionInstances() != null) {
            decisions.addAll(evaluation.getRequiredHistoricDecisionInstances());
        }
        List<Object[]> rows = new ArrayList<>();
        for (HistoricDecisionInstanceEntity decision : decisions) {
            // Camunda's handler (after this one) keeps an id it finds and gives one otherwise
            if (decision.getId() == null) {
                decision.setId(
                        Context.getProcessEngineConfiguration().getIdGenerator().getNextId());
            }
            Map<String, Stored> inputs = new HashMap<>();
            for (HistoricDecisionInputInstance input : decision.getInputs()) {
                HistoricDecisionInputInstanceEntity stored = (HistoricDecisionInputInstanceEntity) input;
                inputs.put(
                        stored.getClauseId(),
                        new Stored(
                                stored.getSerializerName(),
                                stored.getTextValue(),
                                stored.getDoubleValue(),
                                stored.getLongValue()));
            }
            List<Output> outputs = new ArrayList<>();
            for (HistoricDecisionOutputInstance output : decision.getOutputs()) {
                HistoricDecisionOutputInstanceEntity stored = (HistoricDecisionOutputInstanceEntity) output;
                outputs.add(new Output(
                        stored.getVariableName(),
                        stored.getRuleOrder() == null ? 0 : stored.getRuleOrder(),
                        new Stored(
                                stored.getSerializerName(),
                                stored.getTextValue(),
                                stored.getDoubleValue(),
                                stored.getLongValue())));
            }
            rows.add(row(
                    decision.getId(),
                    decision.getDecisionDefinitionId(),
                    decision.getEvaluationTime().toInstant(),
                    businessKey(decision.getProcessInstanceId()),
                    inputs,
                    outputs));
        }
        jdbc.batchUpdate(INSERT, rows);
    }

    /**
     * Whether this table holds as many decisions of the definition in the period as Camunda's history ({@code counts},
     * counted together), after removing
     * rows Camunda no longer has and filling in the ones it has and this table has not. False when they still differ
     * (another node filling them at the same moment, decisions committed meanwhile): the caller reads Camunda's history.
     */
    boolean agree(String definitionId, Instant from, Instant until, PolicySimulationHistory.Counts counts) {
        if (counts.camunda() == counts.recorded()) return true;
        if (differ(definitionId, from, until) == 0) return true;
        String prefix = CamundaTables.prefix(engine.getObject());
        long started = System.nanoTime();
        int removed = jdbc.update(
                "delete from recorded_decision r where r.decision_definition_id = ? and r.evaluated_at >= ?"
                        + " and r.evaluated_at < ? and not exists (select 1 from " + prefix
                        + "ACT_HI_DECINST d where d.ID_ = r.decision_instance_id)",
                definitionId,
                Timestamp.from(from),
                Timestamp.from(until));
        int filled = 0;
        // a day at a time: the ids missing of one day are held in memory, not a year's
        for (Instant day = from; day.isBefore(until); day = day.plus(1, ChronoUnit.DAYS)) {
            Instant next = day.plus(1, ChronoUnit.DAYS).isBefore(until) ? day.plus(1, ChronoUnit.DAYS) : until;
            filled += fill(prefix, definitionId, day, next);
        }
        long left = differ(definitionId, from, until);
        log.info(
                "Recorded decisions of {} from {} to {} made to agree with Camunda's history in {} ms: {} filled in, {}"
                        + " removed{}",
                definitionId,
                from,
                until,
                (System.nanoTime() - started) / 1_000_000,
                filled,
                removed,
                left == 0
                        ? ""
                        : "; they still differ by " + Math.abs(left) + " decisions, Camunda's history is read instead");
        return left == 0;
    }

    /**
     * Every night after Camunda's history clean-up window (01:00 to 05:00): the rows of decisions Camunda's history no
     * longer holds (their time to live passed, or an admin deleted them) go as well; a simulation of their period would
     * remove them too ({@link #agree}), this keeps the table from growing where nobody simulates.
     */
    @Scheduled(cron = "${aftersales.recorded-decisions-cleanup-cron:0 30 5 * * *}")
    public int forgetRemovedDecisions() {
        String decisionTable = CamundaTables.prefix(engine.getObject()) + "ACT_HI_DECINST";
        int removed = jdbc.update("delete from recorded_decision r where not exists (select 1 from " + decisionTable
                + " d where d.ID_ = r.decision_instance_id)");
        log.info("Recorded decisions whose decision Camunda's history no longer holds removed: {}", removed);
        return removed;
    }

    /** The business key of the process instance that decided (the case), from the command's cache; none outside a process. */
    private static String businessKey(String processInstanceId) {
        if (processInstanceId == null) return null;
        ExecutionEntity instance =
                Context.getCommandContext().getExecutionManager().findExecutionById(processInstanceId);
        return instance == null ? null : instance.getBusinessKey();
    }

    /** The decisions of the definition in the period that Camunda's history and this table hold, counted in one statement. */
    PolicySimulationHistory.Counts count(String definitionId, Instant from, Instant until) {
        return jdbc.queryForObject(
                "select (select count(*) from " + CamundaTables.prefix(engine.getObject())
                        + "ACT_HI_DECINST where DEC_DEF_ID_ = ? and EVAL_TIME_ >= ? and EVAL_TIME_ < ?), (select count(*)"
                        + " from recorded_decision where decision_definition_id = ? and evaluated_at >= ?"
                        + " and evaluated_at < ?)",
                (rs, n) -> new PolicySimulationHistory.Counts(rs.getLong(1), rs.getLong(2)),
                definitionId,
                Timestamp.from(from),
                Timestamp.from(until),
                definitionId,
                Timestamp.from(from),
                Timestamp.from(until));
    }

    private long differ(String definitionId, Instant from, Instant until) {
        PolicySimulationHistory.Counts counts = count(definitionId, from, until);
        return counts.camunda() - counts.recorded();
    }

    /** Copies the decisions of the definition in the period that this table lacks from Camunda's history. */
    private int fill(String prefix, String definitionId, Instant from, Instant until) {
        List<Object[]> missing = jdbc.query(
                "select d.ID_, d.EVAL_TIME_, p.BUSINESS_KEY_ from " + prefix + "ACT_HI_DECINST d left join " + prefix
                        + "ACT_HI_PROCINST p on p.ID_ = d.PROC_INST_ID_ where d.DEC_DEF_ID_ = ?"
                        + " and d.EVAL_TIME_ >= ? and d.EVAL_TIME_ < ? and not exists (select 1 from recorded_decision r"
                        + " where r.decision_instance_id = d.ID_)",
                (rs, n) -> new Object[] {rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3)},
                definitionId,
                Timestamp.from(from),
                Timestamp.from(until));
        int filled = 0;
        TransactionTemplate transaction = new TransactionTemplate(transactions.getObject());
        for (int start = 0; start < missing.size(); start += BATCH) {
            List<Object[]> batch = missing.subList(start, Math.min(missing.size(), start + BATCH));
            String ids = String.join(", ", batch.stream().map(d -> "?").toList());
            Object[] idArguments = batch.stream().map(d -> d[0]).toArray();
            Map<String, Map<String, Stored>> inputs = new HashMap<>();
            jdbc.query(
                    "select DEC_INST_ID_, CLAUSE_ID_, VAR_TYPE_, TEXT_, DOUBLE_, LONG_ from " + prefix
                            + "ACT_HI_DEC_IN where DEC_INST_ID_ in (" + ids + ")",
                    rs -> {
                        inputs.computeIfAbsent(rs.getString(1), id -> new HashMap<>())
                                .put(
                                        rs.getString(2),
                                        Stored.of(rs.getString(3), rs.getString(4), rs.getObject(5), rs.getObject(6)));
                    },
                    idArguments);
            Map<String, List<Output>> outputs = new HashMap<>();
            jdbc.query(
                    "select DEC_INST_ID_, VAR_NAME_, RULE_ORDER_, VAR_TYPE_, TEXT_, DOUBLE_, LONG_ from " + prefix
                            + "ACT_HI_DEC_OUT where DEC_INST_ID_ in (" + ids + ")",
                    rs -> {
                        outputs.computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
                                .add(new Output(
                                        rs.getString(2),
                                        rs.getInt(3),
                                        Stored.of(rs.getString(4), rs.getString(5), rs.getObject(6), rs.getObject(7))));
                    },
                    idArguments);
            List<Object[]> rows = new ArrayList<>();
            for (Object[] decision : batch) {
                String id = (String) decision[0];
                rows.add(row(
                        id,
                        definitionId,
                        (Instant) decision[1],
                        (String) decision[2],
                        inputs.getOrDefault(id, Map.of()),
                        outputs.getOrDefault(id, List.of())));
            }
            try {
                transaction.executeWithoutResult(status -> jdbc.batchUpdate(INSERT, rows));
                filled += rows.size();
            } catch (DuplicateKeyException e) {
                log.info("Another node recorded some of these decisions at the same moment: {}", e.getMessage());
            }
        }
        return filled;
    }

    /** A row of recorded_decision: inputs ordered by clause id, outputs by rule order and name, so equal sets are equal texts. */
    private static Object[] row(
            String id,
            String definitionId,
            Instant evaluatedAt,
            String caseId,
            Map<String, Stored> inputs,
            List<Output> outputs) {
        List<List<Object>> inputRows = new ArrayList<>();
        new TreeMap<>(inputs)
                .forEach((clause, value) -> inputRows.add(
                        Arrays.asList(clause, value.type(), value.text(), value.doubleValue(), value.longValue())));
        List<List<Object>> outputRows = new ArrayList<>();
        outputs.stream()
                .sorted(Comparator.comparingInt(Output::ruleOrder).thenComparing(Output::name))
                .forEach(o -> outputRows.add(Arrays.asList(
                        o.name(),
                        o.ruleOrder(),
                        o.value().type(),
                        o.value().text(),
                        o.value().doubleValue(),
                        o.value().longValue())));
        return new Object[] {id, definitionId, Timestamp.from(evaluatedAt), caseId, json(inputRows), json(outputRows)};
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The inputs of a row: clause id → stored value. */
    static Map<String, Stored> inputs(String text) {
        Map<String, Stored> inputs = new HashMap<>();
        for (List<Object> input : parse(text)) {
            inputs.put(
                    (String) input.get(0),
                    Stored.of((String) input.get(1), (String) input.get(2), input.get(3), input.get(4)));
        }
        return inputs;
    }

    /** The outputs of a row, in rule order. */
    static List<Output> outputs(String text) {
        List<Output> outputs = new ArrayList<>();
        for (List<Object> output : parse(text)) {
            outputs.add(new Output(
                    (String) output.get(0),
                    ((Number) output.get(1)).intValue(),
                    Stored.of((String) output.get(2), (String) output.get(3), output.get(4), output.get(5))));
        }
        return outputs;
    }

    private static List<List<Object>> parse(String text) {
        try {
            return JSON.readValue(text, ROWS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("recorded_decision holds a text that is not its JSON: " + text, e);
        }
    }
}
