package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.aftersales.cases.CaseEvents;
import com.aftersales.cases.CaseIntake;
import com.aftersales.cases.CaseRepository;
import com.aftersales.cases.CaseRow;
import com.aftersales.cases.CaseType;
import com.aftersales.cases.OpenCaseRequest;
import com.aftersales.cases.ServiceLevels;
import com.aftersales.messaging.BuyerMessage;
import com.aftersales.messaging.BuyerMessageOutbox;
import com.aftersales.orders.Address;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderRepository;
import com.aftersales.orders.OrderStatus;
import com.aftersales.orders.Shipment;
import com.aftersales.orders.StockRepository;
import com.aftersales.refunds.Refund;
import com.aftersales.refunds.RefundLedger;
import com.aftersales.shipping.RecordingShippingAdapter;
import com.aftersales.testdb.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Process tests: one Spring context (cached across the test classes) on its own database (H2 in memory,
 * or PostgreSQL in the second run, see TestDatabase), the job
 * executor off so each test executes the jobs itself. Cases are opened the way the API opens them.
 */
@SpringBootTest(
        properties = {
            "camunda.bpm.job-execution.enabled=false",
            // not "default": the HTTP tests' context, alive at the same time, serves /engine-rest with
            // the engine registered under that name
            "camunda.bpm.process-engine-name=flows",
            "aftersales.demo-data=false"
        })
