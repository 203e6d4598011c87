package com.aftersales.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.orders.Order;
import com.aftersales.refunds.Refund;
import com.aftersales.refunds.RefundService;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * R-GEN-4 with Stripe: a case's refund is one Stripe refund of the order's PaymentIntent, in the currency's smallest
 * unit, with the ledger line's key as Idempotency-Key; Stripe's refusals are incidents with Stripe's message, its
 * outages go through the job's retries; a crash after Stripe's answer never pays twice.
 */
class StripeRefundTest extends ConnectorTestSupport {

    @Autowired
    RefundService refunds;

    @Autowired
    TransactionTemplate transaction;

    @BeforeEach
    void freshStripe() {
        STRIPE.resetAll();
        // GET /v1/refunds?payment_intent=…: no refunds of the PaymentIntent yet (a list object of Stripe's API)
        STRIPE.stubFor(get(urlPathEqualTo("/v1/refunds"))
                .atPriority(10)
                .willReturn(
                        okJson("{\"object\": \"list\", \"data\": [], \"has_more\": false, \"url\": \"/v1/refunds\"}")));
    }

    private static String paymentIntent() {
        return "pi_3Q" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    /** Stripe's refund object (API reference, "The Refund object") as POST /v1/refunds answers it. */
    private static String refundObject(String id, long amount, String currency, String paymentIntent, String key) {
        return """
                {"id": "%s", "object": "refund", "amount": %d, "balance_transaction": "txn_1Q2w3e4r5t6y7u8i",
                 "charge": "ch_3Q1a2b3c4d5e6f7g", "created": 1764680400, "currency": "%s", "destination_details": null,
                 "metadata": {"aftersales_refund_key": "%s"}, "payment_intent": "%s", "reason": "requested_by_customer",
                 "receipt_number": null, "source_transfer_reversal": null, "status": "succeeded", "transfer_reversal": null}""".formatted(id, amount, currency, key, paymentIntent);
    }

    /** Stripe's error object (API reference, "Errors"). */
    private static String stripeError(String type, String code, String message) {
        return """
                {"error": {"type": "%s", "code": "%s", "message": "%s",
                 "doc_url": "https://stripe.com/docs/error-codes/%s", "request_log_url": "https://dashboard.stripe.com/test/logs/req_1"}}""".formatted(type, code, message, code.replace('_', '-'));
    }

    private static void stripeAnswers(String paymentIntent, int status, String body) {
        STRIPE.stubFor(post(urlPathEqualTo("/v1/refunds"))
                .withRequestBody(containing("payment_intent=" + paymentIntent))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("Request-Id", "req_" + status)
                        .withBody(body)));
    }

    private static List<LoggedRequest> refundCalls(String paymentIntent) {
        return STRIPE.findAll(postRequestedFor(urlPathEqualTo("/v1/refunds"))
                .withRequestBody(containing("payment_intent=" + paymentIntent)));
    }

    private static Map<String, String> form(LoggedRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return form;
    }

