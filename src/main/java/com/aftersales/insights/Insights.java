package com.aftersales.insights;

import com.aftersales.cases.CaseType;
import com.aftersales.orders.Money;
import com.aftersales.orders.Order;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * R-CARE-4, issue 14: what process owners and team leads learn from the cases of a period, computed by SQL aggregates
 * on the app's own tables (the case record, the refund ledger, keep offers, SLA breaches, shipping requests), never
 * by loading cases one by one or from Camunda's history. The period selects cases by when they opened; "resolved per
 * week" and the time to resolve select them by when they were resolved. Money is summed per currency.
 */
@Service
public class Insights {

    /** The complaint types whose SKUs say what to fix in the listing, the packaging or QC (R-CARE-4). */
    public static final List<CaseType> COMPLAINTS = List.of(
            CaseType.DAMAGED, CaseType.QUALITY_DEFECT, CaseType.NOT_AS_DESCRIBED, CaseType.WRONG_OR_MISSING_ITEM);

    /** How many SKUs a list names (per complaint type; refunds by SKU). */
    public static final int TOP = 10;

    public record Filter(LocalDate from, LocalDate to, Order.Platform platform, CaseType caseType) {}

    public record Report(
            LocalDate from,
            LocalDate to,
            String platform,
            String caseType,
            List<Week> casesPerWeek,
            List<TimeToResolve> timeToResolve,
            MoneyFigures money,
            List<SkuComplaints> topSkus,
            List<SlaBreaches> slaBreaches,
            List<PlatformFigures> platforms,
            Share resolvedWithoutPerson,
            Share reopenedAfterFollowUp,
            CarrierClaims carrierClaims) {}

    /** ISO week (e.g. 2026-W10) and case type: cases opened and resolved in it. */
    public record Week(String week, String caseType, long opened, long resolved) {}

    /** Hours from opening to resolution of the cases resolved in the period, per type. */
    public record TimeToResolve(String caseType, long resolved, double medianHours, double p90Hours) {}

    public record Amount(String currency, long count, BigDecimal amount) {}

    public record RefundsByRule(String purpose, String ruleId, String currency, long count, BigDecimal amount) {}

    public record RefundsBySku(String sku, String currency, long count, BigDecimal amount) {}

    public record RefundsByPlatform(String platform, String currency, long count, BigDecimal amount) {}

    /** Keep-the-item offers made (R-GEN-7) and those paid (the ledger's KEEP_OFFER refunds). */
    public record KeepOffers(
            String currency, long offered, BigDecimal offeredAmount, long paid, BigDecimal paidAmount) {}

    /** R-ESC-3: what platforms debited the seller, per ruling. */
    public record PlatformDebits(String escalationOutcome, String currency, long count, BigDecimal amount) {}

    public record MoneyFigures(
            List<RefundsByRule> refundsByRule,
            List<RefundsBySku> refundsBySku,
            List<RefundsByPlatform> refundsByPlatform,
            long reships,
            List<KeepOffers> keepOffers,
            List<PlatformDebits> platformDebits) {}

    public record SkuCount(String sku, long cases) {}

    public record SkuComplaints(String caseType, List<SkuCount> skus) {}

    /** Cases with at least one task past its SLA limit under the rule, of all cases of the period. */
    public record SlaBreaches(String slaRuleId, long breaches, long casesWithBreach, long cases, double rate) {}

    public record PlatformFigures(String platform, long cases, long escalations, long orderDefects) {}

    public record Share(long of, long count, double share) {}

    /** R-LOST-4, R-DMG-5: claims the agents filed with the carrier or the insurer. */
    public record CarrierClaims(long filed, List<Amount> refundedOnClaimedCases) {}

    private final JdbcTemplate jdbc;

