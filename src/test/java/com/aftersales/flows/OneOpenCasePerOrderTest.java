package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aftersales.cases.CaseRow;
import com.aftersales.cases.CaseStatus;
import com.aftersales.cases.CaseType;
import com.aftersales.config.ApiProblem;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderStatus;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;

/** Issue 11, finding 3: one open case per order and type, held by the database (after_sales_case.open_case_type). */
class OneOpenCasePerOrderTest extends FlowTestSupport {

    private CaseRow openRow(Order order, CaseType type) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return new CaseRow(
                "C-T" + UUID.randomUUID().toString().substring(0, 8),
                order.orderId(),
                type,
                CaseStatus.OPEN,
                null,
                null,
                null,
                "written past the intake",
                List.of(),
                null,
                List.of(),
                null,
                "test",
                now,
                now);
    }

    @Test
    void finding3_theDatabaseRefusesASecondOpenCaseOfOneOrderAndType_evenPastTheIntakesCheck() {
        Order order = paidOrder("25.00");
        String first = open(CaseType.CANCELLATION, order, "Ordered twice", null);

        assertThatThrownBy(() -> cases.insert(openRow(order, CaseType.CANCELLATION)))
                .isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> open(CaseType.CANCELLATION, order, "Again", null))
                .isInstanceOf(ApiProblem.class)
                .hasMessageContaining("already has an open CANCELLATION case: " + first);
        open(CaseType.ADDRESS_CHANGE, order, "Moved", NEW_HOME); // another type may be open beside it

        cases.resolve(first, CaseStatus.CLOSED, "WITHDRAWN");
        CaseRow next = openRow(order, CaseType.CANCELLATION);
        cases.insert(next);
        assertThat(cases.openCaseId(order.orderId(), CaseType.CANCELLATION)).contains(next.caseId());
    }

    @Test
    void rCare2_aCaseReopenedByTheFollowUp_paysNothingMore_andDoesNotBlockANewCaseOfItsType() {
        Order order = shipped(
                "40.00",
                OrderStatus.DELIVERED,
                "1Z999",
                LocalDate.now().minusDays(3),
                OffsetDateTime.now().minusDays(1),
                false);
        String reopened = openWithEvidence(
                CaseType.WRONG_OR_MISSING_ITEM, order, "No cable", List.of("https://files.example.com/box.jpg"));
        complete(
                reopened,
                "Task_AssessWrongOrMissing",
                Map.of("wrongOrMissing", "GENERIC_ACCESSORY", "offerAmount", 3.0));
        passTime(reopened, Duration.ofDays(7).plusMinutes(1));
        send(reopened, Map.of("type", "BUYER_FEEDBACK", "satisfied", false, "comment", "Not enough"));
        assertThat(caseRow(reopened).status()).isEqualTo(CaseStatus.OPEN);

        String next = openWithEvidence(
                CaseType.WRONG_OR_MISSING_ITEM, order, "Wrong colour too", List.of("https://files.example.com/2.jpg"));

        assertThat(cases.openCaseId(order.orderId(), CaseType.WRONG_OR_MISSING_ITEM))
                .contains(next);
        complete(reopened, "Task_HandleDissatisfaction", Map.of("agentReply", "Sent a coupon code in chat"));
        assertThat(caseRow(reopened).status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(cases.openCaseId(order.orderId(), CaseType.WRONG_OR_MISSING_ITEM))
                .contains(next);
    }
}
