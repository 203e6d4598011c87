package com.aftersales.orders;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * Money is a BigDecimal in the order's currency, with at most the currency's decimals (ISO 4217, from
 * {@link Currency}: USD 2, JPY 0). An amount from outside (an order, an agent's offer, a carrier's quote) is
 * never rounded: one with more decimals is refused ({@link #exact}, {@link #decimalsProblem}). Only amounts the
 * app computes from a percentage are rounded, deliberately and down ({@link #percentOf}). In process variables
 * and forms money travels as a plain number ({@link #asVariable}).
 */
public final class Money {

    /** The ledger and the order columns keep two decimals (numeric(19, 2)): currencies with more are refused. */
    public static final int MAX_DECIMALS = 2;
    /** Digits before the decimal point that an amount may have (the columns, numeric(19, 2), leave 17). */
    public static final int MAX_INTEGER_DIGITS = 15;

    private Money() {}

    /** How many decimals amounts of the currency have (USD 2, JPY 0); refuses codes that are no currency of payment. */
    public static int decimals(String currency) {
        int decimals;
        try {
            decimals = Currency.getInstance(currency).getDefaultFractionDigits();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + currency + "' is not an ISO 4217 currency code");
        }
        if (decimals < 0) throw new IllegalArgumentException(currency + " is not a currency of payment");
        if (decimals > MAX_DECIMALS) {
            throw new IllegalArgumentException(
                    currency + " amounts have " + decimals + " decimals; the app keeps at most " + MAX_DECIMALS);
        }
        return decimals;
    }

    /**
     * Why {@code amount} cannot be an amount of {@code currency}: more decimals than the currency has (trailing
     * zeros do not count: 25.100 USD is 25.10), or too many digits; null when it can.
     */
    public static String decimalsProblem(BigDecimal amount, String currency) {
        int allowed = decimals(currency);
        BigDecimal plain = amount.stripTrailingZeros();
        if (plain.scale() > allowed) {
            return "has " + plain.scale() + (plain.scale() == 1 ? " decimal; " : " decimals; ") + currency
                    + " amounts have " + (allowed == 0 ? "none" : "at most " + allowed);
        }
        if (plain.precision() - plain.scale() > MAX_INTEGER_DIGITS) {
            return "is too large (at most " + MAX_INTEGER_DIGITS + " digits before the decimal point)";
        }
        return null;
    }

    /**
     * The amount exactly, with the currency's decimals (12.5 USD → 12.50). A value that is no number, or has more
     * decimals than the currency, is refused with an IllegalArgumentException saying why: money is never rounded.
     */
    public static BigDecimal exact(Object value, String currency) {
        BigDecimal amount = number(value);
        String problem = decimalsProblem(amount, currency);
        if (problem != null) throw new IllegalArgumentException(amount.toPlainString() + " " + problem);
        return amount.setScale(decimals(currency), RoundingMode.UNNECESSARY);
    }

    /** {@link #exact} as text, as buyers and agents read it: "12.50", "1200" (JPY). */
    public static String format(Object value, String currency) {
        return exact(value, currency).toPlainString();
    }

    /**
     * A share of a value that the app computes (the R-GEN-7 ceiling, the R-RET-6 restocking fee): rounded down to
     * the currency's decimals, so it never exceeds the percentage (35 % of 40.01 USD = 14.00).
     */
    public static BigDecimal percentOf(BigDecimal value, BigDecimal percent, String currency) {
        return value.multiply(percent).movePointLeft(2).setScale(decimals(currency), RoundingMode.DOWN);
    }

    /** A number as it is (a percentage, or an amount before its currency check); never rounded. */
    public static BigDecimal number(Object value) {
        if (value == null) throw new IllegalArgumentException("no amount given");
        if (value instanceof BigDecimal d) return d;
        try {
            return new BigDecimal(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a number");
        }
    }

    /** For a process variable or a form field: a plain number (a double holds 15 significant digits exactly). */
    public static double asVariable(BigDecimal amount) {
        return amount.doubleValue();
    }
}