    @Test
    void rGen4_rCan1_refundIsOneStripeRefundOfTheOrdersPaymentIntent_inCents_withTheLedgerKeyAsIdempotencyKey() {
        String pi = paymentIntent();
        Order order = paidOrder("USD", "25.00", "4.99", pi, "ana@example.com");
        stripeAnswers(pi, 200, refundObject("re_3QhappyUSD", 2999, "usd", pi, "k"));

        String caseId = cancelledUpToTheRefund(order);

        List<LoggedRequest> calls = refundCalls(pi);
        assertThat(calls).hasSize(1);
        LoggedRequest call = calls.get(0);
        assertThat(form(call))
                .containsEntry("payment_intent", pi)
                .containsEntry("amount", "2999")
                .containsEntry("reason", "requested_by_customer")
                .containsEntry("metadata[aftersales_refund_key]", caseId + ":CANCELLATION");
        assertThat(call.getHeader("Idempotency-Key")).isEqualTo(caseId + ":CANCELLATION");
        assertThat(call.getHeader("Authorization")).isEqualTo("Bearer sk_test_connectors");
        assertThat(call.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");

        Refund line = ledger.find(caseId, "CANCELLATION").orElseThrow();
        assertThat(line.amount()).isEqualByComparingTo("29.99");
        assertThat(line.currency()).isEqualTo("USD");
        assertThat(line.gatewayReference()).isEqualTo("re_3QhappyUSD");
        assertThat(Refund.idempotencyKey(caseId, line.purpose())).isEqualTo(call.getHeader("Idempotency-Key"));
        assertThat(cases.get(caseId).resolution()).isEqualTo("CANCELLED");
        assertThat(incidents(caseId)).isEmpty();
    }

    @Test
    void zeroDecimalCurrency_yenAreSentAsThey_are_notTimesAHundred() {
        String pi = paymentIntent();
        Order order = paidOrder("JPY", "1200", "300", pi, "ken@example.jp");
        stripeAnswers(pi, 200, refundObject("re_3QhappyJPY", 1500, "jpy", pi, "k"));

        String caseId = cancelledUpToTheRefund(order);

        assertThat(refundCalls(pi))
                .singleElement()
                .satisfies(call -> assertThat(form(call)).containsEntry("amount", "1500"));
        Refund line = ledger.find(caseId, "CANCELLATION").orElseThrow();
        assertThat(line.amount()).isEqualByComparingTo("1500");
        assertThat(line.currency()).isEqualTo("JPY");
        assertThat(line.gatewayReference()).isEqualTo("re_3QhappyJPY");
    }

    @Test
    void rGen4_duplicateDelivery_theSameRefundAskedAgain_noSecondStripeCall_oneLedgerLine() {
        String pi = paymentIntent();
        Order order = paidOrder("USD", "25.00", "4.99", pi, "ana@example.com");
        stripeAnswers(pi, 200, refundObject("re_3Qduplicate", 2999, "usd", pi, "k"));
        String caseId = cancelledUpToTheRefund(order);

        // the refund job delivered a second time (another node whose lock expired, a retried job)
        Refund again = transaction.execute(
                s -> refunds.issue(caseId, "CANCELLATION", new BigDecimal("29.99"), "again", "R-CAN-1"));

        assertThat(again.gatewayReference()).isEqualTo("re_3Qduplicate");
        assertThat(refundCalls(pi)).hasSize(1);
        assertThat(ledger.forCase(caseId)).hasSize(1);
        assertThat(timeline(caseId)).contains("Refund CANCELLATION was already issued; not paid again");
    }

    @Test
    void rGen4_crashBetweenStripesAnswerAndTheCommit_theRetrySendsTheSameIdempotencyKey_oneRefund() {
        String pi = paymentIntent();
        Order order = paidOrder("USD", "25.00", "4.99", pi, "ana@example.com");
        // Stripe replays the answer of a key it has seen: the same refund, however often the key comes
        stripeAnswers(pi, 200, refundObject("re_3Qcrash", 2999, "usd", pi, "k"));
        String caseId = cancelledBeforeTheRefund(order);

        Job refundJob =
                jobs(caseId).stream().filter(this::isRefundJob).findFirst().orElseThrow();
        // the node runs the refund job: Stripe refunds, then the node dies before its transaction commits
        try {
            transaction.executeWithoutResult(s -> {
                management.executeJob(refundJob.getId());
                assertThat(refundCalls(pi)).as("Stripe answered").hasSize(1);
                throw new IllegalStateException("the node died before the commit");
            });
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("the node died before the commit");
        }
        assertThat(ledger.forCase(caseId)).as("rolled back with the job").isEmpty();

        // the job is still there: it runs again (another node, or this one restarted); Stripe's list does not show
        // the refund yet (the default stub), so the retry asks again, with the same key: Stripe replays its answer
        management.executeJob(refundJob.getId());

        List<LoggedRequest> calls = refundCalls(pi);
        assertThat(calls).hasSize(2);
        assertThat(calls)
                .extracting(c -> c.getHeader("Idempotency-Key"))
                .containsExactly(caseId + ":CANCELLATION", caseId + ":CANCELLATION");
        assertThat(form(calls.get(1))).isEqualTo(form(calls.get(0)));
        assertThat(ledger.forCase(caseId))
                .singleElement()
                .satisfies(line -> assertThat(line.gatewayReference()).isEqualTo("re_3Qcrash"));
    }

    @Test
    void stripeDown_503_theJobRetriesWithTheSameKey_thenAnIncidentWithTheMessage() {
        String pi = paymentIntent();
        Order order = paidOrder("USD", "25.00", "4.99", pi, "ana@example.com");
        stripeAnswers(pi, 503, stripeError("api_error", "service_unavailable", "Stripe is temporarily unavailable."));

        String caseId = cancelledUpToTheRefund(order);
        Job job = failedJob(caseId);
        assertThat(job.getRetries()).as("retries left after the first failure").isPositive();
        assertThat(incidents(caseId)).isEmpty();
        for (int attempt = 0; attempt < 10 && incidents(caseId).isEmpty(); attempt++) {
            try {
                management.executeJob(job.getId());
            } catch (RuntimeException stillDown) {
                assertThat(stillDown).hasMessageContaining("HTTP 503");
            }
        }

        List<Incident> incidents = incidents(caseId);
        assertThat(incidents)
                .singleElement()
                .satisfies(incident -> assertThat(incident.getIncidentMessage())
                        .contains("Stripe did not take refund " + caseId + ":CANCELLATION")
                        .contains("HTTP 503")
                        .contains("Stripe is temporarily unavailable."));
        List<LoggedRequest> calls = refundCalls(pi);
        assertThat(calls).hasSizeGreaterThan(1);
        assertThat(calls).extracting(c -> c.getHeader("Idempotency-Key")).containsOnly(caseId + ":CANCELLATION");
        assertThat(ledger.forCase(caseId)).isEmpty();

        // Stripe is back; the process owner retries the job from Cockpit: one refund
        stripeAnswers(pi, 200, refundObject("re_3Qback", 2999, "usd", pi, "k"));
        management.setJobRetries(job.getId(), 1);
        management.executeJob(job.getId());
        assertThat(ledger.forCase(caseId))
                .singleElement()
                .satisfies(line -> assertThat(line.gatewayReference()).isEqualTo("re_3Qback"));
        assertThat(incidents(caseId)).isEmpty();
    }

    @Test
    void stripeRefuses_chargeAlreadyRefunded_anIncidentAtOnceWithStripesText_nothingInTheLedger() {
        String pi = paymentIntent();
        Order order = paidOrder("USD", "25.00", "4.99", pi, "ana@example.com");
        stripeAnswers(
                pi,
                400,
                stripeError(
                        "invalid_request_error",
                        "charge_already_refunded",
                        "Charge ch_3Q1a2b3c4d5e6f7g has already been refunded."));

        String caseId = cancelledUpToTheRefund(order);

        assertThat(refundCalls(pi))
                .as("not retried: Stripe's answer would be the same")
                .hasSize(1);
        assertThat(incidents(caseId))
                .singleElement()
                .satisfies(incident -> assertThat(incident.getIncidentMessage())
                        .contains("Stripe refused refund " + caseId + ":CANCELLATION")
                        .contains("charge_already_refunded")
                        .contains("Charge ch_3Q1a2b3c4d5e6f7g has already been refunded."));
        assertThat(ledger.forCase(caseId)).isEmpty();
    }

    @Test
    void anOrderWithoutAStripePayment_staysOnTheLedgerOnlyPath_noStripeCall() {
        Order order = paidOrder("USD", "25.00", "4.99", null, "ana@example.com");

        String caseId = cancelledUpToTheRefund(order);

        assertThat(STRIPE.getAllServeEvents()).isEmpty();
        assertThat(ledger.find(caseId, "CANCELLATION").orElseThrow().gatewayReference())
                .isEqualTo("LEDGER-" + caseId + ":CANCELLATION");
    }

    @Test
    void rGen4_anIncidentRetriedAfterStripeForgotTheKey_findsTheEarlierRefundByItsMetadata_noSecondRefund() {
        String pi = paymentIntent();
        Order order = paidOrder("USD", "25.00", "4.99", pi, "ana@example.com");
        String caseId = cancelledBeforeTheRefund(order);
        // days ago a node refunded, then died before its commit; Stripe has the refund, and has forgotten the key
        STRIPE.stubFor(get(urlPathEqualTo("/v1/refunds"))
                .withQueryParam("payment_intent", equalTo(pi))
                .atPriority(1)
                .willReturn(okJson("{\"object\": \"list\", \"has_more\": false, \"url\": \"/v1/refunds\", \"data\": ["
                        + refundObject("re_3QdaysAgo", 2999, "usd", pi, caseId + ":CANCELLATION") + "]}")));

        runJobs(caseId);

        assertThat(refundCalls(pi)).as("no new refund").isEmpty();
        assertThat(STRIPE.findAll(
                        getRequestedFor(urlPathEqualTo("/v1/refunds")).withQueryParam("payment_intent", equalTo(pi))))
                .hasSize(1);
        assertThat(ledger.find(caseId, "CANCELLATION").orElseThrow().gatewayReference())
                .isEqualTo("re_3QdaysAgo");
    }
}
