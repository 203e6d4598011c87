package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the cancellation benchmark measures a bare start + complete on the same app
 * (bench/bare-start-complete.bpmn, bench/README.md "Bare start+complete"). Its process must go through the
 * deploy-time check like any diagram, and run as the benchmark drives it: the admin starts it over
 * /engine-rest, finds its task by process instance and completes it. No rule is loosened for it: an agent
 * may not start it.
 */
class BenchBareProcessTest extends ApiTestSupport {

    private static final String PROCESS = "BenchBareStartComplete";

    @Test
    void issue16_benchmarksBareProcess_passesTheDeployCheck_adminStartsAndCompletesIt_agentMayNotStartIt()
            throws Exception {
        ApiClient.Response deployed = deployAsModeler(
                "demo",
                "bench-bare-start-complete",
                Map.of(
                        "bare-start-complete.bpmn",
                        Files.readString(Path.of("bench", "bare-start-complete.bpmn")),
                        "bare-start-complete.form",
                        Files.readString(Path.of("bench", "bare-start-complete.form"))));
        assertThat(deployed.status()).as(deployed.body()).isEqualTo(200);

        String businessKey = "BENCH-BARE-" + UUID.randomUUID();
        String start = "/engine-rest/process-definition/key/" + PROCESS + "/start";
        String body = "{\"businessKey\":\"" + businessKey + "\"}";
        assertThat(api.call("POST", start, "agent", body).status())
                .as("an agent starts no process over /engine-rest, the benchmark's neither")
                .isEqualTo(403);
        assertThat(api.call(
                                "GET",
                                "/engine-rest/history/process-instance/count?processInstanceBusinessKey=" + businessKey,
                                "demo",
                                null)
                        .json()
                        .get("count")
                        .asLong())
                .isZero();

        ApiClient.Response started = api.call("POST", start, "demo", body);
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        String instance = started.json().get("id").asText();
        assertThat(started.json().get("ended").asBoolean())
                .as("it waits in its user task")
                .isFalse();

        JsonNode tasks = api.call("GET", "/engine-rest/task?processInstanceId=" + instance, "demo", null)
                .json();
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).get("name").asText()).isEqualTo("Complete me (benchmark)");
        assertThat(tasks.get(0).get("due").isNull())
                .as(
                        "the app gives it an SLA due date as to every user task (R-SLA-1): part of what the benchmark measures")
                .isFalse();

        ApiClient.Response completed =
                api.call("POST", "/engine-rest/task/" + tasks.get(0).get("id").asText() + "/complete", "demo", "{}");
        assertThat(completed.status()).as(completed.body()).isEqualTo(204);
        assertThat(api.call("GET", "/engine-rest/history/process-instance/" + instance, "demo", null)
                        .json()
                        .get("state")
                        .asText())
                .isEqualTo("COMPLETED");
    }
}
