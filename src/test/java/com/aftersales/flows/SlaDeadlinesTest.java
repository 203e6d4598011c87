package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.api.CaseView;
import com.aftersales.api.CaseViews;
import com.aftersales.cases.CaseDeadlines;
import com.aftersales.cases.CaseType;
import com.aftersales.cases.ServiceLevels;
import com.aftersales.cases.ServiceLevelsPlugin;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Policy section 2, one mechanism for all flows (cases/ServiceLevelsPlugin, from each user task's extension
 * property sla): due dates from service-levels.dmn, a "deadline near" timer that escalates to team-leads, a
 * "deadline passed" timer that records the breach. Timers are driven with the engine clock.
 */
class SlaDeadlinesTest extends FlowTestSupport {

    @Autowired
    RepositoryService repository;

    @Autowired
    DecisionService decisions;

    @Autowired
    CaseViews views;

    @Autowired
    CaseDeadlines deadlines;

    private final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /** R-CAN-3 task "Ask buyer whether to cancel", SLA R-SLA-1 (24 h, escalated at 75 % = 18 h). */
    private String caseWithAgentTask() {
        ClockUtil.setCurrentTime(Date.from(start));
        return open(CaseType.CANCELLATION, markedShippedOrder("25.00"), "Too slow", null);
    }

