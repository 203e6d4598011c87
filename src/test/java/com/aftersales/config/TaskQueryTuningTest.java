package com.aftersales.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aftersales.api.ApiTestSupport;
import com.aftersales.testdb.TestDatabase;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * On PostgreSQL the agent's task list stays on a good plan (bench/README.md, "An agent's task list"):
 * the planner knows that authorization rows grant READ, and the app's connections use custom plans
 * without JIT. On H2 there is nothing to tune: skipped.
 */
class TaskQueryTuningTest extends ApiTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void onPostgres() {
        assumeTrue(TestDatabase.postgres(), "PostgreSQL only");
    }

    @Test
    void theAppsConnectionsUseCustomPlansWithoutJit() {
        assertThat(jdbc.queryForObject("show plan_cache_mode", String.class)).isEqualTo("force_custom_plan");
        assertThat(jdbc.queryForObject("show jit", String.class)).isEqualTo("off");
    }

    @Test
    void thePlannerKnowsThatMostAuthorizationsGrantRead_soTaskQueriesDoNotJoinEveryTaskWithEveryAuthorization() {
        // Each open task adds authorization rows that grant READ; the agents' Tasklist query filters on that bit.
        for (int i = 0; i < 30; i++) {
            openCase("{\"orderId\": \"" + newOrder("SHIPPED", "40.00", """
                    {"carrier": "DHL", "trackingNumber": "JD1", "handedToCarrier": false}""")
                    + "\", \"type\": \"CANCELLATION\", \"description\": \"Please cancel\"}");
        }
        jdbc.execute("analyze act_ru_authorization");
        long rows = jdbc.queryForObject("select count(*) from act_ru_authorization", Long.class);
        long granting =
                jdbc.queryForObject("select count(*) from act_ru_authorization where perms_ & 2 = 2", Long.class);
        String plan = String.join(
                "\n",
                jdbc.queryForList("explain select * from act_ru_authorization where perms_ & 2 = 2", String.class));
        Matcher estimate = Pattern.compile("rows=(\\d+)").matcher(plan);
        assertThat(estimate.find()).as(plan).isTrue();
        assertThat(Long.parseLong(estimate.group(1)))
                .as("planner's estimate of %d of %d rows; plan %s", granting, rows, plan)
                .isGreaterThan(granting / 2);
    }
}
