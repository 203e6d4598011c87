package com.aftersales.cases;

import com.aftersales.orders.Money;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderRepository;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.GetCamundaFormDefinitionCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.form.CamundaFormRefImpl;
import org.camunda.bpm.engine.repository.CamundaFormDefinition;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Input;
import org.camunda.bpm.model.dmn.instance.InputEntry;
import org.camunda.bpm.model.dmn.instance.Output;
import org.camunda.bpm.model.dmn.instance.OutputEntry;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.springframework.stereotype.Component;

/**
 * Policy figures on the agents' forms, read from the live decision tables, never written in a form (issue 12,
 * "numbers come from the tables"). A form shows a figure by naming its variable in a text field
 * ({@code {{reshipLimitText}}}); when a user task is created, {@link PolicyFiguresPlugin} looks up the variables its
 * form names and {@link #fill} sets those it knows on the task (task variables):
 * <ul>
 * <li>{@value #RESHIP_LIMIT}, {@value #RESHIP_LIMIT_TEXT} (R-ADDR-2/3, R-DMG-3/4, R-LOST-3, R-QUAL-2): the row of
 *     {@code ReshipEligibility} that the order value of the case's order meets, "reship allowed, order value 24.00
 *     is `&lt;= 30` (reship-eligibility.dmn v2, row 1)", and the number in that row's entry ("30");</li>
 * <li>{@value #RETURN_WINDOW_DAYS}, {@value #RETURN_WINDOW_TEXT} (R-RET-1): the row of {@code ReturnEligibility}
 *     whose annotation names R-RET-1, its entry on {@code daysSinceDelivery} and whether this case's days since
 *     delivery meet it.</li>
 * </ul>
 * Both come from the latest deployed version of the table, the one the flow's business rule task evaluates: the
 * row is found by testing its entry with the engine's own FEEL engine, not by evaluating the decision, so the
 * case's {@code decisions[]} (CaseDecisions) keeps only the decisions the flow took. A process owner who deploys a
 * changed table from Modeler changes the next task's form with it; the keep-the-item ceiling
 * ({@code ceilingPercent}, {@code maxKeepOfferText}) comes from its table the same way, through
 * {@link KeepOfferPolicy#applyCeiling}.
 */
@Component
public class PolicyFigures {

    public static final String RESHIP_LIMIT = "reshipLimit";
    public static final String RESHIP_LIMIT_TEXT = "reshipLimitText";
    public static final String RETURN_WINDOW_DAYS = "returnWindowDays";
    public static final String RETURN_WINDOW_TEXT = "returnWindowText";

    static final String RESHIP_DECISION = "ReshipEligibility";
    static final String RETURN_DECISION = "ReturnEligibility";
    static final String RETURN_WINDOW_RULE = "R-RET-1";

    private static final Pattern FORM_VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");
    private static final Pattern POLICY_RULE_ID = Pattern.compile("R-[A-Z]+-\\d+");
    /** DMN's default name of the value a rule's entry is tested against. */
    private static final String CELL_INPUT = "cellInput";

    private final CaseRepository cases;
    private final OrderRepository orders;
    private final ObjectMapper json = new ObjectMapper();
    /** The variables a deployed form names (never changes), by form definition id. */
    private final Map<String, Set<String>> formVariables = new ConcurrentHashMap<>();

    public PolicyFigures(CaseRepository cases, OrderRepository orders) {
        this.cases = cases;
        this.orders = orders;
    }

    /**
     * One row of a deployed decision table as a process owner sees it in Modeler.
     *
     * @param number the row's number, from the top (1 is the first)
     * @param entry the row's entry on the input the figure is about, as written ({@code <= 30})
     * @param met whether the case's value meets that entry
     * @param outputs the row's output entries as written, by output name
     */
    public record Row(
            String decisionKey,
            String file,
            int version,
            int number,
            String annotation,
            String entry,
            boolean met,
            Map<String, String> outputs) {

        /** The number in the entry ("30" of {@code <= 30}), or the entry itself when it holds none. */
        public String limit() {
            Matcher number = NUMBER.matcher(entry);
            return number.find() ? number.group() : entry;
        }

        /** Where a process owner finds it: "reship-eligibility.dmn v2, row 1". */
        public String source() {
            return file + " v" + version + ", row " + number;
        }
    }

