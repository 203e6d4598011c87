package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.AfterSalesApplication;
import com.aftersales.config.DurableCommits;
import com.aftersales.testdb.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;

/** Nothing is lost on a restart: a case opened before it is still there after it, and can be finished. */
// runs after the tests on shared contexts (junit-platform.properties)
@Order(Integer.MAX_VALUE)
class RestartTest {

    @TempDir
    Path dataDir;

    /** The app as a user starts it: on its H2 file under the data directory, or on PostgreSQL in that run. */
    private ConfigurableApplicationContext start() {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--aftersales.demo-data=true"));
        if (TestDatabase.postgres()) {
            TestDatabase.properties("restart").forEach(property -> arguments.add("--" + property));
        } else {
            arguments.add("--AFTERSALES_DATA_DIR=" + dataDir);
        }
        return new SpringApplicationBuilder(AfterSalesApplication.class).run(arguments.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @Test
    void aCaseOpenedBeforeARestartOfTheAppOnTheSameDatabase_isFinishedAfterIt() {
        String caseId;
        try (ConfigurableApplicationContext app = start()) {
            ApiClient api = new ApiClient(port(app));
            api.call(
                    "PUT",
                    "/api/orders/R-1",
                    "shop",
                    ApiClient.orderJson(
                            "R-1",
                            "SHIPPED",
                            "25.00",
                            "{\"carrier\": \"UPS\", \"trackingNumber\": \"1Z1\", \"handedToCarrier\": false}"));
            ApiClient.Response opened = api.call(
                    "POST",
                    "/api/cases",
                    "shop",
                    "{\"orderId\": \"R-1\", \"type\": \"CANCELLATION\", \"description\": \"Before the restart\"}");
            assertThat(opened.status()).isEqualTo(201);
            caseId = opened.json().get("caseId").asText();
            if (!TestDatabase.postgres()) {
                // issue 11, finding 5: the embedded default writes every commit to its file before it answers
                assertThat(app.getBean(PlatformTransactionManager.class))
                        .isInstanceOf(DurableCommits.CheckpointAfterCommit.class);
            }
        }
        if (!TestDatabase.postgres()) {
            assertThat(Files.exists(dataDir.resolve("aftersales.mv.db"))).isTrue();
        }

        try (ConfigurableApplicationContext app = start()) {
            ApiClient api = new ApiClient(port(app));
            JsonNode view =
                    api.call("GET", "/api/cases/" + caseId, "shop", null).json();
            assertThat(view.get("status").asText()).isEqualTo("OPEN");
            String taskId = view.get("openTasks").get(0).get("taskId").asText();

            assertThat(api.call(
                                    "POST",
                                    "/engine-rest/task/" + taskId + "/submit-form",
                                    "agent",
                                    "{\"variables\": {\"buyerDecision\": {\"value\": \"CANCEL\"}}}")
                            .status())
                    .isEqualTo(204);

            JsonNode resolved =
                    api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));
            assertThat(resolved.get("refundedTotal").decimalValue()).isEqualByComparingTo("29.99");
            assertThat(resolved.get("timeline").get(0).get("what").asText()).contains("Before the restart");
        }
    }
}
