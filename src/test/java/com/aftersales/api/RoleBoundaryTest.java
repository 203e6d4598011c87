package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.refunds.RefundLedger;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 11, findings 4 (the owners' half) and 9, and the access table: each group may call on
 * {@code /engine-rest} and the webapps' APIs what the README's access table says, and nothing more,
 * with real HTTP calls and each demo user's credentials. Refusals are 403 problem+json and change nothing.
 */
class RoleBoundaryTest extends ApiTestSupport {

    private static final String PROBLEM = "application/problem+json";
    private static final String COCKPIT_ENGINE = "/api/engine/engine/default";
    private static final String NOT_HANDED_OVER = """
            {"carrier": "UPS", "trackingNumber": "1Z997", "handedToCarrier": false}""";

    @Autowired
    RuntimeService runtime;

    @Autowired
    TaskService tasks;

    @Autowired
    ManagementService management;

    @Autowired
    RepositoryService repository;

    @Autowired
    HistoryService history;

    @Autowired
    RefundLedger ledger;

    /** A cancellation waiting for an agent (R-CAN-3), as the engine holds it. */
    private record OpenCase(
            String caseId,
            String processInstanceId,
            String definitionId,
            String deploymentId,
            String taskId,
            String timerJobId) {}

    private OpenCase openCaseWaitingForAnAgent() {
        String orderId = newOrder("SHIPPED", "11.00", NOT_HANDED_OVER);
        String caseId = openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Too late\"}");
        api.awaitCase(caseId, v -> hasTask(v, "Task_ConfirmCancellationWithBuyer"));
        ProcessInstance instance = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(caseId)
                .singleResult();
        String definitionId = instance.getProcessDefinitionId();
        String deploymentId = repository.getProcessDefinition(definitionId).getDeploymentId();
        String taskId = tasks.createTaskQuery()
                .processInstanceId(instance.getId())
                .singleResult()
                .getId();
        String timer = management
                .createJobQuery()
                .processInstanceId(instance.getId())
                .timers()
                .list()
                .get(0)
                .getId();
        return new OpenCase(caseId, instance.getId(), definitionId, deploymentId, taskId, timer);
    }

    @Test
    void finding4_ownerCannotWriteVariables() {
        OpenCase c = openCaseWaitingForAnAgent();

        assertForbidden(api.call(
                "PUT",
                "/engine-rest/process-instance/" + c.processInstanceId() + "/variables/orderId",
                "owner",
                "{\"value\": \"A-OTHER\"}"));
        assertForbidden(api.call(
                "POST",
                "/engine-rest/process-instance/" + c.processInstanceId() + "/variables",
                "owner",
                "{\"modifications\": {\"maxKeepOffer\": {\"value\": 100000}}}"));
        assertForbidden(api.call(
                "PUT",
                "/engine-rest/execution/" + c.processInstanceId() + "/localVariables/orderId",
                "owner",
                "{\"value\": \"A-OTHER\"}"));
        assertForbidden(api.call(
                "POST",
                "/engine-rest/task/" + c.taskId() + "/submit-form",
                "owner",
                "{\"variables\": {\"buyerDecision\": {\"value\": \"CANCEL\"}}}"));
        assertForbidden(api.call(
                "POST",
                "/engine-rest/message",
                "owner",
                "{\"messageName\": \"Message_WarehouseAnswer\", \"businessKey\": \"" + c.caseId()
                        + "\", \"processVariables\": {\"orderId\": {\"value\": \"A-OTHER\"}}}"));
        WebappSession cockpit = WebappSession.login(port, "owner", "owner", "cockpit");
        assertForbidden(cockpit.post(
                COCKPIT_ENGINE + "/process-instance/" + c.processInstanceId() + "/variables",
                "{\"modifications\": {\"orderId\": {\"value\": \"A-OTHER\"}}}"));

        assertThat(runtime.getVariable(c.processInstanceId(), "orderId")).isNotEqualTo("A-OTHER");
        assertThat(runtime.getVariable(c.processInstanceId(), "maxKeepOffer")).isNull();
        assertThat(tasks.createTaskQuery().taskId(c.taskId()).count()).isEqualTo(1);
    }

    @Test
    void finding4_ownerCannotModifyMigrateRestartOrCancelInstances_noRefundWithoutAgentOrBuyer() {
        OpenCase c = openCaseWaitingForAnAgent();

        assertForbidden(
                api.call(
                        "POST",
                        "/engine-rest/process-instance/" + c.processInstanceId() + "/modification",
                        "owner",
                        "{\"instructions\": [{\"type\": \"startBeforeActivity\", \"activityId\": \"Task_RefundCancelledOrder\"}]}"));
        assertForbidden(
                api.call(
                        "POST",
                        "/engine-rest/process-instance/" + c.processInstanceId() + "/modification-async",
                        "owner",
                        "{\"instructions\": [{\"type\": \"startBeforeActivity\", \"activityId\": \"Task_RefundCancelledOrder\"}]}"));
        assertForbidden(
                api.call(
                        "POST",
                        "/engine-rest/process-definition/" + c.definitionId() + "/start",
                        "owner",
                        "{\"businessKey\": \"" + c.caseId()
                                + "\", \"startInstructions\": [{\"type\": \"startBeforeActivity\", \"activityId\": \"Task_RefundCancelledOrder\"}]}"));
        assertForbidden(api.call(
                "POST",
                "/engine-rest/migration/execute",
                "owner",
                "{\"migrationPlan\": {\"sourceProcessDefinitionId\": \"" + c.definitionId()
                        + "\", \"targetProcessDefinitionId\": \"" + c.definitionId()
                        + "\", \"instructions\": []}, \"processInstanceIds\": [\"" + c.processInstanceId() + "\"]}"));
        assertForbidden(api.call(
                "POST",
                "/engine-rest/process-definition/" + c.definitionId() + "/restart",
                "owner",
                "{\"processInstanceIds\": [\"" + c.processInstanceId() + "\"], \"instructions\": []}"));
        assertForbidden(api.call("DELETE", "/engine-rest/process-instance/" + c.processInstanceId(), "owner", null));
        assertForbidden(api.call(
                "POST",
                "/engine-rest/process-instance/delete",
                "owner",
                "{\"processInstanceIds\": [\"" + c.processInstanceId() + "\"]}"));
        WebappSession cockpit = WebappSession.login(port, "owner", "owner", "cockpit");
        assertForbidden(
                cockpit.post(
                        COCKPIT_ENGINE + "/process-instance/" + c.processInstanceId() + "/modification",
                        "{\"instructions\": [{\"type\": \"startBeforeActivity\", \"activityId\": \"Task_RefundCancelledOrder\"}]}"));

        assertThat(runtime.createProcessInstanceQuery()
                        .processInstanceId(c.processInstanceId())
                        .count())
                .isEqualTo(1);
        assertThat(runtime.getActiveActivityIds(c.processInstanceId()))
                .containsExactly("Task_ConfirmCancellationWithBuyer");
        assertThat(ledger.forCase(c.caseId())).isEmpty();
    }

    @Test
    void finding4_ownerDeploys_butCannotDeleteDeploymentCascade() {
        OpenCase c = openCaseWaitingForAnAgent();
        // as Camunda Modeler deploys: multipart to /engine-rest/deployment/create
        String boundary = "----owner-deploys";
        String diagram = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                    id="Definitions_OwnerDeploys" targetNamespace="http://bpmn.io/schema/bpmn">
                  <bpmn:process id="Process_OwnerDeploys" name="Owner deploys" isExecutable="true"
                      camunda:historyTimeToLive="P1D" camunda:isStartableInTasklist="false">
                    <bpmn:startEvent id="StartEvent_Deployed" />
                  </bpmn:process>
                </bpmn:definitions>
                """;
        String multipart = "--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nowner-deploys\r\n"
                + "--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"owner-deploys.bpmn\"; filename=\"owner-deploys.bpmn\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + diagram + "\r\n--" + boundary + "--\r\n";
        ApiClient.Response deployed = api.call(
                "POST",
                "/engine-rest/deployment/create",
                "owner",
                multipart,
                "Content-Type",
                "multipart/form-data; boundary=" + boundary);
        assertThat(deployed.status()).as(deployed.body()).isEqualTo(200);
        String ownDeployment = deployed.json().get("id").asText();
        assertForbidden(
                api.call("DELETE", "/engine-rest/deployment/" + ownDeployment + "?cascade=true", "owner", null));

        assertForbidden(
                api.call("DELETE", "/engine-rest/deployment/" + c.deploymentId() + "?cascade=true", "owner", null));
        assertForbidden(api.call("DELETE", "/engine-rest/deployment/" + c.deploymentId(), "owner", null));
        assertForbidden(api.call(
                "DELETE", "/engine-rest/process-definition/" + c.definitionId() + "?cascade=true", "owner", null));
        assertForbidden(api.call(
                "DELETE",
                "/engine-rest/process-definition/key/Process_Cancellation/delete?cascade=true",
                "owner",
                null));
        assertForbidden(api.call("POST", "/engine-rest/deployment/" + c.deploymentId() + "/redeploy", "owner", "{}"));
        WebappSession cockpit = WebappSession.login(port, "owner", "owner", "cockpit");
        assertThat(cockpit.get(COCKPIT_ENGINE + "/deployment/" + c.deploymentId())
                        .status())
                .isEqualTo(200);

        assertThat(repository
                        .createDeploymentQuery()
                        .deploymentId(c.deploymentId())
                        .count())
                .isEqualTo(1);
        assertThat(repository
                        .createDeploymentQuery()
                        .deploymentId(ownDeployment)
                        .count())
                .isEqualTo(1);
        assertThat(runtime.createProcessInstanceQuery()
                        .processInstanceId(c.processInstanceId())
                        .count())
                .isEqualTo(1);
    }

    @Test
    void finding4_ownerCannotSuspend() {
        OpenCase c = openCaseWaitingForAnAgent();
        String jobDefinition =
                management.createJobQuery().jobId(c.timerJobId()).singleResult().getJobDefinitionId();

        assertForbidden(api.call(
                "PUT",
                "/engine-rest/process-instance/" + c.processInstanceId() + "/suspended",
                "owner",
                "{\"suspended\": true}"));
        assertForbidden(api.call(
                "PUT",
                "/engine-rest/process-definition/" + c.definitionId() + "/suspended",
                "owner",
                "{\"suspended\": true, \"includeProcessInstances\": true}"));
        assertForbidden(api.call(
                "PUT",
                "/engine-rest/process-instance/suspended",
                "owner",
                "{\"processDefinitionId\": \"" + c.definitionId() + "\", \"suspended\": true}"));
        assertForbidden(api.call(
                "PUT",
                "/engine-rest/job-definition/" + jobDefinition + "/suspended",
                "owner",
                "{\"suspended\": true}"));
        assertForbidden(
                api.call("PUT", "/engine-rest/job/" + c.timerJobId() + "/suspended", "owner", "{\"suspended\": true}"));

        assertThat(runtime.createProcessInstanceQuery()
                        .processInstanceId(c.processInstanceId())
                        .active()
                        .count())
                .isEqualTo(1);
        assertThat(repository.getProcessDefinition(c.definitionId()).isSuspended())
                .isFalse();
        assertThat(management.createJobQuery().jobId(c.timerJobId()).active().count())
                .isEqualTo(1);
    }

    @Test
    void ownerCanRetryIncident_andOpenCockpitsDashboardDefinitionAndInstance() {
        OpenCase c = openCaseWaitingForAnAgent();
        // set-up: the SLA timer's job failed for good (retries 0 makes Camunda raise a failedJob incident)
        management.setJobRetries(c.timerJobId(), 0);
        assertThat(runtime.createIncidentQuery()
                        .processInstanceId(c.processInstanceId())
                        .count())
                .isEqualTo(1);

        WebappSession cockpit = WebappSession.login(port, "owner", "owner", "cockpit");
        assertThat(cockpit.loginStatus()).isEqualTo(200);
        // the dashboard
        assertOk(cockpit.get(COCKPIT_ENGINE + "/process-definition/statistics?rootIncidents=true"));
        assertOk(
                cockpit.get(
                        "/api/cockpit/plugin/base/default/process-definition/statistics?firstResult=0&maxResults=50&sortBy=name&sortOrder=asc"));
        assertOk(cockpit.get(COCKPIT_ENGINE + "/deployment/count"));
        // a process definition
        assertOk(cockpit.get(COCKPIT_ENGINE + "/process-definition/" + c.definitionId()));
        assertOk(cockpit.get(COCKPIT_ENGINE + "/process-definition/" + c.definitionId() + "/xml"));
        assertOk(cockpit.post(
                "/api/cockpit/plugin/base/default/process-instance?firstResult=0&maxResults=50",
                "{\"processDefinitionId\": \"" + c.definitionId() + "\"}"));
        assertOk(cockpit.get(COCKPIT_ENGINE + "/job-definition?processDefinitionId=" + c.definitionId()));
        // the running instance, its incidents and jobs
        assertOk(cockpit.get(COCKPIT_ENGINE + "/process-instance/" + c.processInstanceId()));
        assertOk(cockpit.get(COCKPIT_ENGINE + "/process-instance/" + c.processInstanceId() + "/activity-instances"));
        ApiClient.Response incidents = cockpit.post(
                "/api/cockpit/plugin/base/default/incident/?firstResult=0&maxResults=50",
                "{\"processInstanceIdIn\": [\"" + c.processInstanceId() + "\"]}");
        assertOk(incidents);
        assertThat(incidents.json()).hasSize(1);
        assertOk(cockpit.post(
                COCKPIT_ENGINE + "/job?firstResult=0&maxResults=50",
                "{\"processInstanceId\": \"" + c.processInstanceId() + "\"}"));
        assertOk(cockpit.get(COCKPIT_ENGINE + "/history/process-instance?processDefinitionId=" + c.definitionId()));

        // Cockpit's "Retry" on the incident
        ApiClient.Response retried = cockpit.put(
                COCKPIT_ENGINE + "/job/"
                        + incidents.json().get(0).get("configuration").asText() + "/retries",
                "{\"retries\": 1}");
        assertThat(retried.status()).as(retried.body()).isEqualTo(204);
        assertThat(runtime.createIncidentQuery()
                        .processInstanceId(c.processInstanceId())
                        .count())
                .isZero();
        assertThat(management
                        .createJobQuery()
                        .jobId(c.timerJobId())
                        .singleResult()
                        .getRetries())
                .isEqualTo(1);
    }

    @Test
    void finding9_shopAndAgentCannotTouchJobs_theHistoryCleanUpJobNeitherAndOwnersOnlyRetryAProcesssJob() {
        OpenCase c = openCaseWaitingForAnAgent();
        history.cleanUpHistoryAsync();
        Job cleanup = history.findHistoryCleanupJobs().get(0);
        Job timer = management.createJobQuery().jobId(c.timerJobId()).singleResult();

        for (String user : List.of("shop", "agent", "lead")) {
            for (Job job : List.of(cleanup, timer)) {
                assertForbidden(api.call(
                        "PUT",
                        "/engine-rest/job/" + job.getId() + "/duedate",
                        user,
                        "{\"duedate\": \"2030-01-01T00:00:00.000+0000\"}"));
                assertForbidden(api.call(
                        "PUT", "/engine-rest/job/" + job.getId() + "/suspended", user, "{\"suspended\": true}"));
                assertForbidden(api.call("DELETE", "/engine-rest/job/" + job.getId(), user, null));
                assertForbidden(
                        api.call("PUT", "/engine-rest/job/" + job.getId() + "/retries", user, "{\"retries\": 0}"));
                assertForbidden(api.call("POST", "/engine-rest/job/" + job.getId() + "/execute", user, null));
                assertForbidden(
                        api.call("PUT", "/engine-rest/job/" + job.getId() + "/priority", user, "{\"priority\": 1}"));
            }
            assertForbidden(api.call("GET", "/engine-rest/job", user, null));
            assertForbidden(api.call(
                    "POST",
                    "/engine-rest/job/retries",
                    user,
                    "{\"jobIds\": [\"" + cleanup.getId() + "\"], \"retries\": 0}"));
            assertForbidden(api.call("POST", "/engine-rest/history/cleanup", user, null));
        }
        WebappSession tasklist = WebappSession.login(port, "agent", "agent", "tasklist");
        assertForbidden(tasklist.put(
                COCKPIT_ENGINE + "/job/" + cleanup.getId() + "/duedate",
                "{\"duedate\": \"2030-01-01T00:00:00.000+0000\"}"));
        assertForbidden(tasklist.delete(COCKPIT_ENGINE + "/job/" + cleanup.getId()));
        tasklist.logout();
        // process owners retry a process's failed job (Cockpit), but not the engine's own jobs, and change no job
        // otherwise
        assertForbidden(
                api.call("PUT", "/engine-rest/job/" + cleanup.getId() + "/retries", "owner", "{\"retries\": 0}"));
        assertForbidden(api.call(
                "PUT",
                "/engine-rest/job/" + cleanup.getId() + "/duedate",
                "owner",
                "{\"duedate\": \"2030-01-01T00:00:00.000+0000\"}"));
        assertForbidden(api.call("DELETE", "/engine-rest/job/" + timer.getId(), "owner", null));
        assertForbidden(api.call("POST", "/engine-rest/history/cleanup", "owner", null));

        Job cleanupAfter = management.createJobQuery().jobId(cleanup.getId()).singleResult();
        assertThat(cleanupAfter).isNotNull();
        // Between 01:00 and 05:00 UTC (the history clean-up's batch window, application.yaml) the job executor runs
        // the clean-up job during this test and schedules it again: its due date is then the engine's, never what
        // the refused calls asked for.
        assertThat(cleanupAfter.getDuedate())
                .isBefore(java.util.Date.from(java.time.Instant.parse("2029-01-01T00:00:00Z")));
        assertThat(cleanupAfter.getRetries()).isPositive();
        assertThat(cleanupAfter.isSuspended()).isFalse();
        Job timerAfter = management.createJobQuery().jobId(timer.getId()).singleResult();
        assertThat(timerAfter.getDuedate()).isEqualTo(timer.getDuedate());
        assertThat(timerAfter.getRetries()).isEqualTo(timer.getRetries());
        assertThat(timerAfter.isSuspended()).isFalse();
        // administrators may
        assertThat(api.call("GET", "/engine-rest/job/" + cleanup.getId(), "demo", null)
                        .status())
                .isEqualTo(200);
    }

    /** One row per call: who, what, and the status they get (2xx: Camunda answered; 403: refused by the gateway or the engine). */
    private record Call(String user, String method, String path, String body, int status) {}

    @Test
    void accessTable_eachGroupGetsExactlyItsCallsOnEngineRest() {
        OpenCase c = openCaseWaitingForAnAgent();
        String pi = c.processInstanceId();
        String task = c.taskId();
        String filter = api.call("GET", "/engine-rest/filter?name=My%20tasks", "demo", null)
                .json()
                .get(0)
                .get("id")
                .asText();
        List<Call> calls = List.of(
                // integrations: nothing in Camunda
                new Call("shop", "GET", "/engine-rest/task", null, 403),
                new Call("shop", "GET", "/engine-rest/process-definition", null, 403),
                new Call("shop", "GET", "/engine-rest/version", null, 403),
                new Call("shop", "POST", "/engine-rest/message", "{\"messageName\": \"Message_WarehouseAnswer\"}", 403),
                new Call("shop", "POST", "/engine-rest/deployment/create", null, 403),
                // agents: their tasks, definitions, forms, filters; no job, variable, instance, execution, message,
                // signal,
                // condition, deployment, batch, incident or decision operations
                new Call("agent", "GET", "/engine-rest/task?processInstanceBusinessKey=" + c.caseId(), null, 200),
                new Call("agent", "GET", "/engine-rest/task/" + task, null, 200),
                new Call("agent", "GET", "/engine-rest/task/" + task + "/form-variables", null, 200),
                new Call("agent", "GET", "/engine-rest/task/" + task + "/deployed-form", null, 200),
                new Call("agent", "GET", "/engine-rest/process-definition/" + c.definitionId() + "/xml", null, 200),
                new Call("agent", "GET", "/engine-rest/filter", null, 200),
                new Call("agent", "POST", "/engine-rest/filter/" + filter + "/list", "{}", 200),
                new Call("agent", "POST", "/engine-rest/task/" + task + "/claim", "{\"userId\": \"lead\"}", 403),
                new Call("agent", "POST", "/engine-rest/task/" + task + "/assignee", "{\"userId\": \"agent\"}", 403),
                new Call("agent", "POST", "/engine-rest/task/" + task + "/delegate", "{\"userId\": \"agent\"}", 403),
                new Call(
                        "agent",
                        "POST",
                        "/engine-rest/task/" + task + "/identity-links",
                        "{\"groupId\": \"integrations\", \"type\": \"candidate\"}",
                        403),
                new Call("agent", "PUT", "/engine-rest/task/" + task, "{\"name\": \"x\", \"priority\": 100}", 403),
                new Call("agent", "GET", "/engine-rest/task/" + task + "/variables", null, 403),
                new Call("agent", "GET", "/engine-rest/job", null, 403),
                new Call("agent", "GET", "/engine-rest/process-instance", null, 403),
                new Call("agent", "GET", "/engine-rest/process-instance/" + pi + "/variables", null, 403),
                new Call("agent", "POST", "/engine-rest/variable-instance", "{}", 403),
                new Call("agent", "GET", "/engine-rest/execution", null, 403),
                new Call(
                        "agent", "POST", "/engine-rest/message", "{\"messageName\": \"Message_WarehouseAnswer\"}", 403),
                new Call("agent", "POST", "/engine-rest/signal", "{\"name\": \"anything\"}", 403),
                new Call("agent", "POST", "/engine-rest/condition", "{}", 403),
                new Call("agent", "GET", "/engine-rest/deployment", null, 403),
                new Call("agent", "DELETE", "/engine-rest/deployment/" + c.deploymentId() + "?cascade=true", null, 403),
                new Call("agent", "GET", "/engine-rest/batch", null, 403),
                new Call("agent", "GET", "/engine-rest/incident", null, 403),
                new Call(
                        "agent",
                        "POST",
                        "/engine-rest/decision-definition/key/CompensationCeiling/evaluate",
                        "{}",
                        403),
                new Call("agent", "GET", "/engine-rest/history/process-instance", null, 403),
                new Call(
                        "agent",
                        "POST",
                        "/engine-rest/external-task/fetchAndLock",
                        "{\"workerId\": \"a\", \"maxTasks\": 1}",
                        403),
                // team leads: what agents may, plus every open task and (un)assigning
                new Call("lead", "GET", "/engine-rest/task/" + task + "/form-variables", null, 200),
                new Call("lead", "POST", "/engine-rest/task/" + task + "/assignee", "{\"userId\": \"agent\"}", 204),
                new Call("lead", "POST", "/engine-rest/task/" + task + "/unclaim", null, 204),
                new Call("lead", "GET", "/engine-rest/job", null, 403),
                new Call("lead", "GET", "/engine-rest/process-instance", null, 403),
                new Call(
                        "lead", "PUT", "/engine-rest/task/" + task + "/variables/orderId", "{\"value\": \"A-1\"}", 403),
                // process owners: deploy and watch; retries of a process's failed jobs; no changes
                new Call("owner", "GET", "/engine-rest/process-definition", null, 200),
                new Call("owner", "GET", "/engine-rest/process-instance?businessKey=" + c.caseId(), null, 200),
                new Call(
                        "owner",
                        "POST",
                        "/engine-rest/process-instance",
                        "{\"businessKey\": \"" + c.caseId() + "\"}",
                        200),
                new Call("owner", "GET", "/engine-rest/incident", null, 200),
                new Call("owner", "GET", "/engine-rest/job?processInstanceId=" + pi, null, 200),
                new Call("owner", "GET", "/engine-rest/deployment", null, 200),
                new Call("owner", "GET", "/engine-rest/history/process-instance?processInstanceId=" + pi, null, 200),
                new Call("owner", "GET", "/engine-rest/task?processInstanceId=" + pi, null, 200),
                new Call("owner", "POST", "/engine-rest/task/" + task + "/claim", "{\"userId\": \"owner\"}", 403),
                new Call("owner", "GET", "/engine-rest/task/" + task + "/form-variables", null, 403),
                new Call("owner", "GET", "/engine-rest/process-instance/" + pi + "/variables", null, 403),
                new Call("owner", "PUT", "/engine-rest/job/" + c.timerJobId() + "/duedate", "{\"duedate\": null}", 403),
                new Call("owner", "POST", "/engine-rest/history/cleanup", null, 403),
                new Call("owner", "POST", "/engine-rest/signal", "{\"name\": \"anything\"}", 403),
                new Call("owner", "POST", "/engine-rest/batch/x/suspended", "{}", 403),
                new Call(
                        "owner",
                        "POST",
                        "/engine-rest/decision-definition/key/CompensationCeiling/evaluate",
                        "{}",
                        403),
                // administrators: everything
                new Call("demo", "GET", "/engine-rest/job?processInstanceId=" + pi, null, 200),
                new Call("demo", "GET", "/engine-rest/process-instance/" + pi + "/variables", null, 200),
                new Call("demo", "GET", "/engine-rest/history/cleanup/configuration", null, 200));

        List<String> wrong = new ArrayList<>();
        for (Call call : calls) {
            ApiClient.Response response = api.call(call.method(), call.path(), call.user(), call.body());
            boolean problemOnRefusal =
                    response.status() != 403 || response.contentType().startsWith(PROBLEM);
            if (response.status() != call.status() || !problemOnRefusal) {
                wrong.add(call.user() + " " + call.method() + " " + call.path() + " -> " + response.status()
                        + " (expected " + call.status() + "): "
                        + (response.body() == null
                                ? ""
                                : response.body()
                                        .substring(
                                                0, Math.min(200, response.body().length()))));
            }
        }
        assertThat(wrong)
                .as("calls that did not get the status of the access table")
                .isEmpty();
    }

    @Test
    void accessTable_theWebappsApis_tasklistForAgents_cockpitForOwners() {
        OpenCase c = openCaseWaitingForAnAgent();
        WebappSession agent = WebappSession.login(port, "agent", "agent", "tasklist");
        assertOk(agent.get(COCKPIT_ENGINE + "/filter?resourceType=Task"));
        assertOk(agent.get(COCKPIT_ENGINE + "/task/" + c.taskId() + "/form-variables?deserializeValues=false"));
        assertOk(agent.get(COCKPIT_ENGINE + "/process-definition/" + c.definitionId() + "/xml"));
        assertForbidden(agent.get(COCKPIT_ENGINE + "/job"));
        assertForbidden(agent.post(COCKPIT_ENGINE + "/variable-instance", "{}"));
        assertForbidden(agent.get("/api/cockpit/plugin/base/default/process-definition/statistics"));
        assertForbidden(agent.post("/api/cockpit/plugin/base/default/process-instance", "{}"));
        assertForbidden(agent.get("/api/admin/plugin/adminPlugins/default/users"));
        agent.logout();

        WebappSession owner = WebappSession.login(port, "owner", "owner", "cockpit");
        assertOk(owner.get("/api/cockpit/plugin/base/default/process-definition/statistics-count"));
        assertForbidden(owner.post(COCKPIT_ENGINE + "/task/" + c.taskId() + "/claim", "{\"userId\": \"owner\"}"));
        assertForbidden(owner.put(
                COCKPIT_ENGINE + "/process-instance/" + c.processInstanceId() + "/suspended", "{\"suspended\": true}"));
        assertForbidden(owner.delete(COCKPIT_ENGINE + "/process-instance/" + c.processInstanceId()));
        assertThat(runtime.createProcessInstanceQuery()
                        .processInstanceId(c.processInstanceId())
                        .active()
                        .count())
                .isEqualTo(1);
    }

    private static void assertForbidden(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.contentType()).startsWith(PROBLEM);
        assertThat(response.json().get("detail").asText()).isNotBlank();
    }

    private static void assertOk(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }
}
