package com.aftersales.refunds;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** One line of the refund ledger. {@code caseId + purpose} is its idempotency key (R-GEN-4). */
public record Refund(
        String caseId,
        String purpose,
        BigDecimal amount,
        String currency,
        String reason,
        String ruleId,
        String gatewayReference,
        OffsetDateTime issuedAt) {

    public static String idempotencyKey(String caseId, String purpose) {
        return caseId + ":" + purpose;
    }
}
