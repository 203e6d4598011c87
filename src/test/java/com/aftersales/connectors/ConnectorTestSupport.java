package com.aftersales.connectors;

import com.aftersales.cases.CaseEvents;
import com.aftersales.cases.CaseIntake;
import com.aftersales.cases.CaseRepository;
import com.aftersales.cases.CaseType;
import com.aftersales.cases.OpenCaseRequest;
import com.aftersales.orders.Address;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderRepository;
import com.aftersales.orders.OrderStatus;
import com.aftersales.refunds.RefundLedger;
import com.aftersales.testdb.TestDatabase;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The app connected to real servers in the test JVM: Stripe's API played by WireMock (request and answer shapes of
 * Stripe's API reference) and an SMTP server (GreenMail). One Spring context on its own database, the job executor
 * off so each test runs the jobs itself (and sees each failure), the e-mail relay polling every 0.2 s.
 */
@SpringBootTest(
        properties = {
            "camunda.bpm.job-execution.enabled=false",
            "camunda.bpm.process-engine-name=connectors",
            "aftersales.demo-data=false",
            "aftersales.stripe.api-key=sk_test_connectors",
            "spring.mail.host=127.0.0.1",
            "aftersales.buyer-email.from=service@shop.example",
            "aftersales.buyer-email.max-attempts=3",
            "aftersales.buyer-email.retry-backoff=PT0.2S",
            "aftersales.buyer-email.poll-interval=PT0.2S",
            "aftersales.buyer-email.claim-for=PT30S"
        })
public abstract class ConnectorTestSupport {

    /** Stripe's API, as a test double on a free port (AFTERSALES_STRIPE_API_BASE). */
    protected static final WireMockServer STRIPE =
            new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));

    protected static final int SMTP_PORT = freePort();

    /** The SMTP server; tests stop it (SMTP down) and start it again. */
    protected static GreenMail smtp;

    static {
        STRIPE.start();
        startSmtp();
    }

    @DynamicPropertySource
    static void connectors(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, "connectors");
        registry.add("aftersales.stripe.api-base", () -> "http://127.0.0.1:" + STRIPE.port());
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    protected static synchronized void startSmtp() {
        if (smtp != null && smtp.isRunning()) return;
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    protected static synchronized void stopSmtp() {
        if (smtp != null) smtp.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
    protected RefundLedger ledger;

    @Autowired
    protected RuntimeService runtime;

    @Autowired
    protected ManagementService management;

    protected static final Address HOME = new Address("Ana Ruiz", "1 Main St", null, "Austin", "TX", "78701", "US");

    /**
     * A paid order of one item at {@code unitPrice} plus {@code shippingFee} in {@code currency}, paid with Stripe's
     * PaymentIntent {@code paymentIntentId} (null: no payment of a provider), the buyer at {@code email}.
     */
    protected Order paidOrder(
            String currency, String unitPrice, String shippingFee, String paymentIntentId, String email) {
        Order order = new Order(
                "S-" + UUID.randomUUID().toString().substring(0, 8),
                Order.Platform.SHOP,
                new Order.Buyer("B-1", "Ana Ruiz", email),
                currency,
                List.of(new Order.Item("SKU-1", "Phone case", 1, new BigDecimal(unitPrice), "accessories")),
                new BigDecimal(shippingFee),
                OrderStatus.PAID,
                HOME,
                null,
                null,
                paymentIntentId == null ? null : new Order.Payment(Order.PaymentProvider.STRIPE, paymentIntentId));
        orders.save(order);
        return order;
    }

    /**
     * R-CAN-1: a cancellation of the paid order, the warehouse stops the parcel: the case's next job is the refund of
     * item and shipping (purpose CANCELLATION), which this runs once; @return the case id.
     */
    protected String cancelledUpToTheRefund(Order order) {
        String caseId = cancelledBeforeTheRefund(order);
        runJobs(caseId);
        return caseId;
    }

    /** The refund's job of the case. */
    protected static final String REFUND_TASK = "Task_RefundCancelledOrder";

    /** As {@link #cancelledUpToTheRefund}, but the refund's job (at {@link #REFUND_TASK}) is left to run. */
    protected String cancelledBeforeTheRefund(Order order) {
        String caseId = intake.open(
                new OpenCaseRequest(
                        order.orderId(), CaseType.CANCELLATION, "Ordered twice", List.of(), null, null, null, null),
                "test");
        runJobs(caseId);
        events.accept(caseId, Map.of("type", "WAREHOUSE_UPDATE", "status", "SHIPMENT_STOPPED"));
        for (int round = 0; round < 20; round++) {
            List<Job> due = jobs(caseId);
            if (due.isEmpty()) throw new AssertionError("case " + caseId + " has no refund job");
            if (due.stream().anyMatch(j -> isRefundJob(j))) return caseId;
            management.executeJob(due.get(0).getId());
        }
        throw new AssertionError("case " + caseId + " never came to its refund");
    }

    protected boolean isRefundJob(Job job) {
        return job.getJobDefinitionId() != null
                && REFUND_TASK.equals(management
                        .createJobDefinitionQuery()
                        .jobDefinitionId(job.getJobDefinitionId())
                        .singleResult()
                        .getActivityId());
    }

    /** Executes the case's jobs due now until none is left; a job that fails stays for its retry. @return the failures */
    protected List<RuntimeException> runJobs(String caseId) {
        List<RuntimeException> failures = new ArrayList<>();
        for (int round = 0; round < 100; round++) {
            List<Job> due = jobs(caseId).stream()
                    .filter(j -> j.getRetries() > 0
                            && (j.getDuedate() == null || !j.getDuedate().after(new java.util.Date())))
                    .toList();
            if (due.isEmpty()) return failures;
            try {
                management.executeJob(due.get(0).getId());
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        throw new AssertionError("Jobs of case " + caseId + " keep coming");
    }

    protected List<Job> jobs(String caseId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseId).list().stream()
                .flatMap(p -> management.createJobQuery().processInstanceId(p.getId()).list().stream())
                .toList();
    }

    /** The one job of the case that failed (its retry waits for its due date). */
    protected Job failedJob(String caseId) {
        List<Job> failed = jobs(caseId).stream()
                .filter(j -> j.getExceptionMessage() != null)
                .toList();
        if (failed.size() != 1) throw new AssertionError("failed jobs of " + caseId + ": " + failed);
        return failed.get(0);
    }

    protected List<Incident> incidents(String caseId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseId).list().stream()
                .flatMap(p -> runtime.createIncidentQuery().processInstanceId(p.getId()).list().stream())
                .toList();
    }

    protected List<String> timeline(String caseId) {
        return cases.timeline(caseId).stream().map(e -> e.what()).toList();
    }
}
