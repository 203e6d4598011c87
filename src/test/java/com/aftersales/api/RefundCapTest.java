package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.refunds.Refund;
import com.aftersales.refunds.RefundLedger;
import com.aftersales.refunds.RefundService;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 11, finding 3: refunds per order. One open case per order and type, held by the database; across all
 * cases of an order the refunds never exceed what the buyer paid, items and shipping; what passes the cap is cut
 * to what is left (nothing left: nothing paid, the buyer told it was refunded already) and team leads review it.
 */
class RefundCapTest extends ApiTestSupport {

    private static final String IN_TRANSIT = """
            {"carrier": "UPS", "trackingNumber": "1Z800", "shippedAt": "2026-11-20T10:00:00Z", "latestDeliveryDate": "2099-01-01",
             "handedToCarrier": true, "insured": false}""";

    @Autowired
    RefundService refunds;

    @Autowired
    RefundLedger ledger;

    @Autowired
    TransactionTemplate transaction;

    private JsonNode view(String caseId) {
        return api.call("GET", "/api/cases/" + caseId, "shop", null).json();
    }

    @Test
    void finding3_twentyParallelOpens_oneCase() throws Exception {
        String orderId = newOrder("PAID", "25.00", null);
        String body =
                "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Ordered twice\"}";
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ApiClient.Response>> opens = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            opens.add(pool.submit(() -> {
                start.await();
                return openCase(body);
            }));
        }
        start.countDown();
        List<ApiClient.Response> answers = new ArrayList<>();
        for (Future<ApiClient.Response> open : opens) answers.add(open.get(120, TimeUnit.SECONDS));
        pool.shutdown();

