package com.aftersales.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.api.ApiTestSupport;
import com.aftersales.testdb.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The engine reads an execution's variables through an index on EXECUTION_ID_, not by scanning every
 * variable: on H2 through the index the app adds, on PostgreSQL through Camunda's foreign-key index.
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
}
