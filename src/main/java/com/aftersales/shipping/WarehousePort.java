package com.aftersales.shipping;

import com.aftersales.orders.Address;
import com.aftersales.orders.Order;

/** Port to the warehouse. Its answers come back as WAREHOUSE_UPDATE events on the case. */
public interface WarehousePort {

    /** R-CAN-1: hold the parcel; the warehouse answers SHIPMENT_STOPPED or ALREADY_LEFT. */
    void stopShipment(String caseId, Order order);

    /** R-ADDR-1: ship to this address instead. */
    void updateShippingAddress(String caseId, Order order, Address address);

    /** R-ADDR-2 and others: send a new unit of the order's items (stock already reserved, R-GEN-2). */
    void reship(String caseId, Order order, Address address);

    /** R-WRONG-2: send the missing accessory (procured by purchasing) to this address. */
    void shipAccessory(String caseId, Order order, Address address, String accessory);
}