    private List<String> candidateGroups(Task task) {
        return tasks.getIdentityLinksForTask(task.getId()).stream()
                .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()))
                .map(IdentityLink::getGroupId)
                .sorted()
                .toList();
    }

    @Test
    void rSla1_rCare3_dueDateAndBothTimersComeFromOneEvaluationOfEachTable() {
        String caseId = caseWithAgentTask();
        Task task = task(caseId, "Task_ConfirmCancellationWithBuyer");
        assertThat(task.getDueDate().toInstant()).isEqualTo(start.plus(Duration.ofHours(24)));
        assertThat(tasks.getVariableLocal(task.getId(), ServiceLevels.SLA_RULE_ID))
                .isEqualTo("R-SLA-1");
        List<Job> timers = management
                .createJobQuery()
                .processInstanceId(task.getProcessInstanceId())
                .timers()
                .orderByJobDuedate()
                .asc()
                .list();
        assertThat(timers)
                .extracting(j -> j.getDuedate().toInstant())
                .containsExactly(start.plus(Duration.ofHours(18)), start.plus(Duration.ofHours(24)));
        assertThat(dueJobs(caseId)).isEmpty();
        // the due date and both timers from one evaluation of each table: the case's decisions show the task's once
        assertThat(views.view(caseId).decisions())
                .extracting(CaseView.Decision::table)
                .filteredOn(t -> t.equals(ServiceLevels.DECISION) || t.equals(ServiceLevels.PRIORITY_DECISION))
                .containsExactlyInAnyOrder(ServiceLevels.DECISION, ServiceLevels.PRIORITY_DECISION);
    }

    @Test
    void rSla1_deadlineNear_taskEscalatedToTeamLeadsWithPriority75_noBreachYet() {
        String caseId = caseWithAgentTask();
        passTime(caseId, Duration.ofHours(17));
        assertThat(candidateGroups(task(caseId, "Task_ConfirmCancellationWithBuyer")))
                .containsExactly("after-sales-agents");

        passTime(caseId, Duration.ofHours(1).plusSeconds(1));

        Task task = task(caseId, "Task_ConfirmCancellationWithBuyer");
        assertThat(candidateGroups(task)).containsExactly("after-sales-agents", "team-leads");
        assertThat(task.getPriority()).isEqualTo(75);
        assertThat(deadlines.forCase(caseId)).isEmpty();
        assertThat(cases.timeline(caseId))
                .extracting(com.aftersales.cases.CaseRepository.TimelineEntry::what)
                .anyMatch(w -> w.contains("Deadline near (R-SLA-1)") && w.contains("team-leads"));
    }

    @Test
    void rSla1_deadlinePassed_breachRecordedOnTheCase_taskStaysOpen_andStaysInTheViewAfterItIsDone() {
        String caseId = caseWithAgentTask();
        passTime(caseId, Duration.ofHours(24).plusSeconds(1));

        List<CaseDeadlines.Breach> breaches = deadlines.forCase(caseId);
        assertThat(breaches).hasSize(1);
        assertThat(breaches.get(0).ruleId()).isEqualTo("R-SLA-1");
        assertThat(breaches.get(0).taskName()).isEqualTo("Ask buyer whether to cancel");
        assertThat(breaches.get(0).due().toInstant()).isEqualTo(start.plus(Duration.ofHours(24)));
        assertThat(breaches.get(0).breachedAt().toInstant()).isAfterOrEqualTo(start.plus(Duration.ofHours(24)));
        assertThat(caseRow(caseId).rulesApplied()).contains("R-SLA-1");

        CaseView.Deadline open = views.view(caseId).deadlines().get(0);
        assertThat(open.task()).isEqualTo("Ask buyer whether to cancel");
        assertThat(open.ruleId()).isEqualTo("R-SLA-1");
        assertThat(open.breachedAt()).isNotNull();
        assertThat(open.breached()).isTrue();

        complete(caseId, "Task_ConfirmCancellationWithBuyer", Map.of("buyerDecision", "CANCEL"));
        assertThat(caseRow(caseId).resolution()).isEqualTo("CANCELLED");
        assertThat(views.view(caseId).deadlines())
                .singleElement()
                .satisfies(d -> assertThat(d.taskDefinitionKey()).isEqualTo("Task_ConfirmCancellationWithBuyer"))
                .satisfies(d -> assertThat(d.breachedAt()).isNotNull());
    }

    @Test
    void rSla1_taskDoneInTime_noEscalationNoBreach_timersGone() {
        String caseId = caseWithAgentTask();
        passTime(caseId, Duration.ofHours(2));
        complete(caseId, "Task_ConfirmCancellationWithBuyer", Map.of("buyerDecision", "KEEP_ORDER"));
        passTime(caseId, Duration.ofDays(3));
        assertThat(deadlines.forCase(caseId)).isEmpty();
        assertThat(views.view(caseId).deadlines()).isEmpty();
        assertThat(processEnded(caseId)).isTrue();
    }

    @Test
    void rSla_everyUserTaskOfEveryFlowNamesAnSlaRuleOfTheServiceLevelTable_andNoDiagramCopiesTheDeadlineTimers() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (ProcessDefinition definition :
                repository.createProcessDefinitionQuery().latestVersion().list()) {
            BpmnModelInstance model = repository.getBpmnModelInstance(definition.getId());
            for (UserTask task : model.getModelElementsByType(UserTask.class)) {
                checked++;
                String where = definition.getKey() + "/" + task.getId();
                String rule = task.getExtensionElements() == null
                        ? null
                        : task
                                .getExtensionElements()
                                .getElementsQuery()
                                .filterByType(CamundaProperties.class)
                                .list()
                                .stream()
                                .flatMap(p -> p.getCamundaProperties().stream())
                                .filter(p -> ServiceLevelsPlugin.SLA_PROPERTY.equals(p.getCamundaName()))
                                .map(CamundaProperty::getCamundaValue)
                                .findFirst()
                                .orElse(null);
                if (rule == null) {
                    problems.add(where + " has no extension property sla");
                } else if (decisions
                        .evaluateDecisionTableByKey(ServiceLevels.DECISION, Map.of(ServiceLevels.SLA_RULE_ID, rule))
                        .isEmpty()) {
                    problems.add(where + ": the ServiceLevel table has no row for sla = " + rule);
                }
            }
            model.getModelElementsByType(BoundaryEvent.class).stream()
                    .filter(b -> !b.cancelActivity())
                    .filter(b -> b.getEventDefinitions().stream()
                            .anyMatch(d -> d instanceof TimerEventDefinition t
                                    && t.getTimeDuration() != null
                                    && t.getTimeDuration().getTextContent().contains("serviceLevels.")))
                    .forEach(b -> problems.add(definition.getKey() + "/" + b.getId()
                            + " copies an SLA timer the plugin gives every task"));
        }
        assertThat(checked).isGreaterThanOrEqualTo(22);
        assertThat(problems).isEmpty();
    }
}
