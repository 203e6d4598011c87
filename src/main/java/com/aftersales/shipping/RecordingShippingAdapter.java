package com.aftersales.shipping;

import com.aftersales.orders.Address;
import com.aftersales.orders.Money;
import com.aftersales.orders.Order;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Default adapter of the warehouse and carrier ports: records each request in {@code shipping_request}
 * (one per case and kind, so a retried job records once), where the warehouse and carrier
 * integrations pick them up. Replace it with a bean that calls the real systems.
 */
@Component
public class RecordingShippingAdapter implements WarehousePort, CarrierPort {

    public record ShippingRequest(String caseId, String kind, String details) {}

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    private final BigDecimal returnShippingQuote;

    public RecordingShippingAdapter(
            JdbcTemplate jdbc,
            ObjectMapper json,
            @Value("${aftersales.return-shipping-quote:7.50}") BigDecimal returnShippingQuote) {
        this.jdbc = jdbc;
        this.json = json;
        this.returnShippingQuote = returnShippingQuote;
    }

    /**
     * Records the label request (kind RETURN_LABEL_SELLER / RETURN_LABEL_BUYER …) for the carrier
     * integration and answers with the flat quote of {@code aftersales.return-shipping-quote}, rounded up to the
     * order's currency (7.50 is 8 JPY): a stand-in quote, not a price anyone pays; a real carrier adapter answers
     * with the carrier's price for the parcel.
     */
    @Override
    public BigDecimal returnLabel(String caseId, Order order, String paidBy) {
        record(caseId, "RETURN_LABEL_" + paidBy, order, null);
        return returnShippingQuote.setScale(Money.decimals(order.currency()), RoundingMode.UP);
    }

    @Override
    public void stopShipment(String caseId, Order order) {
        record(caseId, "WAREHOUSE_STOP_SHIPMENT", order, null);
    }

    @Override
    public void updateShippingAddress(String caseId, Order order, Address address) {
        record(caseId, "WAREHOUSE_ADDRESS_UPDATE", order, address);
    }

    @Override
    public void reship(String caseId, Order order, Address address) {
        record(caseId, "WAREHOUSE_RESHIP", order, address);
    }

    @Override
    public void shipAccessory(String caseId, Order order, Address address, String accessory) {
        record(caseId, "WAREHOUSE_SHIP_ACCESSORY", order, address, accessory);
    }

    @Override
    public void requestIntercept(String caseId, Order order) {
        record(caseId, "CARRIER_INTERCEPT", order, null);
    }

    /**
     * Records the query (kind CARRIER_TRACKING_QUERY, then _2, _3 … for later checks) for the carrier
     * integration and answers from the order's shipment facts: no tracking number → INVALID, a delivery
     * date → DELIVERED, else IN_TRANSIT. The carrier's own later answers arrive as CARRIER_UPDATE events.
     */
    @Override
    public String queryTracking(String caseId, Order order, int attempt) {
        record(caseId, attempt <= 1 ? "CARRIER_TRACKING_QUERY" : "CARRIER_TRACKING_QUERY_" + attempt, order, null);
        if (order.shipment() == null
                || order.shipment().trackingNumber() == null
                || order.shipment().trackingNumber().isBlank()) {
            return "INVALID";
        }
        return order.shipment().deliveredAt() != null ? "DELIVERED" : "IN_TRANSIT";
    }

    public List<ShippingRequest> forCase(String caseId) {
        return jdbc.query(
                "select case_id, kind, details from shipping_request where case_id = ? order by created_at, kind",
                (rs, i) -> new ShippingRequest(rs.getString(1), rs.getString(2), rs.getString(3)),
                caseId);
    }

    private void record(String caseId, String kind, Order order, Address address) {
        record(caseId, kind, order, address, null);
    }

    private void record(String caseId, String kind, Order order, Address address, String accessory) {
        Integer known = jdbc.queryForObject(
                "select count(*) from shipping_request where case_id = ? and kind = ?", Integer.class, caseId, kind);
        if (known != null && known > 0) return;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("orderId", order.orderId());
        details.put("items", order.items());
        if (order.shipment() != null) {
            details.put("carrier", order.shipment().carrier());
            details.put("trackingNumber", order.shipment().trackingNumber());
        }
        if (address != null) details.put("address", address);
        if (accessory != null) details.put("accessory", accessory);
        try {
            jdbc.update(
                    "insert into shipping_request (case_id, kind, details, created_at) values (?, ?, ?, ?)",
                    caseId,
                    kind,
                    json.writeValueAsString(details),
                    Timestamp.from(Instant.now()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Shipping request cannot be written as JSON", e);
        }
    }
}
