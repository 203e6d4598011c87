package com.aftersales.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.cases.CaseType;
import com.aftersales.cases.OpenCaseRequest;
import com.aftersales.messaging.BuyerEmailRelay;
import com.aftersales.messaging.BuyerMessageOutbox;
import com.aftersales.orders.Order;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * R-CARE-1: buyer messages leave the outbox by e-mail (GreenMail as the SMTP server): SENT on the case's timeline,
 * retried with backoff while the server is down, FAILED after the last attempt; two nodes never send one twice.
 */
class BuyerEmailTest extends ConnectorTestSupport {

    @Autowired
    BuyerMessageOutbox outbox;

    @Autowired
    BuyerEmailRelay relay;

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void smtpBackUp() {
        startSmtp();
    }

    private static String email() {
        return "buyer-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** A case of a paid order whose buyer has the address {@code email} (its process waits for the warehouse). */
    private String caseOfBuyer(String email) {
        Order order = paidOrder("USD", "25.00", "4.99", null, email);
        return intake.open(
                new OpenCaseRequest(
                        order.orderId(), CaseType.CANCELLATION, "Ordered twice", List.of(), null, null, null, null),
                "test");
    }

    private static List<MimeMessage> receivedBy(String email) {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                                .anyMatch(a -> a.toString().equals(email));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private static void waitFor(String what, BooleanSupplier condition) {
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(until)) throw new AssertionError("waited 20 s for: " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private Map<String, Object> outboxRow(String caseId) {
        return jdbc.queryForMap("select * from buyer_message_outbox where case_id = ?", caseId);
    }

    @Test
    void rCare1_aBuyerMessageIsEmailedToTheBuyer_andTheTimelineSaysSent() throws Exception {
        String email = email();
        String caseId = caseOfBuyer(email);

        outbox.send(caseId, "apology", Map.of());

        waitFor("the e-mail", () -> receivedBy(email).size() == 1);
        MimeMessage received = receivedBy(email).get(0);
        String orderId = cases.get(caseId).orderId();
        assertThat(received.getFrom()[0].toString()).isEqualTo("service@shop.example");
        assertThat(received.getSubject()).isEqualTo("Your order " + orderId + " (request " + caseId + ")");
        assertThat(received.getContent().toString().trim())
                .isEqualTo("Dear Ana Ruiz, we are sorry for the trouble with order " + orderId
                        + "; this is being handled with priority.");
        waitFor("SENT on the timeline", () -> timeline(caseId).contains("Message to buyer (apology) SENT by e-mail"));
        assertThat(outboxRow(caseId).get("sent_at")).isNotNull();
        assertThat(((Number) outboxRow(caseId).get("attempts")).intValue()).isEqualTo(1);
        Thread.sleep(600); // three more polls: nothing is sent twice
        assertThat(receivedBy(email)).hasSize(1);
    }

    @Test
    void rCare1_smtpDownForAWhile_theMessageIsRetried_andSentWhenTheServerIsBack() {
        String email = email();
        String caseId = caseOfBuyer(email);
        stopSmtp();

        outbox.send(caseId, "apology", Map.of());
        waitFor("a failed attempt", () -> outboxRow(caseId).get("last_error") != null);
        assertThat(outboxRow(caseId).get("sent_at")).isNull();
        assertThat(outboxRow(caseId).get("last_error").toString()).contains("Connection refused");
        startSmtp();

        waitFor("the e-mail", () -> receivedBy(email).size() == 1);
        waitFor(
                "SENT on the timeline",
                () -> timeline(caseId).stream()
                        .anyMatch(w -> w.matches("Message to buyer \\(apology\\) SENT by e-mail \\(attempt [23]\\)")));
        assertThat(timeline(caseId)).noneMatch(w -> w.contains("FAILED"));
    }

    @Test
    void rCare1_smtpDown_threeAttemptsWithGrowingWaits_thenFailedOnTheTimelineWithTheError() {
        String email = email();
        String caseId = caseOfBuyer(email);
        stopSmtp();
        Instant written = Instant.now();

        outbox.send(caseId, "apology", Map.of());
        waitFor("FAILED on the timeline", () -> timeline(caseId).stream().anyMatch(w -> w.contains("FAILED")));

        // waits of 0.2 s and 0.4 s between the three attempts (aftersales.buyer-email.retry-backoff PT0.2S, doubling)
        assertThat(Duration.between(written, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(timeline(caseId))
                .filteredOn(w -> w.contains("e-mail"))
                .singleElement()
                .satisfies(w -> assertThat(w)
                        .startsWith("Message to buyer (apology) FAILED by e-mail (attempt 3): ")
                        .contains("Connection refused"));
        Map<String, Object> row = outboxRow(caseId);
        assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(3);
        assertThat(row.get("failed_at")).isNotNull();
        assertThat(row.get("sent_at")).isNull();
        startSmtp();
        assertThat(relay.sendDue()).as("a failed message is not tried again").isZero();
    }

    @Test
    void rCare1_aBuyerWithoutAnEmailAddress_failedAtOnce_withTheReason() {
        String caseId = caseOfBuyer(null);

        outbox.send(caseId, "apology", Map.of());

        waitFor("FAILED on the timeline", () -> timeline(caseId).stream().anyMatch(w -> w.contains("FAILED")));
        assertThat(timeline(caseId))
                .contains("Message to buyer (apology) FAILED by e-mail: order "
                        + cases.get(caseId).orderId() + " has no buyer e-mail address");
    }

    @Test
    void twoNodesPollingAtOnce_eachMessageIsSentOnce() throws Exception {
        String email = email();
        String caseId = caseOfBuyer(email);
        for (int i = 0; i < 12; i++) outbox.send(caseId, "apology", Map.of());

        // this node's scheduled poller runs as well: three relays claiming the same rows
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        List<Future<Integer>> claimed = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
            Callable<Integer> poll = () -> relay.sendDue();
            claimed.add(nodes.submit(poll));
        }
        for (Future<Integer> f : claimed) f.get();
        nodes.shutdown();

        waitFor("12 e-mails", () -> receivedBy(email).size() >= 12);
        waitFor(
                "12 SENT",
                () -> timeline(caseId).stream()
                                .filter(w -> w.contains("SENT by e-mail"))
                                .count()
                        == 12);
        Thread.sleep(600);
        assertThat(receivedBy(email)).hasSize(12);
    }
}
