package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.insights.RecordedDecisions;
import com.aftersales.testdb.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 14, policy simulation: real cases run through the API and the flows record a known set of decisions (their
 * own application context and database, so no other test's decisions count); changed tables are simulated on them and
 * every figure is checked against the hand count below. Nothing is deployed and no case or history changes. Access:
 * process owners, team leads, admins; agents and integrations 403.
 *
 * <pre>
 * ReshipEligibility (severe damage, R-DMG-3/4): order values 25.00, 45.00, 28.00 USD → true, false, true.
 *   Reship limit 30 → 20: 25.00 and 28.00 go true → false: 2 of 3 change; refunds +53.00, reships −2, −53.00.
 * ReturnEligibility (no-reason return, unopened, as new, R-RET-1): delivered 10, 3, 20, 12 days ago,
 *   order values 30.00, 40.00, 50.00, 55.00 → REFUSE, RETURN, REFUSE, REFUSE.
 *   Return window 7 → 14 days: 10 and 12 days go REFUSE → RETURN: 2 of 4 change; refunds +85.00.
 * </pre>
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "aftersales.demo-data=true",
            "server.forward-headers-strategy=native",
            // not "default": the HTTP tests' context, alive at the same time, serves /engine-rest with the engine
            // registered under that name (so the agent's assessment goes through this context's TaskService)
            "camunda.bpm.process-engine-name=simulation"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicySimulationTest {

    private static final String SIMULATIONS = "/api/insights/simulations";
    private static final Path RESHIP_TABLE = Path.of("bpmn", "reship-eligibility.dmn");
    private static final Path RETURN_TABLE = Path.of("bpmn", "return-eligibility.dmn");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, "simulation");
    }

    @LocalServerPort
    int port;

    @Autowired
    HistoryService history;

    @Autowired
    RepositoryService repository;

    @Autowired
    TaskService tasks;

    @Autowired
    DecisionService decisions;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RecordedDecisions recordedDecisions;

    private ApiClient api;
    private final Map<String, String> reshipCases = new LinkedHashMap<>();
    private final Map<String, String> returnCases = new LinkedHashMap<>();
    private final String from = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
    private final String to = LocalDate.now(ZoneOffset.UTC).toString();

    @BeforeAll
    void recordDecisions() {
        api = new ApiClient(port);
        for (String value : List.of("25.00", "45.00", "28.00")) reshipCases.put(severeDamage(value), value);
        int[] daysAgo = {10, 3, 20, 12};
        String[] values = {"30.00", "40.00", "50.00", "55.00"};
        for (int i = 0; i < daysAgo.length; i++) returnCases.put(noReasonReturn(values[i], daysAgo[i]), values[i]);
    }

    @Test
    void rDmg3_rDmg4_reshipLimitLowered_twoOfThreeDecisionsChange_refundsInsteadOfReships_nothingChanges()
            throws Exception {
        Map<String, String> casesBefore = caseStates();
        long decisionsBefore = history.createHistoricDecisionInstanceQuery().count();
        long deploymentsBefore = repository.createDeploymentQuery().count();

        ApiClient.Response answer = upload("owner", "reship-eligibility.dmn", reshipLimit(20), null);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode result = answer.json();
        assertThat(result.get("decisionKey").asText()).isEqualTo("ReshipEligibility");
        assertThat(result.get("candidate").asText()).isEqualTo("uploaded file reship-eligibility.dmn");
        assertThat(result.get("decisionsEvaluated").asInt()).isEqualTo(3);
        assertThat(result.get("decisionsChanged").asInt()).isEqualTo(2);
        assertThat(result.get("casesChanged").asInt()).isEqualTo(2);
        assertThat(result.get("changes")).hasSize(1);
        assertThat(result.get("changes").get(0).get("from").asText()).isEqualTo("true");
        assertThat(result.get("changes").get(0).get("to").asText()).isEqualTo("false");
        assertThat(result.get("changes").get(0).get("decisions").asInt()).isEqualTo(2);
        Map<String, String> changed = new LinkedHashMap<>();
        for (JsonNode row : result.get("changedCases")) {
            changed.put(
                    row.get("caseId").asText(),
                    row.get("orderValue").decimalValue().setScale(2).toPlainString());
            assertThat(row.get("before").asText()).isEqualTo("true");
            assertThat(row.get("after").asText()).isEqualTo("false");
            assertThat(row.get("orderId").asText()).startsWith("A-");
            assertThat(row.get("refundDifference").decimalValue())
                    .isEqualByComparingTo(row.get("orderValue").decimalValue());
            assertThat(row.get("reshipDifference").asInt()).isEqualTo(-1);
        }
        assertThat(changed)
                .isEqualTo(Map.of(caseWith(reshipCases, "25.00"), "25.00", caseWith(reshipCases, "28.00"), "28.00"));
        JsonNode money = result.get("money");
        assertThat(money.get("effect").asText()).contains("refund of the order value instead of a reship");
        assertThat(money.get("byCurrency")).hasSize(1);
        JsonNode usd = money.get("byCurrency").get(0);
        assertThat(usd.get("currency").asText()).isEqualTo("USD");
        assertThat(usd.get("refunds").decimalValue()).isEqualByComparingTo("53.00");
        assertThat(usd.get("reships").asInt()).isEqualTo(-2);
        assertThat(usd.get("reshipValue").decimalValue()).isEqualByComparingTo("-53.00");
        assertThat(usd.get("keepOfferCeilings").decimalValue()).isEqualByComparingTo("0");

        // raised instead: 45.00 goes false → true, a reship instead of its refund
        JsonNode raised =
                upload("lead", "reship-eligibility.dmn", reshipLimit(50), null).json();
        assertThat(raised.get("decisionsChanged").asInt()).isEqualTo(1);
        assertThat(raised.get("changedCases").get(0).get("caseId").asText()).isEqualTo(caseWith(reshipCases, "45.00"));
        assertThat(raised.get("money").get("byCurrency").get(0).get("refunds").decimalValue())
                .isEqualByComparingTo("-45.00");
        assertThat(raised.get("money").get("byCurrency").get(0).get("reships").asInt())
                .isEqualTo(1);

        // the deployed version replays what was decided: nothing changes
        int version = repository
                .createDecisionDefinitionQuery()
                .decisionDefinitionKey("ReshipEligibility")
                .latestVersion()
                .singleResult()
                .getVersion();
        ApiClient.Response deployed = api.call(
                "POST",
                SIMULATIONS,
                "demo",
                "{\"decisionKey\": \"ReshipEligibility\", \"version\": " + version + ", \"from\": \"" + from
                        + "\", \"to\": \"" + to + "\"}");
        assertThat(deployed.status()).as(deployed.body()).isEqualTo(200);
        assertThat(deployed.json().get("decisionsEvaluated").asInt()).isEqualTo(3);
        assertThat(deployed.json().get("decisionsChanged").asInt()).isZero();
        assertThat(deployed.json().get("candidate").asText()).isEqualTo("deployed version " + version);

        // a period without these decisions: nothing evaluated
        JsonNode lastYear = api.call(
                        "POST",
                        SIMULATIONS,
                        "owner",
                        "{\"decisionKey\": \"ReshipEligibility\", \"version\": " + version
                                + ", \"from\": \"2020-01-01\", \"to\": \"2020-12-31\"}")
                .json();
        assertThat(lastYear.get("decisionsEvaluated").asInt()).isZero();

        assertThat(caseStates()).isEqualTo(casesBefore);
        assertThat(history.createHistoricDecisionInstanceQuery().count()).isEqualTo(decisionsBefore);
        assertThat(repository.createDeploymentQuery().count()).isEqualTo(deploymentsBefore);
        assertThat(repository
                        .createDecisionDefinitionQuery()
                        .decisionDefinitionKey("ReshipEligibility")
                        .latestVersion()
                        .singleResult()
                        .getVersion())
                .isEqualTo(version);
    }

    @Test
    void rRet1_returnWindowWidened_refusalsWithinTheNewWindowBecomeReturns_refundsOfTheirOrderValue() throws Exception {
        Map<String, String> casesBefore = caseStates();
        String widened = Files.readString(RETURN_TABLE)
                .replace("<text>&gt; 7</text>", "<text>&gt; 14</text>")
                .replace("the 7-day return period", "the 14-day return period");
        assertThat(widened).contains("&gt; 14");

        ApiClient.Response answer = upload("owner", "return-eligibility.dmn", widened, null);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode result = answer.json();
        assertThat(result.get("decisionsEvaluated").asInt()).isEqualTo(4);
        assertThat(result.get("decisionsChanged").asInt()).isEqualTo(2);
        assertThat(result.get("changes").get(0).get("from").asText()).isEqualTo("REFUSE");
        assertThat(result.get("changes").get(0).get("to").asText()).isEqualTo("RETURN");
        assertThat(result.get("changes").get(0).get("decisions").asInt()).isEqualTo(2);
        List<String> changed = new ArrayList<>();
        result.get("changedCases").forEach(row -> changed.add(row.get("caseId").asText()));
        assertThat(changed).containsExactlyInAnyOrder(caseWith(returnCases, "30.00"), caseWith(returnCases, "55.00"));
        JsonNode usd = result.get("money").get("byCurrency").get(0);
        assertThat(usd.get("refunds").decimalValue()).isEqualByComparingTo("85.00");
        assertThat(usd.get("reships").asInt()).isZero();
        assertThat(caseStates()).isEqualTo(casesBefore);
    }

    /**
     * Every decision is recorded once more in {@code recorded_decision} as it is evaluated, in the same transaction as
     * Camunda's history, and the simulation reads that one table. Decisions from before it (an installation that
     * upgrades) are filled in from Camunda's history by the first simulation of their period, as the same texts; rows
     * whose decision Camunda no longer has (its history clean-up) are removed; and when the two cannot be made to
     * agree, Camunda's history is read as before. The answers stay the hand-counted ones throughout.
     */
    @Test
    void rDmg3_recordedDecisions_filledFromCamundasHistory_orphansRemoved_sameAnswers() throws Exception {
        String recorded = "select decision_instance_id, decision_definition_id, evaluated_at, case_id,"
                + " inputs, outputs from recorded_decision where decision_definition_id = ? order by 1";
        String reship = repository
                .createDecisionDefinitionQuery()
                .decisionDefinitionKey("ReshipEligibility")
                .latestVersion()
                .singleResult()
                .getId();
        List<Map<String, Object>> asEvaluated = jdbc.queryForList(recorded, reship);
        assertThat(asEvaluated)
                .hasSize((int) history.createHistoricDecisionInstanceQuery()
                        .decisionDefinitionId(reship)
                        .count())
                .isNotEmpty();
        assertThat(asEvaluated.get(0).get("inputs").toString()).contains("\"Input_OrderValue\",\"double\"");
        assertThat(asEvaluated)
                .extracting(row -> row.get("case_id"))
                .containsExactlyInAnyOrderElementsOf(reshipCases.keySet());

        // an installation from before the table: the first simulation fills it in
        jdbc.update("delete from recorded_decision where decision_definition_id = ?", reship);
        assertReshipLimit20TwoOfThreeChange();
        assertThat(jdbc.queryForList(recorded, reship)).isEqualTo(asEvaluated);

        // a decision Camunda's history clean-up removed: its row goes
        jdbc.update(
                "insert into recorded_decision values ('cleaned-up', ?, current_timestamp, null, ?, '[]')",
                reship,
                asEvaluated.get(0).get("inputs"));
        assertReshipLimit20TwoOfThreeChange();
        assertThat(jdbc.queryForList(recorded, reship)).isEqualTo(asEvaluated);

        // rows that cannot agree with Camunda's history (here a decision of another table filed under this one):
        // Camunda's history is read, with the same answer
        String otherDecision = history.createHistoricDecisionInstanceQuery()
                .decisionDefinitionKey("ReturnEligibility")
                .list()
                .get(0)
                .getId();
        String otherTable = jdbc.queryForObject(
                "select decision_definition_id from recorded_decision where decision_instance_id = ?",
                String.class,
                otherDecision);
        jdbc.update(
                "update recorded_decision set decision_definition_id = ? where decision_instance_id = ?",
                reship,
                otherDecision);
        try {
            assertReshipLimit20TwoOfThreeChange();
        } finally {
            jdbc.update(
                    "update recorded_decision set decision_definition_id = ? where decision_instance_id = ?",
                    otherTable,
                    otherDecision);
        }
        assertThat(jdbc.queryForList(recorded, reship)).isEqualTo(asEvaluated);

        // every night, rows of decisions Camunda's history removed go, in periods nobody simulates too
        jdbc.update(
                "insert into recorded_decision values ('cleaned-up-long-ago', ?, timestamp '2020-01-01 00:00:00', null,"
                        + " '[]', '[]')",
                reship);
        assertThat(recordedDecisions.forgetRemovedDecisions()).isEqualTo(1);
        assertThat(jdbc.queryForList(recorded, reship)).isEqualTo(asEvaluated);
    }

    private void assertReshipLimit20TwoOfThreeChange() throws Exception {
        ApiClient.Response answer = upload("owner", "reship-eligibility.dmn", reshipLimit(20), null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode result = answer.json();
        assertThat(result.get("decisionsEvaluated").asInt()).isEqualTo(3);
        assertThat(result.get("decisionsChanged").asInt()).isEqualTo(2);
        List<String> changed = new ArrayList<>();
        result.get("changedCases").forEach(row -> changed.add(row.get("caseId").asText()));
        assertThat(changed).containsExactlyInAnyOrder(caseWith(reshipCases, "25.00"), caseWith(reshipCases, "28.00"));
        assertThat(result.get("money").get("byCurrency").get(0).get("refunds").decimalValue())
                .isEqualByComparingTo("53.00");
    }

    /**
     * A table whose hit policy records several matched rules per decision (COLLECT) is read decision by decision, not
     * grouped: the outcome is every matched rule's output in rule order. Decisions evaluated outside a case count as
     * decisions, never as cases or money.
     */
    @Test
    void collectTable_severalRulesPerDecision_comparedAsAWhole_decisionsOutsideACaseChangeNoCase() throws Exception {
        repository
                .createDeployment()
                .addString("parcel-labels.dmn", parcelLabels(2))
                .name("simulation-collect-test")
                .deploy();
        for (int parcels : new int[] {1, 2, 3, 2}) {
            decisions.evaluateDecisionTableByKey("ParcelLabels", Map.of("parcels", parcels));
        }

        ApiClient.Response answer = upload("owner", "parcel-labels.dmn", parcelLabels(3), null);

        // 1 → ONE; 2 → ONE, TWO (recorded) becomes ONE; 3 → ONE, TWO stays
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode result = answer.json();
        assertThat(result.get("decisionsEvaluated").asInt()).isEqualTo(4);
        assertThat(result.get("decisionsChanged").asInt()).isEqualTo(2);
        assertThat(result.get("changes")).hasSize(1);
        assertThat(result.get("changes").get(0).get("from").asText()).isEqualTo("ONE, TWO");
        assertThat(result.get("changes").get(0).get("to").asText()).isEqualTo("ONE");
        assertThat(result.get("casesChanged").asInt()).isZero();
        assertThat(result.get("changedCases")).isEmpty();
        assertThat(result.get("money").get("effect").isNull()).isTrue();
    }

    /** A table a simulation test deploys on its own: COLLECT, a label per parcel count from 1 and from {@code two}. */
    private static String parcelLabels(int two) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"
                    xmlns:camunda="http://camunda.org/schema/1.0/dmn" id="Definitions_ParcelLabels"
                    name="Parcel labels" namespace="http://after-sales/dmn">
                  <decision id="ParcelLabels" name="Parcel labels" camunda:historyTimeToLive="180">
                    <decisionTable id="DecisionTable_ParcelLabels" hitPolicy="COLLECT">
                      <input id="Input_Parcels" label="Parcels">
                        <inputExpression id="InputExpression_Parcels" typeRef="integer"><text>parcels</text></inputExpression>
                      </input>
                      <output id="Output_Label" label="Label" name="label" typeRef="string" />
                      <rule id="Rule_One">
                        <inputEntry id="InputEntry_One"><text>&gt;= 1</text></inputEntry>
                        <outputEntry id="OutputEntry_One"><text>"ONE"</text></outputEntry>
                      </rule>
                      <rule id="Rule_Two">
                        <inputEntry id="InputEntry_Two"><text>&gt;= %d</text></inputEntry>
                        <outputEntry id="OutputEntry_Two"><text>"TWO"</text></outputEntry>
                      </rule>
                    </decisionTable>
                  </decision>
                </definitions>
                """.formatted(two);
    }

    @Test
    void agentsAndIntegrationsGet403_ownersLeadsAndAdminsSimulate() throws Exception {
        String table = Files.readString(RESHIP_TABLE);
        for (String user : List.of("agent", "shop")) {
            ApiClient.Response refused = upload(user, "reship-eligibility.dmn", table, null);
            assertThat(refused.status()).as(user).isEqualTo(403);
            assertThat(refused.contentType()).as(user).startsWith("application/problem+json");
            assertThat(api.call("GET", SIMULATIONS + "/tables", user, null).status())
                    .as(user)
                    .isEqualTo(403);
            assertThat(api.call(
                                    "POST",
                                    SIMULATIONS,
                                    user,
                                    "{\"decisionKey\": \"ReshipEligibility\", \"version\": 1," + " \"from\": \"" + from
                                            + "\", \"to\": \"" + to + "\"}")
                            .status())
                    .as(user)
                    .isEqualTo(403);
        }
        for (String user : List.of("owner", "lead", "demo")) {
            assertThat(upload(user, "reship-eligibility.dmn", table, null).status())
                    .as(user)
                    .isEqualTo(200);
        }
        JsonNode tables =
                api.call("GET", SIMULATIONS + "/tables", "owner", null).json();
        assertThat(tables.toString()).contains("ReshipEligibility", "CompensationCeiling", "ReturnEligibility");
        // the page: for the same groups; others get the app's 403 page
        assertThat(api.call("GET", "/insights/simulation", "owner", null, "Accept", "text/html")
                        .body())
                .contains("Policy simulation", "/simulation-page/simulation.js");
        assertThat(api.call("GET", "/insights/simulation", "lead", null, "Accept", "text/html")
                        .status())
                .isEqualTo(200);
        ApiClient.Response agentPage = api.call("GET", "/insights/simulation", "agent", null, "Accept", "text/html");
        assertThat(agentPage.status()).isEqualTo(403);
        assertThat(agentPage.body()).contains("Insights are for process owners and team leads");
        assertThat(api.call("GET", "/insights/simulation", "shop", null, "Accept", "text/html")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void badFilesAre400ProblemJson_nothingDeployed() throws Exception {
        long deploymentsBefore = repository.createDeploymentQuery().count();
        long definitionsBefore = repository.createDecisionDefinitionQuery().count();
        String table = Files.readString(RESHIP_TABLE);

        assertBadRequest(upload("owner", "notes.txt", "reship limit 20", null), "validation", "is not a .dmn file");
        assertBadRequest(upload("owner", "reship-eligibility.dmn", "reship limit 20", null), "table-refused", "");
        assertBadRequest(
                upload("owner", "reship-eligibility.dmn", table.replace("&lt;= 30", "&lt;= 2O"), null),
                "table-refused",
                "is not FEEL");
        assertBadRequest(
                upload(
                        "owner",
                        "reship-eligibility.dmn",
                        table.replace("<text>orderValue</text>", "<text>orderTotal</text>"),
                        null),
                "validation",
                "reads orderTotal, which the recorded decisions of ReshipEligibility do not hold (they hold orderValue)");
        assertBadRequest(
                upload(
                        "owner",
                        "reship-eligibility.dmn",
                        table.replace("id=\"ReshipEligibility\"", "id=\"ReshipLimitNew\""),
                        null),
                "validation",
                "no decision table ReshipLimitNew is deployed");
        assertBadRequest(
                upload("owner", "reship-eligibility.dmn", table, "Unknown"),
                "validation",
                "has no decision table Unknown");
        assertBadRequest(
                api.call(
                        "POST",
                        SIMULATIONS,
                        "owner",
                        "{\"decisionKey\": \"ReshipEligibility\", \"version\": 99, \"from\": \"" + from
                                + "\", \"to\": \"" + to + "\"}"),
                "validation",
                "has no version 99");
        assertBadRequest(
                api.call(
                        "POST",
                        SIMULATIONS,
                        "owner",
                        "{\"decisionKey\": \"ReshipEligibility\", \"version\": 1, \"from\": \"" + to
                                + "\", \"to\": \"2020-01-01\"}"),
                "validation",
                "before it starts");
        assertBadRequest(
                api.call(
                        "POST",
                        SIMULATIONS,
                        "owner",
                        "{\"decisionKey\": \"ReshipEligibility\", \"version\": 1, \"from\": \"yesterday\", \"to\": \""
                                + to + "\"}"),
                "validation",
                "is not a day");

        assertThat(repository.createDeploymentQuery().count()).isEqualTo(deploymentsBefore);
        assertThat(repository.createDecisionDefinitionQuery().count()).isEqualTo(definitionsBefore);
    }

    private static void assertBadRequest(ApiClient.Response response, String type, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("urn:after-sales:problem:" + type);
        assertThat(response.json().get("detail").asText()).contains(detail);
    }

    private static String reshipLimit(int limit) throws IOException {
        return Files.readString(RESHIP_TABLE)
                .replace("<text>&lt;= 30</text>", "<text>&lt;= " + limit + "</text>")
                .replace("<text>&gt; 30</text>", "<text>&gt; " + limit + "</text>");
    }

    private static String caseWith(Map<String, String> cases, String orderValue) {
        return cases.entrySet().stream()
                .filter(e -> e.getValue().equals(orderValue))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
    }

    /** Status, resolution, refunds and timeline length of every seeded case. */
    private Map<String, String> caseStates() {
        Map<String, String> states = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(reshipCases.keySet());
        ids.addAll(returnCases.keySet());
        for (String caseId : ids) {
            JsonNode view =
                    api.call("GET", "/api/cases/" + caseId, "demo", null).json();
            states.put(
                    caseId,
                    view.get("status").asText() + " " + view.get("resolution") + " " + view.get("refunds") + " "
                            + view.get("timeline").size() + " "
                            + view.get("decisions").size());
        }
        return states;
    }

    /** A damaged-item case with the order value given, assessed as severe (R-DMG-3/4 ask the reship limit). */
    private String severeDamage(String unitPrice) {
        String orderId = newOrder("DELIVERED", unitPrice, """
                {"carrier": "DHL", "trackingNumber": "JD91", "deliveredAt": "2026-11-28T10:00:00Z"}""");
        String caseId =
                openCase("{\"orderId\": \"" + orderId + "\", \"type\": \"DAMAGED\", \"description\": \"Cracked\", "
                        + "\"evidence\": [\"https://files.example.com/crack.jpg\"]}");
        api.awaitCase(caseId, v -> v.get("openTasks").toString().contains("Task_AssessDamage"));
        String taskId = tasks.createTaskQuery()
                .processInstanceBusinessKey(caseId)
                .singleResult()
                .getId();
        tasks.claim(taskId, "agent");
        tasks.complete(taskId, Map.of("damageSeverity", "SEVERE"));
        api.awaitCase(
                caseId,
                v -> v.get("decisions").toString().contains("ReshipEligibility")
                        && "RESOLVED".equals(v.get("status").asText()));
        return caseId;
    }

    /** A no-reason return of an item reported unopened and as new, delivered {@code daysAgo} days ago. */
    private String noReasonReturn(String unitPrice, int daysAgo) {
        String orderId = newOrder("DELIVERED", unitPrice, """
                {"carrier": "DHL", "trackingNumber": "JD-R%d", "deliveredAt": "%s"}""".formatted(
                        daysAgo, OffsetDateTime.now(ZoneOffset.UTC).minusDays(daysAgo)));
        String caseId = openCase(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"NO_REASON_RETURN\", \"description\":"
                        + " \"Changed my mind\", \"itemCondition\": \"ORIGINAL\", \"itemOpened\": false, \"nearExpiry\": false}");
        api.awaitCase(caseId, v -> v.get("decisions").toString().contains("ReturnEligibility"));
        return caseId;
    }

    private String newOrder(String status, String unitPrice, String shipment) {
        String orderId = "A-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response created = api.call(
                "PUT", "/api/orders/" + orderId, "shop", ApiClient.orderJson(orderId, status, unitPrice, shipment));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return orderId;
    }

    private String openCase(String body) {
        ApiClient.Response opened = api.call(
                "POST",
                "/api/cases",
                "shop",
                body,
                "Idempotency-Key",
                UUID.randomUUID().toString());
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return opened.json().get("caseId").asText();
    }

    /** POST /api/insights/simulations, multipart: the file, the period (yesterday and today), the decision key. */
    private ApiClient.Response upload(String user, String fileName, String content, String decisionKey)
            throws IOException, InterruptedException {
        String boundary = "----simulation" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("from", from);
        fields.put("to", to);
        if (decisionKey != null) fields.put("decisionKey", decisionKey);
        for (Map.Entry<String, String> field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                            + "\"\r\n\r\n" + field.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + SIMULATIONS))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        JsonNode json = text.startsWith("{") || text.startsWith("[") ? new ObjectMapper().readTree(text) : null;
        return new ApiClient.Response(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null),
                null,
                false,
                text,
                json,
                response.headers());
    }
}
