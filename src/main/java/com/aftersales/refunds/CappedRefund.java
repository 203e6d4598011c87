package com.aftersales.refunds;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A refund or platform debit that the order's cap cut (issue 11, finding 3): {@code requested} (null: what was
 * left of the order), {@code paid} (zero: nothing was left, nothing paid), and the team leads' review task.
 */
public record CappedRefund(
        String caseId,
        String purpose,
        BigDecimal requested,
        BigDecimal paid,
        String currency,
        String reviewTaskId,
        OffsetDateTime cappedAt) {}
