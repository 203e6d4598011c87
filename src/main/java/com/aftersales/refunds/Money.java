package com.aftersales.refunds;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Money in process variables travels as a number (forms, DMN); in Java it is BigDecimal with two decimals. */
public final class Money {

    private Money() { }

    public static BigDecimal of(Object value) {
        if (value == null) throw new IllegalArgumentException("no amount given");
        BigDecimal amount = value instanceof BigDecimal d ? d : new BigDecimal(value.toString().trim());
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    /** How many decimals an amount in this ISO 4217 currency may have: 2 for USD and EUR, 0 for JPY; -1 when it has none defined. */
    public static int decimals(String currency) {
        return Currency.getInstance(currency).getDefaultFractionDigits();
    }

    /** For a process variable or a form field: a plain number. */
    public static double asVariable(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).doubleValue();
    }
}
