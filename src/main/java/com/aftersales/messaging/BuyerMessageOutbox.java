package com.aftersales.messaging;

import com.aftersales.cases.CaseRepository;
import com.aftersales.cases.KeepOffers;
import com.aftersales.orders.Money;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderRepository;
import com.aftersales.refunds.RefundLedger;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Writes buyer messages to the outbox in the case's own transaction (sent by the marketplace
 * connector, which reads the outbox) and notes them on the case timeline. Amounts come from the
 * case's records: {amount} from the ledger, {offerAmount} from the case's keep-the-item offer.
 * A message that would announce a refund ({amount}) when the order's cap left nothing to pay
 * (RefundService) is replaced by {@value #ALREADY_REFUNDED}.
 */
@Service
public class BuyerMessageOutbox {

    static final String ALREADY_REFUNDED = "already-refunded";

    private final JdbcTemplate jdbc;
    private final BuyerMessageTemplates templates;
    private final CaseRepository cases;
    private final OrderRepository orders;
    private final RefundLedger ledger;
    private final KeepOffers offers;

    public BuyerMessageOutbox(JdbcTemplate jdbc, BuyerMessageTemplates templates, CaseRepository cases,
                              OrderRepository orders, RefundLedger ledger, KeepOffers offers) {
        this.jdbc = jdbc;
        this.templates = templates;
        this.cases = cases;
        this.orders = orders;
        this.ledger = ledger;
        this.offers = offers;
    }

    /** @param extra values of the process the template may use ({offerAmount}, {returnShippingPaidBy}) */
    public BuyerMessage send(String caseId, String template, Map<String, String> extra) {
        String orderId = cases.get(caseId).orderId();
        Order order = orders.get(orderId);
        Map<String, String> values = new HashMap<>(extra);
        values.put("buyerName", order.buyer().name());
        values.put("orderId", orderId);
        values.put("caseId", caseId);
        BigDecimal refunded = ledger.totalForCase(caseId);
        values.put("amount", Money.format(refunded, order.currency()));
        values.put("currency", order.currency());
        offers.find(caseId).filter(o -> o.amount() != null).ifPresent(o -> values.put("offerAmount", Money.format(o.amount(), order.currency())));
        if (templates.uses(template, "amount") && refunded.signum() == 0 && !ledger.cappedForCase(caseId).isEmpty()) {
            template = ALREADY_REFUNDED;
        }
        String body = templates.render(template, values);
        String recipient = order.platform().name() + " buyer " + order.buyer().id();
        Instant now = Instant.now();
        jdbc.update("insert into buyer_message_outbox (case_id, template, recipient, body, created_at) values (?, ?, ?, ?, ?)",
                caseId, template, recipient, body, Timestamp.from(now));
        cases.addRulesApplied(caseId, List.of("R-CARE-1"));
        cases.addTimeline(caseId, "Message to buyer (" + template + ")", ": " + body);
        return new BuyerMessage(caseId, template, recipient, body, now.atOffset(ZoneOffset.UTC));
    }

    public List<BuyerMessage> forCase(String caseId) {
        return jdbc.query("select * from buyer_message_outbox where case_id = ? order by id",
                (rs, i) -> new BuyerMessage(rs.getString("case_id"), rs.getString("template"), rs.getString("recipient"),
                        rs.getString("body"), rs.getTimestamp("created_at").toInstant().atOffset(ZoneOffset.UTC)), caseId);
    }
}
