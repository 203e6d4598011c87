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
 * What Camunda's tables need on each database so that the engine's frequent queries stay fast as
 * cases accumulate (bench/README.md). Run at start-up, idempotent; a failure is logged, and the
 * app works, slower.
 * <ul>
 * <li><b>PostgreSQL:</b> statistics on the permission bits of ACT_RU_AUTHORIZATION. Without them the
 * planner expects 1 row in 200 to grant READ (nearly all do), joins every task with every
 * authorization, and an agent's Tasklist page takes a minute at 20,000 open tasks. Autovacuum keeps
 * them current; a DBA can run bench/tasklist-tuning.sql instead.</li>
 * <li><b>H2:</b> an index for "the variables of this execution" ({@code EXECUTION_ID_ = ? and
 * TASK_ID_ is null}, the engine's most frequent query). Without it H2 reads through the index on
 * TASK_ID_, which holds nearly every variable, so every read scans all variables of all running
 * processes: 2,000 cancellations ran at 9.5 cases/s without it and at 19 with it. PostgreSQL uses
 * its foreign-key index for this query.</li>
 * <li><b>H2:</b> an index for "the decisions of this decision definition in this period", which a policy simulation
 * counts to check its own copy (insights/RecordedDecisions): with it H2 counts 100,000 decisions in the index alone,
 * without it it reads each decision's row for its time (0.2 to 0.4 s). PostgreSQL counts them fast enough through
 * Camunda's index on the definition.</li>
 * <li><b>Both:</b> an index on the jobs' due date. The job executor asks, every half second and after each batch,
 * for the jobs due now; every open case has timers waiting days (SLA deadlines, follow-ups, waits for the buyer), and
 * without the index each acquisition read all of them: 6 % of a cancellation case's CPU with 1,500 waiting follow-ups
 * (bench/README.md), more with every open case. With {@code ensureJobDueDateNotNull} (application.yaml) Camunda asks
 * {@code DUEDATE_ <= now} without {@code or DUEDATE_ is null}, which the index serves. Jobs made by a version without
 * that setting have no due date and would never be found: they are dated here, at their creation time, before
 * anything else (logged as an error if that fails, with the statement to run).</li>
 * <li><b>Both:</b> an index on a task's parent task. When a task is completed or deleted, the engine looks for its
 * sub-tasks ({@code PARENT_TASK_ID_ = ?}), and Camunda has no index for it: each completion read every open task, 13 ms
 * on PostgreSQL with 20,000 open agent tasks (bench/README.md, "PostgreSQL's plans").</li>
 * </ul>
 */
@Component
@Order(3)
public class EngineDatabaseTuning implements ApplicationRunner {

    static final String POSTGRES_STATISTICS = "act_ru_auth_perms_stats";
    static final String H2_INDEX = "ACT_IDX_VARIABLE_EXEC_TASK";
    static final String H2_DECISIONS_INDEX = "ACT_IDX_HI_DEC_INST_DEF_TIME";
    static final String JOB_DUE_DATE_INDEX = "AFTERSALES_IDX_JOB_DUEDATE";
    static final String PARENT_TASK_INDEX = "AFTERSALES_IDX_TASK_PARENT";
    static final String DATE_UNDATED_JOBS =
            "update ACT_RU_JOB set DUEDATE_ = coalesce(CREATE_TIME_, current_timestamp) where DUEDATE_ is null";
    private static final Logger log = LoggerFactory.getLogger(EngineDatabaseTuning.class);

    private final DataSource dataSource;

    public EngineDatabaseTuning(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void run(ApplicationArguments args) {
        dateUndatedJobs();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            switch (connection.getMetaData().getDatabaseProductName()) {
                case "PostgreSQL" -> {
                    statement.execute("create statistics if not exists " + POSTGRES_STATISTICS
                            + " on (perms_ & 2), (perms_ & 64) from act_ru_authorization");
                    statement.execute("analyze act_ru_authorization");
                    statement.execute("create index if not exists " + JOB_DUE_DATE_INDEX.toLowerCase()
                            + " on act_ru_job (duedate_)");
                    statement.execute("create index if not exists " + PARENT_TASK_INDEX.toLowerCase()
                            + " on act_ru_task (parent_task_id_)");
                }
                case "H2" -> {
                    statement.execute(
                            "create index if not exists " + H2_INDEX + " on ACT_RU_VARIABLE (EXECUTION_ID_, TASK_ID_)");
                    statement.execute("create index if not exists " + H2_DECISIONS_INDEX
                            + " on ACT_HI_DECINST (DEC_DEF_ID_, EVAL_TIME_)");
                    statement.execute("create index if not exists " + JOB_DUE_DATE_INDEX + " on ACT_RU_JOB (DUEDATE_)");
                    statement.execute(
                            "create index if not exists " + PARENT_TASK_INDEX + " on ACT_RU_TASK (PARENT_TASK_ID_)");
                }
                default -> {}
            }
        } catch (SQLException e) {
            // another node did it at the same moment, or the database user may not
            log.warn("Could not tune the engine's tables (see bench/tasklist-tuning.sql): {}", e.getMessage());
        }
    }

    /** Jobs of a version before ensureJobDueDateNotNull: without a due date the job executor never takes them. */
    void dateUndatedJobs() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            int dated = statement.executeUpdate(DATE_UNDATED_JOBS);
            if (dated > 0) log.info("{} job(s) without a due date dated at their creation, so that they run", dated);
        } catch (SQLException e) {
            log.error(
                    "Jobs without a due date will not run until this statement has run on the database: {}; because: {}",
                    DATE_UNDATED_JOBS,
                    e.getMessage());
        }
    }
}
