package com.aftersales.webhooks;

import com.aftersales.config.ApiProblem;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderRepository;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The open cases (not RESOLVED or CLOSED) whose order's parcel has a tracking number, and delivering an event to
 * each of them as {@code POST /api/cases/{caseId}/events} would.
 */
@Component
class TrackedCases {

    private final JdbcTemplate jdbc;
    private final OrderRepository orders;

    TrackedCases(JdbcTemplate jdbc, OrderRepository orders) {
        this.jdbc = jdbc;
        this.orders = orders;
    }

    /** Open cases of the orders whose shipment has exactly this tracking number, oldest first. */
    List<String> openCases(String trackingNumber) {
        if (!trackingNumber.matches("[A-Za-z0-9._-]{1,64}")) {
            throw ApiProblem.invalid("tracking_number", "is not a tracking number (letters, digits, '.', '_', '-')");
        }
        // the order document is the JSON the app wrote (no spaces): a LIKE narrows, the parsed shipment decides
        String pattern = "%\"trackingNumber\":\"" + trackingNumber.replace("_", "!_") + "\"%";
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select c.case_id, c.order_id from after_sales_case c join sales_order o on o.order_id = c.order_id
                 where c.status not in ('RESOLVED', 'CLOSED') and o.document like ? escape '!'
                 order by c.opened_at, c.case_id""", pattern);
        return rows.stream()
                .filter(row -> {
                    Order order = orders.get(row.get("order_id").toString());
                    return order.shipment() != null
                            && trackingNumber.equals(order.shipment().trackingNumber());
                })
                .map(row -> row.get("case_id").toString())
                .toList();
    }
}
