package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Finding 4 of issue 11, "Deployments run code": a process owner deploys over /engine-rest the way
 * Camunda Modeler does (multipart, deploy-changed-only). Whatever runs code or would break live cases
 * is refused with 400, each problem naming its element; nothing is deployed and nothing runs. What the
 * app's own diagrams contain still deploys.
 */
class DeploymentCheckTest extends ApiTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The two reproductions of the issue: a timer start event (no case needed) and a service task running an expression. */
    private static String timerStartRunning(String processId, String expression) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                    id="Definitions_%1$s" targetNamespace="http://after-sales/bpmn" exporter="Camunda Modeler" exporterVersion="5.31.0">
                  <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="P1D">
                    <bpmn:startEvent id="StartEvent_EveryMinute">
                      <bpmn:outgoing>Flow_1</bpmn:outgoing>
                      <bpmn:timerEventDefinition id="TimerEventDefinition_1"><bpmn:timeDate>2020-01-01T00:00:00</bpmn:timeDate></bpmn:timerEventDefinition>
                    </bpmn:startEvent>
                    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_EveryMinute" targetRef="Task_Run" />
                    <bpmn:serviceTask id="Task_Run" name="Housekeeping" camunda:expression="%2$s">
                      <bpmn:incoming>Flow_1</bpmn:incoming>
                      <bpmn:outgoing>Flow_2</bpmn:outgoing>
                    </bpmn:serviceTask>
                    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Run" targetRef="EndEvent_Done" />
                    <bpmn:endEvent id="EndEvent_Done"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
                  </bpmn:process>
                </bpmn:definitions>
                """.formatted(processId, expression);
    }

    @Test
    void finding4_timerStartWithRuntimeExpression_refused400NamingTheElements_nothingDeployed_nothingRan()
            throws Exception {
        Path folder = Files.createTempDirectory("finding4");
        Path marker = folder.resolve("code-ran");
        String runtime =
                "${''.getClass().forName('java.lang.Runtime').getMethod('getRuntime').invoke(null).exec('touch "
                        + marker + "')}";
        long deployments = deploymentCount();

        ApiClient.Response refused = deployAsModeler(
                "owner",
                "housekeeping",
                Map.of("housekeeping.bpmn", timerStartRunning("Process_Housekeeping", runtime)));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(errorElements(refused, "housekeeping.bpmn")).contains("StartEvent_EveryMinute", "Task_Run");
        assertThat(refused.json().get("message").asText())
                .as("Modeler shows the message: every problem with its element")
                .contains("housekeeping.bpmn", "StartEvent_EveryMinute", "timer start event", "Task_Run", "getClass");
        Thread.sleep(3000); // time enough for the job executor to have started the timer, had it been deployed
        assertThat(deploymentCount()).isEqualTo(deployments);
        assertThat(api.call("GET", "/engine-rest/process-definition/count?key=Process_Housekeeping", "demo", null)
                        .json()
                        .get("count")
                        .asLong())
                .isZero();
        assertThat(marker).as("the Runtime expression never ran").doesNotExist();
        Files.delete(folder);
    }

    @Test
    void finding4_identityServiceExpression_refused400_ownerNeverBecomesAdministrator() throws Exception {
        long deployments = deploymentCount();

        ApiClient.Response refused = deployAsModeler(
                "owner",
                "make-me-admin",
                Map.of(
                        "make-me-admin.bpmn",
                        timerStartRunning(
                                "Process_MakeMeAdmin",
                                "${identityService.createMembership('owner', 'camunda-admin')}")));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(errorElements(refused, "make-me-admin.bpmn")).contains("Task_Run");
        assertThat(refused.json().get("message").asText()).contains("Task_Run", "identityService");
        Thread.sleep(3000);
        assertThat(deploymentCount()).isEqualTo(deployments);
        assertThat(api.call("GET", "/engine-rest/group?member=owner", "demo", null)
                        .json()
                        .findValuesAsText("id"))
                .containsExactly("process-owners");
    }

    @Test
    void finding4_decisionTableWithARuleThatIsNotFeel_refusedNamingTheRule() throws Exception {
        long deployments = deploymentCount();
        String table = Files.readString(Path.of("bpmn", "reship-eligibility.dmn"))
                .replace(
                        "<inputEntry id=\"InputEntry_LowValue\"><text>&lt;= 30</text>",
                        "<inputEntry id=\"InputEntry_LowValue\"><text>&lt;= 5O</text>");
        assertThat(table).contains("5O");

        ApiClient.Response refused =
                deployAsModeler("owner", "reship-eligibility", Map.of("reship-eligibility.dmn", table));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(errorElements(refused, "reship-eligibility.dmn")).containsExactly("Rule_LowValue");
        assertThat(refused.json().get("message").asText()).contains("Rule_LowValue", "<= 5O");
        assertThat(deploymentCount()).isEqualTo(deployments);
    }

    @Test
    void finding4_userTaskWithAFormThatIsNowhere_refusedNamingTheTask() throws Exception {
        long deployments = deploymentCount();
        String diagram = Files.readString(Path.of("bpmn", "cancellation.bpmn"))
                .replace("camunda:formRef=\"ConfirmCancellation\"", "camunda:formRef=\"ConfirmCancelation\"");

        ApiClient.Response refused =
                deployAsModeler("owner", "cancellation-typo", Map.of("cancellation.bpmn", diagram));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(errorElements(refused, "cancellation.bpmn")).containsExactly("Task_ConfirmCancellationWithBuyer");
        assertThat(refused.json().get("message").asText()).contains("ConfirmCancelation");
        assertThat(deploymentCount()).isEqualTo(deployments);
    }

    /**
     * A process owner renames a gateway in Modeler and deploys twice (the second time the forms are unchanged, so
     * deploy-changed-only leaves them out): both deploy, and the new version's task still opens its form. Only a
     * gateway's label changes, which no other test of this shared context reads.
     */
    @Test
    void finding4_appDiagramWithANewLabel_deploys200_andItsTasksStillFindTheirForms() throws Exception {
        String diagram = Files.readString(Path.of("bpmn", "cancellation.bpmn"));
        String label = "name=\"Buyer still wants to cancel?\"";
        assertThat(diagram).contains(label);
        Map<String, String> forms = new LinkedHashMap<>();
        for (String form :
                List.of("confirm-cancellation.form", "offer-shipped-cancellation.form", "approve-keep-offer.form")) {
            forms.put(form, Files.readString(Path.of("bpmn", "forms", form)));
        }
        String deploymentName = "cancellation-" + UUID.randomUUID();
        Map<String, String> first = new LinkedHashMap<>(forms);
        first.put("cancellation.bpmn", diagram.replace(label, "name=\"Does the buyer still want to cancel?\""));
        ApiClient.Response deployed = deployAsModeler("owner", deploymentName, first);
        assertThat(deployed.status()).as(deployed.body()).isEqualTo(200);

        Map<String, String> second = new LinkedHashMap<>(forms);
        second.put("cancellation.bpmn", diagram.replace(label, "name=\"Buyer still cancels?\""));
        ApiClient.Response relabelled = deployAsModeler("owner", deploymentName, second);
        assertThat(relabelled.status()).as(relabelled.body()).isEqualTo(200);
        String deploymentId = relabelled.json().get("id").asText();
        assertThat(api.call("GET", "/engine-rest/deployment/" + deploymentId + "/resources", "owner", null)
                        .json()
                        .findValuesAsText("name"))
                .as("deploy-changed-only: the unchanged forms stay out")
                .containsExactly("cancellation.bpmn");
        String definitionId =
                relabelled.json().get("deployedProcessDefinitions").fieldNames().next();

        String orderId = newOrder(
                "SHIPPED",
                "25.00",
                "{\"carrier\": \"UPS\", \"trackingNumber\": \"1Z996\", \"handedToCarrier\": false}");
        String caseId = openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Changed my mind\"}");
        JsonNode task = api.call("GET", "/engine-rest/task?processInstanceBusinessKey=" + caseId, "agent", null)
                .json()
                .get(0);
        assertThat(task.get("processDefinitionId").asText())
                .as("the case runs on the relabelled version")
                .isEqualTo(definitionId);
        ApiClient.Response form =
                api.call("GET", "/engine-rest/task/" + task.get("id").asText() + "/deployed-form", "agent", null);
        assertThat(form.status()).as(form.body()).isEqualTo(200);
        assertThat(form.json().get("id").asText()).isEqualTo("ConfirmCancellation");
    }

    // --- helpers --------------------------------------------------------------------------------

    private long deploymentCount() {
        return api.call("GET", "/engine-rest/deployment/count", "demo", null)
                .json()
                .get("count")
                .asLong();
    }

    /** The element ids of the errors Camunda's REST reports for one resource ({@code details}). */
    private static List<String> errorElements(ApiClient.Response response, String resource) {
        JsonNode errors = response.json().path("details").path(resource).path("errors");
        List<String> ids = new ArrayList<>();
        errors.forEach(e -> ids.add(e.get("mainElementId").asText()));
        return ids.stream().distinct().toList();
    }
}
