package com.aftersales.messaging;

import com.aftersales.cases.CaseRepository;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderRepository;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the buyer messages of the outbox by e-mail (R-CARE-1), when SMTP is set up ({@code spring.mail.host}).
 * Every node polls; a node claims a batch of due rows in a short transaction ({@code select … for update skip
 * locked}: two nodes never take the same row, nor wait for each other) by moving their {@code next_attempt_at} past
 * the claim time, sends them outside any transaction, then records the outcome: SENT on the case's timeline, or
 * after a failure the next attempt after a backoff that doubles (1, 2, 4 … times {@code retry-backoff}) and, after
 * {@code max-attempts}, FAILED on the timeline with the last error. A node that dies mid-send leaves its rows to be
 * claimed again when the claim ends: a message is sent at least once (SMTP knows no idempotency key), and normally
 * once. Messages older than {@code max-age} when the relay first sees them (written before SMTP was set up) stay in
 * the outbox unsent. Without {@code spring.mail.host} there is no relay: messages stay in the outbox
 * ({@link BuyerMessageOutbox}).
 */
@Component
@ConditionalOnExpression("!'${spring.mail.host:}'.isBlank()")
public class BuyerEmailRelay {

    private static final Logger log = LoggerFactory.getLogger(BuyerEmailRelay.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final JavaMailSender mail;
    private final CaseRepository cases;
    private final OrderRepository orders;
    private final String from;
    private final int maxAttempts;
    private final Duration backoff;
    private final Duration claimFor;
    private final Duration maxAge;
    private final int batchSize;

    public BuyerEmailRelay(
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            JavaMailSender mail,
            CaseRepository cases,
            OrderRepository orders,
            @Value("${aftersales.buyer-email.from}") String from,
            @Value("${aftersales.buyer-email.max-attempts:5}") int maxAttempts,
            @Value("${aftersales.buyer-email.retry-backoff:PT1M}") Duration backoff,
            @Value("${aftersales.buyer-email.claim-for:PT5M}") Duration claimFor,
            @Value("${aftersales.buyer-email.max-age:P3D}") Duration maxAge,
            @Value("${aftersales.buyer-email.batch-size:20}") int batchSize) {
        if (from.isBlank()) throw new IllegalStateException("aftersales.buyer-email.from must name the sender");
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.mail = mail;
        this.cases = cases;
        this.orders = orders;
        this.from = from;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.backoff = backoff;
        this.claimFor = claimFor;
        this.maxAge = maxAge;
        this.batchSize = batchSize;
    }

    record Claimed(long id, String caseId, String template, String body, int attempt) {}

    @Scheduled(
            fixedDelayString = "${aftersales.buyer-email.poll-interval:PT10S}",
            initialDelayString = "${aftersales.buyer-email.poll-interval:PT10S}")
    public void poll() {
        try {
            while (sendDue() == batchSize) {
                // a full batch: more may be due
            }
        } catch (RuntimeException e) {
            log.warn("Buyer e-mail relay: {}", e.toString());
        }
    }

    /** Claims and sends the messages due now, one batch; @return how many it claimed. */
    public int sendDue() {
        List<Claimed> claimed = claim();
        for (Claimed message : claimed) send(message);
        return claimed.size();
    }

    private List<Claimed> claim() {
        Instant now = Instant.now();
        return transaction.execute(status -> {
            List<Claimed> due = jdbc.query(
                    """
                    select id, case_id, template, body, attempts from buyer_message_outbox
                     where sent_at is null and failed_at is null and created_at >= ?
                       and (next_attempt_at is null or next_attempt_at <= ?)
                     order by id limit ? for update skip locked""",
                    (rs, i) -> new Claimed(
                            rs.getLong("id"),
                            rs.getString("case_id"),
                            rs.getString("template"),
                            rs.getString("body"),
                            rs.getInt("attempts") + 1),
                    Timestamp.from(now.minus(maxAge)),
                    Timestamp.from(now),
                    batchSize);
            for (Claimed message : due) {
                jdbc.update(
                        "update buyer_message_outbox set attempts = ?, next_attempt_at = ? where id = ?",
                        message.attempt(),
                        Timestamp.from(now.plus(claimFor)),
                        message.id());
            }
            return due;
        });
    }

    private void send(Claimed message) {
        String orderId = cases.get(message.caseId()).orderId();
        Order order = orders.get(orderId);
        String to = order.buyer().email();
        if (to == null || to.isBlank()) {
            giveUp(message, "order " + orderId + " has no buyer e-mail address");
            return;
        }
        SimpleMailMessage email = new SimpleMailMessage();
        email.setFrom(from);
        email.setTo(to);
        email.setSubject("Your order " + orderId + " (request " + message.caseId() + ")");
        email.setText(message.body());
        try {
            mail.send(email);
        } catch (MailException e) {
            failed(message, e);
            return;
        }
        transaction.executeWithoutResult(status -> {
            jdbc.update(
                    "update buyer_message_outbox set sent_at = ?, next_attempt_at = null where id = ?",
                    Timestamp.from(Instant.now()),
                    message.id());
            cases.addTimeline(
                    message.caseId(),
                    "Message to buyer (" + message.template() + ") SENT by e-mail" + attempts(message.attempt()));
        });
    }

    private void failed(Claimed message, MailException e) {
        String error = describe(e);
        if (message.attempt() >= maxAttempts) {
            giveUp(message, error);
            return;
        }
        Duration wait = backoff.multipliedBy(1L << Math.min(message.attempt() - 1, 20));
        log.info(
                "Buyer message {} of case {} not sent (attempt {} of {}), next in {}: {}",
                message.id(),
                message.caseId(),
                message.attempt(),
                maxAttempts,
                wait,
                error);
        jdbc.update(
                "update buyer_message_outbox set next_attempt_at = ?, last_error = ? where id = ?",
                Timestamp.from(Instant.now().plus(wait)),
                error,
                message.id());
    }

    private void giveUp(Claimed message, String error) {
        log.warn("Buyer message {} of case {} FAILED: {}", message.id(), message.caseId(), error);
        transaction.executeWithoutResult(status -> {
            jdbc.update(
                    "update buyer_message_outbox set failed_at = ?, next_attempt_at = null, last_error = ? where id = ?",
                    Timestamp.from(Instant.now()),
                    error,
                    message.id());
            cases.addTimeline(
                    message.caseId(),
                    "Message to buyer (" + message.template() + ") FAILED by e-mail" + attempts(message.attempt())
                            + ": " + error);
        });
    }

    private static String attempts(int attempt) {
        return attempt == 1 ? "" : " (attempt " + attempt + ")";
    }

    private static String describe(MailException e) {
        StringBuilder text = new StringBuilder(e.getMessage() == null ? e.toString() : e.getMessage());
        Throwable root = e.getMostSpecificCause();
        if (root != e && root.getMessage() != null && !text.toString().contains(root.getMessage())) {
            text.append(": ").append(root.getMessage());
        }
        return text.length() > 1000 ? text.substring(0, 997) + "..." : text.toString();
    }
}
