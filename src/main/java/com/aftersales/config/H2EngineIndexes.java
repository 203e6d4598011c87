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
 * On the embedded H2 database: an index for the engine's most frequent query, "the variables of
 * this execution" ({@code EXECUTION_ID_ = ? and TASK_ID_ is null}). Without it H2 reads the rows
 * through the index on TASK_ID_, which holds nearly every variable, so each read scans every
 * variable of every running case, and the app slows down as cases accumulate (every resolved case
 * keeps its follow-up process and variables for 7 days): 2,000 cancellations ran at 9.5 cases/s
 * without the index and at 19 with it (bench/README.md). PostgreSQL
 * plans this query on the foreign-key index and needs nothing. Idempotent, at start-up.
 */
@Component
@Order(4)
public class H2EngineIndexes implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(H2EngineIndexes.class);

    private final DataSource dataSource;

    public H2EngineIndexes(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void run(ApplicationArguments args) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            if (!"H2".equals(connection.getMetaData().getDatabaseProductName())) return;
            statement.execute("create index if not exists ACT_IDX_VARIABLE_EXEC_TASK on ACT_RU_VARIABLE (EXECUTION_ID_, TASK_ID_)");
        } catch (SQLException e) {
            log.warn("Could not create the index ACT_IDX_VARIABLE_EXEC_TASK: {}", e.getMessage());
        }
    }
}
