package com.aftersales.messaging;

import com.aftersales.cases.BuyerMessageSender;
import com.aftersales.cases.CaseKey;
import com.aftersales.cases.CaseVariables;
import com.aftersales.deployments.ProcessBean;
import com.aftersales.orders.Money;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Send task "Tell the buyer …": input parameter {@code buyerMessage} names the template (R-CARE-1). */
@Component
@ProcessBean
public class SendBuyerMessageDelegate implements JavaDelegate, BuyerMessageSender {

    private final BuyerMessageOutbox outbox;

    public SendBuyerMessageDelegate(BuyerMessageOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Object template = execution.getVariable("buyerMessage");
        if (template == null) {
            throw new IllegalStateException(
                    "Input parameter 'buyerMessage' is missing on " + execution.getCurrentActivityId());
        }
        send(execution, template.toString());
    }

    /** The message of the template to the buyer of the execution's case (also the resolution message of ResolveCaseDelegate). */
    @Override
    public void send(DelegateExecution execution, String template) {
        outbox.send(CaseKey.of(execution), template, processValues(execution));
    }

    /** The values of the process a template may use: {offerAmount}, {returnShippingPaidBy}, {carrier}, {trackingNumber}, {latestDeliveryDate}, {refusalReason}. */
    public static Map<String, String> processValues(DelegateExecution execution) {
        return processValues(execution::getVariable);
    }

    /** The same values from any source of the case's variables (a person's message: its running processes). */
    public static Map<String, String> processValues(Function<String, Object> variable) {
        Map<String, String> values = new HashMap<>();
        for (String name : TEMPLATE_VARIABLES) {
            Object value = variable.apply(name);
            if (value != null)
                values.put(
                        name,
                        value instanceof Number n
                                ? Money.format(n, (String) variable.apply(CaseVariables.CURRENCY))
                                : value.toString());
        }
        return values;
    }

    /** The process variables a template may use. */
    public static final List<String> TEMPLATE_VARIABLES = List.of(
            CaseVariables.OFFER_AMOUNT,
            CaseVariables.RETURN_SHIPPING_PAID_BY,
            CaseVariables.CARRIER,
            CaseVariables.TRACKING_NUMBER,
            CaseVariables.LATEST_DELIVERY_DATE,
            CaseVariables.REFUSAL_REASON);
}
