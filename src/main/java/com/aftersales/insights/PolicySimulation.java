package com.aftersales.insights;

import com.aftersales.config.ApiProblem;
import com.aftersales.deployments.DeployedDefinitions;
import com.aftersales.deployments.DeploymentCheck;
import com.aftersales.deployments.DeploymentProblem;
import com.aftersales.insights.PolicySimulationHistory.Counts;
import com.aftersales.insights.PolicySimulationHistory.InputSet;
import com.aftersales.insights.PolicySimulationHistory.RecordedDecision;
import com.aftersales.insights.PolicySimulationHistory.RecordedOutput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableInputImpl;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Output;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Policy simulation (issue 14): a candidate decision table (an uploaded .dmn file, checked as a deployment would be and
 * never deployed, or a deployed version) evaluated on the recorded inputs of every decision that table took in a
 * period ({@link PolicySimulationHistory}), in memory: how many decisions change and to what, which cases, and the
 * money difference ({@link PolicySimulationMoney}). Nothing is written: no deployment, no case, no history, no metrics.
 * <p>
 * The DMN engine is the process engine's FEEL set-up (its FEEL engine and custom functions, default expression
 * languages) without its listeners: the engine's own one would count every evaluation in the engine's metrics. A
 * decision table is a function of its inputs, so each distinct recorded input set is evaluated once, and only the
 * decisions whose outcome changes are kept and read with their cases. The decisions come from the app's copy of them
 * ({@link RecordedDecisions}, one table, read in one pass) once its counts agree with Camunda's history, else from
 * Camunda's tables grouped by input set ({@link PolicySimulationHistory}). A table of
 * simple cells is evaluated in plain Java ({@link PolicySimulationFastTable}) once {@value #CHECKED_WITH_ENGINE}
 * distinct input sets agreed with the DMN engine. The last {@value #CANDIDATES_KEPT} checked and parsed candidates are
 * kept for the same file (bench/README.md, "Policy simulation with 100,000 resolved cases").
 */
@Component
public class PolicySimulation {

    /** The most changed cases an answer lists (the counts and money cover all). */
    static final int CASES_LISTED = 1000;

    static final String NO_RULE = "(no rule)";
    /** The first distinct input sets of a run go through Camunda's DMN engine as well, to check the plain-Java table. */
    static final int CHECKED_WITH_ENGINE = 200;

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** A table to simulate: its key, name, where it comes from and the parsed decision. */
    /**
     * A table to simulate: its key, name, where it comes from, the parsed decision and its plain-Java form
     * ({@code null}: the DMN engine decides every outcome).
     */
    public record Candidate(
            String decisionKey,
            String tableName,
            String source,
            DmnDecision decision,
            PolicySimulationFastTable fast) {}

    /** How many checked and parsed candidates are kept for the next simulation of the same file or version. */
    static final int CANDIDATES_KEPT = 16;

    private static final Logger log = LoggerFactory.getLogger(PolicySimulation.class);

    private final ProcessEngineConfigurationImpl configuration;
    private final RepositoryService repository;
    private final DeploymentCheck check;
    private final PolicySimulationHistory history;
    private final RecordedDecisions recorded;
    private volatile DmnEngine dmn;
    /**
     * The last candidates, by uploaded content (with what was deployed then) or deployed version: the same file again
     * (another period, another look) skips the deployment check, the parser and the engine's check of the fast table.
     */
    private final Map<String, Candidate> candidates =
            Collections.synchronizedMap(new LinkedHashMap<>(CANDIDATES_KEPT, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Candidate> eldest) {
                    return size() > CANDIDATES_KEPT;
                }
            });

    public PolicySimulation(
            ProcessEngine engine, DeploymentCheck check, PolicySimulationHistory history, RecordedDecisions recorded) {
        this.configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        this.repository = engine.getRepositoryService();
        this.check = check;
        this.history = history;
        this.recorded = recorded;
    }

    /**
     * An uploaded file: the deployment check a deploy from Modeler goes through ({@link DeploymentCheck}, against what
     * is deployed), then Camunda's DMN parser; the decision {@code decisionKey}, or the file's only decision table.
     */
    public Candidate uploaded(String fileName, byte[] file, String decisionKey) {
        if (file == null || file.length == 0) {
            throw ApiProblem.invalid("file", "send the decision table as a .dmn file (as Camunda Modeler saves it)");
        }
        String name = fileName == null || fileName.isBlank()
                ? "upload.dmn"
                : fileName.replaceAll("^.*[/\\\\]", "").replaceAll("[^A-Za-z0-9._-]", "_");
        if (!name.toLowerCase(Locale.ROOT).endsWith(".dmn")) {
            throw ApiProblem.invalid(
                    "file", name + " is not a .dmn file: send a decision table as Camunda Modeler saves it");
        }
        String known = String.join("\n", "uploaded", name, String.valueOf(decisionKey), deploymentsNow(), sha256(file));
        Candidate candidate = candidates.get(known);
        if (candidate != null) return candidate;
        long started = System.nanoTime();
        Command<List<DeploymentProblem>> checkAsDeployment =
                context -> check.problems(Map.of(name, file), DeployedDefinitions.of(context));
        List<DeploymentProblem> problems =
                configuration.getCommandExecutorTxRequired().execute(checkAsDeployment);
        if (!problems.isEmpty()) {
            List<String> described =
                    problems.stream().map(DeploymentProblem::describe).toList();
            throw new ApiProblem(
                            HttpStatus.BAD_REQUEST,
                            "table-refused",
                            "The decision table would be refused on deployment",
                            String.join("; ", described))
                    .with("problems", described);
        }
        long checked = System.nanoTime();
        List<DmnDecision> decisions;
        try {
            decisions = dmn().parseDecisions(new ByteArrayInputStream(file));
        } catch (RuntimeException e) {
            throw ApiProblem.invalid(
                    "file", name + " is not a DMN file Camunda can read: " + ApiProblem.plainText(e.getMessage()));
        }
        List<DmnDecision> tables =
                decisions.stream().filter(DmnDecision::isDecisionTable).toList();
        DmnDecision decision;
        if (decisionKey != null && !decisionKey.isBlank()) {
            decision = tables.stream()
                    .filter(d -> d.getKey().equals(decisionKey))
                    .findFirst()
                    .orElseThrow(() -> ApiProblem.invalid(
                            "decisionKey",
                            name + " has no decision table " + decisionKey + "; it has: " + keys(tables)));
        } else if (tables.size() == 1) {
            decision = tables.get(0);
        } else {
            throw ApiProblem.invalid(
                    "decisionKey",
                    tables.isEmpty()
                            ? name + " holds no decision table"
                            : name + " holds several decision tables (" + keys(tables) + "): name one in decisionKey");
        }
        DecisionDefinition deployed = latest(decision.getKey());
        if (deployed == null) {
            throw ApiProblem.invalid(
                    "decisionKey",
                    "no decision table " + decision.getKey() + " is deployed, so no decision of it was recorded: the"
                            + " file's decision id must be one of " + deployedKeys());
        }
        checkInputsAndOutput(decision, deployed);
        log.info(
                "Checked {} as a deployment in {} ms, parsed it in {} ms",
                name,
                (checked - started) / 1_000_000,
                (System.nanoTime() - checked) / 1_000_000);
        candidate = new Candidate(
                decision.getKey(),
                decision.getName(),
                "uploaded file " + name,
                decision,
                PolicySimulationFastTable.of(decision));
        candidates.put(known, candidate);
        return candidate;
    }

    /** A deployed version of a table (e.g. the one before the last, to see what the last change did). */
    public Candidate deployed(String decisionKey, Integer version) {
        if (decisionKey == null || decisionKey.isBlank()) {
            throw ApiProblem.invalid("decisionKey", "name the decision table, one of " + deployedKeys());
        }
        if (version == null) throw ApiProblem.invalid("version", "name the deployed version of " + decisionKey);
        DecisionDefinition definition = repository
                .createDecisionDefinitionQuery()
                .decisionDefinitionKey(decisionKey)
                .decisionDefinitionVersion(version)
                .singleResult();
        if (definition == null) {
            DecisionDefinition latest = latest(decisionKey);
            throw ApiProblem.invalid(
                    latest == null ? "decisionKey" : "version",
                    latest == null
                            ? "no decision table " + decisionKey + " is deployed; deployed: " + deployedKeys()
                            : decisionKey + " has no version " + version + "; deployed: 1 to " + latest.getVersion());
        }
        DecisionDefinition latest = latest(decisionKey);
        String known = String.join("\n", "deployed", definition.getId(), latest.getId());
        Candidate candidate = candidates.get(known);
        if (candidate != null) return candidate;
        DmnDecision decision;
        try (InputStream model = repository.getDecisionModel(definition.getId())) {
            decision = dmn().parseDecision(decisionKey, model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        checkInputsAndOutput(decision, latest);
        candidate = new Candidate(
                decisionKey,
                definition.getName(),
                "deployed version " + definition.getVersion(),
                decision,
                PolicySimulationFastTable.of(decision));
        candidates.put(known, candidate);
        return candidate;
    }

    /** The deployed decision tables: key → name and versions, for the page's choice. */
    public List<Map<String, Object>> deployedTables() {
        Map<String, Map<String, Object>> tables = new TreeMap<>();
        for (DecisionDefinition definition : repository
                .createDecisionDefinitionQuery()
                .orderByDecisionDefinitionKey()
                .asc()
                .orderByDecisionDefinitionVersion()
                .asc()
                .list()) {
            Map<String, Object> table = tables.computeIfAbsent(definition.getKey(), key -> {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("decisionKey", key);
                t.put("versions", new ArrayList<Integer>());
                return t;
            });
            table.put("name", definition.getName());
            table.put("moneyEffect", PolicySimulationMoney.effect(definition.getKey()));
            @SuppressWarnings("unchecked")
            List<Integer> versions = (List<Integer>) table.get("versions");
            versions.add(definition.getVersion());
        }
        return new ArrayList<>(tables.values());
    }

    /** Evaluates the candidate on the recorded inputs of the decisions of its table from {@code from} to {@code to} (UTC days, both included). */
    public PolicySimulationResult simulate(Candidate candidate, LocalDate from, LocalDate to) {
        if (from == null) throw ApiProblem.invalid("from", "the first day of the period (YYYY-MM-DD) is required");
        if (to == null) throw ApiProblem.invalid("to", "the last day of the period (YYYY-MM-DD) is required");
        if (to.isBefore(from))
            throw ApiProblem.invalid("to", "the period ends (" + to + ") before it starts (" + from + ")");
        String key = candidate.decisionKey();
        String outputName = firstOutput(candidate.decision());
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Outcomes outcomes = new Outcomes(candidate, outputName);
        long started = System.nanoTime();
        Map<String, Counts> definitions = history.definitions(key, start, end);
        long evaluated = 0;
        int inputSets = 0;
        int decisionsRead = 0;
        int fromCamundaTables = 0;
        List<DecisionChange> changedDecisions = new ArrayList<>();
        for (Map.Entry<String, Counts> definition : definitions.entrySet()) {
            String definitionId = definition.getKey();
            evaluated += definition.getValue().camunda();
            List<RecordedDecision> decisions;
            if (recorded.agree(definitionId, start, end, definition.getValue())) {
                // one pass over recorded_decision: each distinct set of inputs and outputs evaluated as it comes
                PolicySimulationHistory.Recorded changed = history.recordedDecisions(
                        definitionId,
                        outputName,
                        start,
                        end,
                        (inputs, outputs) -> !recordedOutcome(outputs).equals(outcomes.of(inputs)));
                inputSets += changed.inputSets();
                decisions = changed.decisions();
            } else {
                fromCamundaTables++;
                List<InputSet> changedSets = null; // null: every decision of the definition is read
                if (history.oneRuleEach(definitionId)) {
                    List<InputSet> sets = history.inputSets(definitionId, outputName, start, end);
                    inputSets += sets.size();
                    changedSets = new ArrayList<>();
                    for (InputSet set : sets) {
                        String before = set.output().type() == null
                                ? NO_RULE
                                : text(set.output().value());
                        if (!before.equals(outcomes.of(set.inputs()))) changedSets.add(set);
                    }
                }
                decisions = changedSets != null && changedSets.isEmpty()
                        ? List.of()
                        : history.decisions(definitionId, outputName, start, end, changedSets);
            }
            decisionsRead += decisions.size();
            for (RecordedDecision decision : decisions) {
                String before = recordedOutcome(decision.outputs());
                String after = outcomes.of(decision.inputs());
                if (!before.equals(after)) changedDecisions.add(new DecisionChange(decision, before, after));
            }
        }
        changedDecisions.sort(Comparator.comparing(
                        (DecisionChange change) -> change.decision().evaluatedAt())
                .thenComparing(change -> change.decision().id()));
        Map<List<String>, Integer> breakdown = new LinkedHashMap<>();
        Map<String, CaseChange> cases = new LinkedHashMap<>();
        for (DecisionChange change : changedDecisions) {
            breakdown.merge(List.of(change.before(), change.after()), 1, Integer::sum);
            RecordedDecision decision = change.decision();
            if (decision.caseId() != null) {
                CaseChange earlier = cases.remove(decision.caseId());
                cases.put(
                        decision.caseId(),
                        new CaseChange(
                                decision,
                                change.before(),
                                change.after(),
                                earlier == null ? 1 : earlier.decisions() + 1));
            }
        }
        log.info(
                "Simulated {} ({}) on {} decisions from {} to {} in {} ms ({} of {} definitions read from Camunda's"
                        + " tables, the others from recorded_decision; {} distinct input sets; {} distinct inputs"
                        + " evaluated in {} ms of it; {} decisions read with their cases); {} decisions change",
                key,
                candidate.source(),
                evaluated,
                from,
                to,
                (System.nanoTime() - started) / 1_000_000,
                fromCamundaTables,
                definitions.size(),
                inputSets,
                outcomes.size(),
                outcomes.evaluatingMillis(),
                decisionsRead,
                changedDecisions.size());
        Map<String, MoneySum> money = new TreeMap<>();
        List<PolicySimulationResult.ChangedCase> changedCases = new ArrayList<>();
        for (CaseChange change : cases.values()) {
            RecordedDecision decision = change.decision();
            PolicySimulationMoney.Change moved = PolicySimulationMoney.change(
                    key, change.before(), change.after(), decision.orderValue(), decision.currency());
            if (decision.currency() != null) {
                money.computeIfAbsent(decision.currency(), MoneySum::new).add(moved);
            }
            changedCases.add(new PolicySimulationResult.ChangedCase(
                    decision.caseId(),
                    decision.orderId(),
                    decision.orderValue(),
                    decision.currency(),
                    change.before(),
                    change.after(),
                    change.decisions(),
                    decision.evaluatedAt(),
                    moved.refunds(),
                    moved.reships(),
                    moved.keepOfferCeilings()));
        }
        changedCases.sort(Comparator.comparing(PolicySimulationResult.ChangedCase::evaluatedAt)
                .reversed()
                .thenComparing(PolicySimulationResult.ChangedCase::caseId));
        List<PolicySimulationResult.Change> changes = breakdown.entrySet().stream()
                .map(e -> new PolicySimulationResult.Change(
                        e.getKey().get(0), e.getKey().get(1), e.getValue()))
                .sorted(Comparator.comparing(PolicySimulationResult.Change::decisions)
                        .reversed()
                        .thenComparing(PolicySimulationResult.Change::from)
                        .thenComparing(PolicySimulationResult.Change::to))
                .toList();
        String effect = PolicySimulationMoney.effect(key);
        return new PolicySimulationResult(
                key,
                candidate.tableName(),
                candidate.source(),
                from,
                to,
                Math.toIntExact(evaluated),
                changedDecisions.size(),
                cases.size(),
                changes,
                changedCases.size() > CASES_LISTED ? List.copyOf(changedCases.subList(0, CASES_LISTED)) : changedCases,
                changedCases.size() <= CASES_LISTED,
                new PolicySimulationResult.Money(
                        effect,
                        effect == null
                                ? List.of()
                                : money.values().stream().map(MoneySum::total).toList()));
    }

    private record CaseChange(RecordedDecision decision, String before, String after, int decisions) {}

    private static final class MoneySum {
        private final String currency;
        private BigDecimal refunds;
        private int reships;
        private BigDecimal reshipValue;
        private BigDecimal ceilings;

        MoneySum(String currency) {
            this.currency = currency;
            this.refunds = PolicySimulationMoney.zero(currency);
            this.reshipValue = PolicySimulationMoney.zero(currency);
            this.ceilings = PolicySimulationMoney.zero(currency);
        }

        void add(PolicySimulationMoney.Change change) {
            refunds = refunds.add(change.refunds());
            reships += change.reships();
            reshipValue = reshipValue.add(change.reshipValue());
            ceilings = ceilings.add(change.keepOfferCeilings());
        }

        PolicySimulationResult.ByCurrency total() {
            return new PolicySimulationResult.ByCurrency(currency, refunds, reships, reshipValue, ceilings);
        }
    }

    private record DecisionChange(RecordedDecision decision, String before, String after) {}

    /**
     * The candidate's outcome for each distinct set of inputs, evaluated once: in plain Java when the table allows
     * ({@link PolicySimulationFastTable}), after the first {@value #CHECKED_WITH_ENGINE} sets agreed with the DMN engine.
     */
    private final class Outcomes {
        private final Candidate candidate;
        private final String outputName;
        private final Map<Map<String, Object>, String> known = new HashMap<>();
        private long evaluating;

        Outcomes(Candidate candidate, String outputName) {
            this.candidate = candidate;
            this.outputName = outputName;
        }

        String of(Map<String, Object> inputs) {
            String after = known.get(inputs);
            if (after != null) return after;
            long started = System.nanoTime();
            PolicySimulationFastTable fast = candidate.fast();
            String fastOutcome = fast == null || fast.differs() ? null : fast.outcome(inputs);
            if (fastOutcome == null || fast.agreements() < CHECKED_WITH_ENGINE) {
                after = evaluate(inputs);
                if (fastOutcome != null) fast.compared(fastOutcome.equals(after));
            } else {
                after = fastOutcome;
            }
            known.put(inputs, after);
            evaluating += System.nanoTime() - started;
            return after;
        }

        int size() {
            return known.size();
        }

        /** The time spent evaluating, in ms. */
        long evaluatingMillis() {
            return evaluating / 1_000_000;
        }

        private String evaluate(Map<String, Object> inputs) {
            VariableMap variables = Variables.createVariables();
            inputs.forEach(variables::putValue);
            DmnDecisionResult result;
            try {
                result = dmn().evaluateDecision(candidate.decision(), variables);
            } catch (RuntimeException e) {
                throw ApiProblem.invalid(
                        "file",
                        "the table " + candidate.decisionKey() + " cannot be evaluated on the recorded inputs " + inputs
                                + ": " + ApiProblem.plainText(e.getMessage()));
            }
            List<String> values = new ArrayList<>();
            for (DmnDecisionResultEntries entries : result) values.add(text(entries.get(outputName)));
            return values.isEmpty() ? NO_RULE : String.join(", ", values);
        }
    }

    /** The recorded outcome: the values of the matched rules (in their order), joined. */
    private static String recordedOutcome(List<RecordedOutput> outputs) {
        List<String> values = new ArrayList<>();
        for (RecordedOutput output : outputs) values.add(text(output.value()));
        return values.isEmpty() ? NO_RULE : String.join(", ", values);
    }

    /** An outcome as the answer shows it: 35 for 35.0, true, REFUSE. */
    static String text(Object value) {
        if (value == null) return "null";
        if (value instanceof Number number) {
            try {
                return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
            } catch (NumberFormatException notFinite) {
                return number.toString();
            }
        }
        return value.toString();
    }

    private static String firstOutput(DmnDecision decision) {
        DmnDecisionTableImpl table = (DmnDecisionTableImpl) decision.getDecisionLogic();
        return table.getOutputs().get(0).getOutputName();
    }

    /**
     * The candidate reads what the recorded decisions hold: each input that names a variable names one the deployed
     * table reads (recorded as its inputs), and its first output (the outcome compared) is one the table has.
     */
    private void checkInputsAndOutput(DmnDecision decision, DecisionDefinition deployed) {
        Set<String> recordedInputs =
                new LinkedHashSet<>(history.inputNames(deployed.getId()).values());
        DmnDecisionTableImpl table = (DmnDecisionTableImpl) decision.getDecisionLogic();
        List<ApiProblem.FieldError> problems = new ArrayList<>();
        for (DmnDecisionTableInputImpl input : table.getInputs()) {
            String expression =
                    input.getExpression() == null ? null : input.getExpression().getExpression();
            if (expression == null) continue;
            String read = expression.trim();
            if (VARIABLE_NAME.matcher(read).matches() && !recordedInputs.contains(read)) {
                problems.add(new ApiProblem.FieldError(
                        "file",
                        "input \"" + (input.getName() == null ? read : input.getName()) + "\" reads " + read
                                + ", which the recorded decisions of " + decision.getKey() + " do not hold (they hold "
                                + String.join(", ", recordedInputs) + ")"));
            }
        }
        if (table.getOutputs().isEmpty()) {
            problems.add(new ApiProblem.FieldError("file", "the table " + decision.getKey() + " has no output"));
        } else {
            Set<String> deployedOutputs = outputNames(deployed);
            String first = table.getOutputs().get(0).getOutputName();
            if (!deployedOutputs.contains(first)) {
                problems.add(new ApiProblem.FieldError(
                        "file",
                        "the first output \"" + first + "\" is not an output of the deployed " + decision.getKey()
                                + " (" + String.join(", ", deployedOutputs) + "): the outcomes could not be compared"));
            }
        }
        if (!problems.isEmpty()) throw ApiProblem.invalid(problems);
    }

    private Set<String> outputNames(DecisionDefinition deployed) {
        DmnModelInstance model = repository.getDmnModelInstance(deployed.getId());
        Set<String> names = new LinkedHashSet<>();
        if (model.getModelElementById(deployed.getKey()) instanceof Decision decision
                && decision.getExpression() instanceof DecisionTable table) {
            for (Output output : table.getOutputs()) names.add(output.getName());
        }
        return names;
    }

    /** What is deployed now, as far as the deployment check of a file depends on it: how many deployments, the last one. */
    private String deploymentsNow() {
        List<Deployment> last = repository
                .createDeploymentQuery()
                .orderByDeploymentTime()
                .desc()
                .orderByDeploymentId()
                .desc()
                .listPage(0, 1);
        return repository.createDeploymentQuery().count() + " "
                + (last.isEmpty() ? "" : last.get(0).getId());
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private DecisionDefinition latest(String key) {
        return repository
                .createDecisionDefinitionQuery()
                .decisionDefinitionKey(key)
                .latestVersion()
                .singleResult();
    }

    private String deployedKeys() {
        return repository.createDecisionDefinitionQuery().latestVersion().list().stream()
                .map(DecisionDefinition::getKey)
                .sorted()
                .collect(Collectors.joining(", "));
    }

    private static String keys(List<DmnDecision> decisions) {
        return decisions.stream().map(DmnDecision::getKey).collect(Collectors.joining(", "));
    }

    /** A DMN engine with the process engine's FEEL set-up and none of its listeners (history, metrics). */
    private DmnEngine dmn() {
        DmnEngine engine = dmn;
        if (engine == null) {
            DefaultDmnEngineConfiguration own =
                    (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
            DefaultDmnEngineConfiguration engines = configuration.getDmnEngineConfiguration();
            if (engines != null) {
                own.setFeelEngineFactory(engines.getFeelEngineFactory());
                own.setFeelCustomFunctionProviders(engines.getFeelCustomFunctionProviders());
                own.setDefaultInputExpressionExpressionLanguage(engines.getDefaultInputExpressionExpressionLanguage());
                own.setDefaultInputEntryExpressionLanguage(engines.getDefaultInputEntryExpressionLanguage());
                own.setDefaultOutputEntryExpressionLanguage(engines.getDefaultOutputEntryExpressionLanguage());
                own.setDefaultLiteralExpressionLanguage(engines.getDefaultLiteralExpressionLanguage());
                own.setEnableFeelLegacyBehavior(engines.isEnableFeelLegacyBehavior());
                own.setReturnBlankTableOutputAsNull(engines.isReturnBlankTableOutputAsNull());
            }
            engine = own.buildEngine();
            dmn = engine;
        }
        return engine;
    }
}
