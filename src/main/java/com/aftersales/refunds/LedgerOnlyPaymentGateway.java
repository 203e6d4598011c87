package com.aftersales.refunds;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.stereotype.Component;

/**
 * Default adapter: moves no money itself; the refund exists as its ledger line, for the seller to
 * execute on the marketplace. A real adapter is a bean implementing {@link PaymentGateway}.
 */
@Component
@ConditionalOnMissingBean(value = PaymentGateway.class, ignored = LedgerOnlyPaymentGateway.class)
public class LedgerOnlyPaymentGateway implements PaymentGateway {

    private static final Logger log = LoggerFactory.getLogger(LedgerOnlyPaymentGateway.class);

    @Override
    public String refund(RefundOrder order) {
        log.info(
                "Refund {} {} recorded for order {} (key {})",
                order.amount(),
                order.currency(),
                order.orderId(),
                order.idempotencyKey());
        return "LEDGER-" + order.idempotencyKey();
    }
}
