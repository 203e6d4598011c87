package com.aftersales.orders;

/** Process variable {@code shipmentStage}: where the parcel is, as the flows' gateways read it. */
public enum ShipmentStage {
    NOT_SHIPPED,
    MARKED_SHIPPED,
    SHIPPED,
    DELIVERED,
    CANCELLED
}
