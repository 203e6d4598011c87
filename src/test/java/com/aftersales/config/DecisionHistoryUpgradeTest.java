package com.aftersales.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aftersales.testdb.TestDatabase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;

/**
 * An installation set up with history level audit (before issue 12) starts with audit-with-decisions and keeps the
 * decisions its processes take from then on; one set up with audit-with-decisions (before issue 16) starts with
 * activity-with-decisions, which keeps the decisions and no variable value; set back, each starts again. Other changes
 * Camunda still refuses.
 */
class DecisionHistoryUpgradeTest {

    @Test
    void anAuditDatabaseStartsWithDecisionHistory_andKeepsEveryDecisionOfAProcessFromThen() {
        Map<String, String> database = database("dec_history_upgrade");

        ProcessEngine before = engine(database, ProcessEngineConfiguration.HISTORY_AUDIT);
        assertThat(storedLevel(before)).isEqualTo(HistoryLevel.HISTORY_LEVEL_AUDIT.getId());
        before.getRepositoryService()
                .createDeployment()
                .addClasspathResource("bpmn/reship-eligibility.dmn")
                .addModelInstance(
                        "reship.bpmn",
                        Bpmn.createExecutableProcess("Process_Reship")
                                .camundaHistoryTimeToLive(1)
                                .startEvent()
                                .businessRuleTask("Task_ReshipLimit")
                                .camundaDecisionRef("ReshipEligibility")
                                .camundaResultVariable("reshipAllowed")
                                .camundaMapDecisionResult("singleEntry")
                                .userTask("Task_Wait")
                                .endEvent()
                                .done())
                .deploy();
        before.getRuntimeService()
                .startProcessInstanceByKey("Process_Reship", "C-before", Variables.putValue("orderValue", 25.0));
        assertThat(before.getHistoryService()
                        .createHistoricDecisionInstanceQuery()
                        .count())
                .as("audit keeps no decision")
                .isZero();
        before.close();

        ProcessEngine after = engine(database, DecisionHistory.WITH_VARIABLES);
        assertThat(storedLevel(after)).isEqualTo(DecisionHistory.WITH_VARIABLES_ID);
        String processInstance = after.getRuntimeService()
                .startProcessInstanceByKey("Process_Reship", "C-after", Variables.putValue("orderValue", 45.0))
                .getId();
        assertThatTheReshipDecisionIsKept(after, processInstance, 45.0, "Rule_HighValue", false);
        assertThat(variableValuesKept(after, processInstance))
                .as("audit-with-decisions keeps variable values")
                .containsEntry("orderValue", 45.0)
                .containsEntry("reshipAllowed", false);
        after.close();

        ProcessEngine withoutVariables = engine(database, DecisionHistory.LEVEL);
        assertThat(storedLevel(withoutVariables)).isEqualTo(DecisionHistory.LEVEL_ID);
        String lowValue = withoutVariables
                .getRuntimeService()
                .startProcessInstanceByKey("Process_Reship", "C-without", Variables.putValue("orderValue", 25.0))
                .getId();
        assertThatTheReshipDecisionIsKept(withoutVariables, lowValue, 25.0, "Rule_LowValue", true);
        assertThat(variableValuesKept(withoutVariables, lowValue))
                .as("activity-with-decisions keeps no variable value")
                .isEmpty();
        assertThat(withoutVariables.getRuntimeService().getVariable(lowValue, "reshipAllowed"))
                .as("the running case still has its variables")
                .isEqualTo(true);
        assertThat(variableValuesKept(withoutVariables, processInstance))
                .as("values kept before stay")
                .containsEntry("orderValue", 45.0);
        withoutVariables.close();

        ProcessEngine withVariablesAgain = engine(database, DecisionHistory.WITH_VARIABLES);
        assertThat(storedLevel(withVariablesAgain)).isEqualTo(DecisionHistory.WITH_VARIABLES_ID);
        withVariablesAgain.close();

        ProcessEngine back = engine(database, ProcessEngineConfiguration.HISTORY_AUDIT);
        assertThat(storedLevel(back)).isEqualTo(HistoryLevel.HISTORY_LEVEL_AUDIT.getId());
        back.close();

        assertThatThrownBy(() -> engine(database, ProcessEngineConfiguration.HISTORY_FULL))
                .hasMessageContaining("historyLevel mismatch");
    }

    private static void assertThatTheReshipDecisionIsKept(
            ProcessEngine engine, String processInstance, double orderValue, String rule, boolean reshipAllowed) {
        List<HistoricDecisionInstance> kept = engine.getHistoryService()
                .createHistoricDecisionInstanceQuery()
                .processInstanceId(processInstance)
                .includeInputs()
                .includeOutputs()
                .list();
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).getDecisionDefinitionKey()).isEqualTo("ReshipEligibility");
        assertThat(kept.get(0).getInputs().get(0).getValue()).isEqualTo(orderValue);
        assertThat(kept.get(0).getOutputs().get(0).getRuleId()).isEqualTo(rule);
        assertThat(kept.get(0).getOutputs().get(0).getValue()).isEqualTo(reshipAllowed);
    }

    private static Map<String, Object> variableValuesKept(ProcessEngine engine, String processInstance) {
        Map<String, Object> values = new HashMap<>();
        engine.getHistoryService()
                .createHistoricVariableInstanceQuery()
                .processInstanceId(processInstance)
                .list()
                .forEach(v -> values.put(v.getName(), v.getValue()));
        return values;
    }

    private static ProcessEngine engine(Map<String, String> database, String history) {
        StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
        configuration.setProcessEngineName("dec-history-upgrade-" + history);
        configuration.setJdbcUrl(database.get("spring.datasource.url"));
        configuration.setJdbcUsername(database.get("spring.datasource.username"));
        configuration.setJdbcPassword(database.get("spring.datasource.password"));
        configuration.setJdbcDriver(database.get("spring.datasource.driver-class-name"));
        configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
        configuration.setHistory(history);
        configuration.setJobExecutorActivate(false);
        configuration.getProcessEnginePlugins().add(new DecisionHistory());
        return configuration.buildProcessEngine();
    }

    private static int storedLevel(ProcessEngine engine) {
        return Integer.parseInt(engine.getManagementService().getProperties().get("historyLevel"));
    }

    private static Map<String, String> database(String name) {
        Map<String, String> properties = new HashMap<>();
        for (String property : TestDatabase.properties(name)) {
            String[] pair = property.split("=", 2);
            properties.put(pair[0], pair[1]);
        }
        return properties;
    }
}
