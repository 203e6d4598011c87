package com.aftersales.refunds;

import com.aftersales.cases.CaseKey;
import com.aftersales.cases.CaseRepository;
import com.aftersales.cases.KeepOffers;
import com.aftersales.deployments.ProcessBean;
import com.aftersales.orders.Money;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderRepository;
import java.math.BigDecimal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Service task "Refund …". The case is the process's business key and the order the case's own (CaseKey); the
 * amount comes from the order record, the ledger and the case's keep-the-item offer, never from a process
 * variable. Input parameters set on the task in the diagram: {@code refundPurpose} (part of the idempotency key:
 * one refund per case and purpose), {@code refundAmountBasis} (ITEM_AND_SHIPPING | ITEM | OFFER_AMOUNT — the case's
 * agreed keep-the-item offer as KeepOfferPolicy recorded it, within the ceiling or approved by a team lead |
 * REMAINDER — what is left of the order: what the buyer paid less everything refunded on its cases),
 * {@code refundRuleId} and {@code refundReason}; optional {@code refundChannel}: SELLER (default, paid through the
 * payment gateway) or PLATFORM_DEBIT (R-ESC-3: the platform refunded the buyer at the seller's cost; the debit is
 * recorded in the ledger with the case's platform case id, and nothing is paid again); optional
 * {@code refundDeductionPercent}: a restocking fee (R-RET-6), that percentage of the order value kept back from
 * the amount, rounded down to the currency's decimals (Money.percentOf). RefundService caps every amount at what
 * is left of the order. The task is asynchronous with retries: a failure becomes an incident, never a second payment.
 */
@Component
@ProcessBean
public class IssueRefundDelegate implements JavaDelegate {

    public enum AmountBasis {
        ITEM_AND_SHIPPING,
        ITEM,
        OFFER_AMOUNT,
        REMAINDER
    }

    private final RefundService refunds;
    private final CaseRepository cases;
    private final OrderRepository orders;
    private final KeepOffers offers;

    public IssueRefundDelegate(RefundService refunds, CaseRepository cases, OrderRepository orders, KeepOffers offers) {
        this.refunds = refunds;
        this.cases = cases;
        this.orders = orders;
        this.offers = offers;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String caseId = CaseKey.of(execution);
        Order order = orders.get(cases.get(caseId).orderId());
        AmountBasis basis = AmountBasis.valueOf(required(execution, "refundAmountBasis"));
        BigDecimal amount = switch (basis) {
            case ITEM_AND_SHIPPING -> order.amountPaid();
            case ITEM -> order.orderValue();
            case OFFER_AMOUNT ->
                offers.find(caseId)
                        .flatMap(KeepOffers.KeepOffer::agreedAmount)
                        .orElseThrow(
                                () -> new IllegalStateException(
                                        "Case " + caseId
                                                + " has no agreed keep-the-item offer (within the ceiling, or approved by a team lead) to refund"));
            case REMAINDER -> null;
        };
        String reason = required(execution, "refundReason");
        // R-RET-6: a restocking fee, a percentage of the order value, is kept back (input refundDeductionPercent),
        // rounded down to the currency's decimals (in the buyer's favour)
        BigDecimal deductionPercent = execution.getVariable("refundDeductionPercent") == null
                ? BigDecimal.ZERO
                : Money.number(execution.getVariable("refundDeductionPercent"));
        if (amount != null && deductionPercent.signum() > 0) {
            BigDecimal fee = Money.percentOf(order.orderValue(), deductionPercent, order.currency())
                    .min(amount);
            amount = amount.subtract(fee);
            reason = reason + ", less a restocking fee of "
                    + deductionPercent.stripTrailingZeros().toPlainString() + " % (" + fee.toPlainString() + " "
                    + order.currency() + ", R-RET-6)";
        }
        String purpose = required(execution, "refundPurpose");
        String ruleId = required(execution, "refundRuleId");
        if ("PLATFORM_DEBIT".equals(execution.getVariable("refundChannel"))) {
            String platformCase =
                    cases.escalation(caseId).map(e -> e.platformCaseId()).orElse(null);
            refunds.recordPlatformDebit(caseId, purpose, amount, reason, ruleId, platformCase);
        } else if (amount == null) {
            refunds.issueWhatIsLeft(caseId, purpose, reason, ruleId);
        } else {
            refunds.issue(caseId, purpose, amount, reason, ruleId);
        }
    }

    private static String required(DelegateExecution execution, String name) {
        Object value = execution.getVariable(name);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalStateException(
                    "Input parameter '" + name + "' is missing on " + execution.getCurrentActivityId());
        }
        return value.toString();
    }
}
