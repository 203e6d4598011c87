package com.aftersales.refunds;

import com.aftersales.cases.CaseRepository;
import com.aftersales.orders.Order;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Pays refunds exactly once (R-GEN-4) and records each in the ledger and on the case. */
@Service
public class RefundService {

    private final RefundLedger ledger;
    private final PaymentGateway gateway;
    private final CaseRepository cases;

    public RefundService(RefundLedger ledger, PaymentGateway gateway, CaseRepository cases) {
        this.ledger = ledger;
        this.gateway = gateway;
        this.cases = cases;
    }

    /**
     * Issues the refund of {@code purpose} for the case, unless the ledger already has it: then the
     * existing line is returned and nothing is paid. Runs in the caller's (the job's) transaction,
     * so the ledger line and the process moving on commit together.
     */
    @Transactional
    public Refund issue(String caseId, String purpose, Order order, BigDecimal amount, String reason, String ruleId) {
        Optional<Refund> existing = ledger.find(caseId, purpose);
        if (existing.isPresent()) {
            cases.addTimeline(caseId, "Refund " + purpose + " was already issued; not paid again");
            return existing.get();
        }
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("Refund " + purpose + " of case " + caseId + " must be above zero, was " + amount);
        }
        BigDecimal refundable = order.orderValue().add(order.shippingFee()).subtract(ledger.totalForCase(caseId));
        if (amount.compareTo(refundable) > 0) {
            throw new IllegalArgumentException("Refund " + purpose + " of " + amount + " " + order.currency() + " for case "
                    + caseId + " exceeds what is left to refund on order " + order.orderId() + ": " + refundable);
        }
        String key = Refund.idempotencyKey(caseId, purpose);
        String reference = gateway.refund(new PaymentGateway.RefundOrder(key, order.orderId(), order.platform().name(),
                amount, order.currency(), reason));
        Refund refund = new Refund(caseId, purpose, amount, order.currency(), reason, ruleId, reference,
                OffsetDateTime.now(ZoneOffset.UTC));
        ledger.insert(refund);
        cases.addRulesApplied(caseId, List.of(ruleId, "R-GEN-4"));
        cases.addTimeline(caseId, "Refund of " + amount.toPlainString() + " " + order.currency() + " issued (" + ruleId + "): " + reason);
        return refund;
    }

    /**
     * R-ESC-3 (granted, seller-funded) and R-SLA-6 (claim lost by silence): the platform refunded the buyer
     * and debits the seller. The ledger records the debit under its purpose (once, as every refund), and
     * the payment gateway is not called: the buyer is not paid a second time.
     */
    @Transactional
    public Refund recordPlatformDebit(String caseId, String purpose, Order order, BigDecimal amount, String reason,
                                      String ruleId, String platformCaseId) {
        Optional<Refund> existing = ledger.find(caseId, purpose);
        if (existing.isPresent()) return existing.get();
        if (amount.signum() <= 0) {
            cases.addTimeline(caseId, "Platform debit: nothing left to refund on the case; nothing recorded");
            return null;
        }
        Refund refund = new Refund(caseId, purpose, amount, order.currency(), reason, ruleId,
                "PLATFORM-DEBIT:" + platformCaseId, OffsetDateTime.now(ZoneOffset.UTC));
        ledger.insert(refund);
        cases.addRulesApplied(caseId, List.of(ruleId, "R-GEN-4"));
        cases.addTimeline(caseId, "Platform debit of " + amount.toPlainString() + " " + order.currency() + " recorded ("
                + ruleId + "): " + reason + "; refunded to the buyer by the platform, not paid again");
        return refund;
    }
}
