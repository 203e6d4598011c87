package com.aftersales.cases;

import com.aftersales.orders.Address;
import com.aftersales.orders.CustomerTier;
import com.aftersales.orders.Order;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class CaseRepository {

    public record TimelineEntry(OffsetDateTime at, String what) {}

    /** R-ESC-1..4: the case went to the platform; outcome and orderDefect stay null until the ruling. */
    public record Escalation(String platformCaseId, String outcome, Boolean orderDefect) {}

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public CaseRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insert(CaseRow row) {
        jdbc.update(
                """
                insert into after_sales_case (case_id, order_id, case_type, open_case_type, status, description, evidence, new_address,
                       rules_applied, opened_by, opened_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                row.caseId(),
                row.orderId(),
                row.type().name(),
                row.status().isFinal() ? null : row.type().name(),
                row.status().name(),
                row.description(),
                write(row.evidence()),
                row.newAddress() == null ? null : write(row.newAddress()),
                write(row.rulesApplied()),
                row.openedBy(),
                Timestamp.from(row.openedAt().toInstant()),
                Timestamp.from(row.updatedAt().toInstant()));
    }

    public Optional<CaseRow> find(String caseId) {
        return jdbc.query("select * from after_sales_case where case_id = ?", this::map, caseId).stream()
                .findFirst();
    }

    /**
     * A case from one read of its row, as its view shows it and as a task's card, SLA terms and form amounts need it: the
     * row, its escalation (R-ESC), the buyer's tier (R-CARE-3) and its order's currency (none for a case opened before
     * the case kept it: the caller asks the order).
     */
    public record CaseForView(CaseRow row, Optional<Escalation> escalation, CustomerTier tier, String currency) {}

    public Optional<CaseForView> findForView(String caseId) {
        return jdbc
                .query(
                        "select * from after_sales_case where case_id = ?",
                        (rs, i) -> new CaseForView(
                                map(rs, i),
                                escalation(rs),
                                tier(rs.getString("customer_tier")),
                                rs.getString("currency")),
                        caseId)
                .stream()
                .findFirst();
    }

    public CaseRow get(String caseId) {
        return find(caseId).orElseThrow(() -> new IllegalStateException("Case " + caseId + " does not exist"));
    }

    /**
     * The open case of one type on one order: a second one would pay twice. Column {@code open_case_type} holds the
     * type while the case is open and NULL once it is RESOLVED or CLOSED; it stays NULL when the R-CARE-2 follow-up
     * reopens the case (no more money moves then). (order_id, open_case_type) is unique, so the database refuses a
     * second open case of the type, on any node.
     */
    public Optional<String> openCaseId(String orderId, CaseType type) {
        return jdbc
                .queryForList(
                        "select case_id from after_sales_case where order_id = ? and open_case_type = ?",
                        String.class,
                        orderId,
                        type.name())
                .stream()
                .findFirst();
    }

    /** Every case of the order, open or not. */
    public List<String> caseIds(String orderId) {
        return jdbc.queryForList("select case_id from after_sales_case where order_id = ?", String.class, orderId);
    }

    public List<CaseRow> list(String orderId, CaseType type, CaseStatus status, int page, int size) {
        List<Object> args = new ArrayList<>();
        String where = where(orderId, type, status, args);
        args.add(size);
        args.add((long) page * size);
        return jdbc.query(
                "select * from after_sales_case" + where + " order by opened_at desc, case_id limit ? offset ?",
                this::map,
                args.toArray());
    }

    public long count(String orderId, CaseType type, CaseStatus status) {
        List<Object> args = new ArrayList<>();
        Long n = jdbc.queryForObject(
                "select count(*) from after_sales_case" + where(orderId, type, status, args),
                Long.class,
                args.toArray());
        return n == null ? 0 : n;
    }

    private static String where(String orderId, CaseType type, CaseStatus status, List<Object> args) {
        List<String> terms = new ArrayList<>();
        if (orderId != null) {
            terms.add("order_id = ?");
            args.add(orderId);
        }
        if (type != null) {
            terms.add("case_type = ?");
            args.add(type.name());
        }
        if (status != null) {
            terms.add("status = ?");
            args.add(status.name());
        }
        return terms.isEmpty() ? "" : " where " + String.join(" and ", terms);
    }

    private static CustomerTier tier(String column) {
        return column == null ? CustomerTier.DEFAULT : CustomerTier.valueOf(column);
    }

    /**
     * What the case keeps of its order when it opens: the buyer's tier (R-CARE-3), the SKU it is about (R-CARE-4: the
     * first item, as the flows show it, itemSku), the platform and the currency (the insights read cases without
     * joining orders). One statement, in the intake's transaction.
     */
    public void recordOrder(String caseId, Order order) {
        jdbc.update(
                "update after_sales_case set customer_tier = ?, sku = ?, platform = ?, currency = ? where case_id = ?",
                order.customerTier().name(),
                order.items().get(0).sku(),
                order.platform().name(),
                order.currency(),
                caseId);
    }

    /** The first user task of any of the case's processes was created: a person works on the case (insights). */
    public void personTaskCreated(String caseId) {
        jdbc.update(
                "update after_sales_case set person_task_at = ? where case_id = ? and person_task_at is null",
                now(),
                caseId);
    }

    /** R-LOST-4, R-DMG-5: an agent filed the claim with the carrier or the insurer. */
    public void carrierClaimFiled(String caseId, String reference) {
        jdbc.update(
                "update after_sales_case set carrier_claim_filed_at = ?, carrier_claim_reference = ? where case_id = ?",
                now(),
                reference,
                caseId);
    }

    /** R-CARE-2: a dissatisfied answer to the follow-up reopened the case. */
    public void reopen(String caseId) {
        jdbc.update(
                "update after_sales_case set status = ?, reopened_at = ?, updated_at = ? where case_id = ?",
                CaseStatus.OPEN.name(),
                now(),
                now(),
                caseId);
    }

    public void setProcessInstanceId(String caseId, String processInstanceId) {
        jdbc.update("update after_sales_case set process_instance_id = ? where case_id = ?", processInstanceId, caseId);
    }

    public void setStatus(String caseId, CaseStatus status) {
        jdbc.update(
                "update after_sales_case set status = ?, open_case_type = " + openCaseType(status) + resolvedAt(status)
                        + ", updated_at = ? where case_id = ?",
                status.name(),
                now(),
                caseId);
    }

    public void setResponsibility(String caseId, String responsibility) {
        jdbc.update(
                "update after_sales_case set responsibility = ?, updated_at = ? where case_id = ?",
                responsibility,
                now(),
                caseId);
    }

    public void setReturnShippingPaidBy(String caseId, String paidBy) {
        jdbc.update(
                "update after_sales_case set return_shipping_paid_by = ?, updated_at = ? where case_id = ?",
                paidBy,
                now(),
                caseId);
    }

    public void setEscalation(String caseId, Escalation escalation) {
        jdbc.update(
                "update after_sales_case set platform_case_id = ?, escalation_outcome = ?, order_defect = ?, updated_at = ? where case_id = ?",
                escalation.platformCaseId(),
                escalation.outcome(),
                escalation.orderDefect(),
                now(),
                caseId);
    }

    public Optional<Escalation> escalation(String caseId) {
        return jdbc
                .query(
                        "select platform_case_id, escalation_outcome, order_defect from after_sales_case where case_id = ?",
                        (rs, i) -> escalation(rs),
                        caseId)
                .stream()
                .findFirst()
                .flatMap(e -> e);
    }

    /** The escalation columns of a case's row; none while the case was not escalated. */
    private static Optional<Escalation> escalation(ResultSet rs) throws SQLException {
        boolean defect = rs.getBoolean("order_defect");
        Escalation escalation = new Escalation(
                rs.getString("platform_case_id"), rs.getString("escalation_outcome"), rs.wasNull() ? null : defect);
        return escalation.platformCaseId() != null || escalation.outcome() != null
                ? Optional.of(escalation)
                : Optional.empty();
    }

    public void resolve(String caseId, CaseStatus status, String resolution) {
        jdbc.update(
                "update after_sales_case set status = ?, open_case_type = " + openCaseType(status) + resolvedAt(status)
                        + ", resolution = ?, updated_at = ? where case_id = ?",
                status.name(),
                resolution,
                now(),
                caseId);
    }

    /** A final status frees the case's type on the order; any other status keeps what the case holds (a reopened case holds nothing). */
    private static String openCaseType(CaseStatus status) {
        return status.isFinal() ? "null" : "open_case_type";
    }

    /** A final status is when the case was resolved (insights: time to resolve); a reopened case keeps it. */
    private static String resolvedAt(CaseStatus status) {
        return status.isFinal() ? ", resolved_at = current_timestamp" : "";
    }

    /** Adds the rule IDs to the case's record (R-GEN-8), each once, in the order they were applied. */
    public void addRulesApplied(String caseId, List<String> ruleIds) {
        List<String> current = jdbc
                .queryForList("select rules_applied from after_sales_case where case_id = ?", String.class, caseId)
                .stream()
                .findFirst()
                .map(this::readStrings)
                .orElseThrow();
        LinkedHashSet<String> all = new LinkedHashSet<>(current);
        all.addAll(ruleIds);
        if (all.size() != current.size()) {
            jdbc.update(
                    "update after_sales_case set rules_applied = ?, updated_at = ? where case_id = ?",
                    write(new ArrayList<>(all)),
                    now(),
                    caseId);
        }
    }

    public void addEvidence(String caseId, List<String> evidence) {
        List<String> all = new ArrayList<>(get(caseId).evidence());
        all.addAll(evidence);
        jdbc.update(
                "update after_sales_case set evidence = ?, updated_at = ? where case_id = ?",
                write(all),
                now(),
                caseId);
    }

    public void addTimeline(String caseId, String what) {
        addTimeline(caseId, what, null);
    }

    /**
     * A timeline entry that quotes the buyer's contact data or words (an address, a message to or from the buyer, an
     * agent's note): {@code what} without the quote, then {@code quote} (with its separator, e.g. {@code ": …"}). The
     * case view shows the quote only to those who may see the buyer's contact data (api/ContactDataAccess).
     */
    public void addTimeline(String caseId, String what, String quote) {
        String full = quote == null ? what : what + quote;
        jdbc.update(
                "insert into case_timeline (case_id, at, what, what_redacted) values (?, ?, ?, ?)",
                caseId,
                now(),
                shortened(full),
                quote == null ? null : shortened(what));
    }

    private static String shortened(String text) {
        return text.length() > 8000 ? text.substring(0, 7997) + "..." : text;
    }

    public List<TimelineEntry> timeline(String caseId) {
        return timeline(caseId, true);
    }

    /** @param withQuotes false: entries that quote contact data or the buyer's words without the quote */
    public List<TimelineEntry> timeline(String caseId, boolean withQuotes) {
        return jdbc.query(
                "select at, what, what_redacted from case_timeline where case_id = ? order by id",
                (rs, i) -> new TimelineEntry(
                        at(rs, "at"),
                        withQuotes || rs.getString("what_redacted") == null
                                ? rs.getString("what")
                                : rs.getString("what_redacted")),
                caseId);
    }

    private CaseRow map(ResultSet rs, int i) throws SQLException {
        String address = rs.getString("new_address");
        return new CaseRow(
                rs.getString("case_id"),
                rs.getString("order_id"),
                CaseType.valueOf(rs.getString("case_type")),
                CaseStatus.valueOf(rs.getString("status")),
                rs.getString("responsibility"),
                rs.getString("resolution"),
                rs.getString("return_shipping_paid_by"),
                rs.getString("description"),
                readStrings(rs.getString("evidence")),
                address == null ? null : read(address, Address.class),
                readStrings(rs.getString("rules_applied")),
                rs.getString("process_instance_id"),
                rs.getString("opened_by"),
                at(rs, "opened_at"),
                at(rs, "updated_at"));
    }

    private static OffsetDateTime at(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column).toInstant().atOffset(ZoneOffset.UTC);
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }

    private List<String> readStrings(String text) {
        try {
            return json.readValue(text, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored case list cannot be read", e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored case field cannot be read", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Case field cannot be written as JSON", e);
        }
    }
}
