package com.aftersales.refunds;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money in process variables travels as a number (forms, DMN); in Java it is BigDecimal with two decimals. */
public final class Money {

    private Money() { }

    public static BigDecimal of(Object value) {
        if (value == null) throw new IllegalArgumentException("no amount given");
        BigDecimal amount = value instanceof BigDecimal d ? d : new BigDecimal(value.toString().trim());
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    /** For a process variable or a form field: a plain number. */
    public static double asVariable(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).doubleValue();
    }
}
