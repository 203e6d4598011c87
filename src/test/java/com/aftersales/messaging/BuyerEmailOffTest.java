package com.aftersales.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.cases.CaseType;
import com.aftersales.flows.FlowTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** R-CARE-1 without SMTP settings (the embedded default): no relay; buyer messages are kept in the outbox. */
class BuyerEmailOffTest extends FlowTestSupport {

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void rCare1_noSmtpConfigured_noRelay_theMessageIsKeptInTheOutbox() {
        String caseId = open(CaseType.CANCELLATION, paidOrder("25.00"), "Test", null);

        outbox.send(caseId, "apology", Map.of());

        assertThat(context.getBeansOfType(BuyerEmailRelay.class)).isEmpty();
        Map<String, Object> row = jdbc.queryForMap(
                "select sent_at, failed_at, attempts from buyer_message_outbox where case_id = ?", caseId);
        assertThat(row.get("sent_at")).isNull();
        assertThat(row.get("failed_at")).isNull();
        assertThat(((Number) row.get("attempts")).intValue()).isZero();
        assertThat(cases.timeline(caseId)).noneMatch(e -> e.what().contains("by e-mail"));
    }
}
