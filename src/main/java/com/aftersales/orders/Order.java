package com.aftersales.orders;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/**
 * An order as the shop or marketplace sends it: the facts every after-sales case starts from. Quantities are
 * whole numbers (JSON 1.5 is refused, not cut to 1); unit prices are above zero; amounts have at most the
 * currency's decimals (checked against the currency by {@code OrderController} with {@code Money}).
 */
public record Order(
        @NotBlank
        @Size(max = 64)
        @Pattern(regexp = "[A-Za-z0-9._-]+", message = "may contain only letters, digits, '.', '_' and '-'")
        String orderId,

        @NotNull Platform platform,
        @NotNull @Valid Buyer buyer,

        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as USD")
        String currency,

        @NotEmpty List<@NotNull @Valid Item> items,
        @NotNull @PositiveOrZero BigDecimal shippingFee,
        @NotNull OrderStatus status,
        @NotNull @Valid Address shippingAddress,
        @Valid Shipment shipment,

        @Schema(
                description =
                        "R-CARE-3: the buyer's tier: CORE (top 20 % by spend: served first, shorter deadlines), "
                                + "REGULAR, AT_RISK (spending less). Optional, REGULAR when absent. A case keeps the tier the order had "
                                + "when it opened; what a tier gets is the CustomerPriority table's (bpmn/customer-priority.dmn).")
        CustomerTier customerTier,

        @Schema(
                description = "How the buyer paid, when the app refunds through the payment provider: "
                        + "{\"provider\": \"STRIPE\", \"paymentIntentId\": \"pi_…\"}. Optional: without it refunds are "
                        + "ledger lines for the seller to pay (the default payment gateway).")
        @Valid
        Payment payment) {

    public Order {
        if (customerTier == null) customerTier = CustomerTier.DEFAULT;
    }

    /** An order without a payment of a provider the app refunds through (the ledger-only path). */
    public Order(
            String orderId,
            Platform platform,
            Buyer buyer,
            String currency,
            List<Item> items,
            BigDecimal shippingFee,
            OrderStatus status,
            Address shippingAddress,
            Shipment shipment,
            CustomerTier customerTier) {
        this(
                orderId,
                platform,
                buyer,
                currency,
                items,
                shippingFee,
                status,
                shippingAddress,
                shipment,
                customerTier,
                null);
    }

    /** An order that names no tier (REGULAR). */
    public Order(
            String orderId,
            Platform platform,
            Buyer buyer,
            String currency,
            List<Item> items,
            BigDecimal shippingFee,
            OrderStatus status,
            Address shippingAddress,
            Shipment shipment) {
        this(orderId, platform, buyer, currency, items, shippingFee, status, shippingAddress, shipment, null);
    }

    public enum Platform {
        AMAZON,
        EBAY,
        WHATNOT,
        ALIEXPRESS,
        SHOP
    }

    /** The payment provider the app refunds through (refunds/stripe). */
    public enum PaymentProvider {
        STRIPE
    }

    /** How the buyer paid: Stripe's PaymentIntent that refunds of the order go back to. */
    public record Payment(
            @NotNull PaymentProvider provider,

            @NotBlank
            @Size(max = 255)
            @Pattern(
                    regexp = "pi_[A-Za-z0-9_]+",
                    message = "must be a Stripe PaymentIntent id such as pi_3MtwBwLkdIwHu7ix28a3tqPa")
            String paymentIntentId) {}

    public record Buyer(
            @NotBlank @Size(max = 64) String id,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 200) String email) {}

    public record Item(
            @NotBlank @Size(max = 64) String sku,
            @NotBlank @Size(max = 300) String title,
            @NotNull @Positive @Max(1_000_000) Integer quantity,
            @NotNull @Positive BigDecimal unitPrice,
            @Size(max = 100) String category) {
        BigDecimal lineValue() {
            return unitPrice.multiply(BigDecimal.valueOf(quantity));
        }
    }

    /** Order value (policy §0): what the buyer paid for the items, without shipping. */
    public BigDecimal orderValue() {
        return items.stream().map(Item::lineValue).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** What the buyer paid: the items and the shipping fee; the most the order's refunds may add up to (issue 11, finding 3). */
    public BigDecimal amountPaid() {
        return orderValue().add(shippingFee);
    }

    public Order withStatus(OrderStatus newStatus) {
        return new Order(
                orderId,
                platform,
                buyer,
                currency,
                items,
                shippingFee,
                newStatus,
                shippingAddress,
                shipment,
                customerTier,
                payment);
    }

    public Order withShippingAddress(Address newAddress) {
        return new Order(
                orderId,
                platform,
                buyer,
                currency,
                items,
                shippingFee,
                status,
                newAddress,
                shipment,
                customerTier,
                payment);
    }

    /** R-LOST-2: the tracking number logistics corrected. */
    public Order withTrackingNumber(String trackingNumber) {
        Shipment s = shipment == null
                ? new Shipment(null, trackingNumber, null, null, null, null, null)
                : new Shipment(
                        shipment.carrier(),
                        trackingNumber,
                        shipment.shippedAt(),
                        shipment.latestDeliveryDate(),
                        shipment.deliveredAt(),
                        shipment.insured(),
                        shipment.handedToCarrier());
        return new Order(
                orderId,
                platform,
                buyer,
                currency,
                items,
                shippingFee,
                status,
                shippingAddress,
                s,
                customerTier,
                payment);
    }

    /**
     * Where the parcel is, as the cancellation and address-change rules tell it apart:
     * shipped means it has a tracking number and was handed to the carrier (policy §0, R-CAN-3).
     */
    public ShipmentStage shipmentStage() {
        return switch (status) {
            case PAID -> ShipmentStage.NOT_SHIPPED;
            case DELIVERED -> ShipmentStage.DELIVERED;
            case CANCELLED -> ShipmentStage.CANCELLED;
            case SHIPPED ->
                shipment == null
                                || shipment.trackingNumber() == null
                                || shipment.trackingNumber().isBlank()
                                || Boolean.FALSE.equals(shipment.handedToCarrier())
                        ? ShipmentStage.MARKED_SHIPPED
                        : ShipmentStage.SHIPPED;
        };
    }
}
