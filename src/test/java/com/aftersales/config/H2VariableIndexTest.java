package com.aftersales.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.api.ApiTestSupport;
import com.aftersales.testdb.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The engine reads an execution's variables through an index on EXECUTION_ID_, not by scanning every
 * variable: on H2 through the index the app adds, on PostgreSQL through Camunda's foreign-key index. The job executor
 * finds the jobs due now through the index on their due date the app adds on both (issue 16), not by reading every
 * waiting timer; a completed task's sub-tasks are found through the index on the parent task the app adds on both.
 */
class H2VariableIndexTest extends ApiTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theVariablesOfAnExecutionAreReadThroughTheirIndex() {
        if (TestDatabase.postgres()) {
            assertThat(jdbc.queryForList(
                            "select indexdef from pg_indexes where tablename = 'act_ru_variable'", String.class))
                    .anySatisfy(index -> assertThat(index).containsIgnoringCase("(execution_id_"));
            return;
        }
        // The statement Camunda runs for execution.getVariable(...) (selectVariablesByExecutionId).
        String plan = jdbc.queryForObject("""
                explain select RES.* from ACT_RU_VARIABLE RES
                left join ACT_RU_EXECUTION EXECUTION on RES.EXECUTION_ID_ = EXECUTION.ID_
                left join ACT_RU_EXECUTION PARENT_EXECUTION on EXECUTION.PARENT_ID_ = PARENT_EXECUTION.ID_
                where EXECUTION_ID_ = 'any' and TASK_ID_ is null""", String.class);
        assertThat(plan).contains("ACT_IDX_VARIABLE_EXEC_TASK: EXECUTION_ID_ = 'any'");
    }

    @Test
    void theJobsDueNowAreFoundThroughTheirDueDate() {
        if (TestDatabase.postgres()) {
            assertThat(jdbc.queryForList(
                            "select indexdef from pg_indexes where tablename = 'act_ru_job'", String.class))
                    .anySatisfy(index -> assertThat(index).containsIgnoringCase("(duedate_)"));
            return;
        }
        // The statement of Camunda's job acquisition (selectNextJobsToExecute) with every job dated.
        String plan = jdbc.queryForObject("""
                explain select RES.ID_, RES.REV_, RES.DUEDATE_, RES.PROCESS_INSTANCE_ID_, RES.EXCLUSIVE_
                from ACT_RU_JOB RES
                where (RES.RETRIES_ > 0) and (RES.DUEDATE_ <= current_timestamp)
                and (RES.LOCK_OWNER_ is null or RES.LOCK_EXP_TIME_ < current_timestamp) and RES.SUSPENSION_STATE_ = 1
                and ((RES.EXCLUSIVE_ = true and not exists(select J2.ID_ from ACT_RU_JOB J2
                      where J2.PROCESS_INSTANCE_ID_ = RES.PROCESS_INSTANCE_ID_ and (J2.EXCLUSIVE_ = true)
                      and (J2.LOCK_OWNER_ is not null and J2.LOCK_EXP_TIME_ >= current_timestamp)))
                     or RES.EXCLUSIVE_ = false)
                fetch first 8 rows only""", String.class);
        assertThat(plan).contains(EngineDatabaseTuning.JOB_DUE_DATE_INDEX + ": DUEDATE_ <= CURRENT_TIMESTAMP");
    }

    @Test
    void whenATaskIsCompletedItsSubTasksAreFoundThroughAnIndex_notByReadingEveryOpenTask() {
        if (TestDatabase.postgres()) {
            assertThat(jdbc.queryForList(
                            "select indexdef from pg_indexes where tablename = 'act_ru_task'", String.class))
                    .anySatisfy(index -> assertThat(index).containsIgnoringCase("(parent_task_id_)"));
            return;
        }
        // The statement Camunda runs when a task is completed or deleted (selectTasksByParentTaskId).
        String plan =
                jdbc.queryForObject("explain select * from ACT_RU_TASK where PARENT_TASK_ID_ = 'any'", String.class);
        assertThat(plan).contains(EngineDatabaseTuning.PARENT_TASK_INDEX + ": PARENT_TASK_ID_ = 'any'");
    }
}
