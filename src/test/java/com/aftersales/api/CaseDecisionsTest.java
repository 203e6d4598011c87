package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 12, "decisions are visible": every decision table a case's process evaluates is kept (history level
 * activity-with-decisions) and shown in the case view's {@code decisions[]} with table, version, matched rule, its
 * policy rule IDs, inputs and outputs; process owners read them, and the finished case, over /engine-rest and in
 * Cockpit; agents and integrations cannot.
 */
class CaseDecisionsTest extends ApiTestSupport {

    private static final String COCKPIT_ENGINE = "/api/engine/engine/default";

    @Autowired
    CaseDecisions caseDecisions;

    @Test
    void rDmg3_severeDamageWithinTheReshipLimit_caseViewShowsEachTableItsRuleInputsAndOutputs() {
        int reshipVersion = latestVersion("ReshipEligibility");
        int ceilingVersion = latestVersion("CompensationCeiling");
        String caseId = severeDamageRefunded("25.00");

        JsonNode decisions =
                api.call("GET", "/api/cases/" + caseId, "shop", null).json().get("decisions");
        JsonNode reship = only(decisions, "ReshipEligibility");
        assertThat(reship.get("tableName").asText()).isEqualTo("Reship within the reship limit?");
        assertThat(reship.get("version").asInt()).isEqualTo(reshipVersion);
        assertThat(reship.get("activity").asText()).isEqualTo("Task_ReshipLimit");
        assertThat(reship.get("inputs").get("orderValue").asDouble()).isEqualTo(25.0);
        assertThat(reship.get("matchedRules")).hasSize(1);
        JsonNode lowValue = reship.get("matchedRules").get(0);
        assertThat(lowValue.get("rule").asText()).isEqualTo("Rule_LowValue");
        assertThat(texts(lowValue.get("ruleIds"))).contains("R-DMG-3");
        assertThat(texts(reship.get("ruleIds"))).contains("R-DMG-3");
        assertThat(lowValue.get("annotation").asText()).contains("low value, up to the reship limit");
        assertThat(lowValue.get("outputs").get("reshipAllowed").asBoolean()).isTrue();
        assertThat(reship.get("evaluatedAt").asText()).isNotBlank();

        // the keep-the-item ceiling is worked out before the agent assesses: by the business rule task and by the
        // process bean that records it on the case, both kept
        List<JsonNode> ceilings = all(decisions, "CompensationCeiling");
        assertThat(ceilings).isNotEmpty();
        for (JsonNode ceiling : ceilings) {
            assertThat(ceiling.get("version").asInt()).isEqualTo(ceilingVersion);
            assertThat(ceiling.get("inputs").get("orderValue").asDouble()).isEqualTo(25.0);
            assertThat(ceiling.get("matchedRules").get(0).get("rule").asText()).isEqualTo("Rule_Standard");
            assertThat(texts(ceiling.get("ruleIds"))).contains("R-GEN-7", "R-DMG-2");
            assertThat(ceiling.get("matchedRules")
                            .get(0)
                            .get("outputs")
                            .get("ceilingPercent")
                            .asDouble())
                    .isEqualTo(35.0);
        }
        // responsibility (R-GEN-1) and the SLA limit of the agent's task (R-SLA-n) are decisions of the case as well
        assertThat(only(decisions, "CaseClassification")
                        .get("matchedRules")
                        .get(0)
                        .get("outputs")
                        .get("responsibility")
                        .asText())
                .isEqualTo("LOGISTICS");
        assertThat(all(decisions, "ServiceLevel"))
                .anySatisfy(sla -> assertThat(texts(sla.get("ruleIds"))).isNotEmpty());
        // oldest first: the classification comes before the ceiling, the ceiling before the reship limit
        List<String> order = new ArrayList<>();
        decisions.forEach(d -> order.add(d.get("table").asText()));
        assertThat(order.indexOf("CaseClassification")).isLessThan(order.indexOf("CompensationCeiling"));
        assertThat(order.lastIndexOf("CompensationCeiling")).isLessThan(order.indexOf("ReshipEligibility"));
        assertThat(texts(reship.get("ruleIds"))).isEqualTo(texts(lowValue.get("ruleIds")));

        // agents and process owners read the same decisions on /api (no decision input is contact data)
        for (String user : List.of("agent", "owner")) {
            JsonNode seen =
                    api.call("GET", "/api/cases/" + caseId, user, null).json().get("decisions");
            assertThat(seen).as(user).isEqualTo(decisions);
        }
    }

