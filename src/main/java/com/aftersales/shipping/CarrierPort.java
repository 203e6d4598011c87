package com.aftersales.shipping;

import com.aftersales.orders.Order;

/** Port to the carrier. Its answers come back as CARRIER_UPDATE events on the case. */
public interface CarrierPort {

    /** R-ADDR-2/3: stop the parcel in transit and send it back to the seller. */
    void requestIntercept(String caseId, Order order);
}