public abstract class FlowTestSupport {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, "flows");
    }

    @Autowired
    protected CaseIntake intake;

    @Autowired
    protected CaseEvents events;

    @Autowired
    protected CaseRepository cases;

    @Autowired
    protected OrderRepository orders;

    @Autowired
    protected StockRepository stock;

    @Autowired
    protected RefundLedger ledger;

    @Autowired
    protected BuyerMessageOutbox outbox;

    @Autowired
    protected RecordingShippingAdapter shipping;

    @Autowired
    protected ProcessEngine engine;

    @Autowired
    protected RuntimeService runtime;

    @Autowired
    protected TaskService tasks;

    @Autowired
    private org.springframework.jdbc.core.JdbcTemplate jdbcForInsights;

    @Autowired
    protected ManagementService management;

    @BeforeEach
    void initAssertions() {
        BpmnAwareTests.init(engine);
    }

    @AfterEach
    void resetEngineClock() {
        ClockUtil.reset();
    }

    /** Moves the engine clock on (timers, SLA deadlines) and executes the case's jobs that are due then. */
    /** What the insights (GET /api/insights) count on the case: resolved_at, person_task_at, reopened_at, carrier claim. */
    protected Map<String, Object> insightColumns(String caseId) {
        return jdbcForInsights.queryForMap(
                "select resolved_at, person_task_at, reopened_at, carrier_claim_filed_at, carrier_claim_reference, sku"
                        + " from after_sales_case where case_id = ?",
                caseId);
    }

    protected void passTime(String caseId, Duration duration) {
        ClockUtil.setCurrentTime(
                Date.from(ClockUtil.getCurrentTime().toInstant().plus(duration)));
        runJobs(caseId);
    }

    protected static final Address HOME = new Address("Ana Ruiz", "1 Main St", null, "Austin", "TX", "78701", "US");
    protected static final Address NEW_HOME =
            new Address("Ana Ruiz", "9 Oak Ave", "Apt 2", "Dallas", "TX", "75201", "US");

    /** An order of one item at {@code unitPrice} USD plus 4.99 shipping, in the given state. */
    protected Order order(String unitPrice, OrderStatus status, Shipment shipment) {
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
        Order order = new Order(
                "T-" + UUID.randomUUID(),
                Order.Platform.AMAZON,
                new Order.Buyer("B-1", "Ana Ruiz", "ana@example.com"),
                "USD",
                List.of(new Order.Item(sku, "Phone case", 1, new BigDecimal(unitPrice), "accessories")),
                new BigDecimal("4.99"),
                status,
                HOME,
                shipment);
        orders.save(order);
        return order;
    }

    protected Order paidOrder(String unitPrice) {
        return order(unitPrice, OrderStatus.PAID, null);
    }

    protected Order shippedOrder(String unitPrice) {
        return order(
                unitPrice,
                OrderStatus.SHIPPED,
                new Shipment(
                        "UPS",
                        "1Z999",
                        OffsetDateTime.now().minusDays(1),
                        LocalDate.now().plusDays(5),
                        null,
                        false,
                        true));
    }

    protected Order markedShippedOrder(String unitPrice) {
        return order(
                unitPrice,
                OrderStatus.SHIPPED,
                new Shipment(
                        "UPS", "1Z998", OffsetDateTime.now(), LocalDate.now().plusDays(5), null, false, false));
    }

    protected String open(CaseType type, Order order, String description, Address newAddress) {
        return intake.open(
                new OpenCaseRequest(order.orderId(), type, description, List.of(), newAddress, null, null, null),
                "test");
    }

    /** An order of one item at {@code unitPrice} USD plus 4.99 shipping, shipped with this shipment. */
    protected Order shipped(
            String unitPrice,
            OrderStatus status,
            String trackingNumber,
            LocalDate latestDeliveryDate,
            OffsetDateTime deliveredAt,
            boolean insured) {
        return order(
                unitPrice,
                status,
                new Shipment(
                        "UPS",
                        trackingNumber,
                        OffsetDateTime.now().minusDays(3),
                        latestDeliveryDate,
                        deliveredAt,
                        insured,
                        true));
    }

    protected String openWithEvidence(CaseType type, Order order, String description, List<String> evidence) {
        return intake.open(
                new OpenCaseRequest(order.orderId(), type, description, evidence, null, null, null, null), "test");
    }

    protected String sku(Order order) {
        return order.items().get(0).sku();
    }

    /** Candidate groups of the one open task {@code taskKey} of the case. */
    protected List<String> candidateGroups(String caseId, String taskKey) {
        return tasks.getIdentityLinksForTask(task(caseId, taskKey).getId()).stream()
                .filter(l -> org.camunda.bpm.engine.task.IdentityLinkType.CANDIDATE.equals(l.getType()))
                .map(org.camunda.bpm.engine.task.IdentityLink::getGroupId)
                .sorted()
                .toList();
    }

    /**
     * Policy section 2: the task is due by its SLA rule: the rule ID is on the task and the due date
     * is the task's creation plus the rule's limit.
     */
    protected void assertDueBy(Task task, String ruleId, Duration limit) {
        assertThat(tasks.getVariableLocal(task.getId(), ServiceLevels.SLA_RULE_ID))
                .as("SLA rule of " + task.getTaskDefinitionKey())
                .isEqualTo(ruleId);
        assertThat(task.getDueDate().toInstant())
                .as("due date of " + task.getTaskDefinitionKey())
                .isCloseTo(task.getCreateTime().toInstant().plus(limit), within(5, ChronoUnit.SECONDS));
    }

    protected ProcessInstance instance(String caseId) {
        return runtime.createProcessInstanceQuery()
                .processInstanceId(cases.get(caseId).processInstanceId())
                .singleResult();
    }

    /** Executes every job of the case that is due now, until none is left (timers in the future stay). */
    protected void runJobs(String caseId) {
        // one at a time: a job may remove another (an interrupting timer takes its task's other timers)
        for (int round = 0; round < 200; round++) {
            List<Job> due = dueJobs(caseId);
            if (due.isEmpty()) return;
            management.executeJob(due.get(0).getId());
        }
        throw new AssertionError("Jobs of case " + caseId + " keep coming");
    }

    protected List<Job> dueJobs(String caseId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseId).list().stream()
                .flatMap(p -> management.createJobQuery().processInstanceId(p.getId()).executable().list().stream())
                .toList();
    }

    /**
     * The one open task of the case, which must be {@code taskKey}; every fact its form shows the
     * agent ({@code {{variable}}} in the form's text) must be there to show.
     */
    protected Task task(String caseId, String taskKey) {
        List<Task> open =
                tasks.createTaskQuery().processInstanceBusinessKey(caseId).list();
        assertThat(open).extracting(Task::getTaskDefinitionKey).containsExactly(taskKey);
        Task task = open.get(0);
        assertThat(tasks.getVariables(task.getId()).keySet())
                .as("facts shown on the form of " + taskKey)
                .containsAll(factsShownOnForm(task));
        return task;
    }

    private static final Pattern FORM_FACT = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    private Set<String> factsShownOnForm(Task task) {
        try (InputStream form = engine.getFormService().getDeployedTaskForm(task.getId())) {
            Set<String> facts = new TreeSet<>();
            Matcher m = FORM_FACT.matcher(new String(form.readAllBytes(), StandardCharsets.UTF_8));
            while (m.find()) facts.add(m.group(1));
            return facts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected void complete(String caseId, String taskKey, Map<String, Object> formValues) {
        tasks.complete(task(caseId, taskKey).getId(), formValues);
        runJobs(caseId);
    }

    protected void send(String caseId, Map<String, Object> event) {
        events.accept(caseId, event);
        runJobs(caseId);
    }

    protected CaseRow caseRow(String caseId) {
        return cases.get(caseId);
    }

    protected List<Refund> refunds(String caseId) {
        return ledger.forCase(caseId);
    }

    protected List<String> messageTemplates(String caseId) {
        return outbox.forCase(caseId).stream().map(BuyerMessage::template).toList();
    }

    protected List<String> shippingRequests(String caseId) {
        return shipping.forCase(caseId).stream()
                .map(RecordingShippingAdapter.ShippingRequest::kind)
                .toList();
    }

    /** The case's flow and the processes it called have ended (the R-CARE-2 follow-up of a resolved case may still run). */
    protected boolean processEnded(String caseId) {
        return runtime.createProcessInstanceQuery()
                        .processInstanceBusinessKey(caseId)
                        .processDefinitionKeyNotIn(com.aftersales.cases.CaseVariables.FOLLOW_UP_PROCESS)
                        .count()
                == 0;
    }

    protected boolean followUpRunning(String caseId) {
        return runtime.createProcessInstanceQuery()
                        .processInstanceBusinessKey(caseId)
                        .processDefinitionKey(com.aftersales.cases.CaseVariables.FOLLOW_UP_PROCESS)
                        .count()
                == 1;
    }

    /**
     * The case's own flow (its diagram's process, not the processes it called nor the follow-up) has ended, at the
     * end event {@code endEventIds} (ids in the diagram) and no other; one per branch where parallel branches end apart.
     */
    protected void assertEndedAt(String caseId, String... endEventIds) {
        assertEndedAt(
                engine.getHistoryService()
                        .createHistoricProcessInstanceQuery()
                        .processInstanceId(cases.get(caseId).processInstanceId())
                        .singleResult(),
                endEventIds);
    }

    /** The case's R-CARE-2 follow-up (case-follow-up.bpmn) has ended at the end event {@code endEventId}. */
    protected void assertFollowUpEndedAt(String caseId, String endEventId) {
        assertEndedAt(
                engine.getHistoryService()
                        .createHistoricProcessInstanceQuery()
                        .processInstanceBusinessKey(caseId)
                        .processDefinitionKey(com.aftersales.cases.CaseVariables.FOLLOW_UP_PROCESS)
                        .singleResult(),
                endEventId);
    }

    /** The flow {@code processKey} the case's diagram called (a call activity, e.g. not-received's lost-parcel-remedy) has ended there. */
    protected void assertCalledFlowEndedAt(String caseId, String processKey, String... endEventIds) {
        assertEndedAt(
                engine.getHistoryService()
                        .createHistoricProcessInstanceQuery()
                        .processInstanceBusinessKey(caseId)
                        .processDefinitionKey(processKey)
                        .singleResult(),
                endEventIds);
    }

    private void assertEndedAt(HistoricProcessInstance flow, String... endEventIds) {
        String name = flow.getProcessDefinitionKey() + " of case " + flow.getBusinessKey();
        assertThat(flow.getEndTime()).as(name + " has ended").isNotNull();
        assertThat(engine
                        .getHistoryService()
                        .createHistoricActivityInstanceQuery()
                        .processInstanceId(flow.getId())
                        .finished()
                        .list()
                        .stream()
                        .filter(a -> a.getActivityType().endsWith("EndEvent"))
                        .map(HistoricActivityInstance::getActivityId)
                        .toList())
                .as("end events where " + name + " finished")
                .containsExactlyInAnyOrder(endEventIds);
    }
}
