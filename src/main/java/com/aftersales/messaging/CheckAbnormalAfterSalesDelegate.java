package com.aftersales.messaging;

import com.aftersales.cases.CaseKey;
import com.aftersales.cases.CaseRepository;
import com.aftersales.cases.CaseRow;
import com.aftersales.deployments.ProcessBean;
import com.aftersales.refunds.Refund;
import com.aftersales.refunds.RefundLedger;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * R-GEN-9, abnormal after-sales: when a quality case opens, an earlier case of the same order that paid
 * the buyer without getting the item back (a refund-only: any ledger line but a refund on return) means
 * the buyer is reported to the platform and no second refund is paid. Sets {@code abuseSuspected} and
 * {@code abuseReport}: the order's earlier cases with their refunds and buyer messages, for the report.
 */
@Component
@ProcessBean
public class CheckAbnormalAfterSalesDelegate implements JavaDelegate {

    /** The ledger purpose of a refund paid on receipt of the returned item (return-and-refund.bpmn). */
    static final String REFUND_ON_RETURN = "RETURN";

    private final CaseRepository cases;
    private final RefundLedger ledger;
    private final BuyerMessageOutbox outbox;

    public CheckAbnormalAfterSalesDelegate(CaseRepository cases, RefundLedger ledger, BuyerMessageOutbox outbox) {
        this.cases = cases;
        this.ledger = ledger;
        this.outbox = outbox;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String caseId = CaseKey.of(execution);
        String orderId = cases.get(caseId).orderId();
        boolean refundOnly = false;
        List<String> report = new ArrayList<>();
        for (CaseRow earlier : cases.list(orderId, null, null, 0, 100)) {
            if (earlier.caseId().equals(caseId)) continue;
            List<Refund> refunds = ledger.forCase(earlier.caseId());
            boolean withoutReturn = refunds.stream().anyMatch(r -> !REFUND_ON_RETURN.equals(r.purpose()));
            refundOnly |= withoutReturn;
            report.add("Case " + earlier.caseId() + " (" + earlier.type() + ", " + earlier.status()
                    + (earlier.resolution() == null ? "" : " " + earlier.resolution()) + ", opened "
                    + earlier.openedAt().toLocalDate() + ")"
                    + (withoutReturn ? " - refunded without a return" : ""));
            for (Refund refund : refunds) {
                report.add("  refund " + refund.amount().toPlainString() + " " + refund.currency() + " ("
                        + refund.purpose() + ", " + refund.ruleId() + ") "
                        + refund.issuedAt().toLocalDate() + ": " + refund.reason());
            }
            for (BuyerMessage message : outbox.forCase(earlier.caseId())) {
                report.add("  message " + message.createdAt().toLocalDate() + " (" + message.template() + "): "
                        + message.body());
            }
        }
        execution.setVariable("abuseSuspected", refundOnly);
        execution.setVariable("abuseReport", refundOnly ? String.join("\n", report) : "");
        if (refundOnly) {
            cases.addRulesApplied(caseId, List.of("R-GEN-9"));
            cases.addTimeline(
                    caseId,
                    "Abnormal after-sales (R-GEN-9): order " + orderId
                            + " was refunded before without a return; reported to the platform, no second refund");
        }
    }
}