    /**
     * Issue 16: the case view reads a case's decisions from the history tables by its business key (three reads)
     * instead of Camunda's queries per process; what it shows is the same, value for value and in the same order.
     */
    @Test
    void caseViewReadsTheDecisionsCamundasQueriesGive_sameValuesSameOrder() {
        String caseId = severeDamageRefunded("25.00");
        agentSubmits(caseId, "FileCarrierClaim", "{\"claimReference\": {\"value\": \"DHL-CLM-16\"}}");
        api.awaitCase(caseId, v -> v.get("openTasks").isEmpty());

        List<CaseView.Decision> shown = caseDecisions.forCase(caseId);
        assertThat(shown).hasSizeGreaterThanOrEqualTo(4);
        assertThat(shown).isEqualTo(caseDecisions.throughQueries(caseId));
        assertThat(caseDecisions.forCase("C-NO-SUCH-CASE")).isEmpty();
    }

    @Test
    void rDmg4_aboveTheReshipLimit_theOtherRuleDecides() {
        String caseId = severeDamageRefunded("45.00");
        JsonNode reship = only(
                api.call("GET", "/api/cases/" + caseId, "shop", null).json().get("decisions"), "ReshipEligibility");
        assertThat(reship.get("inputs").get("orderValue").asDouble()).isEqualTo(45.0);
        assertThat(reship.get("matchedRules").get(0).get("rule").asText()).isEqualTo("Rule_HighValue");
        assertThat(texts(reship.get("ruleIds"))).containsExactly("R-ADDR-3", "R-DMG-4");
        assertThat(reship.get("matchedRules")
                        .get(0)
                        .get("outputs")
                        .get("reshipAllowed")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void processOwnersSeeDecisionInstancesAndFinishedCasesInCockpit_agentsAndIntegrationsDoNot() {
        String caseId = severeDamageRefunded("25.00");
        agentSubmits(caseId, "FileCarrierClaim", "{\"claimReference\": {\"value\": \"DHL-CLM-12\"}}");
        api.awaitCase(caseId, v -> v.get("openTasks").isEmpty());
        JsonNode finishedCases = api.call(
                        "GET",
                        "/engine-rest/history/process-instance?finished=true"
                                + "&processDefinitionKey=Process_DamagedItem&processInstanceBusinessKey=" + caseId,
                        "owner",
                        null)
                .json();
        assertThat(finishedCases).hasSize(1);
        String damageProcess = finishedCases.get(0).get("id").asText();

        // over /engine-rest: the decision instances of the finished case, with inputs and outputs
        JsonNode instances = api.call(
                        "GET",
                        "/engine-rest/history/decision-instance?decisionDefinitionKey=ReshipEligibility"
                                + "&processInstanceId=" + damageProcess + "&includeInputs=true&includeOutputs=true",
                        "owner",
                        null)
                .json();
        assertThat(instances).hasSize(1);
        assertThat(instances.get(0).get("inputs").get(0).get("value").asDouble())
                .isEqualTo(25.0);
        assertThat(instances.get(0).get("outputs").get(0).get("ruleId").asText())
                .isEqualTo("Rule_LowValue");
        // the case view still shows them once the case's process has ended
        assertThat(only(
                                api.call("GET", "/api/cases/" + caseId, "owner", null)
                                        .json()
                                        .get("decisions"),
                                "ReshipEligibility")
                        .get("matchedRules")
                        .get(0)
                        .get("rule")
                        .asText())
                .isEqualTo("Rule_LowValue");

        // in Cockpit, the calls its decision pages make
        WebappSession cockpit = WebappSession.login(port, "owner", "owner", "cockpit");
        assertThat(cockpit.loginStatus()).isEqualTo(200);
        JsonNode definitions =
                ok(cockpit.get(COCKPIT_ENGINE + "/decision-definition?latestVersion=true&sortBy=name&sortOrder=asc"
                        + "&firstResult=0&maxResults=50"));
        assertThat(definitions.toString()).contains("ReshipEligibility");
        ok(cockpit.get(COCKPIT_ENGINE + "/decision-definition/count?latestVersion=true"));
        ok(cockpit.get(
                COCKPIT_ENGINE + "/decision-requirements-definition?latestVersion=true&firstResult=0&maxResults=50"));
        String definitionId = instances.get(0).get("decisionDefinitionId").asText();
        ok(cockpit.get(COCKPIT_ENGINE + "/decision-definition/" + definitionId));
        ok(cockpit.get(COCKPIT_ENGINE + "/decision-definition/" + definitionId + "/xml"));
        JsonNode table = ok(cockpit.get(COCKPIT_ENGINE + "/history/decision-instance?decisionDefinitionId="
                + definitionId + "&processInstanceId=" + damageProcess
                + "&firstResult=0&maxResults=50&sortBy=evaluationTime&sortOrder=desc"));
        assertThat(table).hasSize(1);
        assertThat(ok(cockpit.get(COCKPIT_ENGINE + "/history/decision-instance/count?decisionDefinitionId="
                                + definitionId + "&processInstanceId=" + damageProcess))
                        .get("count")
                        .asInt())
                .isEqualTo(1);
        JsonNode instanceView = ok(cockpit.get(COCKPIT_ENGINE + "/history/decision-instance?decisionInstanceId="
                + table.get(0).get("id").asText() + "&includeInputs=true&includeOutputs=true&disableBinaryFetching=true"
                + "&disableCustomObjectDeserialization=true&maxResults=1"));
        assertThat(instanceView.get(0).get("outputs").get(0).get("value").asBoolean())
                .isTrue();
        // a finished case: Cockpit CE finds its runtime instance gone, reads its history and opens its process
        // definition
        assertThat(cockpit.get(COCKPIT_ENGINE + "/process-instance/" + damageProcess)
                        .status())
                .isEqualTo(404);
        JsonNode finished = ok(cockpit.get(COCKPIT_ENGINE + "/history/process-instance/" + damageProcess));
        assertThat(finished.get("businessKey").asText()).isEqualTo(caseId);
        assertThat(finished.get("state").asText()).isEqualTo("COMPLETED");
        ok(cockpit.get(COCKPIT_ENGINE + "/process-definition/"
                + finished.get("processDefinitionId").asText()));

        // the "Finished cases" tab (config/FinishedCasesPlugin): Cockpit's page names the plugin and loads its script
        // before anyone logs in; the tab lists the finished cases of a version with the query below
        ApiClient.Response page = api.call("GET", "/camunda/app/cockpit/default/", null, null);
        assertThat(page.body()).contains("/api/cockpit/plugin/finished-cases/static/app");
        ApiClient.Response script =
                api.call("GET", "/camunda/api/cockpit/plugin/finished-cases/static/app/plugin.js", null, null);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.body()).contains("Finished cases").contains("cockpit.processDefinition.runtime.tab");
        JsonNode tab =
                ok(cockpit.get(COCKPIT_ENGINE + "/history/process-instance?finished=true&sortBy=endTime&sortOrder=desc"
                        + "&firstResult=0&maxResults=50&processDefinitionId="
                        + finished.get("processDefinitionId").asText()));
        assertThat(tab.toString()).contains(caseId);
        assertThat(ok(cockpit.get(COCKPIT_ENGINE
                                + "/history/decision-instance?sortBy=evaluationTime&sortOrder=asc&processInstanceId="
                                + damageProcess))
                        .toString())
                .contains("ReshipEligibility");

        // agents and integrations: not over /engine-rest, not in Cockpit
        for (String user : List.of("agent", "lead", "shop")) {
            assertThat(api.call(
                                    "GET",
                                    "/engine-rest/history/decision-instance?processInstanceId=" + damageProcess,
                                    user,
                                    null)
                            .status())
                    .as(user)
                    .isIn(401, 403);
            assertThat(api.call("GET", "/engine-rest/history/process-instance/" + damageProcess, user, null)
                            .status())
                    .as(user)
                    .isIn(401, 403);
        }
        WebappSession agentInCockpit = WebappSession.login(port, "agent", "agent", "cockpit");
        assertThat(agentInCockpit
                        .get(COCKPIT_ENGINE + "/history/decision-instance?decisionDefinitionId=" + definitionId)
                        .status())
                .isIn(401, 403);
        WebappSession agentInTasklist = WebappSession.login(port, "agent", "agent", "tasklist");
        assertThat(agentInTasklist.loginStatus()).isEqualTo(200);
        assertThat(agentInTasklist
                        .get(COCKPIT_ENGINE + "/history/decision-instance?decisionDefinitionId=" + definitionId)
                        .status())
                .isEqualTo(403);
    }

    /** A damaged-item case (order value {@code unitPrice}, no stock) the agent assesses as severe: refunded. */
    private String severeDamageRefunded(String unitPrice) {
        String orderId = newOrder("DELIVERED", unitPrice, """
                {"carrier": "DHL", "trackingNumber": "JD90", "deliveredAt": "2026-11-28T10:00:00Z"}""");
        String caseId = openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"DAMAGED\", \"description\": \"Screen cracked\", "
                        + "\"evidence\": [\"https://files.example.com/crack.jpg\"]}");
        api.awaitCase(caseId, v -> hasTask(v, "Task_AssessDamage"));
        agentSubmits(caseId, "AssessDamage", "{\"damageSeverity\": {\"value\": \"SEVERE\"}}");
        api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()) && hasTask(v, "Task_FileCarrierClaim"));
        return caseId;
    }

    private int latestVersion(String key) {
        return api.call("GET", "/engine-rest/decision-definition/key/" + key, "owner", null)
                .json()
                .get("version")
                .asInt();
    }

    private static JsonNode ok(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<JsonNode> all(JsonNode decisions, String table) {
        List<JsonNode> found = new ArrayList<>();
        decisions.forEach(d -> {
            if (table.equals(d.get("table").asText())) found.add(d);
        });
        return found;
    }

    private static JsonNode only(JsonNode decisions, String table) {
        List<JsonNode> found = all(decisions, table);
        assertThat(found).as(table + " in " + decisions).hasSize(1);
        return found.get(0);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }
}
