package com.aftersales.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aftersales.api.ApiTestSupport;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 11, finding 6: a request that was slow, not dead, when a retry took its Idempotency-Key over
 * cannot commit what it produced: of the two attempts, exactly one opens the case.
 */
class IdempotentRequestsTest extends ApiTestSupport {

    @Autowired
    IdempotentRequests requests;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void finding6_anAttemptTakenOverByARetry_cannotCommit_theRetrysOutcomeStands() {
        String key = "slow-" + UUID.randomUUID();
        IdempotentRequests.Claim slow =
                requests.claimNew("shop", key, "POST", "/api/cases", "hash").orElseThrow();
        assertThat(requests.claimNew("shop", key, "POST", "/api/cases", "hash"))
                .as("the key is taken")
                .isEmpty();
        jdbc.update(
                "update idempotent_request set claimed_at = ? where request_key = ?",
                Timestamp.from(Instant.now().minus(requests.inFlightTimeout()).minusSeconds(1)),
                key);
        IdempotentRequests.Claim retry = requests.takeOver(
                        "shop", key, requests.find("shop", key).orElseThrow())
                .orElseThrow();

        requests.runAs(slow);
        try {
            assertThatThrownBy(() -> transaction.executeWithoutResult(status -> requests.caseOpened("C-SLOW")))
                    .isInstanceOfSatisfying(
                            ApiProblem.class,
                            p -> assertThat(p.status().value()).isEqualTo(409));
        } finally {
            requests.done();
        }
        requests.runAs(retry);
        try {
            transaction.executeWithoutResult(status -> requests.caseOpened("C-RETRY"));
        } finally {
            requests.done();
        }

        assertThat(requests.find("shop", key).orElseThrow().outcome()).isEqualTo("case C-RETRY");
        assertThat(requests.takeOver("shop", key, requests.find("shop", key).orElseThrow()))
                .as("a request that produced its outcome is answered from it, never run again")
                .isEmpty();
    }
}
