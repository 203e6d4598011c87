package com.aftersales.api;

import com.aftersales.cases.CaseDeadlines;
import com.aftersales.cases.CaseRepository;
import com.aftersales.cases.CaseRow;
import com.aftersales.cases.KeepOffers;
import com.aftersales.cases.ServiceLevels;
import com.aftersales.config.ApiProblem;
import com.aftersales.config.CamundaTables;
import com.aftersales.messaging.BuyerMessage;
import com.aftersales.messaging.BuyerMessageOutbox;
import com.aftersales.orders.OrderRepository;
import com.aftersales.refunds.Refund;
import com.aftersales.refunds.RefundLedger;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class CaseViews {

    private final CaseRepository cases;
    private final OrderRepository orders;
    private final RefundLedger ledger;
    private final BuyerMessageOutbox outbox;
    private final TaskService tasks;
    private final CaseDeadlines caseDeadlines;
    private final KeepOffers offers;
    private final CaseDecisions decisions;
    private final JdbcTemplate jdbc;
    /** Camunda's table prefix (none by default). */
    private final String prefix;

    /**
     * Whether a process of the case waits in a user task: one indexed read (the executions by business key). Most
     * viewed cases have none, and Camunda's task query cost a sixth of a view's CPU (bench/README.md, "Case view with
     * 100,000 cases"); it runs only when there are tasks to list.
     */
    private boolean hasOpenTasks(String caseId) {
        Integer tasksOfCase = jdbc.queryForObject(
                "select count(*) from " + prefix + "ACT_RU_TASK t join " + prefix
                        + "ACT_RU_EXECUTION e on e.ID_ = t.PROC_INST_ID_ where e.BUSINESS_KEY_ = ?",
                Integer.class,
                caseId);
        return tasksOfCase != null && tasksOfCase > 0;
    }

    public CaseViews(
            CaseRepository cases,
            OrderRepository orders,
            RefundLedger ledger,
            BuyerMessageOutbox outbox,
            TaskService tasks,
            CaseDeadlines caseDeadlines,
            KeepOffers offers,
            CaseDecisions decisions,
            JdbcTemplate jdbc,
            ProcessEngine engine) {
        this.jdbc = jdbc;
        this.prefix = CamundaTables.prefix(engine);
        this.decisions = decisions;
        this.offers = offers;
        this.caseDeadlines = caseDeadlines;
        this.cases = cases;
        this.orders = orders;
        this.ledger = ledger;
        this.outbox = outbox;
        this.tasks = tasks;
    }

    @Transactional(readOnly = true)
    public CaseView view(String caseId) {
        return view(caseId, true);
    }

    /** @param contactData false: without what quotes the buyer (see CaseView) */
    @Transactional(readOnly = true)
    public CaseView view(String caseId, boolean contactData) {
        CaseRepository.CaseForView kase = cases.findForView(caseId)
                .orElseThrow(() -> ApiProblem.notFound("Case", "There is no case " + caseId + "."));
        CaseRow row = kase.row();
        List<Refund> refunds = ledger.forCase(caseId);
        List<CaseView.OpenTask> openTasks = new ArrayList<>();
        List<CaseView.Deadline> deadlines = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Map<String, CaseDeadlines.Breach> breaches = new LinkedHashMap<>();
        caseDeadlines.forCase(caseId).forEach(b -> breaches.put(b.taskId(), b));
        List<Task> open = hasOpenTasks(caseId)
                ? tasks.createTaskQuery()
                        .processInstanceBusinessKey(caseId)
                        .orderByTaskCreateTime()
                        .asc()
                        .list()
                : List.of();
        for (Task task : open) {
            List<String> groups = tasks.getIdentityLinksForTask(task.getId()).stream()
                    .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null)
                    .map(link -> link.getGroupId())
                    .sorted()
                    .toList();
            OffsetDateTime due = at(task.getDueDate());
            openTasks.add(new CaseView.OpenTask(
                    task.getId(),
                    task.getTaskDefinitionKey(),
                    task.getName(),
                    groups,
                    task.getAssignee(),
                    due,
                    task.getPriority()));
            Object ruleId = tasks.getVariableLocal(task.getId(), ServiceLevels.SLA_RULE_ID);
            CaseDeadlines.Breach breach = breaches.remove(task.getId());
            if (due != null) {
                OffsetDateTime breachedAt = breach == null ? null : breach.breachedAt();
                deadlines.add(new CaseView.Deadline(
                        task.getName(),
                        task.getTaskDefinitionKey(),
                        ruleId == null ? null : ruleId.toString(),
                        due,
                        breachedAt,
                        breachedAt != null || due.isBefore(now)));
            }
        }
        breaches.values()
                .forEach(b -> deadlines.add(
                        new CaseView.Deadline(b.taskName(), b.taskKey(), b.ruleId(), b.due(), b.breachedAt(), true)));
        deadlines.sort(Comparator.comparing(CaseView.Deadline::due));
        BigDecimal total = refunds.stream().map(Refund::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new CaseView(
                row.caseId(),
                row.orderId(),
                row.type(),
                row.status(),
                row.responsibility(),
                row.resolution(),
                refunds.stream()
                        .map(r -> new CaseView.RefundLine(
                                r.amount(), r.currency(), r.reason(), r.ruleId(), r.purpose(), r.issuedAt()))
                        .toList(),
                total,
                kase.currency() != null ? kase.currency() : orders.currency(row.orderId()),
                row.returnShippingPaidBy(),
                row.rulesApplied(),
                openTasks,
                deadlines,
                kase.escalation().orElse(null),
                cases.timeline(caseId, contactData),
                outbox.forCase(caseId).stream()
                        .map(m -> contactData
                                ? m
                                : new BuyerMessage(m.caseId(), m.template(), m.recipient(), null, m.createdAt()))
                        .toList(),
                contactData ? row.description() : null,
                contactData ? row.evidence() : null,
                row.openedAt(),
                row.updatedAt(),
                offers.find(caseId).orElse(null),
                ledger.cappedForCase(caseId),
                !contactData,
                decisions.forCase(caseId),
                kase.tier());
    }

    private static OffsetDateTime at(Date date) {
        return date == null ? null : date.toInstant().atOffset(ZoneOffset.UTC);
    }
}