        List<ApiClient.Response> created =
                answers.stream().filter(r -> r.status() == 201).toList();
        assertThat(created)
                .as(answers.stream().map(ApiClient.Response::body).toList().toString())
                .hasSize(1);
        String caseId = created.get(0).json().get("caseId").asText();
        List<ApiClient.Response> refused =
                answers.stream().filter(r -> r.status() != 201).toList();
        assertThat(refused).hasSize(19).allSatisfy(r -> {
            assertThat(r.status()).as(r.body()).isEqualTo(409);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("type").asText()).endsWith("case-already-open");
            assertThat(r.json().get("caseId").asText()).isEqualTo(caseId);
        });
        assertThat(api.call("GET", "/api/cases?orderId=" + orderId, "shop", null)
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(1);

        event(caseId, "{\"type\": \"WAREHOUSE_UPDATE\", \"status\": \"SHIPMENT_STOPPED\"}");
        JsonNode resolved =
                api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
        assertThat(resolved.get("refunds")).hasSize(1);
        assertThat(ledger.totalForOrder(orderId)).isEqualByComparingTo("29.99");
    }

    @Test
    void finding3_threeNotReceivedCases_refundAtMostWhatWasPaid() {
        String orderId = newOrder("SHIPPED", "10.51", IN_TRANSIT); // 10.51 + 4.99 shipping = 15.50
        List<String> caseIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String caseId = openCaseId(
                    "{\"orderId\": \"" + orderId + "\", \"type\": \"NOT_RECEIVED\", \"description\": \"Not here\"}");
            api.awaitCase(
                    caseId,
                    v -> "WAITING_FOR_BUYER".equals(v.get("status").asText())
                            || v.get("messages").size() > 0);
            event(caseId, "{\"type\": \"CARRIER_UPDATE\", \"trackingState\": \"LOST\"}");
            api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
            caseIds.add(caseId);
        }

        BigDecimal refunded = caseIds.stream()
                .map(id -> view(id).get("refundedTotal").decimalValue())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(refunded).as("what the buyer paid, not 46.50").isEqualByComparingTo("15.50");
        assertThat(ledger.totalForOrder(orderId)).isEqualByComparingTo("15.50");
        JsonNode first = view(caseIds.get(0));
        assertThat(first.get("refundedTotal").decimalValue()).isEqualByComparingTo("15.50");
        assertThat(first.get("cappedRefunds")).isEmpty();
        for (String later : caseIds.subList(1, 3)) {
            JsonNode capped = view(later);
            assertThat(capped.get("refunds")).isEmpty();
            assertThat(capped.get("refundedTotal").decimalValue()).isEqualByComparingTo("0");
            JsonNode cut = capped.get("cappedRefunds").get(0);
            assertThat(cut.get("requested").decimalValue()).isEqualByComparingTo("15.50");
            assertThat(cut.get("paid").decimalValue()).isEqualByComparingTo("0");
            assertThat(capped.get("messages").toString())
                    .as("the buyer is told, not promised a refund of 0.00")
                    .contains("already-refunded")
                    .doesNotContain("refund-issued");
            assertThat(capped.get("timeline").toString()).contains("has nothing left to refund");

            // team leads see the review task in Tasklist (their task list over /engine-rest); agents do not
            String reviewTask = cut.get("reviewTaskId").asText();
            ApiClient.Response asLead = api.call("GET", "/engine-rest/task/" + reviewTask, "lead", null);
            assertThat(asLead.status()).as(asLead.body()).isEqualTo(200);
            assertThat(asLead.json().get("name").asText())
                    .isEqualTo("Review capped refund: order " + orderId + ", case " + later);
            assertThat(api.call(
                                    "GET",
                                    "/engine-rest/task?candidateGroup=team-leads&nameLike=%25" + later + "%25",
                                    "lead",
                                    null)
                            .json())
                    .hasSize(1);
            assertThat(api.call("GET", "/engine-rest/task?nameLike=%25" + later + "%25", "agent", null)
                            .json())
                    .isEmpty();
        }
    }

    @Test
    void finding3_twoCasesOfOneOrderRefundAtTheSameMoment_withinWhatTheBuyerPaid() throws Exception {
        String orderId = newOrder("SHIPPED", "40.00", IN_TRANSIT); // above the reship limit: refunds, no reship
        String addressChange = openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"ADDRESS_CHANGE\", \"description\": \"Moved\", "
                        + "\"newAddress\": {\"name\": \"Ana Ruiz\", \"line1\": \"9 Oak Ave\", \"city\": \"Dallas\", \"postalCode\": \"75201\", \"country\": \"US\"}}");
        api.awaitCase(addressChange, v -> hasTask(v, "Task_AgreeAddressSolution"));
        agentSubmits(
                addressChange, "AgreeAddressSolution", "{\"addressSolution\": {\"value\": \"REFUSE_AND_REFUND\"}}");
        api.awaitCase(
                addressChange, v -> "WAITING_FOR_RETURN".equals(v.get("status").asText()));
        String notReceived = openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"NOT_RECEIVED\", \"description\": \"Not here\"}");
        api.awaitCase(notReceived, v -> v.get("messages").size() > 0);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        Future<?> back = pool.submit(() -> {
            start.await();
            event(
                    addressChange,
                    "{\"type\": \"CARRIER_UPDATE\", \"trackingState\": \"RETURNED_TO_SENDER\"}"); // item: 40.00
            return null;
        });
        Future<?> lost = pool.submit(() -> {
            start.await();
            event(
                    notReceived,
                    "{\"type\": \"CARRIER_UPDATE\", \"trackingState\": \"LOST\"}"); // item and shipping: 44.99
            return null;
        });
        start.countDown();
        back.get(60, TimeUnit.SECONDS);
        lost.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        JsonNode first = api.awaitCase(
                addressChange, v -> "RESOLVED".equals(v.get("status").asText()));
        JsonNode second = api.awaitCase(
                notReceived, v -> "RESOLVED".equals(v.get("status").asText()));

        assertThat(first.get("refundedTotal")
                        .decimalValue()
                        .add(second.get("refundedTotal").decimalValue()))
                .as("what the buyer paid, not 84.99")
                .isEqualByComparingTo("44.99");
        assertThat(ledger.totalForOrder(orderId)).isEqualByComparingTo("44.99");
        assertThat(first.get("cappedRefunds").size()
                        + second.get("cappedRefunds").size())
                .as("the later one was cut")
                .isEqualTo(1);
    }

    @Test
    void finding3_twoNodesRefundTwoCasesOfOneOrder_theOrderRowLockMakesTheSecondWait_andItGetsWhatIsLeft()
            throws Exception {
        String orderId = newOrder("PAID", "25.00", null); // 29.99 paid
        String cancellation = openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Twice\"}");
        String addressChange = openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"ADDRESS_CHANGE\", \"description\": \"Moved\", "
                        + "\"newAddress\": {\"name\": \"Ana Ruiz\", \"line1\": \"9 Oak Ave\", \"city\": \"Dallas\", \"postalCode\": \"75201\", \"country\": \"US\"}}");
        String purpose = "TEST_" + UUID.randomUUID().toString().substring(0, 8);

        // node A pays and keeps its transaction open a while; node B (its own connection) refunds the other case
        // meanwhile
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        CountDownLatch aPaid = new CountDownLatch(1);
        Future<Refund> nodeA = nodes.submit(() -> transaction.execute(status -> {
            Refund paid = refunds.issue(cancellation, purpose, new BigDecimal("29.99"), "node A", "R-CAN-1");
            aPaid.countDown();
            sleep(700);
            return paid;
        }));
        aPaid.await(30, TimeUnit.SECONDS);
        long started = System.nanoTime();
        Future<Refund> nodeB = nodes.submit(() -> transaction.execute(
                status -> refunds.issue(addressChange, purpose, new BigDecimal("29.99"), "node B", "R-ADDR-3")));
        Refund a = nodeA.get(30, TimeUnit.SECONDS);
        Refund b = nodeB.get(30, TimeUnit.SECONDS);
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        nodes.shutdown();

        assertThat(a.amount()).isEqualByComparingTo("29.99");
        assertThat(b).as("nothing was left once node A committed").isNull();
        assertThat(waitedMillis)
                .as("node B waited for node A's lock on the order")
                .isGreaterThanOrEqualTo(400);
        assertThat(ledger.totalForOrder(orderId)).isEqualByComparingTo("29.99");
        assertThat(view(addressChange).get("cappedRefunds").get(0).get("paid").decimalValue())
                .isEqualByComparingTo("0");
    }
}
