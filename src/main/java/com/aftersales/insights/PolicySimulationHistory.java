package com.aftersales.insights;

import com.aftersales.config.CamundaTables;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.HitPolicy;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Input;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The decisions one decision table took in a period, as Camunda's history keeps them (ACT_HI_DECINST, ACT_HI_DEC_IN,
 * ACT_HI_DEC_OUT, history level activity-with-decisions), read as the simulation needs them, per deployed definition:
 * <ul>
 * <li>{@link #inputSets}: each distinct set of recorded inputs with the recorded outcome and how many decisions had
 * it, grouped by the database (100,000 decisions of a table with one input of cents are about 15,000 sets);</li>
 * <li>{@link #decisions}: the decisions themselves, with the case (the process instance's business key) and its
 * order's value and currency, only those of the given input sets (a superset the caller checks), or all.</li>
 * </ul>
 * One query each per definition, inputs and output joined by clause id (one join per input of the table); never one
 * query per decision, no sort. And the same decisions from the app's copy ({@link RecordedDecisions}, one table):
 * {@link #definitions} counts both, {@link #recordedDecisions} reads the copy in one pass. Read only.
 */
@Component
class PolicySimulationHistory {

    /** One recorded evaluation. {@code caseId} and the order are null when no case's process evaluated it. */
    record RecordedDecision(
            String id,
            Instant evaluatedAt,
            String caseId,
            String orderId,
            BigDecimal orderValue,
            String currency,
            Map<String, Object> inputs,
            List<RecordedOutput> outputs) {}

    /** One output value of a matched rule, in the order the rules matched. */
    record RecordedOutput(int ruleOrder, Object value) {}

    /**
     * A distinct set of recorded inputs (by the variable each input reads) with the recorded output of the matched
     * rule, and the number of decisions that had them. {@code stored} holds the columns as stored, inputs in clause
     * order, then the output (type {@code null}: no rule matched), to find these decisions again.
     */
    record InputSet(Map<String, Object> inputs, int decisions, List<Stored> stored) {
        Stored output() {
            return stored.get(stored.size() - 1);
        }
    }

    /** A value as Camunda's history stores it: the type's name, and the text, double or long column. */
    record Stored(String type, String text, Double doubleValue, Long longValue) {
        /** From the columns as JDBC or JSON give them (any number type). */
        static Stored of(String type, String text, Object doubleColumn, Object longColumn) {
            return new Stored(
                    type,
                    text,
                    doubleColumn instanceof Number n ? n.doubleValue() : null,
                    longColumn instanceof Number n ? n.longValue() : null);
        }

        Object value() {
            return typed(type, text, doubleValue, longValue);
        }
    }

    /**
     * A deployed definition's inputs as recorded: clause id → the variable the input reads (its expression, else its
     * label, as the recorded clause name); {@code oneRuleEach}: its hit policy records at most one matched rule.
     */
    record RecordedTable(String key, Map<String, String> inputs, boolean oneRuleEach) {}

    private static final String[] COLUMNS = {"VAR_TYPE_", "TEXT_", "DOUBLE_", "LONG_"};
    /** No value stored (an input not recorded, no matched rule). */
    private static final Stored NONE = new Stored(null, null, null, null);
    /** Distinct (inputs, outputs) texts kept while reading a definition's recorded decisions. */
    private static final int MAX_TEXTS_KEPT = 100_000;
    /** Cases per query for the orders of the changed decisions. */
    private static final int BATCH = 500;
    /** More distinct texts than this in the changed input sets: no filter on that column (the caller checks anyway). */
    private static final int MAX_TEXTS_IN_FILTER = 200;

    private final JdbcTemplate jdbc;
    private final RecordedDecisions recorded;
    private final RepositoryService repository;
    private final String prefix;
    private final Map<String, RecordedTable> tables = new ConcurrentHashMap<>();
    /** Rows fetched 1,000 at a time, in a read-only transaction ({@link #stream}). */
    private final JdbcTemplate streamed;

    private final TransactionTemplate reads;
    private final boolean h2;

    PolicySimulationHistory(
            JdbcTemplate jdbc,
            ProcessEngine engine,
            PlatformTransactionManager transactions,
            RecordedDecisions recorded) {
        this.jdbc = jdbc;
        this.recorded = recorded;
        this.repository = engine.getRepositoryService();
        this.prefix = CamundaTables.prefix(engine);
        this.streamed = new JdbcTemplate(jdbc.getDataSource());
        this.streamed.setFetchSize(1000);
        this.reads = new TransactionTemplate(transactions);
        this.reads.setReadOnly(true);
        this.h2 = Boolean.TRUE.equals(jdbc.execute(
                (ConnectionCallback<Boolean>) c -> "H2".equals(c.getMetaData().getDatabaseProductName())));
    }

    /**
     * A query whose rows are handed over as the database reads them: on PostgreSQL 1,000 at a time (it otherwise
     * holds the whole result in memory first), on H2 lazily (it otherwise writes a result of more than a few ten
     * thousand rows to a temporary file before the first row).
     */
    private void stream(String sql, RowCallbackHandler rows, Object... arguments) {
        reads.executeWithoutResult(status -> {
            if (h2) streamed.execute("set lazy_query_execution true");
            try {
                streamed.query(sql, rows, arguments);
            } finally {
                if (h2) streamed.execute("set lazy_query_execution false");
            }
        });
    }

    /** How many decisions of a definition in a period Camunda's history holds, and how many {@code recorded_decision}. */
    record Counts(long camunda, long recorded) {}

    /**
     * The deployed definitions of {@code decisionKey} that decided from {@code from} (inclusive) to {@code until}
     * (exclusive), oldest version first: id → the decisions Camunda's history and {@code recorded_decision} hold, both
     * counted in one statement (on H2 through the index of config/EngineDatabaseTuning, without reading a row).
     */
    Map<String, Counts> definitions(String decisionKey, Instant from, Instant until) {
        Map<String, Counts> definitions = new LinkedHashMap<>();
        for (DecisionDefinition definition : repository
                .createDecisionDefinitionQuery()
                .decisionDefinitionKey(decisionKey)
                .orderByDecisionDefinitionVersion()
                .asc()
                .list()) {
            Counts counts = recorded.count(definition.getId(), from, until);
            if (counts.camunda() > 0 || counts.recorded() > 0) definitions.put(definition.getId(), counts);
        }
        return definitions;
    }

    /**
     * The distinct recorded input sets of one definition's decisions in the period, with their outcome
     * {@code outputName}. Only for a definition whose decisions hold one matched rule each ({@link RecordedTable#oneRuleEach}).
     */
    List<InputSet> inputSets(String definitionId, String outputName, Instant from, Instant until) {
        RecordedTable table = table(definitionId);
        String columns = String.join(", ", storedColumns(table.inputs().size()));
        List<String> names = new ArrayList<>(table.inputs().values());
        List<InputSet> sets = new ArrayList<>();
        jdbc.query(
                "select " + columns + ", count(*)" + from(table, "") + " group by " + columns,
                rs -> {
                    List<Stored> stored = new ArrayList<>();
                    for (int clause = 0; clause <= names.size(); clause++) stored.add(stored(rs, 1 + clause * 4));
                    sets.add(new InputSet(inputs(names, stored), rs.getInt(1 + stored.size() * 4), stored));
                },
                arguments(table, outputName, definitionId, from, until).toArray());
        return sets;
    }

    /**
     * The decisions of one definition in the period with their case and order: those whose stored inputs and output
     * could be one of {@code only} (a superset: range and list conditions per column, the caller compares), or all
     * when {@code only} is null.
     */
    List<RecordedDecision> decisions(
            String definitionId, String outputName, Instant from, Instant until, Collection<InputSet> only) {
        RecordedTable table = table(definitionId);
        List<String> names = new ArrayList<>(table.inputs().values());
        List<Object> arguments = arguments(table, outputName, definitionId, from, until);
        StringBuilder where = new StringBuilder();
        if (only != null && only.isEmpty()) return List.of();
        if (only != null) {
            for (int clause = 0; clause <= names.size(); clause++) {
                where.append(filter(clause == names.size() ? "o" : "i" + clause, clause, only, arguments));
            }
        }
        Map<String, RecordedDecision> decisions = new LinkedHashMap<>();
        jdbc.query(
                "select d.ID_, d.EVAL_TIME_, p.BUSINESS_KEY_, so.order_id, so.order_value, so.currency, o.RULE_ORDER_, "
                        + String.join(", ", storedColumns(names.size()))
                        + from(
                                table,
                                " left join " + prefix + "ACT_HI_PROCINST p on p.ID_ = d.PROC_INST_ID_"
                                        + " left join after_sales_case c on c.case_id = p.BUSINESS_KEY_"
                                        + " left join sales_order so on so.order_id = c.order_id")
                        + where,
                rs -> {
                    RecordedDecision decision = decisions.get(rs.getString(1));
                    if (decision == null) {
                        List<Stored> stored = new ArrayList<>();
                        for (int i = 0; i < names.size(); i++) stored.add(stored(rs, 8 + i * 4));
                        decision = new RecordedDecision(
                                rs.getString(1),
                                rs.getTimestamp(2).toInstant(),
                                rs.getString(4) == null ? null : rs.getString(3),
                                rs.getString(4),
                                rs.getBigDecimal(5),
                                rs.getString(6),
                                inputs(names, stored),
                                new ArrayList<>());
                        decisions.put(decision.id(), decision);
                    }
                    Stored output = stored(rs, 8 + names.size() * 4);
                    if (output.type() != null) decision.outputs().add(new RecordedOutput(rs.getInt(7), output.value()));
                },
                arguments.toArray());
        for (RecordedDecision decision : decisions.values()) {
            decision.outputs().sort((a, b) -> Integer.compare(a.ruleOrder(), b.ruleOrder()));
        }
        return new ArrayList<>(decisions.values());
    }

    /** The two texts of a recorded decision: its inputs and its outputs. */
    private record Texts(String inputs, String outputs) {}

    /** What {@link #recordedDecisions} read: the decisions it kept, and how many distinct inputs and outcomes it saw. */
    record Recorded(List<RecordedDecision> decisions, int inputSets) {}

    /**
     * The decisions of one definition in the period from {@code recorded_decision} ({@link RecordedDecisions}; for a
     * definition and period where {@link RecordedDecisions#agree} holds), those for which {@code changed} holds, with
     * their cases and orders ({@value #BATCH} cases per query). One pass over one table, streamed:
     * {@code changed} is asked once per distinct pair of recorded texts (inputs, outputs), and only the kept decisions
     * are held.
     */
    Recorded recordedDecisions(
            String definitionId,
            String outputName,
            Instant from,
            Instant until,
            BiPredicate<Map<String, Object>, List<RecordedOutput>> changed) {
        RecordedTable table = table(definitionId);
        List<String> names = new ArrayList<>(table.inputs().values());
        Map<String, Map<String, Object>> inputsByText = new HashMap<>();
        Map<String, List<RecordedOutput>> outputsByText = new HashMap<>();
        Map<Texts, Boolean> changedByTexts = new HashMap<>();
        int[] inputSets = {0};
        List<RecordedDecision> decisions = new ArrayList<>();
        stream(
                "select decision_instance_id, evaluated_at, case_id, inputs, outputs from recorded_decision"
                        + " where decision_definition_id = ? and evaluated_at >= ? and evaluated_at < ?",
                rs -> {
                    String inputsText = rs.getString(4);
                    String outputsText = rs.getString(5);
                    // a table whose inputs rarely repeat would fill these maps: they start again past a size
                    if (changedByTexts.size() > MAX_TEXTS_KEPT) {
                        changedByTexts.clear();
                        inputsByText.clear();
                        outputsByText.clear();
                    }
                    Map<String, Object> inputs = inputsByText.computeIfAbsent(
                            inputsText, text -> inputs(names, stored(table, RecordedDecisions.inputs(text))));
                    List<RecordedOutput> outputs =
                            outputsByText.computeIfAbsent(outputsText, text -> outputs(text, outputName));
                    Texts texts = new Texts(inputsText, outputsText);
                    Boolean keep = changedByTexts.get(texts);
                    if (keep == null) {
                        inputSets[0]++;
                        keep = changed.test(inputs, outputs);
                        changedByTexts.put(texts, keep);
                    }
                    if (!keep) return;
                    decisions.add(new RecordedDecision(
                            rs.getString(1),
                            rs.getTimestamp(2).toInstant(),
                            rs.getString(3), // the business key, a case's id if its case and order are found
                            null,
                            null,
                            null,
                            inputs,
                            outputs));
                },
                definitionId,
                timestamp(from),
                timestamp(until));
        Map<String, Object[]> cases = new HashMap<>();
        List<String> caseIds = decisions.stream()
                .map(RecordedDecision::caseId)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        for (int start = 0; start < caseIds.size(); start += BATCH) {
            List<String> batch = caseIds.subList(start, Math.min(caseIds.size(), start + BATCH));
            jdbc.query(
                    "select c.case_id, so.order_id, so.order_value, so.currency from after_sales_case c"
                            + " join sales_order so on so.order_id = c.order_id where c.case_id in ("
                            + String.join(", ", batch.stream().map(id -> "?").toList()) + ")",
                    rs -> {
                        cases.put(
                                rs.getString(1),
                                new Object[] {rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getString(4)});
                    },
                    batch.toArray());
        }
        List<RecordedDecision> withCases = new ArrayList<>(decisions.size());
        for (RecordedDecision decision : decisions) {
            Object[] kase = decision.caseId() == null ? null : cases.get(decision.caseId());
            withCases.add(new RecordedDecision(
                    decision.id(),
                    decision.evaluatedAt(),
                    kase == null ? null : (String) kase[0],
                    kase == null ? null : (String) kase[1],
                    kase == null ? null : (BigDecimal) kase[2],
                    kase == null ? null : (String) kase[3],
                    decision.inputs(),
                    decision.outputs()));
        }
        return new Recorded(withCases, inputSets[0]);
    }

    /** The recorded outputs named {@code outputName}, in rule order. */
    private static List<RecordedOutput> outputs(String text, String outputName) {
        List<RecordedOutput> outputs = new ArrayList<>();
        for (RecordedDecisions.Output output : RecordedDecisions.outputs(text)) {
            if (output.name().equals(outputName) && output.value().type() != null) {
                outputs.add(
                        new RecordedOutput(output.ruleOrder(), output.value().value()));
            }
        }
        return List.copyOf(outputs);
    }

    /** The stored inputs of a recorded row in the definition's clause order; none for a clause not recorded. */
    private static List<Stored> stored(RecordedTable table, Map<String, Stored> byClause) {
        List<Stored> stored = new ArrayList<>();
        for (String clause : table.inputs().keySet()) stored.add(byClause.getOrDefault(clause, NONE));
        return stored;
    }

    /** The decisions of one definition in the period, each input and the output {@code outputName} joined by clause. */
    private String from(RecordedTable table, String joins) {
        StringBuilder from = new StringBuilder(" from " + prefix + "ACT_HI_DECINST d");
        for (int i = 0; i < table.inputs().size(); i++) {
            from.append(" left join ")
                    .append(prefix)
                    .append("ACT_HI_DEC_IN i")
                    .append(i)
                    .append(" on i")
                    .append(i)
                    .append(".DEC_INST_ID_ = d.ID_ and i")
                    .append(i)
                    .append(".CLAUSE_ID_ = ?");
        }
        return from.append(" left join ")
                .append(prefix)
                .append("ACT_HI_DEC_OUT o on o.DEC_INST_ID_ = d.ID_ and o.VAR_NAME_ = ?")
                .append(joins)
                .append(" where d.DEC_DEF_KEY_ = ? and d.DEC_DEF_ID_ = ? and d.EVAL_TIME_ >= ? and d.EVAL_TIME_ < ?")
                .toString();
    }

    private List<Object> arguments(
            RecordedTable table, String outputName, String definitionId, Instant from, Instant until) {
        List<Object> arguments = new ArrayList<>(table.inputs().keySet());
        arguments.add(outputName);
        arguments.add(table.key());
        arguments.add(definitionId);
        arguments.add(timestamp(from));
        arguments.add(timestamp(until));
        return arguments;
    }

    /** The recorded inputs by the variable each reads; none for an input not recorded. */
    private static Map<String, Object> inputs(List<String> names, List<Stored> stored) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (stored.get(i).type() != null)
                inputs.put(names.get(i), stored.get(i).value());
        }
        return inputs;
    }

    /** i0.VAR_TYPE_, i0.TEXT_, i0.DOUBLE_, i0.LONG_, i1.…, o.VAR_TYPE_, o.TEXT_, o.DOUBLE_, o.LONG_ */
    private static List<String> storedColumns(int inputs) {
        List<String> columns = new ArrayList<>();
        for (int clause = 0; clause <= inputs; clause++) {
            for (String column : COLUMNS) columns.add((clause == inputs ? "o" : "i" + clause) + "." + column);
        }
        return columns;
    }

    /**
     * A condition that holds for every stored value of clause {@code clause} of the input sets {@code only} (and
     * maybe a few others): its texts in a list, its doubles and longs between their least and greatest.
     */
    private static String filter(String alias, int clause, Collection<InputSet> only, List<Object> arguments) {
        Set<String> texts = new TreeSet<>();
        Double leastDouble = null, greatestDouble = null;
        Long leastLong = null, greatestLong = null;
        boolean none = false;
        for (InputSet set : only) {
            Stored stored = set.stored().get(clause);
            if (stored.text() != null) texts.add(stored.text());
            if (stored.doubleValue() != null) {
                leastDouble = leastDouble == null ? stored.doubleValue() : Math.min(leastDouble, stored.doubleValue());
                greatestDouble =
                        greatestDouble == null ? stored.doubleValue() : Math.max(greatestDouble, stored.doubleValue());
            }
            if (stored.longValue() != null) {
                leastLong = leastLong == null ? stored.longValue() : Math.min(leastLong, stored.longValue());
                greatestLong = greatestLong == null ? stored.longValue() : Math.max(greatestLong, stored.longValue());
            }
            none |= stored.text() == null && stored.doubleValue() == null && stored.longValue() == null;
        }
        if (texts.size() > MAX_TEXTS_IN_FILTER) return "";
        List<String> anyOf = new ArrayList<>();
        if (!texts.isEmpty()) {
            anyOf.add(alias + ".TEXT_ in ("
                    + String.join(", ", texts.stream().map(t -> "?").toList()) + ")");
            arguments.addAll(texts);
        }
        if (leastDouble != null) {
            anyOf.add(alias + ".DOUBLE_ between ? and ?");
            arguments.add(leastDouble);
            arguments.add(greatestDouble);
        }
        if (leastLong != null) {
            anyOf.add(alias + ".LONG_ between ? and ?");
            arguments.add(leastLong);
            arguments.add(greatestLong);
        }
        if (none) {
            anyOf.add(
                    "(" + alias + ".TEXT_ is null and " + alias + ".DOUBLE_ is null and " + alias + ".LONG_ is null)");
        }
        return " and (" + String.join(" or ", anyOf) + ")";
    }

    /** The variables the inputs of a deployed definition read, by clause id (a definition never changes). */
    Map<String, String> inputNames(String definitionId) {
        return table(definitionId).inputs();
    }

    /** Whether the definition's hit policy records at most one matched rule per decision (UNIQUE, FIRST, ANY). */
    boolean oneRuleEach(String definitionId) {
        return table(definitionId).oneRuleEach();
    }

    private RecordedTable table(String definitionId) {
        return tables.computeIfAbsent(definitionId, id -> {
            DmnModelInstance model = repository.getDmnModelInstance(id);
            String key = repository.getDecisionDefinition(id).getKey();
            Map<String, String> names = new LinkedHashMap<>();
            boolean oneRuleEach = false;
            if (model.getModelElementById(key) instanceof Decision decision
                    && decision.getExpression() instanceof DecisionTable table) {
                for (Input input : table.getInputs()) {
                    String expression = input.getInputExpression() == null
                                    || input.getInputExpression().getText() == null
                            ? null
                            : input.getInputExpression().getText().getTextContent();
                    names.put(input.getId(), expression == null ? input.getLabel() : expression.trim());
                }
                oneRuleEach = Set.of(HitPolicy.UNIQUE, HitPolicy.FIRST, HitPolicy.ANY, HitPolicy.PRIORITY)
                        .contains(table.getHitPolicy());
            }
            return new RecordedTable(key, names, oneRuleEach);
        });
    }

    private static Stored stored(ResultSet rs, int first) throws SQLException {
        return Stored.of(
                rs.getString(first), rs.getString(first + 1), rs.getObject(first + 2), rs.getObject(first + 3));
    }

    private static Timestamp timestamp(Instant instant) {
        return new Timestamp(instant.toEpochMilli());
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
