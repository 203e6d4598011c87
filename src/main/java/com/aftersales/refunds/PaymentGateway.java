package com.aftersales.refunds;

import java.math.BigDecimal;

/**
 * Port to whatever pays the money back (the marketplace's refund API, a payment provider).
 * Adapters must pass {@code idempotencyKey} on, so that the far side, too, pays a key only once.
 */
public interface PaymentGateway {

    record RefundOrder(
            String idempotencyKey,
            String orderId,
            String platform,
            BigDecimal amount,
            String currency,
            String reason) {}

    /** @return the gateway's reference for the refund */
    String refund(RefundOrder order);
}
