package com.aftersales.cases;

import com.aftersales.cases.KeepOffers.Approval;
import com.aftersales.cases.KeepOffers.KeepOffer;
import com.aftersales.deployments.ProcessBean;
import com.aftersales.orders.Money;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderRepository;
import java.math.BigDecimal;
import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * R-GEN-7, the keep-the-item offer, kept on the case in {@link KeepOffers} (never taken back from process variables):
 * <ul>
 * <li>{@code ${keepOfferPolicy.applyCeiling(execution)}}, end listener of the CompensationCeiling task: the ceiling
 *     from the case's order value and the CompensationCeiling decision, evaluated here with the order's value
 *     from the order record, rounded down to the currency's decimals; {@code ceilingPercent}, {@code maxKeepOffer} and {@code maxKeepOfferText} are set for
 *     the forms only;</li>
 * <li>{@code ${keepOfferPolicy.checkOffer(task, choiceVariable, offerChoice)}} on completion: a positive amount
 *     below the order value with at most the currency's decimals (12.345 EUR is refused, never rounded), recorded
 *     with the agent who made it; above the ceiling it waits for a team lead
 *     ({@code offerAboveCeiling} routes the diagram); {@code checkOfferWithinCeiling} refuses it above the ceiling,
 *     {@code checkOfferAboveCeiling} (R-NAD-2) refuses it up to the ceiling;</li>
 * <li>{@code ${keepOfferPolicy.recordDecision(task)}} on completion of the team lead's approval task
 *     ({@code offerDecision} APPROVE or REJECT): who decided; nobody approves their own offer.</li>
 * </ul>
 */
@Component
@ProcessBean
public class KeepOfferPolicy {

    public static final String OFFER_ABOVE_CEILING = "offerAboveCeiling";
    static final String CEILING_DECISION = "CompensationCeiling";
    static final String OFFER_DECISION = "offerDecision";

    /** What an offer above the ceiling leads to at the task that checks it. */
    private enum AboveCeiling {
        NEEDS_APPROVAL,
        REFUSED,
        REQUIRED
    }

    private final CaseRepository cases;
    private final OrderRepository orders;
    private final KeepOffers offers;

    public KeepOfferPolicy(CaseRepository cases, OrderRepository orders, KeepOffers offers) {
        this.cases = cases;
        this.orders = orders;
        this.offers = offers;
    }

    public void applyCeiling(DelegateExecution execution) {
        String caseId = CaseKey.of(execution);
        Order order = orderOf(caseId);
        BigDecimal orderValue = order.orderValue();
        DmnDecisionTableResult result = execution
                .getProcessEngineServices()
                .getDecisionService()
                .evaluateDecisionTableByKey(
                        CEILING_DECISION, Variables.putValue(CaseVariables.ORDER_VALUE, Money.asVariable(orderValue)));
        if (result.size() != 1) {
            throw new IllegalStateException(
                    "The " + CEILING_DECISION + " table gives no single ceiling for the order value " + orderValue);
        }
        BigDecimal percent = Money.number(result.getSingleResult().getEntry(CaseVariables.CEILING_PERCENT));
        BigDecimal ceiling = Money.percentOf(orderValue, percent, order.currency());
        offers.setCeiling(caseId, percent, ceiling);
        execution.setVariable(CaseVariables.CEILING_PERCENT, percent.doubleValue());
        execution.setVariable(CaseVariables.MAX_KEEP_OFFER, Money.asVariable(ceiling));
        execution.setVariable(CaseVariables.MAX_KEEP_OFFER_TEXT, ceiling.toPlainString());
    }

    /** @param choiceVariable the form field whose value says an offer is made; {@code offerChoice} its value */
    public void checkOffer(DelegateTask task, String choiceVariable, String offerChoice) {
        record(task, choiceVariable, offerChoice, AboveCeiling.NEEDS_APPROVAL);
    }

    /** R-GEN-7 (R-DMG-2, R-RET-7, R-NAD-3, R-WRONG-1/3): as {@link #checkOffer}, but an offer above the ceiling is refused. */
    public void checkOfferWithinCeiling(DelegateTask task, String choiceVariable, String offerChoice) {
        record(task, choiceVariable, offerChoice, AboveCeiling.REFUSED);
    }

    /**
     * R-NAD-2: the listing was wrong, and a keep-the-item offer must be <em>above</em> the ceiling (and below the
     * order value), without approval: as {@link #checkOffer}, but an offer up to the ceiling is refused.
     */
    public void checkOfferAboveCeiling(DelegateTask task, String choiceVariable, String offerChoice) {
        record(task, choiceVariable, offerChoice, AboveCeiling.REQUIRED);
    }

