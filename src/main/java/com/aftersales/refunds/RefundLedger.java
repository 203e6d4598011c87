package com.aftersales.refunds;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class RefundLedger {

    private final JdbcTemplate jdbc;

    public RefundLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Refund> find(String caseId, String purpose) {
        return jdbc
                .query(
                        "select * from refund_ledger where case_id = ? and purpose = ?",
                        RefundLedger::map,
                        caseId,
                        purpose)
                .stream()
                .findFirst();
    }

    public List<Refund> forCase(String caseId) {
        return jdbc.query(
                "select * from refund_ledger where case_id = ? order by issued_at, purpose", RefundLedger::map, caseId);
    }

    public BigDecimal totalForCase(String caseId) {
        BigDecimal total = jdbc.queryForObject(
                "select sum(amount) from refund_ledger where case_id = ?", BigDecimal.class, caseId);
        return total == null ? BigDecimal.ZERO : total;
    }

    /**
     * Everything refunded on the order, over all its cases: refunds and platform debits, and the refunds the seller
     * made in the shop itself (Shopify's refunds/create webhook) that carry out no ledger line of the app.
     */
    public BigDecimal totalForOrder(String orderId) {
        BigDecimal total = jdbc.queryForObject("""
                select sum(l.amount) from refund_ledger l join after_sales_case c on c.case_id = l.case_id
                 where c.order_id = ?""", BigDecimal.class, orderId);
        BigDecimal inShop = jdbc.queryForObject(
                "select sum(amount) from shop_refund where order_id = ? and ledger_key is null",
                BigDecimal.class,
                orderId);
        return (total == null ? BigDecimal.ZERO : total).add(inShop == null ? BigDecimal.ZERO : inShop);
    }

    /**
     * A refund the seller made in the shop ({@code source} SHOPIFY, the shop's refund id), once per refund id.
     * {@code ledgerKey}: the ledger line ({@link Refund#idempotencyKey}) it carried out, or null (then it counts
     * toward the order's cap).
     *
     * @return false when the refund was already recorded
     */
    public boolean recordShopRefund(
            String source,
            String refundId,
            String orderId,
            BigDecimal amount,
            String currency,
            String ledgerKey,
            OffsetDateTime refundedAt) {
        Integer known = jdbc.queryForObject(
                "select count(*) from shop_refund where source = ? and refund_id = ?", Integer.class, source, refundId);
        if (known != null && known > 0) return false;
        jdbc.update(
                """
                insert into shop_refund (source, refund_id, order_id, amount, currency, ledger_key, refunded_at)
                values (?, ?, ?, ?, ?, ?, ?)""", source, refundId, orderId, amount, currency, ledgerKey, Timestamp.from(refundedAt.toInstant()));
        return true;
    }

    /**
     * Whether {@code key} ({@link Refund#idempotencyKey}: case id:purpose) is a ledger key of a case of the order: a
     * refund the app pays, or paid, under that key. The line itself may not be committed yet (the payment provider's
     * notice of the refund can arrive before the refund step commits).
     */
    public boolean isKeyOfOrder(String key, String orderId) {
        int colon = key.indexOf(':');
        if (colon <= 0) return false;
        Integer cases = jdbc.queryForObject(
                "select count(*) from after_sales_case where case_id = ? and order_id = ?",
                Integer.class,
                key.substring(0, colon),
                orderId);
        return cases != null && cases > 0;
    }

    public Optional<CappedRefund> findCapped(String caseId, String purpose) {
        return jdbc
                .query(
                        "select * from refund_capped where case_id = ? and purpose = ?",
                        RefundLedger::mapCapped,
                        caseId,
                        purpose)
                .stream()
                .findFirst();
    }

    public List<CappedRefund> cappedForCase(String caseId) {
        return jdbc.query(
                "select * from refund_capped where case_id = ? order by capped_at, purpose",
                RefundLedger::mapCapped,
                caseId);
    }

    void insertCapped(CappedRefund capped) {
        jdbc.update(
                """
                insert into refund_capped (case_id, purpose, requested, paid, currency, review_task_id, capped_at)
                values (?, ?, ?, ?, ?, ?, ?)""",
                capped.caseId(),
                capped.purpose(),
                capped.requested(),
                capped.paid(),
                capped.currency(),
                capped.reviewTaskId(),
                Timestamp.from(capped.cappedAt().toInstant()));
    }

    /** The primary key (case id, purpose) refuses a second row for the same refund, on any node. */
    void insert(Refund refund) {
        jdbc.update(
                """
                insert into refund_ledger (case_id, purpose, amount, currency, reason, rule_id, gateway_reference, issued_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""",
                refund.caseId(),
                refund.purpose(),
                refund.amount(),
                refund.currency(),
                refund.reason(),
                refund.ruleId(),
                refund.gatewayReference(),
                Timestamp.from(refund.issuedAt().toInstant()));
    }

    private static Refund map(ResultSet rs, int i) throws SQLException {
        return new Refund(
                rs.getString("case_id"),
                rs.getString("purpose"),
                rs.getBigDecimal("amount"),
                rs.getString("currency"),
                rs.getString("reason"),
                rs.getString("rule_id"),
                rs.getString("gateway_reference"),
                rs.getTimestamp("issued_at").toInstant().atOffset(ZoneOffset.UTC));
    }

    private static CappedRefund mapCapped(ResultSet rs, int i) throws SQLException {
        return new CappedRefund(
                rs.getString("case_id"),
                rs.getString("purpose"),
                rs.getBigDecimal("requested"),
                rs.getBigDecimal("paid"),
                rs.getString("currency"),
                rs.getString("review_task_id"),
                rs.getTimestamp("capped_at").toInstant().atOffset(ZoneOffset.UTC));
    }
}
