package com.aftersales.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aftersales.api.ApiTestSupport;
import com.aftersales.testdb.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On PostgreSQL the agent's task list stays on a good plan (bench/README.md, "An agent's task list"):
 * the planner knows that authorization rows grant READ, the permission checks are planned with their
 * values, the other statements keep their plans (issue 16), and JIT is off. On H2 there is nothing to
 * tune: skipped.
 */
class TaskQueryTuningTest extends ApiTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    TaskService tasks;

    @Autowired
    IdentityService identity;

    @BeforeEach
    void onPostgres() {
        assumeTrue(TestDatabase.postgres(), "PostgreSQL only");
    }

    @Test
    void theAppsConnectionsRunWithoutJit_andKeepPlansByDefault() {
        assertThat(jdbc.queryForObject("show jit", String.class)).isEqualTo("off");
        assertThat(jdbc.queryForObject("show plan_cache_mode", String.class)).isEqualTo("auto");
    }

    @Test
    void anAgentsTaskListIsPlannedWithItsPermissionValuesEveryTime_whileOtherStatementsKeepAPlan() {
        openCase("{\"orderId\": \"" + newOrder("SHIPPED", "40.00", """
                {"carrier": "DHL", "trackingNumber": "JD1", "handedToCarrier": false}""")
                + "\", \"type\": \"CANCELLATION\", \"description\": \"Please cancel\"}");
        // One transaction, so the engine's statements and the look at the session's prepared statements share a
        // connection. The driver prepares a statement at its 5th run; PostgreSQL plans it generically from its 6th.
        List<Map<String, Object>> prepared = transaction.execute(status -> {
            identity.setAuthentication("agent", List.of(Groups.AGENTS));
            try {
                for (int i = 0; i < 15; i++) {
                    List<Task> list = tasks.createTaskQuery()
                            .taskCandidateGroup(Groups.AGENTS)
                            .list();
                    assertThat(list).isNotEmpty();
                    // the form of a task: the engine checks the agent may read this one task's variables
                    assertThat(tasks.getVariables(list.get(0).getId())).isNotEmpty();
                }
            } finally {
                identity.clearAuthentication();
            }
            for (int i = 0; i < 15; i++) {
                assertThat(tasks.createTaskQuery()
                                .taskCandidateGroup(Groups.AGENTS)
                                .list())
                        .isNotEmpty();
            }
            return jdbc.queryForList("select statement, generic_plans from pg_prepared_statements");
        });
        assertThat(prepared)
                .as("the agent's task list with its permission check is never prepared: each run is planned with its"
                        + " values")
                .noneMatch(row -> row.get("statement").toString().contains("PERMS_ &")
                        && row.get("statement").toString().contains("ACT_RU_TASK"))
                .as("the same task query without the check keeps a generic plan")
                .anySatisfy(row -> {
                    assertThat(row.get("statement").toString())
                            .contains("ACT_RU_TASK")
                            .doesNotContain("PERMS_ &");
                    assertThat(((Number) row.get("generic_plans")).longValue()).isPositive();
                })
                .as("the check on one task (an index probe per grant) keeps a generic plan")
                .anySatisfy(row -> {
                    assertThat(row.get("statement").toString())
                            .contains("PERMS_ &")
                            .doesNotContain("ACT_RU_TASK");
                    assertThat(((Number) row.get("generic_plans")).longValue()).isPositive();
                });
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
