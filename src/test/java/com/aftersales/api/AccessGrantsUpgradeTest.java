package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.config.AccessGrants;
import com.aftersales.config.Groups;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 11, finding 4 on an installation upgraded from an earlier version: the grants that version gave
 * process owners (every permission on deployments, UPDATE_INSTANCE on definitions, the filters) are gone after
 * the next start (AccessGrants runs at every start), and the tasks it created keep showing their form's values
 * now that variables need their own permission.
 */
class AccessGrantsUpgradeTest extends ApiTestSupport {

    private static final String NOT_HANDED_OVER = """
            {"carrier": "UPS", "trackingNumber": "1Z997", "handedToCarrier": false}""";

    @Autowired
    AuthorizationService authorizations;

    @Autowired
    AccessGrants accessGrants;

    @Autowired
    TaskService tasks;

    @Test
    void finding4_anUpgradedInstallationLosesTheOldOwnerGrants_andOldTasksKeepTheirFormValues() {
        String orderId = newOrder("SHIPPED", "11.00", NOT_HANDED_OVER);
        String caseId = openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Too late\"}");
        api.awaitCase(caseId, v -> hasTask(v, "Task_ConfirmCancellationWithBuyer"));
        String taskId = tasks.createTaskQuery()
                .processInstanceBusinessKey(caseId)
                .singleResult()
                .getId();

        // the database as the earlier version left it
        Authorization deployments = grant(Groups.PROCESS_OWNERS, Resources.DEPLOYMENT, "*");
        deployments.setPermissions(new Permissions[] {Permissions.ALL});
        authorizations.saveAuthorization(deployments);
        Authorization definitions = grant(Groups.PROCESS_OWNERS, Resources.PROCESS_DEFINITION, "*");
        definitions.addPermission(ProcessDefinitionPermissions.UPDATE_INSTANCE);
        authorizations.saveAuthorization(definitions);
        if (grant(Groups.PROCESS_OWNERS, Resources.FILTER, "*") == null) {
            Authorization filters = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
            filters.setGroupId(Groups.PROCESS_OWNERS);
            filters.setResource(Resources.FILTER);
            filters.setResourceId("*");
            filters.addPermission(Permissions.READ);
            authorizations.saveAuthorization(filters);
        }
        Authorization taskOfOldVersion = grant(Groups.AGENTS, Resources.TASK, taskId);
        taskOfOldVersion.removePermission(TaskPermissions.READ_VARIABLE);
        authorizations.saveAuthorization(taskOfOldVersion);
        assertThat(api.call("GET", "/engine-rest/task/" + taskId + "/form-variables", "agent", null)
                        .status())
                .as("an old task without READ_VARIABLE")
                .isEqualTo(403);
        List<String> owners = List.of(Groups.PROCESS_OWNERS);
        assertThat(authorizations.isUserAuthorized("owner", owners, Permissions.DELETE, Resources.DEPLOYMENT, "any"))
                .isTrue();

        accessGrants.run(null);

        assertThat(authorizations.isUserAuthorized("owner", owners, Permissions.DELETE, Resources.DEPLOYMENT, "any"))
                .isFalse();
        assertThat(authorizations.isUserAuthorized("owner", owners, Permissions.CREATE, Resources.DEPLOYMENT, "any"))
                .isTrue();
        assertThat(authorizations.isUserAuthorized(
                        "owner",
                        owners,
                        ProcessDefinitionPermissions.UPDATE_INSTANCE,
                        Resources.PROCESS_DEFINITION,
                        "Process_Cancellation"))
                .isFalse();
        assertThat(authorizations.isUserAuthorized(
                        "owner",
                        owners,
                        ProcessDefinitionPermissions.RETRY_JOB,
                        Resources.PROCESS_DEFINITION,
                        "Process_Cancellation"))
                .isTrue();
        assertThat(authorizations.isUserAuthorized(
                        "owner",
                        owners,
                        ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
                        Resources.PROCESS_DEFINITION,
                        "Process_Cancellation"))
                .isFalse();
        assertThat(authorizations
                        .createAuthorizationQuery()
                        .groupIdIn(Groups.PROCESS_OWNERS)
                        .resourceType(Resources.FILTER)
                        .count())
                .isZero();
        assertThat(api.call("GET", "/engine-rest/task/" + taskId + "/form-variables", "agent", null)
                        .status())
                .isEqualTo(200);
    }

    private Authorization grant(String group, Resources resource, String resourceId) {
        return authorizations
                .createAuthorizationQuery()
                .groupIdIn(group)
                .resourceType(resource)
                .resourceId(resourceId)
                .singleResult();
    }
}
