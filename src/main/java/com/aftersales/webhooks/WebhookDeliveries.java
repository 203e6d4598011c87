package com.aftersales.webhooks;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The webhook deliveries the app took, by the sender's own delivery id (table webhook_delivery): a second delivery
 * of an id is answered with the first one's outcome and does nothing. Two deliveries of one id at the same moment:
 * the primary key lets one insert commit, the other fails (and its sender retries, then finds it known).
 * A claim ("taking") whose node died before finishing it (kill -9 between the claim and the case's event) is not an
 * outcome: after {@link #ABANDONED_AFTER} the sender's retry takes the delivery over and does the work.
 */
@Repository
public class WebhookDeliveries {

    /** A claim older than this was abandoned: no delivery's work takes near as long. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

    static final String TAKING = "taking";

    private final JdbcTemplate jdbc;

    public WebhookDeliveries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The outcome of an earlier delivery of the id; empty when the id is new or its claim was abandoned. */
    public Optional<String> known(String source, String deliveryId) {
        return jdbc
                .query(
                        "select outcome from webhook_delivery where source = ? and delivery_id = ?"
                                + " and not (outcome = ? and received_at < ?)",
                        (rs, i) -> rs.getString(1) == null ? "" : rs.getString(1),
                        source,
                        deliveryId,
                        TAKING,
                        Timestamp.from(Instant.now().minus(ABANDONED_AFTER)))
                .stream()
                .findFirst();
    }

    /**
     * Claims the id before the work, outside a transaction: true when this request does the work, false when
     * another delivery of the id is doing or did it. An abandoned claim is taken over.
     */
    public boolean claim(String source, String deliveryId, String topic) {
        try {
            record(source, deliveryId, topic, TAKING);
            return true;
        } catch (DuplicateKeyException taken) {
            return jdbc.update(
                            "update webhook_delivery set received_at = ? where source = ? and delivery_id = ?"
                                    + " and outcome = ? and received_at < ?",
                            Timestamp.from(Instant.now()),
                            source,
                            deliveryId,
                            TAKING,
                            Timestamp.from(Instant.now().minus(ABANDONED_AFTER)))
                    == 1;
        }
    }

    /**
     * Records the delivery with what it did, in the caller's transaction ({@link #claim} claims it before the work,
     * then {@link #finish} or {@link #forget}).
     */
    public void record(String source, String deliveryId, String topic, String outcome) {
        jdbc.update(
                "insert into webhook_delivery (source, delivery_id, topic, received_at, outcome) values (?, ?, ?, ?, ?)",
                source,
                deliveryId,
                topic.length() > 64 ? topic.substring(0, 64) : topic,
                Timestamp.from(Instant.now()),
                outcome.length() > 1000 ? outcome.substring(0, 999) + "…" : outcome);
    }

    public void finish(String source, String deliveryId, String outcome) {
        jdbc.update(
                "update webhook_delivery set outcome = ? where source = ? and delivery_id = ?",
                outcome.length() > 1000 ? outcome.substring(0, 999) + "…" : outcome,
                source,
                deliveryId);
    }

    /** The work of a claimed delivery failed: its sender's retry takes it again. */
    public void forget(String source, String deliveryId) {
        jdbc.update("delete from webhook_delivery where source = ? and delivery_id = ?", source, deliveryId);
    }
}