    /** Create listener of every user task with a Camunda Form: the figures its form names. */
    void fillForForm(DelegateTask task, String formRef, String binding, String version) {
        Set<String> wanted = variablesOfForm(
                task.getProcessEngineServices().getRepositoryService(), task, formRef, binding, version);
        if (!wanted.isEmpty()) fill(task, wanted);
    }

    /** Sets on the task those of {@code variables} this class knows; the others are left alone. */
    public void fill(DelegateTask task, Set<String> variables) {
        ProcessEngineServices engine = task.getProcessEngineServices();
        FeelEngine feel = ((ProcessEngineConfigurationImpl)
                        task.getProcessEngine().getProcessEngineConfiguration())
                .getDmnEngineConfiguration()
                .getFeelEngine();
        if (variables.contains(RESHIP_LIMIT) || variables.contains(RESHIP_LIMIT_TEXT)) {
            Order order = orders.get(cases.get(CaseKey.of(task)).orderId());
            String value = Money.format(order.orderValue(), order.currency());
            Row row = row(
                    engine,
                    feel,
                    RESHIP_DECISION,
                    CaseVariables.ORDER_VALUE,
                    order.orderValue().doubleValue(),
                    null);
            task.setVariableLocal(RESHIP_LIMIT, row == null ? "" : row.limit());
            task.setVariableLocal(
                    RESHIP_LIMIT_TEXT,
                    row == null
                            ? "the table " + RESHIP_DECISION + " has no row for the order value " + value
                            : ("true".equals(row.outputs().get(CaseVariables.RESHIP_ALLOWED))
                                            ? "reship allowed"
                                            : "no reship")
                                    + ", order value " + value + " is `" + row.entry() + "` (" + row.source() + ")");
        }
        if (variables.contains(RETURN_WINDOW_DAYS) || variables.contains(RETURN_WINDOW_TEXT)) {
            Object days = task.getVariable(CaseVariables.DAYS_SINCE_DELIVERY);
            Row row = row(engine, feel, RETURN_DECISION, CaseVariables.DAYS_SINCE_DELIVERY, days, RETURN_WINDOW_RULE);
            task.setVariableLocal(RETURN_WINDOW_DAYS, row == null ? "" : row.limit());
            task.setVariableLocal(
                    RETURN_WINDOW_TEXT,
                    row == null
                            ? "the table " + RETURN_DECISION + " has no " + RETURN_WINDOW_RULE
                                    + " row on the days since delivery"
                            : (row.met() ? "past the window" : "within the window")
                                    + ", refused when the days since delivery are `" + row.entry() + "`; "
                                    + row.source());
        }
    }

