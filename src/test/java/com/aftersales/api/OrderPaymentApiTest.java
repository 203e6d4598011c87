package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The order's payment over PUT /api/orders/{id}: what refunds of the order go back to (Stripe's PaymentIntent). */
class OrderPaymentApiTest extends ApiTestSupport {

    private static String withPayment(String orderId, String paymentJson) {
        String order = ApiClient.orderJson(orderId, "PAID", "25.00", null);
        return order.substring(0, order.lastIndexOf('}')) + ", \"payment\": " + paymentJson + "}";
    }

    private static String orderId() {
        return "A-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void anOrderPaidWithStripe_keepsItsPaymentIntent() {
        String orderId = orderId();
        ApiClient.Response created = api.call(
                "PUT",
                "/api/orders/" + orderId,
                "shop",
                withPayment(
                        orderId, "{\"provider\": \"STRIPE\", \"paymentIntentId\": \"pi_3MtwBwLkdIwHu7ix28a3tqPa\"}"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        JsonNode payment =
                api.call("GET", "/api/orders/" + orderId, "shop", null).json().get("payment");
        assertThat(payment.get("provider").asText()).isEqualTo("STRIPE");
        assertThat(payment.get("paymentIntentId").asText()).isEqualTo("pi_3MtwBwLkdIwHu7ix28a3tqPa");
        assertThat(api.call("GET", "/api/orders/" + newOrder("PAID", "10.00", null), "shop", null)
                        .json()
                        .get("payment")
                        .isNull())
                .as("an order without a payment: refunds are ledger lines")
                .isTrue();
    }

    @Test
    void badPayments_400ProblemNamingTheField_nothingStored() {
        String[][] cases = {
            {"{\"provider\": \"PAYPAL\", \"paymentIntentId\": \"pi_1\"}", "provider"},
            {"{\"provider\": \"STRIPE\"}", "payment.paymentIntentId"},
            {"{\"provider\": \"STRIPE\", \"paymentIntentId\": \"ch_3MtwBwLkdIwHu7ix\"}", "payment.paymentIntentId"},
            {"{\"paymentIntentId\": \"pi_3MtwBwLkdIwHu7ix\"}", "payment.provider"},
            {"\"pi_3MtwBwLkdIwHu7ix\"", "payment"}
        };
        for (String[] bad : cases) {
            String orderId = orderId();
            ApiClient.Response refused =
                    api.call("PUT", "/api/orders/" + orderId, "shop", withPayment(orderId, bad[0]));
            assertThat(refused.status()).as(bad[0] + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body()).as(bad[0]).contains(bad[1]);
            assertThat(api.call("GET", "/api/orders/" + orderId, "shop", null).status())
                    .as("nothing stored")
                    .isEqualTo(404);
        }
    }
}
