package com.aftersales.cases;

import com.aftersales.config.Groups;
import com.aftersales.deployments.DecisionRow;
import com.aftersales.deployments.ProcessBean;
import com.aftersales.orders.CustomerTier;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * SLA deadlines of agents' tasks, one mechanism for every flow (policy section 2, decision
 * {@code ServiceLevel} in bpmn/service-levels.dmn: the limit and the share of it after which the task
 * is escalated). A user task names its rule in the extension property {@code sla} ({@code R-SLA-3}), and
 * {@link ServiceLevelsPlugin} calls, for every such task:
 * <ul>
 * <li>{@link #due(DelegateTask, String)} when it is created: priority and due date = now + limit, both as the
 *     buyer's tier gives them (R-CARE-3, decision {@code CustomerPriority} in bpmn/customer-priority.dmn: a priority
 *     and the share of the limit); the rule ID stays on the task as {@code slaRuleId};</li>
 * <li>{@link #deadlineNear(DelegateTask)} after the escalation share of that deadline: the candidate group team-leads
 *     and priority 75 (a higher one stays);</li>
 * <li>{@link #deadlinePassed(DelegateTask)} at that deadline: the breach on the case ({@code case_deadline});
 *     the task stays open.</li>
 * </ul>
 * {@link #limit} also times R-SLA-6's interrupting deadline in platform-escalation.bpmn. The methods taking an
 * execution serve the boundary timers of diagrams deployed before the plugin (their running cases stay on
 * their version). Times come from the engine clock, so tests move it instead of sleeping.
 */
@Component
@ProcessBean
public class ServiceLevels {

    /** The decision table of the limits, one row per SLA rule ID (input {@link #SLA_RULE_ID}). */
    public static final String DECISION = "ServiceLevel";

    public static final String SLA_RULE_ID = "slaRuleId";
    public static final int ESCALATED_PRIORITY = 75;
    /** R-CARE-3: the table of task priorities and deadline shares by customer tier (bpmn/customer-priority.dmn). */
    public static final String PRIORITY_DECISION = "CustomerPriority";

    public static final String CUSTOMER_TIER = "customerTier";

    private static final Logger log = LoggerFactory.getLogger(ServiceLevels.class);

    private final CaseDeadlines deadlines;
    private final CaseRepository cases;

    public ServiceLevels(CaseDeadlines deadlines, CaseRepository cases) {
        this.deadlines = deadlines;
        this.cases = cases;
    }

    /**
     * Create listener: the task's priority and due date. The SLA table gives the limit; the buyer's tier (R-CARE-3, the
     * {@value #PRIORITY_DECISION} table) the priority and the share of the limit the task gets.
     */
    public void due(DelegateTask task, @DecisionRow(decision = DECISION, input = SLA_RULE_ID) String ruleId) {
        TaskTerms terms = taskTerms(task.getProcessEngineServices(), task.getExecutionId(), CaseKey.of(task), ruleId);
        task.setDueDate(Date.from(EngineClock.now().toInstant().plus(terms.limit())));
        if (terms.priority() != null) task.setPriority(terms.priority());
        task.setVariableLocal(SLA_RULE_ID, ruleId);
    }

    /** The "deadline passed" timer of a task ({@link ServiceLevelsPlugin}): the limit, shortened for the buyer's tier. */
    String taskLimit(DelegateExecution execution, String ruleId) {
        return taskTerms(execution.getProcessEngineServices(), execution.getId(), CaseKey.of(execution), ruleId)
                .limit()
                .toString();
    }

    /** The "deadline near" timer of a task ({@link ServiceLevelsPlugin}): the escalation share of {@link #taskLimit}. */
    String taskEscalateAfter(DelegateExecution execution, String ruleId) {
        return taskTerms(execution.getProcessEngineServices(), execution.getId(), CaseKey.of(execution), ruleId)
                .escalateAfter()
                .toString();
    }

    /**
     * What the two tables give one task: its priority (null: Camunda's default), its limit shortened for the buyer's
     * tier, and when within it the task is escalated.
     */
    record TaskTerms(Integer priority, Duration limit, Duration escalateAfter) {}

    /**
     * A task's terms, each table evaluated once per task: its two timers and its create listener run in the same
     * command on the task's own execution and ask the same ({@link ServiceLevelsPlugin.TermsOfCommand}), so the
     * case's decisions show one {@value #DECISION} and one {@value #PRIORITY_DECISION} evaluation per task.
     */
    private TaskTerms taskTerms(ProcessEngineServices engine, String executionId, String caseId, String ruleId) {
        CommandContext command = Context.getCommandContext();
        if (command == null) return evaluateTaskTerms(engine, caseId, ruleId);
        return command.getSession(ServiceLevelsPlugin.TermsOfCommand.class)
                .terms(executionId + " " + ruleId, () -> evaluateTaskTerms(engine, caseId, ruleId));
    }

    private TaskTerms evaluateTaskTerms(ProcessEngineServices engine, String caseId, String ruleId) {
        TierTerms tier = tierTerms(engine, caseId, ruleId);
        DmnDecisionRuleResult entries = entries(engine, ruleId);
        Duration limit = tier.share(limit(entries));
        return new TaskTerms(tier.priority(), limit, escalateAfter(limit, entries));
    }

    /** Timer "Deadline passed": the rule's limit as an ISO-8601 duration. */
    public String limit(
            DelegateExecution execution, @DecisionRow(decision = DECISION, input = SLA_RULE_ID) String ruleId) {
        return limit(entries(execution.getProcessEngineServices(), ruleId)).toString();
    }

    /** Timer "Deadline near": the share of the limit after which the task is escalated. */
    public String escalateAfter(
            DelegateExecution execution, @DecisionRow(decision = DECISION, input = SLA_RULE_ID) String ruleId) {
        DmnDecisionRuleResult entries = entries(execution.getProcessEngineServices(), ruleId);
        return escalateAfter(limit(entries), entries).toString();
    }

    private static Duration escalateAfter(Duration limit, DmnDecisionRuleResult entries) {
        long percent = ((Number) entries.get("escalateAtPercent")).longValue();
        return Duration.ofSeconds(limit.toSeconds() * percent / 100);
    }

    /** "Deadline near": the task goes to team leads as well, with a higher priority (never a lower one). */
    public void deadlineNear(DelegateTask task) {
        task.addCandidateGroup(Groups.TEAM_LEADS);
        task.setPriority(Math.max(task.getPriority(), ESCALATED_PRIORITY));
        cases.addTimeline(
                CaseKey.of(task),
                "Deadline near (" + slaRule(task.getVariableLocal(SLA_RULE_ID)) + "): \"" + task.getName()
                        + "\" escalated to " + Groups.TEAM_LEADS);
        log.info("Task {} escalated to {}: deadline near", task.getTaskDefinitionKey(), Groups.TEAM_LEADS);
    }

    /** "Deadline passed": the breach is recorded on the case; the task stays open. */
    public void deadlinePassed(DelegateTask task) {
        OffsetDateTime now = EngineClock.now();
        OffsetDateTime due =
                task.getDueDate() == null ? now : task.getDueDate().toInstant().atOffset(now.getOffset());
        recordBreach(new CaseDeadlines.Breach(
                CaseKey.of(task),
                task.getId(),
                task.getTaskDefinitionKey(),
                task.getName(),
                slaRule(task.getVariableLocal(SLA_RULE_ID)),
                due,
                now));
    }

    /** End listener of a "Deadline near" boundary timer (diagrams deployed before the plugin). */
    public void deadlineNear(DelegateExecution execution) {
        TaskService tasks = execution.getProcessEngineServices().getTaskService();
        for (Task task : attachedTasks(execution)) {
            tasks.addCandidateGroup(task.getId(), Groups.TEAM_LEADS);
            tasks.setPriority(task.getId(), Math.max(task.getPriority(), ESCALATED_PRIORITY));
            cases.addTimeline(
                    caseId(execution),
                    "Deadline near (" + slaRule(tasks, task) + "): \"" + task.getName() + "\" escalated to "
                            + Groups.TEAM_LEADS);
            log.info("Task {} escalated to {}: deadline near", task.getTaskDefinitionKey(), Groups.TEAM_LEADS);
        }
    }

    /** End listener of a "Deadline passed" boundary timer (diagrams deployed before the plugin). */
    public void deadlinePassed(DelegateExecution execution) {
        TaskService tasks = execution.getProcessEngineServices().getTaskService();
        String caseId = caseId(execution);
        OffsetDateTime now = EngineClock.now();
        for (Task task : attachedTasks(execution)) {
            OffsetDateTime due = task.getDueDate() == null
                    ? now
                    : task.getDueDate().toInstant().atOffset(now.getOffset());
            recordBreach(new CaseDeadlines.Breach(
                    caseId, task.getId(), task.getTaskDefinitionKey(), task.getName(), slaRule(tasks, task), due, now));
        }
    }

    /**
     * Delete listener: a task taken away at or after its due date (R-SLA-6: an interrupting timer at the deadline,
     * silence loses the platform claim) has its breach recorded as by "Deadline passed", whichever fires first.
     */
    public void cancelledAtDeadline(DelegateTask task) {
        OffsetDateTime now = EngineClock.now();
        if (task.getDueDate() == null
                || now.toInstant().isBefore(task.getDueDate().toInstant())) return;
        recordBreach(new CaseDeadlines.Breach(
                CaseKey.of(task),
                task.getId(),
                task.getTaskDefinitionKey(),
                task.getName(),
                slaRule(task.getVariableLocal(SLA_RULE_ID)),
                task.getDueDate().toInstant().atOffset(now.getOffset()),
                now));
    }

    /** The breach on the case (once per task: a retried job or both listeners record it once). */
    private void recordBreach(CaseDeadlines.Breach breach) {
        if (deadlines.recordBreach(breach)) {
            cases.addRulesApplied(breach.caseId(), List.of(breach.ruleId()));
            cases.addTimeline(
                    breach.caseId(),
                    "Deadline passed (" + breach.ruleId() + "): \"" + breach.taskName() + "\" was due " + breach.due());
            log.info("Task {} breached {}", breach.taskKey(), breach.ruleId());
        }
    }

    private static List<Task> attachedTasks(DelegateExecution execution) {
        if (!(execution.getBpmnModelElementInstance() instanceof BoundaryEvent boundary)) {
            throw new IllegalStateException(
                    "serviceLevels.deadlineNear/deadlinePassed belong on a boundary timer, not on "
                            + execution.getCurrentActivityId());
        }
        return execution
                .getProcessEngineServices()
                .getTaskService()
                .createTaskQuery()
                .processInstanceId(execution.getProcessInstanceId())
                .taskDefinitionKey(boundary.getAttachedTo().getId())
                .list();
    }

    private static String slaRule(TaskService tasks, Task task) {
        return slaRule(tasks.getVariableLocal(task.getId(), SLA_RULE_ID));
    }

    private static String slaRule(Object ruleId) {
        return ruleId == null ? "no SLA rule" : ruleId.toString();
    }

    private static String caseId(DelegateExecution execution) {
        return CaseKey.of(execution);
    }

    private static Duration limit(DmnDecisionRuleResult entries) {
        return Duration.parse(entries.get("limit").toString());
    }

    /**
     * R-CARE-3: what the buyer's tier gives a task: its priority (null: none, Camunda's default stays) and the share of
     * the SLA limit, in per cent. A table without a row for the task leaves both as they were, with a warning.
     */
    record TierTerms(Integer priority, int slaPercent) {
        Duration share(Duration limit) {
            return slaPercent == 100 ? limit : Duration.ofSeconds(limit.toSeconds() * slaPercent / 100);
        }
    }

    private TierTerms tierTerms(ProcessEngineServices engine, String caseId, String ruleId) {
        Optional<CaseRepository.CaseForView> found = caseId == null ? Optional.empty() : cases.findForView(caseId);
        Optional<CaseRow> row = found.map(CaseRepository.CaseForView::row);
        CustomerTier tier = found.map(CaseRepository.CaseForView::tier).orElse(CustomerTier.DEFAULT);
        DmnDecisionTableResult result = engine.getDecisionService()
                .evaluateDecisionTableByKey(
                        PRIORITY_DECISION,
                        Variables.putValue(CUSTOMER_TIER, tier.name())
                                .putValue(
                                        CaseVariables.CASE_TYPE,
                                        row.map(r -> r.type().name()).orElse(""))
                                .putValue(SLA_RULE_ID, ruleId));
        if (result.isEmpty()) {
            log.warn(
                    "The {} table has no row for a {} buyer's {} task ({}): Camunda's default priority, the full limit",
                    PRIORITY_DECISION,
                    tier,
                    ruleId,
                    caseId);
            return new TierTerms(null, 100);
        }
        DmnDecisionRuleResult terms = result.getFirstResult();
        return new TierTerms(
                ((Number) terms.get("taskPriority")).intValue(), ((Number) terms.get("slaPercent")).intValue());
    }

    private static DmnDecisionRuleResult entries(ProcessEngineServices engine, String ruleId) {
        DmnDecisionTableResult result = engine.getDecisionService()
                .evaluateDecisionTableByKey(DECISION, Variables.putValue(SLA_RULE_ID, ruleId));
        if (result.isEmpty()) {
            throw new IllegalStateException("The ServiceLevel table has no limit for " + ruleId);
        }
        return result.getSingleResult();
    }
}