    /** R-GEN-7: a team lead approved or rejected the case's offer above the ceiling. */
    public void recordDecision(DelegateTask task) {
        String caseId = CaseKey.of(task);
        KeepOffer offer = offers.find(caseId)
                .filter(o -> o.approval() == Approval.PENDING)
                .orElseThrow(() -> new BadUserRequestException(
                        "Case " + caseId + " has no keep-the-item offer waiting for approval."));
        boolean approved = "APPROVE".equals(String.valueOf(task.getVariable(OFFER_DECISION)));
        String lead = actor(task);
        if (approved && lead != null && lead.equals(offer.offeredBy())) {
            throw new BadUserRequestException(
                    "An offer above the ceiling needs another team lead's approval: " + lead + " made this offer.");
        }
        offers.decide(caseId, approved ? Approval.APPROVED : Approval.REJECTED, lead);
        cases.addTimeline(
                caseId,
                "Keep-the-item offer of " + offer.amount().toPlainString() + " " + (approved ? "approved" : "rejected")
                        + " by " + (lead == null ? "a team lead" : lead) + " (R-GEN-7)");
    }

    private void record(DelegateTask task, String choiceVariable, String offerChoice, AboveCeiling above) {
        if (!offerChoice.equals(String.valueOf(task.getVariable(choiceVariable)))) {
            task.setVariable(OFFER_ABOVE_CEILING, false);
            return;
        }
        String caseId = CaseKey.of(task);
        Order order = orderOf(caseId);
        Object entered = task.getVariable(CaseVariables.OFFER_AMOUNT);
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
        KeepOffer current = offers.find(caseId)
                .orElseThrow(() -> new IllegalStateException("Case " + caseId
                        + " has no keep-the-item ceiling: the CompensationCeiling step did not run before "
                        + task.getName()));
        boolean isAbove = offer.compareTo(current.ceiling()) > 0;
        String ceiling = current.ceiling().toPlainString() + " ("
                + current.ceilingPercent().stripTrailingZeros().toPlainString() + " % of the order value";
        if (isAbove && above == AboveCeiling.REFUSED) {
            throw offerRefused("The keep-the-item offer may be at most " + ceiling + ", R-GEN-7); it was "
                    + offer.toPlainString() + ".");
        }
        if (!isAbove && above == AboveCeiling.REQUIRED) {
            throw offerRefused("The listing was wrong: a keep-the-item offer must be above " + ceiling
                    + ", R-NAD-2); it was " + offer.toPlainString() + ".");
        }
        Approval approval = isAbove && above == AboveCeiling.NEEDS_APPROVAL ? Approval.PENDING : Approval.NOT_NEEDED;
        String agent = actor(task);
        offers.offer(caseId, offer, agent, approval);
        task.setVariable(CaseVariables.OFFER_AMOUNT, Money.asVariable(offer));
        task.setVariable(CaseVariables.OFFER_AMOUNT_TEXT, offer.toPlainString());
        task.setVariable(OFFER_ABOVE_CEILING, isAbove);
        cases.addTimeline(
                caseId,
                "Keep-the-item offer of " + offer.toPlainString() + " by " + (agent == null ? "an agent" : agent)
                        + (approval == Approval.PENDING
                                ? ", above the ceiling of " + ceiling + "): a team lead decides (R-GEN-7)"
                                : isAbove
                                        ? ", above the ceiling of " + ceiling + ") as R-NAD-2 asks"
                                        : ", within the ceiling of " + ceiling + ", R-GEN-7)"));
    }

    private Order orderOf(String caseId) {
        return orders.get(cases.get(caseId).orderId());
    }

    /** Who completes the task: its assignee, else the user the engine authenticated (null for a call without one). */
    private static String actor(DelegateTask task) {
        if (task.getAssignee() != null) return task.getAssignee();
        var user = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        return user == null ? null : user.getUserId();
    }

    /**
     * A refused offer is a form field error of {@code offerAmount}: Camunda wraps a task listener's exception and
     * answers 500, the app's problem answer makes it 400 naming the field (config/EngineErrors). Never rounded.
     */
    private static FormFieldValidationException offerRefused(String message) {
        return new FormFieldValidationException(
                CaseVariables.OFFER_AMOUNT, CaseVariables.OFFER_AMOUNT + ": " + message);
    }
}
