package com.aftersales.refunds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aftersales.cases.CaseType;
import com.aftersales.flows.FlowTestSupport;
import com.aftersales.orders.Order;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** R-GEN-4: a refund is executed exactly once, whoever asks how often. */
class RefundServiceTest extends FlowTestSupport {

    @Autowired RefundService refunds;
    @Autowired TransactionTemplate transaction;

    private String caseFor(Order order) {
        return open(CaseType.CANCELLATION, order, "Test", null);
    }

    @Test
    void rGen4_sameCaseAndPurposeTwice_paysOnce_andTheSecondCallGetsTheFirstRefund() {
        Order order = paidOrder("25.00");
        String caseId = caseFor(order);
        Refund first = refunds.issue(caseId, "CANCELLATION", order, new BigDecimal("29.99"), "test", "R-CAN-1");
        Refund again = refunds.issue(caseId, "CANCELLATION", order, new BigDecimal("29.99"), "test", "R-CAN-1");

        assertThat(again).usingRecursiveComparison().ignoringFields("issuedAt").isEqualTo(first);
        assertThat(again.issuedAt()).isCloseTo(first.issuedAt(), org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MILLIS));
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
                    transaction.executeWithoutResult(s -> refunds.issue(caseId, "CANCELLATION", order, new BigDecimal("29.99"), "test", "R-CAN-1"));
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
    void moreThanIsLeftToRefund_isRefused() {
        Order order = paidOrder("25.00");
        String caseId = caseFor(order);
        refunds.issue(caseId, "KEEP_OFFER", order, new BigDecimal("20.00"), "test", "R-CAN-2");
        assertThatThrownBy(() -> refunds.issue(caseId, "RETURN", order, new BigDecimal("10.00"), "test", "R-CAN-2"))
                .hasMessageContaining("exceeds what is left to refund on order " + order.orderId() + ": 9.99");
        assertThat(ledger.totalForCase(caseId)).isEqualByComparingTo("20.00");
    }

    @Test
    void finding12_moneyFromFormsTakesTheCurrencysDecimals_andIsNeverRounded() {
        assertThat(Money.exact(12.5, "USD")).hasToString("12.50");
        assertThat(Money.exact(10, "USD")).hasToString("10.00");
        assertThat(Money.exact("25.100", "USD")).hasToString("25.10");
        assertThat(Money.exact(1200, "JPY")).hasToString("1200");
        assertThatThrownBy(() -> Money.exact("0.105", "USD")).hasMessageContaining("0.105 has 3 decimals; USD amounts have at most 2");
        assertThatThrownBy(() -> Money.exact(12.345, "EUR")).hasMessageContaining("has 3 decimals");
        assertThatThrownBy(() -> Money.exact("1200.5", "JPY")).hasMessageContaining("JPY amounts have none");
        assertThatThrownBy(() -> Money.exact("abc", "USD")).hasMessageContaining("'abc' is not a number");
        assertThatThrownBy(() -> Money.decimals("BHD")).hasMessageContaining("BHD amounts have 3 decimals; the app keeps at most 2");
    }

    @Test
    void computedSharesAreRoundedDown_deliberately() {
        assertThat(Money.percentOf(new BigDecimal("40.01"), new BigDecimal("35"), "USD")).hasToString("14.00");
        assertThat(Money.percentOf(new BigDecimal("1999"), new BigDecimal("15"), "JPY")).hasToString("299");
    }
}