    /**
     * The row of the latest version of the decision that the figure is about: with {@code policyRuleId}, the first
     * row whose annotation names it and whose entry on {@code input} is not empty; without, the first row whose
     * entry on {@code input} the value meets. Null when there is none (a table whose rows leave the value out).
     */
    Row row(
            ProcessEngineServices engine,
            FeelEngine feel,
            String decisionKey,
            String input,
            Object value,
            String policyRuleId) {
        RepositoryService repository = engine.getRepositoryService();
        DecisionDefinition definition = repository
                .createDecisionDefinitionQuery()
                .decisionDefinitionKey(decisionKey)
                .latestVersion()
                .singleResult();
        if (definition == null) throw new IllegalStateException("No decision table " + decisionKey + " is deployed");
        DmnModelInstance model = repository.getDmnModelInstance(definition.getId());
        Decision decision = model.getModelElementById(decisionKey);
        if (!(decision.getExpression() instanceof DecisionTable table)) {
            throw new IllegalStateException(decisionKey + " is not a decision table");
        }
        List<Input> inputs = new ArrayList<>(table.getInputs());
        int column = -1;
        for (int i = 0; i < inputs.size(); i++) {
            Input candidate = inputs.get(i);
            if (candidate.getInputExpression() != null
                    && candidate.getInputExpression().getText() != null
                    && input.equals(candidate
                            .getInputExpression()
                            .getText()
                            .getTextContent()
                            .trim())) column = i;
        }
        if (column < 0) throw new IllegalStateException("The table " + decisionKey + " has no input " + input);
        List<Output> outputs = new ArrayList<>(table.getOutputs());
        List<Rule> rules = new ArrayList<>(table.getRules());
        for (int r = 0; r < rules.size(); r++) {
            Rule rule = rules.get(r);
            String annotation = rule.getDescription() == null
                    ? ""
                    : rule.getDescription().getTextContent().trim();
            if (policyRuleId != null && !policyRuleIds(annotation).contains(policyRuleId)) continue;
            List<InputEntry> entries = new ArrayList<>(rule.getInputEntries());
            String entry = entries.size() > column && entries.get(column).getText() != null
                    ? entries.get(column).getText().getTextContent().trim()
                    : "";
            if (entry.isEmpty() || entry.equals("-")) continue;
            boolean met = value != null
                    && feel.evaluateSimpleUnaryTests(
                            entry,
                            CELL_INPUT,
                            Variables.createVariables()
                                    .putValue(CELL_INPUT, value)
                                    .asVariableContext());
            if (policyRuleId == null && !met) continue;
            Map<String, String> outputEntries = new LinkedHashMap<>();
            List<OutputEntry> cells = new ArrayList<>(rule.getOutputEntries());
            for (int o = 0; o < outputs.size() && o < cells.size(); o++) {
                outputEntries.put(
                        outputs.get(o).getName(),
                        cells.get(o).getText() == null
                                ? ""
                                : cells.get(o).getText().getTextContent().trim());
            }
            String resource = definition.getResourceName();
            return new Row(
                    decisionKey,
                    resource.substring(resource.lastIndexOf('/') + 1),
                    definition.getVersion(),
                    r + 1,
                    annotation,
                    entry,
                    met,
                    outputEntries);
        }
        return null;
    }

    /** The {@code {{variable}}} names of the task's form, as Camunda resolves {@code camunda:formRef} and its binding. */
    private Set<String> variablesOfForm(
            RepositoryService repository, DelegateTask task, String formRef, String binding, String version) {
        CamundaFormRefImpl reference = new CamundaFormRefImpl(formRef, binding == null ? "latest" : binding);
        if (version != null && !version.isBlank()) reference.setVersion(Integer.parseInt(version.trim()));
        String deploymentId =
                repository.getProcessDefinition(task.getProcessDefinitionId()).getDeploymentId();
        CamundaFormDefinition form = deployedForm(reference, deploymentId);
        if (form == null) return Set.of(); // Tasklist shows its own error for a missing form
        return formVariables.computeIfAbsent(form.getId(), id -> {
            try (InputStream in = repository.getResourceAsStream(form.getDeploymentId(), form.getResourceName())) {
                Set<String> names = new TreeSet<>();
                json.readTree(in).findValues("text").forEach(text -> {
                    Matcher m = FORM_VARIABLE.matcher(text.asText());
                    while (m.find()) names.add(m.group(1));
                });
                return names;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static CamundaFormDefinition deployedForm(CamundaFormRefImpl reference, String deploymentId) {
        try {
            return new GetCamundaFormDefinitionCmd(reference, deploymentId).execute(Context.getCommandContext());
        } catch (ProcessEngineException e) {
            return null;
        }
    }

    /** The policy rule IDs a decision table rule's annotation names, in order, once each: {@code R-DMG-3}. */
    public static List<String> policyRuleIds(String annotation) {
        if (annotation == null) return List.of();
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        Matcher matcher = POLICY_RULE_ID.matcher(annotation);
        while (matcher.find()) ids.add(matcher.group());
        return List.copyOf(ids);
    }
}