    public Insights(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public Report report(Filter filter) {
        return new Report(
                filter.from(),
                filter.to(),
                filter.platform() == null ? null : filter.platform().name(),
                filter.caseType() == null ? null : filter.caseType().name(),
                casesPerWeek(filter),
                timeToResolve(filter),
                new MoneyFigures(
                        refundsByRule(filter),
                        refundsBySku(filter),
                        refundsByPlatform(filter),
                        reships(filter),
                        keepOffers(filter),
                        platformDebits(filter)),
                topSkus(filter),
                slaBreaches(filter),
                platforms(filter),
                resolvedWithoutPerson(filter),
                reopened(filter),
                carrierClaims(filter));
    }

    /**
     * The cases of the filter: {@code c} the case, {@code o} its order (joined only where a figure or the platform
     * filter needs it: on H2 every joined row is one more lookup); {@code dateColumn} in the period.
     */
    private static String cases(Filter filter, String dateColumn, List<Object> args, boolean withOrder) {
        args.add(Timestamp.from(filter.from().atStartOfDay().toInstant(ZoneOffset.UTC)));
        args.add(Timestamp.from(filter.to().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
        boolean order = withOrder || filter.platform() != null;
        StringBuilder sql = new StringBuilder(" from after_sales_case c"
                + (order ? " join sales_order o on o.order_id = c.order_id" : "") + " where c." + dateColumn
                + " >= ? and c." + dateColumn + " < ?");
        if (filter.platform() != null) {
            sql.append(" and o.platform = ?");
            args.add(filter.platform().name());
        }
        if (filter.caseType() != null) {
            sql.append(" and c.case_type = ?");
            args.add(filter.caseType().name());
        }
        return sql.toString();
    }

    private static String cases(Filter filter, String dateColumn, List<Object> args) {
        return cases(filter, dateColumn, args, false);
    }

    private static String opened(Filter filter, List<Object> args) {
        return cases(filter, "opened_at", args, false);
    }

    private static String openedWithOrder(Filter filter, List<Object> args) {
        return cases(filter, "opened_at", args, true);
    }

    private List<Week> casesPerWeek(Filter filter) {
        Map<String, long[]> weeks = new TreeMap<>();
        List<Object> args = new ArrayList<>();
        String openedSql = "select c.case_type, cast(c.opened_at as date), count(*)" + opened(filter, args)
                + " group by c.case_type, cast(c.opened_at as date)";
        jdbc.query(
                openedSql,
                rs -> {
                    weeks.computeIfAbsent(week(rs.getDate(2).toLocalDate()) + " " + rs.getString(1), k -> new long[2])[
                                    0] +=
                            rs.getLong(3);
                },
                args.toArray());
        List<Object> resolvedArgs = new ArrayList<>();
        String resolvedSql = "select c.case_type, cast(c.resolved_at as date), count(*)"
                + cases(filter, "resolved_at", resolvedArgs) + " group by c.case_type, cast(c.resolved_at as date)";
        jdbc.query(
                resolvedSql,
                rs -> {
                    weeks.computeIfAbsent(week(rs.getDate(2).toLocalDate()) + " " + rs.getString(1), k -> new long[2])[
                                    1] +=
                            rs.getLong(3);
                },
                resolvedArgs.toArray());
        List<Week> result = new ArrayList<>();
        weeks.forEach((key, counts) -> {
            String[] parts = key.split(" ");
            result.add(new Week(parts[0], parts[1], counts[0], counts[1]));
        });
        return result;
    }

    static String week(LocalDate day) {
        return "%d-W%02d".formatted(day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private List<TimeToResolve> timeToResolve(Filter filter) {
        List<Object> args = new ArrayList<>();
        String seconds = "(extract(epoch from c.resolved_at) - extract(epoch from c.opened_at))";
        String sql = "select c.case_type, count(*), percentile_cont(0.5) within group (order by " + seconds + "),"
                + " percentile_cont(0.9) within group (order by " + seconds + ")" + cases(filter, "resolved_at", args)
                + " group by c.case_type order by c.case_type";
        return jdbc.query(
                sql,
                (rs, i) -> new TimeToResolve(
                        rs.getString(1), rs.getLong(2), hours(rs.getDouble(3)), hours(rs.getDouble(4))),
                args.toArray());
    }

    private static double hours(double seconds) {
        return Math.round(seconds / 36.0) / 100.0;
    }

    /** Refunds paid to buyers (not platform debits, which the platform paid: {@link #platformDebits}). */
    private static final String REFUND = " and l.gateway_reference not like 'PLATFORM-DEBIT:%'";

    private List<RefundsByRule> refundsByRule(Filter filter) {
        List<Object> args = new ArrayList<>();
        String sql = "select l.purpose, l.rule_id, l.currency, count(*), sum(l.amount)"
                + opened(filter, args).replace(" where ", " join refund_ledger l on l.case_id = c.case_id where ")
                + REFUND
                + " group by l.purpose, l.rule_id, l.currency order by sum(l.amount) desc, l.purpose, l.rule_id";
        return jdbc.query(
                sql,
                (rs, i) -> new RefundsByRule(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        money(rs.getBigDecimal(5), rs.getString(3))),
                args.toArray());
    }

    private List<RefundsBySku> refundsBySku(Filter filter) {
        List<Object> args = new ArrayList<>();
        String sql = "select c.sku, l.currency, count(*), sum(l.amount)"
                + opened(filter, args).replace(" where ", " join refund_ledger l on l.case_id = c.case_id where ")
                + REFUND + " group by c.sku, l.currency order by sum(l.amount) desc, c.sku";
        return jdbc
                .query(
                        sql,
                        (rs, i) -> new RefundsBySku(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getLong(3),
                                money(rs.getBigDecimal(4), rs.getString(2))),
                        args.toArray())
                .stream()
                .limit(TOP)
                .toList();
    }

    private List<RefundsByPlatform> refundsByPlatform(Filter filter) {
        List<Object> args = new ArrayList<>();
        String sql = "select o.platform, l.currency, count(*), sum(l.amount)"
                + openedWithOrder(filter, args)
                        .replace(" where ", " join refund_ledger l on l.case_id = c.case_id where ")
                + REFUND + " group by o.platform, l.currency order by o.platform, l.currency";
        return jdbc.query(
                sql,
                (rs, i) -> new RefundsByPlatform(
                        rs.getString(1), rs.getString(2), rs.getLong(3), money(rs.getBigDecimal(4), rs.getString(2))),
                args.toArray());
    }

    /** R-GEN-2: replacements the warehouse was asked to send. */
    private long reships(Filter filter) {
        List<Object> args = new ArrayList<>();
        String sql = "select count(*)"
                + opened(filter, args).replace(" where ", " join shipping_request s on s.case_id = c.case_id where ")
                + " and s.kind = 'WAREHOUSE_RESHIP'";
        Long n = jdbc.queryForObject(sql, Long.class, args.toArray());
        return n == null ? 0 : n;
    }

    private List<KeepOffers> keepOffers(Filter filter) {
        List<Object> args = new ArrayList<>();
        String sql = "select o.currency, count(*), sum(k.amount),"
                + " sum(case when l.case_id is null then 0 else 1 end), sum(l.amount)"
                + openedWithOrder(filter, args)
                        .replace(
                                " where ",
                                " join case_keep_offer k on k.case_id = c.case_id left join refund_ledger l"
                                        + " on l.case_id = c.case_id and l.purpose = 'KEEP_OFFER' where ")
                + " and k.amount is not null group by o.currency order by o.currency";
        return jdbc.query(
                sql,
                (rs, i) -> new KeepOffers(
                        rs.getString(1),
                        rs.getLong(2),
                        money(rs.getBigDecimal(3), rs.getString(1)),
                        rs.getLong(4),
                        money(rs.getBigDecimal(5), rs.getString(1))),
                args.toArray());
    }

    private List<PlatformDebits> platformDebits(Filter filter) {
        List<Object> args = new ArrayList<>();
        String sql = "select c.escalation_outcome, l.currency, count(*), sum(l.amount)"
                + opened(filter, args).replace(" where ", " join refund_ledger l on l.case_id = c.case_id where ")
                + " and l.gateway_reference like 'PLATFORM-DEBIT:%'"
                + " group by c.escalation_outcome, l.currency order by c.escalation_outcome, l.currency";
        return jdbc.query(
                sql,
                (rs, i) -> new PlatformDebits(
                        rs.getString(1), rs.getString(2), rs.getLong(3), money(rs.getBigDecimal(4), rs.getString(2))),
                args.toArray());
    }

    private List<SkuComplaints> topSkus(Filter filter) {
        List<Object> args = new ArrayList<>();
        String sql = "select c.case_type, c.sku, count(*)" + opened(filter, args)
                + " and c.case_type in ('DAMAGED', 'QUALITY_DEFECT', 'NOT_AS_DESCRIBED', 'WRONG_OR_MISSING_ITEM')"
                + " and c.sku is not null group by c.case_type, c.sku";
        Map<String, List<SkuCount>> byType = new LinkedHashMap<>();
        COMPLAINTS.forEach(type -> byType.put(type.name(), new ArrayList<>()));
        jdbc.query(
                sql,
                rs -> {
                    byType.get(rs.getString(1)).add(new SkuCount(rs.getString(2), rs.getLong(3)));
                },
                args.toArray());
        List<SkuComplaints> result = new ArrayList<>();
        byType.forEach((type, skus) -> {
            if (filter.caseType() != null && !filter.caseType().name().equals(type)) return;
            result.add(new SkuComplaints(
                    type,
                    skus.stream()
                            .sorted(Comparator.comparingLong(SkuCount::cases)
                                    .reversed()
                                    .thenComparing(SkuCount::sku))
                            .limit(TOP)
                            .toList()));
        });
        return result;
    }

    private long casesOpened(Filter filter) {
        List<Object> args = new ArrayList<>();
        Long n = jdbc.queryForObject("select count(*)" + opened(filter, args), Long.class, args.toArray());
        return n == null ? 0 : n;
    }

    private List<SlaBreaches> slaBreaches(Filter filter) {
        long cases = casesOpened(filter);
        List<Object> args = new ArrayList<>();
        String sql = "select d.sla_rule_id, count(*), count(distinct d.case_id)"
                + opened(filter, args).replace(" where ", " join case_deadline d on d.case_id = c.case_id where ")
                + " group by d.sla_rule_id order by d.sla_rule_id";
        return jdbc.query(
                sql,
                (rs, i) -> new SlaBreaches(
                        rs.getString(1), rs.getLong(2), rs.getLong(3), cases, share(rs.getLong(3), cases)),
                args.toArray());
    }

    /** R-ESC-1..4: escalations to the platform and those that count as an order defect. */
    private List<PlatformFigures> platforms(Filter filter) {
        List<Object> args = new ArrayList<>();
        String sql = "select o.platform, count(*),"
                + " sum(case when c.platform_case_id is not null or c.escalation_outcome is not null then 1 else 0 end),"
                + " sum(case when c.order_defect = true then 1 else 0 end)"
                + openedWithOrder(filter, args) + " group by o.platform order by o.platform";
        return jdbc.query(
                sql,
                (rs, i) -> new PlatformFigures(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)),
                args.toArray());
    }

    /** Of the period's cases that are RESOLVED or CLOSED, those none of whose processes ever had a user task. */
    private Share resolvedWithoutPerson(Filter filter) {
        List<Object> args = new ArrayList<>();
        String sql = "select count(*), sum(case when c.person_task_at is null then 1 else 0 end)" + opened(filter, args)
                + " and c.status in ('RESOLVED', 'CLOSED')";
        return jdbc.queryForObject(sql, (rs, i) -> shareOf(rs.getLong(1), rs.getLong(2)), args.toArray());
    }

    /** R-CARE-2: of the period's cases that were resolved, those a dissatisfied answer to the follow-up reopened. */
    private Share reopened(Filter filter) {
        List<Object> args = new ArrayList<>();
        String sql = "select count(*), sum(case when c.reopened_at is not null then 1 else 0 end)"
                + opened(filter, args) + " and c.resolved_at is not null";
        return jdbc.queryForObject(sql, (rs, i) -> shareOf(rs.getLong(1), rs.getLong(2)), args.toArray());
    }

    private CarrierClaims carrierClaims(Filter filter) {
        List<Object> args = new ArrayList<>();
        Long filed = jdbc.queryForObject(
                "select count(*)" + opened(filter, args) + " and c.carrier_claim_filed_at is not null",
                Long.class,
                args.toArray());
        List<Object> moneyArgs = new ArrayList<>();
        String sql = "select l.currency, count(*), sum(l.amount)"
                + opened(filter, moneyArgs).replace(" where ", " join refund_ledger l on l.case_id = c.case_id where ")
                + " and c.carrier_claim_filed_at is not null" + REFUND + " group by l.currency order by l.currency";
        List<Amount> refunded = jdbc.query(
                sql,
                (rs, i) -> new Amount(rs.getString(1), rs.getLong(2), money(rs.getBigDecimal(3), rs.getString(1))),
                moneyArgs.toArray());
        return new CarrierClaims(filed == null ? 0 : filed, refunded);
    }

    private static Share shareOf(long of, long count) {
        return new Share(of, count, share(count, of));
    }

    private static double share(long count, long of) {
        return of == 0 ? 0 : Math.round(count * 10000.0 / of) / 10000.0;
    }

    private static BigDecimal money(BigDecimal sum, String currency) {
        return Money.exact(sum == null ? BigDecimal.ZERO : sum.stripTrailingZeros(), currency);
    }
}
