package com.aftersales.orders;

import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** {@code handedToCarrier}: false while the parcel is marked shipped but not yet with the carrier (R-CAN-3). */
public record Shipment(
        @Size(max = 64) String carrier,
        @Size(max = 64) String trackingNumber,
        OffsetDateTime shippedAt,
        LocalDate latestDeliveryDate,
        OffsetDateTime deliveredAt,
        Boolean insured,
        Boolean handedToCarrier) {}
