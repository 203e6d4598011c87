package com.aftersales.shipping;

import com.aftersales.orders.Order;
import java.math.BigDecimal;

/** Port to the carrier. Its answers come back as CARRIER_UPDATE events on the case. */
public interface CarrierPort {

    /** R-ADDR-2/3: stop the parcel in transit and send it back to the seller. */
    void requestIntercept(String caseId, Order order);

    /**
     * R-LOST-1..5: the parcel's tracking state as the carrier knows it now, one of the CARRIER_UPDATE
     * states (IN_TRANSIT, DELIVERED, LOST, RETURNED_TO_SENDER, CUSTOMS_HOLD, INVALID).
     * {@code attempt} counts the queries of the case (1, 2, …).
     */
    String queryTracking(String caseId, Order order, int attempt);

    /**
     * R-GEN-3, R-GEN-5: a return label for the item of the order (once per case) and what its return
     * shipping costs, in the order's currency. {@code paidBy} (SELLER, BUYER, PLATFORM) says who is charged.
     */
    BigDecimal returnLabel(String caseId, Order order, String paidBy);
}
