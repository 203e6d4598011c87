package com.aftersales.insights;

import com.aftersales.orders.Money;
import java.math.BigDecimal;

/**
 * What a changed outcome of a decision table does to a case's money, worked out from the flows (docs/policy.md) and
 * the order's value (sales_order, items without shipping, in the order's currency). Three tables move money:
 * <ul>
 * <li>{@code ReshipEligibility} (R-ADDR-2/3, R-DMG-3/4, R-LOST-3, R-QUAL-2): {@code true → false}: the buyer gets a
 * refund of the order value instead of a reship (refunds + order value, reships − 1); {@code false → true}: the
 * other way round. It assumes every buyer offered a reship takes it, as the most a change can move.</li>
 * <li>{@code CompensationCeiling} (R-GEN-7): the keep-the-item ceiling, percent × order value rounded down to the
 * currency's decimals (as {@code KeepOfferPolicy} does): the difference of the ceilings. It is the most an agent
 * may offer without a team lead, not what was offered.</li>
 * <li>{@code ReturnEligibility} (R-RET-1..3): {@code RETURN} refunds the order value (the item, not the outbound
 * shipping, R-RET-4) when it comes back; {@code REFUSE} refunds nothing; {@code REVIEW} goes to an agent and is
 * counted as no refund (not known yet).</li>
 * </ul>
 * The other tables (classification, SLA limits, waits, priority, platform rulings, the return leg) move no money
 * that the table alone decides; their simulation shows the changed decisions only.
 */
final class PolicySimulationMoney {

    static final String RESHIP = "ReshipEligibility";
    static final String CEILING = "CompensationCeiling";
    static final String RETURN = "ReturnEligibility";

    private PolicySimulationMoney() {}

    /** What one case's changed decision moves: refunds, reships (count and value), keep-the-item ceilings. */
    record Change(BigDecimal refunds, int reships, BigDecimal reshipValue, BigDecimal keepOfferCeilings) {
        static final Change NONE = new Change(BigDecimal.ZERO, 0, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /** How the money difference of the table is computed, or {@code null} when the table moves no money. */
    static String effect(String decisionKey) {
        return switch (decisionKey) {
            case RESHIP ->
                "reshipAllowed true → false: a refund of the order value instead of a reship (refunds + order value,"
                        + " reships − 1); false → true: a reship instead of the refund (assumes the buyer takes the"
                        + " reship offered).";
            case CEILING ->
                "keep-the-item ceiling: ceilingPercent × order value, rounded down to the currency's decimals; the"
                        + " difference of the ceilings (the most an agent offers without a team lead).";
            case RETURN ->
                "returnDecision RETURN refunds the order value (the item, not the outbound shipping) once it is back;"
                        + " REFUSE refunds nothing; REVIEW goes to an agent and counts as no refund.";
            default -> null;
        };
    }

    /** The money difference of one case whose decision went from {@code before} to {@code after}. */
    static Change change(String decisionKey, String before, String after, BigDecimal orderValue, String currency) {
        if (orderValue == null || currency == null || before.equals(after)) return Change.NONE;
        BigDecimal value = orderValue.setScale(Money.decimals(currency), java.math.RoundingMode.UNNECESSARY);
        return switch (decisionKey) {
            case RESHIP -> {
                int reships = reship(after) - reship(before);
                yield new Change(
                        value.multiply(BigDecimal.valueOf(-reships)),
                        reships,
                        value.multiply(BigDecimal.valueOf(reships)),
                        zero(currency));
            }
            case CEILING ->
                new Change(
                        zero(currency),
                        0,
                        zero(currency),
                        ceiling(after, value, currency).subtract(ceiling(before, value, currency)));
            case RETURN -> {
                int refunds = returned(after) - returned(before);
                yield new Change(value.multiply(BigDecimal.valueOf(refunds)), 0, zero(currency), zero(currency));
            }
            default -> Change.NONE;
        };
    }

    private static int reship(String outcome) {
        return "true".equals(outcome) ? 1 : 0;
    }

    private static int returned(String outcome) {
        return "RETURN".equals(outcome) ? 1 : 0;
    }

    private static BigDecimal ceiling(String percent, BigDecimal value, String currency) {
        try {
            return Money.percentOf(value, new BigDecimal(percent), currency);
        } catch (NumberFormatException noPercent) {
            return zero(currency);
        }
    }

    static BigDecimal zero(String currency) {
        return BigDecimal.ZERO.setScale(Money.decimals(currency));
    }
}
