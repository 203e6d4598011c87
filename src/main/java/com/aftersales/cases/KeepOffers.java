package com.aftersales.cases;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Table {@code case_keep_offer}: a case's keep-the-item offer (R-GEN-7) as the server checked it. The ceiling
 * is worked out from the order and the CompensationCeiling decision; the offer is the agent's, checked
 * against that ceiling, with who made it and, above the ceiling, which team lead approved it. A refund of
 * the offer pays this record (KeepOfferPolicy, IssueRefundDelegate), never the {@code offerAmount} variable.
 */
@Repository
public class KeepOffers {

    /** NOT_NEEDED: within the ceiling, or above it where the rule asks for that (R-NAD-2). */
    public enum Approval {
        NOT_NEEDED,
        PENDING,
        APPROVED,
        REJECTED
    }

    /** One case's offer; amount, offeredBy and approval are null until an agent makes one. */
    public record KeepOffer(
            String caseId,
            BigDecimal ceilingPercent,
            BigDecimal ceiling,
            BigDecimal amount,
            String offeredBy,
            OffsetDateTime offeredAt,
            Approval approval,
            String decidedBy,
            OffsetDateTime decidedAt) {

        /** The amount a refund may pay: an offer that needs no approval, or that a team lead approved. */
        public Optional<BigDecimal> agreedAmount() {
            return amount != null && (approval == Approval.NOT_NEEDED || approval == Approval.APPROVED)
                    ? Optional.of(amount)
                    : Optional.empty();
        }
    }

    private final JdbcTemplate jdbc;

    public KeepOffers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<KeepOffer> find(String caseId) {
        return jdbc.query("select * from case_keep_offer where case_id = ?", KeepOffers::map, caseId).stream()
                .findFirst();
    }

    /** The ceiling for the case's next offer; an earlier offer is dropped. */
    public void setCeiling(String caseId, BigDecimal percent, BigDecimal ceiling) {
        int updated = jdbc.update("""
                update case_keep_offer set ceiling_percent = ?, ceiling = ?, amount = null, offered_by = null, offered_at = null,
                       approval = null, decided_by = null, decided_at = null where case_id = ?""", percent, ceiling, caseId);
        if (updated == 0) {
            jdbc.update(
                    "insert into case_keep_offer (case_id, ceiling_percent, ceiling) values (?, ?, ?)",
                    caseId,
                    percent,
                    ceiling);
        }
    }

    /** The agent's offer (replacing an earlier one of the case); any earlier approval is void. */
    public void offer(String caseId, BigDecimal amount, String offeredBy, Approval approval) {
        jdbc.update("""
                update case_keep_offer set amount = ?, offered_by = ?, offered_at = ?, approval = ?, decided_by = null,
                       decided_at = null where case_id = ?""", amount, offeredBy, now(), approval.name(), caseId);
    }

    public void decide(String caseId, Approval approval, String decidedBy) {
        jdbc.update(
                "update case_keep_offer set approval = ?, decided_by = ?, decided_at = ? where case_id = ?",
                approval.name(),
                decidedBy,
                now(),
                caseId);
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }

    private static KeepOffer map(ResultSet rs, int i) throws SQLException {
        String approval = rs.getString("approval");
        return new KeepOffer(
                rs.getString("case_id"),
                rs.getBigDecimal("ceiling_percent"),
                rs.getBigDecimal("ceiling"),
                rs.getBigDecimal("amount"),
                rs.getString("offered_by"),
                at(rs, "offered_at"),
                approval == null ? null : Approval.valueOf(approval),
                rs.getString("decided_by"),
                at(rs, "decided_at"));
    }

    private static OffsetDateTime at(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant().atOffset(ZoneOffset.UTC);
    }
}
