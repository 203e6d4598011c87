package com.aftersales.refunds.stripe;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Set;

/**
 * Amounts as Stripe takes them: an integer in the currency's smallest unit. Most currencies have 100 of it (12.50
 * USD = 1250); Stripe's zero-decimal currencies have none (1200 JPY = 1200). ISK, which has no decimals in ISO
 * 4217, Stripe counts in hundredths (1200 ISK = 120000), so Stripe's own list decides, not the ISO decimals.
 */
final class StripeAmounts {

    /** Stripe's zero-decimal currencies (docs.stripe.com/currencies#zero-decimal). */
    static final Set<String> ZERO_DECIMAL = Set.of(
            "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF",
            "XPF");

    private StripeAmounts() {}

    /** The amount in the currency's smallest unit; an amount with a fraction of that unit is refused, never rounded. */
    static long minorUnits(BigDecimal amount, String currency) {
        int shift = ZERO_DECIMAL.contains(currency.toUpperCase(Locale.ROOT)) ? 0 : 2;
        try {
            return amount.movePointRight(shift)
                    .setScale(0, RoundingMode.UNNECESSARY)
                    .longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    amount.toPlainString() + " " + currency + " is not a whole number of the currency's smallest unit");
        }
    }
}
