package com.aftersales.refunds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aftersales.cases.CaseType;
import com.aftersales.flows.FlowTestSupport;
import com.aftersales.orders.Money;
import com.aftersales.orders.Order;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** R-GEN-4: a refund is executed exactly once, whoever asks how often. */
class RefundServiceTest extends FlowTestSupport {

    @Autowired
    RefundService refunds;

    @Autowired
    TransactionTemplate transaction;

    private String caseFor(Order order) {
        return open(CaseType.CANCELLATION, order, "Test", null);
    }

    @Test
    void rGen4_sameCaseAndPurposeTwice_paysOnce_andTheSecondCallGetsTheFirstRefund() {
        Order order = paidOrder("25.00");
        String caseId = caseFor(order);
        Refund first = refunds.issue(caseId, "CANCELLATION", new BigDecimal("29.99"), "test", "R-CAN-1");
        Refund again = refunds.issue(caseId, "CANCELLATION", new BigDecimal("29.99"), "test", "R-CAN-1");

        assertThat(again).usingRecursiveComparison().ignoringFields("issuedAt").isEqualTo(first);
        assertThat(again.issuedAt())
                .isCloseTo(
                        first.issuedAt(),
                        org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MILLIS));
        assertThat(ledger.forCase(caseId)).hasSize(1);
        assertThat(first.gatewayReference()).isEqualTo("LEDGER-" + caseId + ":CANCELLATION");
    }

    @Test
    void rGen4_eightConcurrentAttempts_oneLedgerLine() throws Exception {
        Order order = paidOrder("25.00");
        String caseId = caseFor(order);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Callable<Boolean> attempt = () -> {
                try {
                    transaction.executeWithoutResult(
                            s -> refunds.issue(caseId, "CANCELLATION", new BigDecimal("29.99"), "test", "R-CAN-1"));
                    return true;
                } catch (RuntimeException refusedByTheDatabase) {
                    return false;
                }
            };
            attempts.add(pool.submit(attempt));
        }
        for (Future<Boolean> attempt : attempts) attempt.get();
        pool.shutdown();

        assertThat(ledger.forCase(caseId)).hasSize(1);
        assertThat(ledger.totalForCase(caseId)).isEqualByComparingTo("29.99");
    }

    @Test
    void finding3_moreThanIsLeftOnTheOrder_isCutToWhatIsLeft_andTeamLeadsGetAReviewTask() {
        Order order = paidOrder("25.00");
        String caseId = caseFor(order);
        refunds.issue(caseId, "KEEP_OFFER", new BigDecimal("20.00"), "test", "R-CAN-2");
        Refund rest = refunds.issue(caseId, "RETURN", new BigDecimal("10.00"), "test", "R-CAN-2");

        assertThat(rest.amount()).isEqualByComparingTo("9.99");
        assertThat(rest.reason()).contains("cut to what was left of the order (10.00 asked)");
        assertThat(ledger.totalForCase(caseId)).isEqualByComparingTo("29.99");
        CappedRefund capped = ledger.findCapped(caseId, "RETURN").orElseThrow();
        assertThat(capped.requested()).isEqualByComparingTo("10.00");
        assertThat(capped.paid()).isEqualByComparingTo("9.99");
        Task review = tasks.createTaskQuery().taskId(capped.reviewTaskId()).singleResult();
        assertThat(review.getName()).isEqualTo("Review capped refund: order " + order.orderId() + ", case " + caseId);
        assertThat(tasks.getIdentityLinksForTask(review.getId()))
                .extracting(IdentityLink::getGroupId)
                .containsExactly("team-leads");
    }

    @Test
    void finding3_theCapCountsEveryCaseOfTheOrder_nothingLeft_nothingPaid_onceEvenWhenAskedAgain() {
        Order order = paidOrder("25.00");
        String cancellation = caseFor(order);
        String addressChange = open(CaseType.ADDRESS_CHANGE, order, "Moved", NEW_HOME);
        refunds.issue(cancellation, "CANCELLATION", new BigDecimal("29.99"), "test", "R-CAN-1");

        assertThat(refunds.issue(addressChange, "REFUSED_DELIVERY", new BigDecimal("25.00"), "test", "R-ADDR-3"))
                .isNull();
        assertThat(refunds.issue(addressChange, "REFUSED_DELIVERY", new BigDecimal("25.00"), "test", "R-ADDR-3"))
                .isNull();

        assertThat(ledger.forCase(addressChange)).isEmpty();
        assertThat(ledger.totalForOrder(order.orderId())).isEqualByComparingTo("29.99");
        assertThat(ledger.cappedForCase(addressChange))
                .singleElement()
                .satisfies(c -> assertThat(c.paid()).isEqualByComparingTo("0.00"));
        assertThat(cases.timeline(addressChange))
                .extracting(e -> e.what())
                .anySatisfy(what -> assertThat(what)
                        .contains("Refund REFUSED_DELIVERY not paid: order " + order.orderId()
                                + " has nothing left to refund"));
    }

    @Test
    void finding3_platformDebitsCountTowardTheCap_andARemainderIsWhatIsLeftOfTheOrder() {
        Order order = paidOrder("25.00");
        String cancellation = caseFor(order);
        String addressChange = open(CaseType.ADDRESS_CHANGE, order, "Moved", NEW_HOME);
        refunds.issue(cancellation, "CANCELLATION", new BigDecimal("10.00"), "test", "R-CAN-1");

        Refund debit = refunds.recordPlatformDebit(addressChange, "PLATFORM_DEBIT", null, "test", "R-ESC-3", "AZ-1");
        assertThat(debit.amount())
                .as("what the buyer paid less the earlier refund")
                .isEqualByComparingTo("19.99");
        assertThat(debit.gatewayReference()).isEqualTo("PLATFORM-DEBIT:AZ-1");
        assertThat(refunds.issueWhatIsLeft(cancellation, "ESCALATION_REFUND", "test", "R-ESC-3"))
                .as("the debit is money the buyer already got back")
                .isNull();
        assertThat(ledger.totalForOrder(order.orderId())).isEqualByComparingTo("29.99");
    }

    @Test
    void finding12_moneyFromFormsTakesTheCurrencysDecimals_andIsNeverRounded() {
        assertThat(Money.exact(12.5, "USD")).hasToString("12.50");
        assertThat(Money.exact(10, "USD")).hasToString("10.00");
        assertThat(Money.exact("25.100", "USD")).hasToString("25.10");
        assertThat(Money.exact(1200, "JPY")).hasToString("1200");
        assertThatThrownBy(() -> Money.exact("0.105", "USD"))
                .hasMessageContaining("0.105 has 3 decimals; USD amounts have at most 2");
        assertThatThrownBy(() -> Money.exact(12.345, "EUR")).hasMessageContaining("has 3 decimals");
        assertThatThrownBy(() -> Money.exact("1200.5", "JPY")).hasMessageContaining("JPY amounts have none");
        assertThatThrownBy(() -> Money.exact("abc", "USD")).hasMessageContaining("'abc' is not a number");
        assertThatThrownBy(() -> Money.decimals("BHD"))
                .hasMessageContaining("BHD amounts have 3 decimals; the app keeps at most 2");
    }

    @Test
    void computedSharesAreRoundedDown_deliberately() {
        assertThat(Money.percentOf(new BigDecimal("40.01"), new BigDecimal("35"), "USD"))
                .hasToString("14.00");
        assertThat(Money.percentOf(new BigDecimal("1999"), new BigDecimal("15"), "JPY"))
                .hasToString("299");
    }
}
