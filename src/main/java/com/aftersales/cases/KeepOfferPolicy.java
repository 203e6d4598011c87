package com.aftersales.cases;

import com.aftersales.deployments.ProcessBean;
import com.aftersales.orders.OrderRepository;
import com.aftersales.refunds.Money;
import com.aftersales.orders.Order;
import java.math.BigDecimal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.springframework.stereotype.Component;

/**
 * R-GEN-7, the keep-the-item offer. The ceiling percentage comes from the CompensationCeiling
 * decision; this bean turns it into money and checks what an agent offers:
 * {@code ${keepOfferPolicy.applyCeiling(execution)}} after the decision sets {@code maxKeepOffer};
 * {@code ${keepOfferPolicy.checkOffer(task)}} on completion refuses an offer that is not a positive
 * amount below the order value with at most the currency's decimals (never rounded), and sets
 * {@code offerAboveCeiling} so the diagram can route it to a team lead. A refusal is a form field error
 * naming {@code offerAmount}: the REST API and Tasklist answer 400 with its message, and nothing is stored.
 */
@Component
@ProcessBean
public class KeepOfferPolicy {

    public static final String OFFER_ABOVE_CEILING = "offerAboveCeiling";

    private final OrderRepository orders;

    public KeepOfferPolicy(OrderRepository orders) {
        this.orders = orders;
    }

    public void applyCeiling(DelegateExecution execution) {
        BigDecimal percent = Money.number(execution.getVariable(CaseVariables.CEILING_PERCENT));
        Order order = orders.get((String) execution.getVariable(CaseVariables.ORDER_ID));
        BigDecimal ceiling = Money.percentOf(order.orderValue(), percent, order.currency());
        execution.setVariable(CaseVariables.MAX_KEEP_OFFER, Money.asVariable(ceiling));
        execution.setVariable(CaseVariables.MAX_KEEP_OFFER_TEXT, ceiling.toPlainString());
    }

    /** R-GEN-7 (R-DMG-2, R-RET-7, R-NAD-3): as {@link #checkOffer}, but an offer above the ceiling is refused (no approval path). */
    public void checkOfferWithinCeiling(DelegateTask task, String choiceVariable, String offerChoice) {
        checkOffer(task, choiceVariable, offerChoice);
        if (Boolean.TRUE.equals(task.getVariable(OFFER_ABOVE_CEILING))) {
            throw offerRefused("The keep-the-item offer may be at most " + task.getVariable(CaseVariables.MAX_KEEP_OFFER_TEXT)
                    + " (" + task.getVariable(CaseVariables.CEILING_PERCENT) + " % of the order value, R-GEN-7); it was "
                    + task.getVariable(CaseVariables.OFFER_AMOUNT_TEXT) + ".");
        }
    }

    /**
     * R-NAD-2: the listing was wrong, and a keep-the-item offer must be <em>above</em> the ceiling (and below the
     * order value): as {@link #checkOffer}, but an offer up to the ceiling is refused.
     */
    public void checkOfferAboveCeiling(DelegateTask task, String choiceVariable, String offerChoice) {
        checkOffer(task, choiceVariable, offerChoice);
        if (offerChoice.equals(String.valueOf(task.getVariable(choiceVariable)))
                && !Boolean.TRUE.equals(task.getVariable(OFFER_ABOVE_CEILING))) {
            throw offerRefused("The listing was wrong: a keep-the-item offer must be above "
                    + task.getVariable(CaseVariables.MAX_KEEP_OFFER_TEXT) + " (" + task.getVariable(CaseVariables.CEILING_PERCENT)
                    + " % of the order value, R-NAD-2); it was " + task.getVariable(CaseVariables.OFFER_AMOUNT_TEXT) + ".");
        }
    }

    /** @param choiceVariable the form field whose value says an offer is made; {@code offerChoice} its value */
    public void checkOffer(DelegateTask task, String choiceVariable, String offerChoice) {
        if (!offerChoice.equals(String.valueOf(task.getVariable(choiceVariable)))) {
            task.setVariable(OFFER_ABOVE_CEILING, false);
            return;
        }
        Object entered = task.getVariable(CaseVariables.OFFER_AMOUNT);
        Order order = orders.get((String) task.getVariable(CaseVariables.ORDER_ID));
        if (entered == null || entered.toString().isBlank()) {
            throw offerRefused("Enter the amount offered to the buyer (a number such as 8.75).");
        }
        BigDecimal offer;
        try {
            offer = Money.exact(entered, order.currency());
        } catch (IllegalArgumentException e) {
            throw offerRefused("The offer must be an amount in " + order.currency() + ": " + e.getMessage() + ".");
        }
        BigDecimal orderValue = order.orderValue();
        if (offer.signum() <= 0 || offer.compareTo(orderValue) >= 0) {
            throw offerRefused("The offer must be above 0 and below the order value of "
                    + Money.format(orderValue, order.currency()) + "; it was " + offer.toPlainString() + ".");
        }
        BigDecimal ceiling = Money.exact(task.getVariable(CaseVariables.MAX_KEEP_OFFER), order.currency());
        task.setVariable(CaseVariables.OFFER_AMOUNT, Money.asVariable(offer));
        task.setVariable(CaseVariables.OFFER_AMOUNT_TEXT, offer.toPlainString());
        task.setVariable(OFFER_ABOVE_CEILING, offer.compareTo(ceiling) > 0);
    }

    /** A refused offer: Camunda's REST API answers a form field error with 400 (other listener errors are 500). */
    private static FormFieldValidationException offerRefused(String message) {
        return new FormFieldValidationException(CaseVariables.OFFER_AMOUNT, CaseVariables.OFFER_AMOUNT + ": " + message);
    }
}
