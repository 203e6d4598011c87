package com.aftersales.insights;

import com.aftersales.cases.CaseType;
import com.aftersales.orders.Money;
import com.aftersales.orders.Order;
import com.aftersales.refunds.RefundService;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * R-CARE-4, issue 14: what process owners and team leads learn from the cases of a period, from the app's own tables
 * (the case record, the refund ledger, keep offers, SLA breaches, shipping requests), never from Camunda's history. The
 * period selects cases by when they opened; "resolved per week" and the time to resolve select them by when they were
 * resolved. Money is summed per currency.
 *
 * <p>One read of each table, added up here: the period's cases (opened or resolved in it, with the order's platform
 * and currency the case keeps), then the ledger lines, SLA breaches, reships and keep offers written since the period
 * began, matched to those cases by id. Thirteen SQL aggregates that each joined the cases to another table did the same
 * before; on H2 every joined row was one more index lookup, and a year of 100,000 cases took 12.6 s (bench/README.md,
 * "Insights with 100,000 resolved cases"). A case's ledger lines, breaches, reships and offers come after it opened, so
 * reading them from the period's start finds all of them.
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

    /** Rows fetched 1,000 at a time (PostgreSQL otherwise holds a whole result in memory before the first row). */
    private final JdbcTemplate jdbc;

    private final boolean h2;

    public Insights(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(1000);
        this.h2 = Boolean.TRUE.equals(jdbc.execute(
                (ConnectionCallback<Boolean>) c -> "H2".equals(c.getMetaData().getDatabaseProductName())));
    }

    /** A case opened in the period: what the figures of its ledger lines, breaches, reships and offers need of it. */
    private record OpenedCase(String sku, String platform, String currency, String escalationOutcome, boolean claim) {}

    /** A count and an amount in one currency. */
    private static final class Sum {
        long count;
        BigDecimal amount = BigDecimal.ZERO;

        void add(BigDecimal value) {
            count++;
            if (value != null) amount = amount.add(value);
        }
    }

    @Transactional(readOnly = true)
    public Report report(Filter filter) {
        // H2 keeps at most a few ten thousand rows of a result in memory and writes the rest to a temporary file
        // before the first row is read (a fifth of a year's call); lazily, it hands each row over as it reads it.
        if (h2) jdbc.execute("set lazy_query_execution true");
        try {
            return read(filter);
        } finally {
            if (h2) jdbc.execute("set lazy_query_execution false");
        }
    }

    private Report read(Filter filter) {
        Instant from = filter.from().atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant to = filter.to().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Timestamp since = Timestamp.from(from);

        Map<String, long[]> weeks = new TreeMap<>();
        Map<Long, String> weekOfDay = new HashMap<>();
        Map<String, List<Double>> secondsToResolve = new TreeMap<>();
        Map<String, OpenedCase> opened = new HashMap<>();
        Map<String, Map<String, Long>> skusByComplaint = new HashMap<>();
        Map<String, long[]> platforms = new TreeMap<>(); // cases, escalations, order defects
        long[] done = new long[2]; // RESOLVED or CLOSED, of them without a person
        long[] resolved = new long[2]; // resolved at some time, of them reopened
        long[] claimsFiled = new long[1];

        List<Object> args = new ArrayList<>(List.of(since, Timestamp.from(to), since, Timestamp.from(to)));
        StringBuilder sql = new StringBuilder("""
                select c.case_id, c.case_type, c.status, c.sku, c.platform, c.currency, c.opened_at, c.resolved_at,
                       c.person_task_at, c.reopened_at, c.carrier_claim_filed_at, c.platform_case_id, c.escalation_outcome,
                       c.order_defect
                  from after_sales_case c
                 where ((c.opened_at >= ? and c.opened_at < ?) or (c.resolved_at >= ? and c.resolved_at < ?))""");
        if (filter.platform() != null) {
            sql.append(" and c.platform = ?");
            args.add(filter.platform().name());
        }
        if (filter.caseType() != null) {
            sql.append(" and c.case_type = ?");
            args.add(filter.caseType().name());
        }
        jdbc.query(
                sql.toString(),
                rs -> {
                    String type = rs.getString(2);
                    Instant openedAt = instant(rs, 7);
                    Instant resolvedAt = instant(rs, 8);
                    if (resolvedAt != null && !resolvedAt.isBefore(from) && resolvedAt.isBefore(to)) {
                        weeks.computeIfAbsent(week(resolvedAt, weekOfDay) + " " + type, k -> new long[2])[1]++;
                        secondsToResolve
                                .computeIfAbsent(type, k -> new ArrayList<>())
                                .add(Duration.between(openedAt, resolvedAt).toNanos() / 1e9);
                    }
                    if (openedAt.isBefore(from) || !openedAt.isBefore(to)) return;
                    weeks.computeIfAbsent(week(openedAt, weekOfDay) + " " + type, k -> new long[2])[0]++;
                    String sku = rs.getString(4);
                    String platform = rs.getString(5);
                    boolean claim = rs.getObject(11) != null;
                    String escalationOutcome = rs.getString(13);
                    opened.put(
                            rs.getString(1), new OpenedCase(sku, platform, rs.getString(6), escalationOutcome, claim));
                    if (sku != null
                            && COMPLAINTS.stream().anyMatch(t -> t.name().equals(type))) {
                        skusByComplaint
                                .computeIfAbsent(type, k -> new HashMap<>())
                                .merge(sku, 1L, Long::sum);
                    }
                    long[] perPlatform = platforms.computeIfAbsent(platform, k -> new long[3]);
                    perPlatform[0]++;
                    if (rs.getString(12) != null || escalationOutcome != null) perPlatform[1]++;
                    if (Boolean.TRUE.equals(rs.getObject(14, Boolean.class))) perPlatform[2]++;
                    String status = rs.getString(3);
                    if (status.equals("RESOLVED") || status.equals("CLOSED")) {
                        done[0]++;
                        if (rs.getObject(9) == null) done[1]++;
                    }
                    if (resolvedAt != null) {
                        resolved[0]++;
                        if (rs.getObject(10) != null) resolved[1]++;
                    }
                    if (claim) claimsFiled[0]++;
                },
                args.toArray());

        Map<List<String>, Sum> byRule = new HashMap<>();
        Map<List<String>, Sum> bySku = new HashMap<>();
        Map<List<String>, Sum> byPlatform = new HashMap<>();
        Map<List<String>, Sum> debits = new HashMap<>();
        Map<String, Sum> onClaimedCases = new TreeMap<>();
        Map<String, BigDecimal> keepOfferPaid = new HashMap<>();
        jdbc.query(
                "select l.case_id, l.purpose, l.rule_id, l.currency, l.amount, l.gateway_reference"
                        + " from refund_ledger l where l.issued_at >= ?",
                rs -> {
                    OpenedCase c = opened.get(rs.getString(1));
                    if (c == null) return;
                    String purpose = rs.getString(2);
                    String currency = rs.getString(4);
                    BigDecimal amount = rs.getBigDecimal(5);
                    if (purpose.equals("KEEP_OFFER")) keepOfferPaid.put(rs.getString(1), amount);
                    if (rs.getString(6).startsWith(RefundService.PLATFORM_DEBIT_REFERENCE)) {
                        debits.computeIfAbsent(Arrays.asList(c.escalationOutcome(), currency), k -> new Sum())
                                .add(amount);
                        return;
                    }
                    byRule.computeIfAbsent(List.of(purpose, rs.getString(3), currency), k -> new Sum())
                            .add(amount);
                    bySku.computeIfAbsent(Arrays.asList(c.sku(), currency), k -> new Sum())
                            .add(amount);
                    byPlatform
                            .computeIfAbsent(Arrays.asList(c.platform(), currency), k -> new Sum())
                            .add(amount);
                    if (c.claim())
                        onClaimedCases.computeIfAbsent(currency, k -> new Sum()).add(amount);
                },
                since);

        Map<String, long[]> breaches = new TreeMap<>(); // breaches, cases with a breach
        Map<String, Set<String>> casesBreached = new HashMap<>();
        jdbc.query(
                "select d.case_id, d.sla_rule_id from case_deadline d where d.breached_at >= ?",
                rs -> {
                    String caseId = rs.getString(1);
                    if (!opened.containsKey(caseId)) return;
                    String rule = rs.getString(2);
                    long[] counts = breaches.computeIfAbsent(rule, k -> new long[2]);
                    counts[0]++;
                    if (casesBreached
                            .computeIfAbsent(rule, k -> new HashSet<>())
                            .add(caseId)) counts[1]++;
                },
                since);

        long[] reships = new long[1];
        jdbc.query(
                "select s.case_id from shipping_request s where s.kind = 'WAREHOUSE_RESHIP' and s.created_at >= ?",
                rs -> {
                    if (opened.containsKey(rs.getString(1))) reships[0]++;
                },
                since);

        Map<String, Sum[]> keepOffers = new TreeMap<>(); // per the order's currency: offered, paid
        jdbc.query(
                "select k.case_id, k.amount from case_keep_offer k"
                        + " where k.amount is not null and (k.offered_at is null or k.offered_at >= ?)",
                rs -> {
                    String caseId = rs.getString(1);
                    OpenedCase c = opened.get(caseId);
                    if (c == null) return;
                    Sum[] sums = keepOffers.computeIfAbsent(c.currency(), k -> new Sum[] {new Sum(), new Sum()});
                    sums[0].add(rs.getBigDecimal(2));
                    if (keepOfferPaid.containsKey(caseId)) sums[1].add(keepOfferPaid.get(caseId));
                },
                since);

        long cases = opened.size();
        return new Report(
                filter.from(),
                filter.to(),
                filter.platform() == null ? null : filter.platform().name(),
                filter.caseType() == null ? null : filter.caseType().name(),
                weeks(weeks),
                timeToResolve(secondsToResolve),
                new MoneyFigures(
                        sorted(
                                        byRule,
                                        BY_AMOUNT_DESC
                                                .thenComparing(key(0))
                                                .thenComparing(key(1))
                                                .thenComparing(key(2)))
                                .stream()
                                .map(e -> new RefundsByRule(
                                        e.getKey().get(0),
                                        e.getKey().get(1),
                                        e.getKey().get(2),
                                        e.getValue().count,
                                        money(e.getValue().amount, e.getKey().get(2))))
                                .toList(),
                        sorted(bySku, BY_AMOUNT_DESC.thenComparing(key(0)).thenComparing(key(1))).stream()
                                .limit(TOP)
                                .map(e -> new RefundsBySku(
                                        e.getKey().get(0),
                                        e.getKey().get(1),
                                        e.getValue().count,
                                        money(e.getValue().amount, e.getKey().get(1))))
                                .toList(),
                        sorted(byPlatform, key(0).thenComparing(key(1))).stream()
                                .map(e -> new RefundsByPlatform(
                                        e.getKey().get(0),
                                        e.getKey().get(1),
                                        e.getValue().count,
                                        money(e.getValue().amount, e.getKey().get(1))))
                                .toList(),
                        reships[0],
                        keepOffers.entrySet().stream()
                                .map(e -> new KeepOffers(
                                        e.getKey(),
                                        e.getValue()[0].count,
                                        money(e.getValue()[0].amount, e.getKey()),
                                        e.getValue()[1].count,
                                        money(e.getValue()[1].amount, e.getKey())))
                                .toList(),
                        sorted(debits, key(0).thenComparing(key(1))).stream()
                                .map(e -> new PlatformDebits(
                                        e.getKey().get(0),
                                        e.getKey().get(1),
                                        e.getValue().count,
                                        money(e.getValue().amount, e.getKey().get(1))))
                                .toList()),
                topSkus(filter, skusByComplaint),
                breaches.entrySet().stream()
                        .map(e -> new SlaBreaches(
                                e.getKey(), e.getValue()[0], e.getValue()[1], cases, share(e.getValue()[1], cases)))
                        .toList(),
                platforms.entrySet().stream()
                        .map(e -> new PlatformFigures(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]))
                        .toList(),
                shareOf(done[0], done[1]),
                shareOf(resolved[0], resolved[1]),
                new CarrierClaims(
                        claimsFiled[0],
                        onClaimedCases.entrySet().stream()
                                .map(e -> new Amount(
                                        e.getKey(), e.getValue().count, money(e.getValue().amount, e.getKey())))
                                .toList()));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static final Comparator<Map.Entry<List<String>, Sum>> BY_AMOUNT_DESC = Comparator.comparing(
                    (Map.Entry<List<String>, Sum> e) -> e.getValue().amount)
            .reversed();

    /** The entries ordered by the {@code index}th part of their key, a missing value last. */
    private static Comparator<Map.Entry<List<String>, Sum>> key(int index) {
        return Comparator.comparing(e -> e.getKey().get(index), Comparator.nullsLast(Comparator.naturalOrder()));
    }

    private static List<Map.Entry<List<String>, Sum>> sorted(
            Map<List<String>, Sum> sums, Comparator<Map.Entry<List<String>, Sum>> order) {
        return sums.entrySet().stream().sorted(order).toList();
    }

    private static List<Week> weeks(Map<String, long[]> weeks) {
        List<Week> result = new ArrayList<>();
        weeks.forEach((key, counts) -> {
            String[] parts = key.split(" ");
            result.add(new Week(parts[0], parts[1], counts[0], counts[1]));
        });
        return result;
    }

    /** The ISO week of the instant's day in UTC, the zone of the period's bounds; each day's computed once. */
    private static String week(Instant at, Map<Long, String> weekOfDay) {
        return weekOfDay.computeIfAbsent(
                Math.floorDiv(at.getEpochSecond(), 86400), day -> week(LocalDate.ofEpochDay(day)));
    }

    static String week(LocalDate day) {
        return "%d-W%02d".formatted(day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** Median and p90 per type, interpolated between the two nearest values (as SQL's percentile_cont). */
    private static List<TimeToResolve> timeToResolve(Map<String, List<Double>> secondsPerType) {
        List<TimeToResolve> result = new ArrayList<>();
        secondsPerType.forEach((type, seconds) -> {
            double[] sorted =
                    seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            result.add(new TimeToResolve(
                    type, sorted.length, hours(percentile(sorted, 0.5)), hours(percentile(sorted, 0.9))));
        });
        return result;
    }

    static double percentile(double[] sorted, double fraction) {
        double position = fraction * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = (int) Math.ceil(position);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    private static double hours(double seconds) {
        return Math.round(seconds / 36.0) / 100.0;
    }

    private static List<SkuComplaints> topSkus(Filter filter, Map<String, Map<String, Long>> skusByComplaint) {
        List<SkuComplaints> result = new ArrayList<>();
        for (CaseType type : COMPLAINTS) {
            if (filter.caseType() != null && filter.caseType() != type) continue;
            result.add(new SkuComplaints(
                    type.name(),
                    skusByComplaint.getOrDefault(type.name(), Map.of()).entrySet().stream()
                            .map(e -> new SkuCount(e.getKey(), e.getValue()))
                            .sorted(Comparator.comparingLong(SkuCount::cases)
                                    .reversed()
                                    .thenComparing(SkuCount::sku))
                            .limit(TOP)
                            .toList()));
        }
        return result;
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
