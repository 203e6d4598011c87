package com.aftersales.refunds.stripe;

import com.aftersales.config.PermanentJobFailure;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderRepository;
import com.aftersales.refunds.LedgerOnlyPaymentGateway;
import com.aftersales.refunds.PaymentGateway;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Refund;
import com.stripe.net.RequestOptions;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * Refunds orders paid with Stripe through Stripe's Refunds API (POST /v1/refunds: the order's PaymentIntent, the
 * amount in the currency's smallest unit), with the ledger line's key (case id + purpose) as Stripe's
 * {@code Idempotency-Key}: the refund step runs in the job's transaction, so when the job fails after Stripe
 * answered (a crash, a rollback) its retry sends the same key and Stripe answers with the refund it already made
 * instead of paying again. Stripe forgets a key after 24 hours, so each refund first lists the PaymentIntent's refunds
 * (GET /v1/refunds?payment_intent=…) and takes the one whose metadata names the ledger line, if there is one: a job
 * retried days later (an incident retried from Cockpit) pays nothing either. Orders without a Stripe payment go the
 * ledger-only way.
 * <p>
 * Stripe's refusals (4xx: already refunded, more than is left of the payment, an unknown PaymentIntent, a wrong API
 * key) are incidents at once, with Stripe's message ({@link PermanentJobFailure}); 409, 429, 5xx and no answer at
 * all fail the job for its retries (then an incident). Active when {@code aftersales.stripe.api-key}
 * ({@code AFTERSALES_STRIPE_API_KEY}) is set; {@code aftersales.stripe.api-base} ({@code AFTERSALES_STRIPE_API_BASE})
 * points it elsewhere than https://api.stripe.com (a test double).
 */
@Component
@Primary
@ConditionalOnExpression("!'${aftersales.stripe.api-key:}'.isBlank()")
public class StripePaymentGateway implements PaymentGateway {

    private static final Logger log = LoggerFactory.getLogger(StripePaymentGateway.class);

    /** Metadata on the Stripe refund: the ledger line it pays. */
    static final String LEDGER_KEY = "aftersales_refund_key";

    private final StripeClient stripe;
    private final OrderRepository orders;
    private final PaymentGateway ledgerOnly = new LedgerOnlyPaymentGateway();

    public StripePaymentGateway(
            @Value("${aftersales.stripe.api-key}") String apiKey,
            @Value("${aftersales.stripe.api-base:}") String apiBase,
            OrderRepository orders) {
        StripeClient.StripeClientBuilder builder = StripeClient.builder()
                .setApiKey(apiKey.trim())
                // the job's retry cycle retries; the client itself does not (one attempt per job run)
                .setMaxNetworkRetries(0)
                .setConnectTimeout(10_000)
                .setReadTimeout(30_000);
        if (!apiBase.isBlank()) builder.setApiBase(apiBase.trim());
        this.stripe = builder.build();
        this.orders = orders;
        log.info(
                "Refunds of orders paid with Stripe go through Stripe's API{}",
                apiBase.isBlank() ? "" : " at " + apiBase);
    }

    @Override
    public String refund(RefundOrder refund) {
        Order order = orders.get(refund.orderId());
        Order.Payment payment = order.payment();
        if (payment == null || payment.provider() != Order.PaymentProvider.STRIPE) {
            return ledgerOnly.refund(refund);
        }
        Refund earlier = earlierRefund(payment.paymentIntentId(), refund);
        if (earlier != null) {
            log.info(
                    "Stripe refund {} of {} already pays {}; not refunded again",
                    earlier.getId(),
                    payment.paymentIntentId(),
                    refund.idempotencyKey());
            return checked(earlier, refund, payment);
        }
        RefundCreateParams params = RefundCreateParams.builder()
                .setPaymentIntent(payment.paymentIntentId())
                .setAmount(StripeAmounts.minorUnits(refund.amount(), refund.currency()))
                .setReason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER)
                .putMetadata(LEDGER_KEY, refund.idempotencyKey())
                .putMetadata("order_id", refund.orderId())
                .build();
        RequestOptions options = RequestOptions.builder()
                .setIdempotencyKey(refund.idempotencyKey())
                .build();
        Refund made;
        try {
            made = stripe.v1().refunds().create(params, options);
        } catch (StripeException e) {
            throw failure(refund, e);
        }
        checked(made, refund, payment);
        log.info(
                "Stripe refund {} ({}): {} {} of {} for order {} (key {})",
                made.getId(),
                made.getStatus(),
                refund.amount(),
                refund.currency(),
                payment.paymentIntentId(),
                refund.orderId(),
                refund.idempotencyKey());
        return made.getId();
    }

    /**
     * The refund of the PaymentIntent that already pays this ledger line (its metadata names the line's key), if any.
     * Stripe keeps an Idempotency-Key for 24 hours; a job retried later (an incident retried from Cockpit days after
     * a crash) finds the earlier refund here instead of paying again.
     */
    private Refund earlierRefund(String paymentIntentId, RefundOrder refund) {
        try {
            for (Refund existing : stripe.v1()
                    .refunds()
                    .list(RefundListParams.builder()
                            .setPaymentIntent(paymentIntentId)
                            .setLimit(100L)
                            .build())
                    .getData()) {
                if (existing.getMetadata() != null
                        && refund.idempotencyKey().equals(existing.getMetadata().get(LEDGER_KEY))
                        && !"failed".equals(existing.getStatus())
                        && !"canceled".equals(existing.getStatus())) {
                    return existing;
                }
            }
            return null;
        } catch (StripeException e) {
            throw failure(refund, e);
        }
    }

    /** Stripe's refund as the ledger may record it: in the order's currency, not failed. @return its id */
    private static String checked(Refund made, RefundOrder refund, Order.Payment payment) {
        if (!refund.currency().equalsIgnoreCase(made.getCurrency())) {
            throw new PermanentJobFailure("Stripe refunded " + made.getAmount() + " " + made.getCurrency() + " ("
                    + made.getId() + ") of PaymentIntent " + payment.paymentIntentId() + ", but order "
                    + refund.orderId() + " is in " + refund.currency()
                    + ": check the order's payment in Stripe's dashboard before retrying");
        }
        if ("failed".equals(made.getStatus()) || "canceled".equals(made.getStatus())) {
            throw new PermanentJobFailure("Stripe's refund " + made.getId() + " of PaymentIntent "
                    + payment.paymentIntentId() + " is " + made.getStatus()
                    + (made.getFailureReason() == null ? "" : " (" + made.getFailureReason() + ")"));
        }
        return made.getId();
    }

    /** 409 (the same key in flight), 429, 5xx and no answer: worth retrying; any other answer is Stripe's refusal. */
    private static RuntimeException failure(RefundOrder refund, StripeException e) {
        Integer status = e.getStatusCode();
        String text = e.getStripeError() != null && e.getStripeError().getMessage() != null
                ? e.getStripeError().getMessage()
                : e.getMessage();
        String code = e.getCode() == null ? "" : " (" + e.getCode() + ")";
        String where = "refund " + refund.idempotencyKey() + " of order " + refund.orderId();
        if (status == null || status == 409 || status == 429 || status >= 500) {
            return new IllegalStateException(
                    "Stripe did not take " + where + " ("
                            + (status == null ? "no answer" : "HTTP " + status) + "): " + text + code
                            + "; the job tries again with the same Idempotency-Key",
                    e);
        }
        return new PermanentJobFailure("Stripe refused " + where + " (HTTP " + status + ")" + code + ": " + text, e);
    }
}
