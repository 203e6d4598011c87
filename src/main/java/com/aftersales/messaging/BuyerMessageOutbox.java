package com.aftersales.messaging;

import com.aftersales.cases.CaseRepository;
import com.aftersales.cases.KeepOffers;
import com.aftersales.orders.Money;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderRepository;
import com.aftersales.refunds.RefundLedger;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
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

    public BuyerMessageOutbox(
            JdbcTemplate jdbc,
            BuyerMessageTemplates templates,
            CaseRepository cases,
            OrderRepository orders,
            RefundLedger ledger,
            KeepOffers offers) {
        this.jdbc = jdbc;
        this.templates = templates;
        this.cases = cases;
        this.orders = orders;
        this.ledger = ledger;
        this.offers = offers;
    }

    /** @param extra values of the process the template may use ({offerAmount}, {returnShippingPaidBy}) */
    public BuyerMessage send(String caseId, String template, Map<String, String> extra) {
        return send(caseId, template, extra, null).message();
    }

    /** A message to the buyer as written to the outbox, with its row's id. */
    public record Written(long id, BuyerMessage message) {}

    /**
     * A message a person sends from the case page (POST /api/cases/{caseId}/messages): a template filled as the
     * process would fill it, noted on the timeline as "Message to buyer by {user} (template): …".
     */
    public Written sendByPerson(String caseId, String template, Map<String, String> extra, String user) {
        return send(caseId, template, extra, user);
    }

    /**
     * A person's own text to the buyer, already checked against R-CARE-1 ({@link BuyerMessageTemplates#problemsInText}),
     * as template {@value #FREE_TEXT}.
     */
    public Written sendTextByPerson(String caseId, String text, String user) {
        return write(caseId, FREE_TEXT, text, user);
    }

    /** The outbox's template name of a message a person wrote themselves. */
    public static final String FREE_TEXT = "free-text";

    private Written send(String caseId, String template, Map<String, String> extra, String user) {
        String orderId = cases.get(caseId).orderId();
        Order order = orders.get(orderId);
        Map<String, String> values = new HashMap<>(extra);
        values.put("buyerName", order.buyer().name());
        values.put("orderId", orderId);
        values.put("caseId", caseId);
        BigDecimal refunded = ledger.totalForCase(caseId);
        values.put("amount", Money.format(refunded, order.currency()));
        values.put("currency", order.currency());
        offers.find(caseId)
                .filter(o -> o.amount() != null)
                .ifPresent(o -> values.put("offerAmount", Money.format(o.amount(), order.currency())));
        if (templates.uses(template, "amount")
                && refunded.signum() == 0
                && !ledger.cappedForCase(caseId).isEmpty()) {
            template = ALREADY_REFUNDED;
        }
        return write(caseId, template, templates.render(template, values), user);
    }

    private Written write(String caseId, String template, String body, String user) {
        Order order = orders.get(cases.get(caseId).orderId());
        String recipient = order.platform().name() + " buyer " + order.buyer().id();
        Instant now = Instant.now();
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(
                connection -> {
                    PreparedStatement insert = connection.prepareStatement(
                            "insert into buyer_message_outbox (case_id, template, "
                                    + "recipient, body, created_at) values (?, ?, ?, ?, ?)",
                            new String[] {"id"});
                    insert.setString(1, caseId);
                    insert.setString(2, template);
                    insert.setString(3, recipient);
                    insert.setString(4, body);
                    insert.setTimestamp(5, Timestamp.from(now));
                    return insert;
                },
                key);
        cases.addRulesApplied(caseId, List.of("R-CARE-1"));
        cases.addTimeline(
                caseId, "Message to buyer" + (user == null ? "" : " by " + user) + " (" + template + ")", ": " + body);
        return new Written(
                key.getKey().longValue(),
                new BuyerMessage(caseId, template, recipient, body, now.atOffset(ZoneOffset.UTC)));
    }

    /** One message of the outbox by its id (the answer to a message request whose answer was lost, api/ProducedAnswers). */
    public BuyerMessage find(long id) {
        return jdbc.query("select * from buyer_message_outbox where id = ?", this::map, id).stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No buyer message " + id));
    }

    public List<BuyerMessage> forCase(String caseId) {
        return jdbc.query("select * from buyer_message_outbox where case_id = ? order by id", this::map, caseId);
    }

    private BuyerMessage map(ResultSet rs, int i) throws SQLException {
        return new BuyerMessage(
                rs.getString("case_id"),
                rs.getString("template"),
                rs.getString("recipient"),
                rs.getString("body"),
                rs.getTimestamp("created_at").toInstant().atOffset(ZoneOffset.UTC));
    }
}
