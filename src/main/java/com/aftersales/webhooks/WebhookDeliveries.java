package com.aftersales.webhooks;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The webhook deliveries the app took, by the sender's own delivery id (table webhook_delivery): a second delivery
 * of an id is answered with the first one's outcome and does nothing. Two deliveries of one id at the same moment:
 * the primary key lets one insert commit, the other fails (and its sender retries, then finds it known).
 */
@Repository
public class WebhookDeliveries {

    private final JdbcTemplate jdbc;

    public WebhookDeliveries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The outcome of an earlier delivery of the id; empty when the id is new. */
    public Optional<String> known(String source, String deliveryId) {
        return jdbc
                .query(
                        "select outcome from webhook_delivery where source = ? and delivery_id = ?",
                        (rs, i) -> rs.getString(1) == null ? "" : rs.getString(1),
                        source,
                        deliveryId)
                .stream()
                .findFirst();
    }

    /**
     * Records the delivery with what it did, in the caller's transaction; or, outside one, claims the id before the
     * work (outcome "taking") so that a second delivery arriving meanwhile does nothing ({@link #finish}, {@link #forget}).
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
