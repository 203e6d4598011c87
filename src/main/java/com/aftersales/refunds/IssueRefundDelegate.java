package com.aftersales.refunds;

import com.aftersales.cases.CaseVariables;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderRepository;
import java.math.BigDecimal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Service task "Refund …". Input parameters set on the task in the diagram:
 * {@code refundPurpose} (part of the idempotency key: one refund per case and purpose),
 * {@code refundAmountBasis} (ITEM_AND_SHIPPING | ITEM | OFFER_AMOUNT — the agreed {@code offerAmount}),
 * {@code refundRuleId} and {@code refundReason}. The amount is worked out from the order in its currency.
 * The task is asynchronous with retries: a failure becomes an incident, never a second payment.
 */
@Component
public class IssueRefundDelegate implements JavaDelegate {

    public enum AmountBasis { ITEM_AND_SHIPPING, ITEM, OFFER_AMOUNT }

    private final RefundService refunds;
    private final OrderRepository orders;

    public IssueRefundDelegate(RefundService refunds, OrderRepository orders) {
        this.refunds = refunds;
        this.orders = orders;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String caseId = (String) execution.getVariable(CaseVariables.CASE_ID);
        Order order = orders.get((String) execution.getVariable(CaseVariables.ORDER_ID));
        AmountBasis basis = AmountBasis.valueOf(required(execution, "refundAmountBasis"));
        BigDecimal amount = switch (basis) {
            case ITEM_AND_SHIPPING -> order.orderValue().add(order.shippingFee());
            case ITEM -> order.orderValue();
            case OFFER_AMOUNT -> Money.of(execution.getVariable(CaseVariables.OFFER_AMOUNT));
        };
        refunds.issue(caseId, required(execution, "refundPurpose"), order, amount, required(execution, "refundReason"),
                required(execution, "refundRuleId"));
    }

    private static String required(DelegateExecution execution, String name) {
        Object value = execution.getVariable(name);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalStateException("Input parameter '" + name + "' is missing on " + execution.getCurrentActivityId());
        }
        return value.toString();
    }
}
