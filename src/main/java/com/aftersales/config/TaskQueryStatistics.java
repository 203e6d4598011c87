package com.aftersales.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL: statistics on the permission bits of ACT_RU_AUTHORIZATION, so that the planner
 * knows that nearly every authorization row grants READ. Without them it expects 1 row in 200 to
 * pass the check, joins all tasks with all authorizations in a nested loop, and an agent's
 * Tasklist page takes a minute at 20,000 open tasks (bench/README.md, "An agent's task list").
 * PostgreSQL's autovacuum keeps these statistics current. Run at start-up, idempotent; a DBA can
 * run bench/tasklist-tuning.sql instead.
 */
@Component
@Order(3)
public class TaskQueryStatistics implements ApplicationRunner {

    static final String STATISTICS = "act_ru_auth_perms_stats";
    private static final Logger log = LoggerFactory.getLogger(TaskQueryStatistics.class);

    private final DataSource dataSource;

    public TaskQueryStatistics(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void run(ApplicationArguments args) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) return;
            statement.execute("create statistics if not exists " + STATISTICS
                    + " on (perms_ & 2), (perms_ & 64) from act_ru_authorization");
            statement.execute("analyze act_ru_authorization");
        } catch (SQLException e) {
            // another node created them at the same moment, or the database user may not: the app works, slower
            log.warn("Could not create the task query statistics {} (see bench/tasklist-tuning.sql): {}", STATISTICS, e.getMessage());
        }
    }
}
