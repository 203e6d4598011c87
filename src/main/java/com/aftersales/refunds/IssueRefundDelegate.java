package com.aftersales.refunds;

import com.aftersales.cases.CaseVariables;
import com.aftersales.deployments.ProcessBean;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderRepository;
import java.math.BigDecimal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Service task "Refund …". Input parameters set on the task in the diagram:
 * {@code refundPurpose} (part of the idempotency key: one refund per case and purpose),
 * {@code refundAmountBasis} (ITEM_AND_SHIPPING | ITEM | OFFER_AMOUNT — the agreed {@code offerAmount} |
 * REMAINDER — item and shipping less what the case already refunded), {@code refundRuleId} and
 * {@code refundReason}; optional {@code refundChannel}: SELLER (default, paid through the payment gateway) or
 * PLATFORM_DEBIT (R-ESC-3: the platform refunded the buyer at the seller's cost; the debit is recorded in
 * the ledger and nothing is paid again); optional {@code refundDeductionPercent}: a restocking fee (R-RET-6),
 * that percentage of the order value kept back from the amount (rounded down to the currency's decimals). The amount
 * is worked out from the order in its currency; an agreed offer with more decimals than the currency has is refused
 * (an incident), never rounded.
 * The task is asynchronous with retries: a failure becomes an incident, never a second payment.
 */
@Component
@ProcessBean
public class IssueRefundDelegate implements JavaDelegate {

    public enum AmountBasis { ITEM_AND_SHIPPING, ITEM, OFFER_AMOUNT, REMAINDER }

    private final RefundService refunds;
    private final OrderRepository orders;
    private final RefundLedger ledger;

    public IssueRefundDelegate(RefundService refunds, OrderRepository orders, RefundLedger ledger) {
        this.refunds = refunds;
        this.orders = orders;
        this.ledger = ledger;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String caseId = (String) execution.getVariable(CaseVariables.CASE_ID);
        Order order = orders.get((String) execution.getVariable(CaseVariables.ORDER_ID));
        AmountBasis basis = AmountBasis.valueOf(required(execution, "refundAmountBasis"));
        BigDecimal amount = switch (basis) {
            case ITEM_AND_SHIPPING -> order.orderValue().add(order.shippingFee());
            case ITEM -> order.orderValue();
            case OFFER_AMOUNT -> Money.exact(execution.getVariable(CaseVariables.OFFER_AMOUNT), order.currency());
            case REMAINDER -> order.orderValue().add(order.shippingFee()).subtract(ledger.totalForCase(caseId));
        };
        String reason = required(execution, "refundReason");
        // R-RET-6: a restocking fee, a percentage of the order value, is kept back (input refundDeductionPercent),
        // rounded down to the currency's decimals (in the buyer's favour)
        BigDecimal deductionPercent = execution.getVariable("refundDeductionPercent") == null ? BigDecimal.ZERO
                : Money.number(execution.getVariable("refundDeductionPercent"));
        if (deductionPercent.signum() > 0) {
            BigDecimal fee = Money.percentOf(order.orderValue(), deductionPercent, order.currency()).min(amount);
            amount = amount.subtract(fee);
            reason = reason + ", less a restocking fee of " + deductionPercent.stripTrailingZeros().toPlainString() + " % ("
                    + fee.toPlainString() + " " + order.currency() + ", R-RET-6)";
        }
        String purpose = required(execution, "refundPurpose");
        String ruleId = required(execution, "refundRuleId");
        if ("PLATFORM_DEBIT".equals(execution.getVariable("refundChannel"))) {
            Object platformCase = execution.getVariable(CaseVariables.PLATFORM_CASE_ID);
            refunds.recordPlatformDebit(caseId, purpose, order, amount, reason, ruleId,
                    platformCase == null ? "unknown" : platformCase.toString());
            return;
        }
        refunds.issue(caseId, purpose, order, amount, reason, ruleId);
    }

    private static String required(DelegateExecution execution, String name) {
        Object value = execution.getVariable(name);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalStateException("Input parameter '" + name + "' is missing on " + execution.getCurrentActivityId());
        }
        return value.toString();
    }
}
