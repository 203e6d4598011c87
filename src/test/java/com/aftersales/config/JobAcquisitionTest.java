package com.aftersales.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.testdb.TestDatabase;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cmd.AcquireJobsCmd;
import org.camunda.bpm.engine.impl.jobexecutor.AcquiredJobs;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the job executor finds the jobs due now through an index on their due date (every job has one,
 * {@code ensureJobDueDateNotNull}), and a job made by a version before that setting, which has none, still runs after
 * the upgrade: config/EngineDatabaseTuning dates it at start-up. Camunda's own acquisition, on H2 or PostgreSQL.
 */
class JobAcquisitionTest {

    @Test
    void aJobOfTheVersionBefore_isFoundOnceDated_andEveryNewJobHasADueDate() {
        List<String> database = TestDatabase.properties("job_acquisition");

        ProcessEngine before = engine(database, false);
        before.getRepositoryService()
                .createDeployment()
                .addModelInstance(
                        "refund.bpmn",
                        Bpmn.createExecutableProcess("Process_Refund")
                                .camundaHistoryTimeToLive(1)
                                .startEvent()
                                .serviceTask("Task_Refund")
                                .camundaAsyncBefore()
                                .camundaExpression("${true}")
                                .endEvent()
                                .done())
                .deploy();
        before.getRuntimeService().startProcessInstanceByKey("Process_Refund", "C-before");
        assertThat(before.getManagementService().createJobQuery().singleResult().getDuedate())
                .as("the version before made async jobs without a due date")
                .isNull();
        before.close();

        ProcessEngine after = engine(database, true);
        assertThat(acquire(after))
                .as("without a due date the job executor never finds the job")
                .isEmpty();

        new EngineDatabaseTuning(
                        ((ProcessEngineConfigurationImpl) after.getProcessEngineConfiguration()).getDataSource())
                .dateUndatedJobs();
        assertThat(acquire(after)).as("dated at its creation, it is found").hasSize(1);

        after.getRuntimeService().startProcessInstanceByKey("Process_Refund", "C-after");
        assertThat(after.getManagementService().createJobQuery().list())
                .hasSize(2)
                .allSatisfy(job -> assertThat(job.getDuedate()).isNotNull());
        after.close();
    }

    /** What the job executor takes in one acquisition (the jobs are locked by it afterwards). */
    private static List<String> acquire(ProcessEngine engine) {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        AcquiredJobs acquired = configuration
                .getCommandExecutorTxRequired()
                .execute(new AcquireJobsCmd(configuration.getJobExecutor()));
        return acquired.getJobIdBatches().stream().flatMap(List::stream).toList();
    }

    private static ProcessEngine engine(List<String> database, boolean everyJobDated) {
        StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
        configuration.setProcessEngineName("job-acquisition-" + everyJobDated);
        for (String property : database) {
            String[] pair = property.split("=", 2);
            switch (pair[0]) {
                case "spring.datasource.url" -> configuration.setJdbcUrl(pair[1]);
                case "spring.datasource.username" -> configuration.setJdbcUsername(pair[1]);
                case "spring.datasource.password" -> configuration.setJdbcPassword(pair[1]);
                case "spring.datasource.driver-class-name" -> configuration.setJdbcDriver(pair[1]);
                default -> {}
            }
        }
        configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
        configuration.setHistory(ProcessEngineConfiguration.HISTORY_ACTIVITY);
        configuration.setJobExecutorActivate(false);
        configuration.setEnsureJobDueDateNotNull(everyJobDated);
        return configuration.buildProcessEngine();
    }
}
