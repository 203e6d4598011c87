package com.aftersales.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableImpl;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;

/**
 * The plain-Java evaluation of the policy simulation ({@link PolicySimulationFastTable}) decides as Camunda's DMN engine
 * does, on the tables of bpmn/ and on changed ones, for every input around their thresholds, missing inputs included.
 */
class PolicySimulationFastTableTest {

    private static final DmnEngine DMN =
            DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();

    @Test
    void reshipLimitAndCeiling_sameOutcomeAsTheDmnEngine_forEveryOrderValueAroundTheThresholds() throws IOException {
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (int cents = 0; cents <= 30_000; cents += 125) inputs.add(map("orderValue", cents / 100.0));
        for (double edge : new double[] {19.99, 20, 20.01, 29.99, 30, 30.001, 30.01, 199.99, 200, 200.01})
            inputs.add(map("orderValue", edge));
        inputs.add(map("orderValue", null));
        for (String file : List.of("reship-eligibility.dmn", "compensation-ceiling.dmn")) {
            String table = Files.readString(Path.of("bpmn", file));
            assertSameAsEngine(table, inputs);
            assertSameAsEngine(table.replace("&lt;= 30", "&lt;= 20").replace("&gt; 30", "&gt; 20"), inputs);
        }
    }

    @Test
    void returnEligibility_sameOutcomeAsTheDmnEngine_forEveryCombinationOfReportedFacts() throws IOException {
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (Integer days : Arrays.asList(7, 8, 14, 15, null))
            for (String category : Arrays.asList("accessories", "furniture", null))
                for (Boolean nearExpiry : Arrays.asList(true, false, null))
                    for (String condition : Arrays.asList(
                            "ORIGINAL",
                            "INCOMPLETE",
                            "USED_WASHED_OR_TAG_REMOVED",
                            "ABNORMAL_USE_DAMAGE",
                            "LISTED_DEFECT",
                            null))
                        for (Boolean opened : Arrays.asList(true, false, null))
                            for (String reportedBy : Arrays.asList("BUYER", "AGENT", null)) {
                                Map<String, Object> facts = map("daysSinceDelivery", days);
                                facts.put("itemCategory", category);
                                facts.put("nearExpiry", nearExpiry);
                                facts.put("itemCondition", condition);
                                facts.put("itemOpened", opened);
                                facts.put("conditionReportedBy", reportedBy);
                                inputs.add(facts);
                            }
        String table = Files.readString(Path.of("bpmn", "return-eligibility.dmn"));
        assertSameAsEngine(table, inputs);
        assertSameAsEngine(table.replace("<text>&gt; 7</text>", "<text>&gt; 14</text>"), inputs);
    }

    private static void assertSameAsEngine(String file, List<Map<String, Object>> inputs) throws IOException {
        DmnDecision decision;
        try (InputStream in =
                new java.io.ByteArrayInputStream(file.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            decision = DMN.parseDecisions(in).get(0);
        }
        PolicySimulationFastTable fast = PolicySimulationFastTable.of(decision);
        assertThat(fast)
                .as(decision.getKey() + " is simple enough for plain Java")
                .isNotNull();
        String output = ((DmnDecisionTableImpl) decision.getDecisionLogic())
                .getOutputs()
                .get(0)
                .getOutputName();
        for (Map<String, Object> facts : inputs) {
            VariableMap variables = Variables.createVariables();
            facts.forEach(variables::putValue);
            DmnDecisionResult result = DMN.evaluateDecision(decision, variables);
            List<String> values = new ArrayList<>();
            result.forEach(entries -> values.add(PolicySimulation.text(entries.get(output))));
            String byEngine = values.isEmpty() ? PolicySimulation.NO_RULE : String.join(", ", values);
            assertThat(fast.outcome(facts)).as(decision.getKey() + " " + facts).isEqualTo(byEngine);
        }
    }

    private static Map<String, Object> map(String name, Object value) {
        Map<String, Object> map = new HashMap<>();
        map.put(name, value);
        return map;
    }
}
