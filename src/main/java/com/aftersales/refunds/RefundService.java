package com.aftersales.refunds;

import com.aftersales.cases.CaseRepository;
import com.aftersales.cases.CaseRow;
import com.aftersales.cases.ServiceLevels;
import com.aftersales.config.Groups;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderRepository;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pays refunds exactly once (R-GEN-4) and records each in the ledger and on the case. The order is the case's
 * own (its row in {@code after_sales_case}), never one a caller names.
 * <p>
 * The order's cap (issue 11, finding 3): over all cases of an order, the ledger (refunds and platform debits)
 * never adds up to more than the buyer paid, items and shipping. The order's row is locked while a refund is
 * worked out, so two cases refunding at the same moment, on one node or two, pay one after the other. A refund
 * asking for more than is left is cut to what is left; with nothing left nothing is paid, and the case's message
 * that would announce the refund tells the buyer the order was already refunded instead (BuyerMessageOutbox). Either way the case records the cut ({@link CappedRefund}, in the case view) and
 * team leads get a task in Tasklist to review it.
 */
@Service
public class RefundService {

    /** R-ESC-3: a platform's debit is a ledger line whose gateway reference is this and the platform's case id. */
    public static final String PLATFORM_DEBIT_REFERENCE = "PLATFORM-DEBIT:";

    private final RefundLedger ledger;
    private final PaymentGateway gateway;
    private final CaseRepository cases;
    private final OrderRepository orders;
    private final TaskService tasks;

    public RefundService(
            RefundLedger ledger,
            PaymentGateway gateway,
            CaseRepository cases,
            OrderRepository orders,
            TaskService tasks) {
        this.ledger = ledger;
        this.gateway = gateway;
        this.cases = cases;
        this.orders = orders;
        this.tasks = tasks;
    }

