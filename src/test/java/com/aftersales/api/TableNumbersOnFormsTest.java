package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 12, "numbers come from the tables", as a process owner and an agent meet it: the owner deploys a changed
 * reship-eligibility.dmn (limit 50) from Modeler over /engine-rest; the next damage case's "Assess the damage" shows
 * the agent, in Tasklist's form variables, the limit 50 of the new version, not 30.
 */
class TableNumbersOnFormsTest extends ApiTestSupport {

    @Autowired
    RepositoryService repository;

    @Test
    void rDmg3_ownerDeploysReshipLimit50FromModeler_theAgentsDamageFormSays50() throws Exception {
        String table = Files.readString(Path.of("bpmn", "reship-eligibility.dmn"));
        assertThat(table).contains("&lt;= 30", "&gt; 30");
        ApiClient.Response deployed = deployAsModeler(
                "owner",
                "reship-eligibility-" + UUID.randomUUID(),
                Map.of(
                        "reship-eligibility.dmn",
                        table.replace("&lt;= 30", "&lt;= 50").replace("&gt; 30", "&gt; 50")));
        assertThat(deployed.status()).as(deployed.body()).isEqualTo(200);
        String deploymentId = deployed.json().get("id").asText();
        try {
            int version = api.call("GET", "/engine-rest/decision-definition/key/ReshipEligibility", "owner", null)
                    .json()
                    .get("version")
                    .asInt();
            String orderId = newOrder("DELIVERED", "45.00", """
                    {"carrier": "DHL", "trackingNumber": "JD91", "deliveredAt": "2026-11-28T10:00:00Z"}""");
            String caseId = openCaseId(
                    "{\"orderId\": \"" + orderId + "\", \"type\": \"DAMAGED\", \"description\": \"Screen cracked\", "
                            + "\"evidence\": [\"https://files.example.com/crack.jpg\"]}");
            api.awaitCase(caseId, v -> hasTask(v, "Task_AssessDamage"));

            JsonNode task = api.call("GET", "/engine-rest/task?processInstanceBusinessKey=" + caseId, "agent", null)
                    .json()
                    .get(0);
            String form = api.call(
                            "GET", "/engine-rest/task/" + task.get("id").asText() + "/deployed-form", "agent", null)
                    .body();
            assertThat(form).contains("{{reshipLimitText}}").doesNotContain("reship limit 30");
            JsonNode variables = api.call(
                            "GET", "/engine-rest/task/" + task.get("id").asText() + "/form-variables", "agent", null)
                    .json();
            assertThat(variables.path("reshipLimit").path("value").asText()).isEqualTo("50");
            assertThat(variables.path("reshipLimitText").path("value").asText())
                    .isEqualTo("reship allowed, order value 45.00 is `<= 50` (reship-eligibility.dmn v" + version
                            + ", row 1)");
        } finally {
            repository.deleteDeployment(deploymentId, true);
        }
    }
}