    /**
     * Issues the refund of {@code purpose} for the case, unless the ledger already has it: then the existing
     * line is returned and nothing is paid. Runs in the caller's (the job's) transaction, so the ledger line
     * and the process moving on commit together.
     *
     * @return the ledger line; null when the order had nothing left to refund (nothing paid)
     */
    @Transactional
    public Refund issue(String caseId, String purpose, BigDecimal amount, String reason, String ruleId) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException(
                    "Refund " + purpose + " of case " + caseId + " must be above zero, was " + amount);
        }
        return record(caseId, purpose, amount, reason, ruleId, null);
    }

    /** As {@link #issue}, for whatever is left of the order (R-ESC-3: the platform ruled the seller refunds the rest). */
    @Transactional
    public Refund issueWhatIsLeft(String caseId, String purpose, String reason, String ruleId) {
        return record(caseId, purpose, null, reason, ruleId, null);
    }

    /**
     * R-ESC-3 (granted, seller-funded) and R-SLA-6 (claim lost by silence): the platform refunded the buyer
     * and debits the seller. The ledger records the debit under its purpose (once, as every refund), and
     * the payment gateway is not called: the buyer is not paid a second time. A debit counts toward the order's
     * cap like a refund: money the buyer already got back.
     *
     * @param amount what the platform debits; null: what is left of the order
     * @return the ledger line; null when nothing was left to debit
     */
    @Transactional
    public Refund recordPlatformDebit(
            String caseId, String purpose, BigDecimal amount, String reason, String ruleId, String platformCaseId) {
        return record(caseId, purpose, amount, reason, ruleId, platformCaseId == null ? "unknown" : platformCaseId);
    }

    /** @param platformCaseId null: a refund paid through the gateway; else the platform's debit of that platform case */
    private Refund record(
            String caseId, String purpose, BigDecimal requested, String reason, String ruleId, String platformCaseId) {
        CaseRow row = cases.get(caseId);
        orders.lock(row.orderId());
        Order order = orders.get(row.orderId());
        boolean debit = platformCaseId != null;
        String what = debit ? "Platform debit" : "Refund";
        Optional<Refund> existing = ledger.find(caseId, purpose);
        if (existing.isPresent()) {
            if (!debit) cases.addTimeline(caseId, "Refund " + purpose + " was already issued; not paid again");
            return existing.get();
        }
        if (ledger.findCapped(caseId, purpose).isPresent()) {
            return null; // nothing was left the first time, and the cap only shrinks
        }
        BigDecimal left = order.amountPaid()
                .subtract(ledger.totalForOrder(order.orderId()))
                .max(BigDecimal.ZERO);
        BigDecimal amount = requested == null ? left : requested.min(left);
        boolean capped = requested == null ? left.signum() == 0 : requested.compareTo(left) > 0;
        String currency = order.currency();
        if (capped) {
            flagToTeamLeads(row, order, what, purpose, requested, amount);
            if (amount.signum() == 0) {
                cases.addTimeline(
                        caseId,
                        what + " " + purpose + " not " + (debit ? "recorded" : "paid") + ": order " + order.orderId()
                                + " has nothing left to refund ("
                                + order.amountPaid().toPlainString() + " " + currency
                                + " paid, all refunded); team leads review it");
                return null;
            }
            reason = reason + "; cut to what was left of the order (" + requested.toPlainString() + " asked)";
        }
        Refund refund;
        if (debit) {
            refund = new Refund(
                    caseId,
                    purpose,
                    amount,
                    currency,
                    reason,
                    ruleId,
                    PLATFORM_DEBIT_REFERENCE + platformCaseId,
                    OffsetDateTime.now(ZoneOffset.UTC));
        } else {
            String key = Refund.idempotencyKey(caseId, purpose);
            String reference = gateway.refund(new PaymentGateway.RefundOrder(
                    key, order.orderId(), order.platform().name(), amount, currency, reason));
            refund = new Refund(
                    caseId, purpose, amount, currency, reason, ruleId, reference, OffsetDateTime.now(ZoneOffset.UTC));
        }
        ledger.insert(refund);
        cases.addRulesApplied(caseId, List.of(ruleId, "R-GEN-4"));
        cases.addTimeline(
                caseId,
                debit
                        ? "Platform debit of " + amount.toPlainString() + " " + currency + " recorded (" + ruleId
                                + "): " + reason + "; refunded to the buyer by the platform, not paid again"
                        : "Refund of " + amount.toPlainString() + " " + currency + " issued (" + ruleId + "): "
                                + reason);
        return refund;
    }

    /** The cut on the case (case view) and a task for team leads in Tasklist ("My groups' tasks"). */
    private void flagToTeamLeads(
            CaseRow row, Order order, String what, String purpose, BigDecimal requested, BigDecimal paid) {
        String currency = order.currency();
        Task review = tasks.newTask();
        review.setName("Review capped refund: order " + order.orderId() + ", case " + row.caseId());
        review.setDescription(what + " " + purpose + " of case " + row.caseId() + " (" + row.type() + ") asked for "
                + (requested == null ? "what was left" : requested.toPlainString() + " " + currency) + "; "
                + paid.toPlainString() + " " + currency + " " + (what.equals("Refund") ? "paid" : "recorded")
                + ". The refunds of order " + order.orderId() + " reached what the buyer paid ("
                + order.amountPaid().toPlainString()
                + " " + currency + ", items and shipping). Check the order's cases (GET /api/cases?orderId="
                + order.orderId()
                + ") for a duplicate request or a payment to take back.");
        review.setPriority(ServiceLevels.ESCALATED_PRIORITY);
        tasks.saveTask(review);
        tasks.addCandidateGroup(review.getId(), Groups.TEAM_LEADS);
        ledger.insertCapped(new CappedRefund(
                row.caseId(), purpose, requested, paid, currency, review.getId(), OffsetDateTime.now(ZoneOffset.UTC)));
        cases.addRulesApplied(row.caseId(), List.of("R-GEN-4"));
        cases.addTimeline(
                row.caseId(),
                what + " " + purpose + " capped: " + (requested == null ? "what was left" : requested.toPlainString())
                        + " asked, " + paid.toPlainString() + " " + currency + " left on order " + order.orderId()
                        + " (refunds never exceed what the buyer paid); team leads review it");
    }
}
