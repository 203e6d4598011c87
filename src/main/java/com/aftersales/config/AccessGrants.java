package com.aftersales.config;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.HistoricTaskPermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.identity.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The app's groups (api.md, "Roles") and what each may do in Camunda, with authorizations on
 * ({@code camunda.bpm.authorization.enabled}). Created at start-up when missing, on every profile.
 * <ul>
 * <li>agents: Tasklist, the filters, the diagrams; a case task only when their group is a candidate
 *     (Camunda grants READ and TASK_WORK on the task to its candidate groups, see application.yaml);</li>
 * <li>team leads: what agents may, plus every open task (escalated and overdue ones);</li>
 * <li>process owners: Cockpit, deployments, definitions, running and finished cases;</li>
 * <li>integrations: nothing in Camunda; they use /api;</li>
 * <li>camunda-admin: everything.</li>
 * </ul>
 */
@Component
@Order(0)
public class AccessGrants implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AccessGrants.class);

    static final Map<String, String> GROUPS = Map.of(
            Groups.AGENTS, "After-sales agents",
            Groups.TEAM_LEADS, "Team leads",
            Groups.PROCESS_OWNERS, "Process owners",
            Groups.INTEGRATIONS, "Integrations (shop, marketplace, carrier, warehouse)",
            Groups.ADMIN, "camunda BPM Administrators");

    record Grant(String group, Resource resource, String resourceId, List<Permission> permissions) {
    }

    private static final List<Permission> READ = List.of(Permissions.READ);

    static List<Grant> grants() {
        List<Grant> grants = new java.util.ArrayList<>();
        for (Resources resource : Resources.values()) {
            grants.add(new Grant(Groups.ADMIN, resource, ANY, List.of(Permissions.ALL)));
        }
        for (String worker : List.of(Groups.AGENTS, Groups.TEAM_LEADS)) {
            grants.add(new Grant(worker, Resources.APPLICATION, "tasklist", List.of(Permissions.ACCESS)));
            grants.add(new Grant(worker, Resources.FILTER, ANY, READ));
            grants.add(new Grant(worker, Resources.PROCESS_DEFINITION, ANY, READ));
            grants.add(new Grant(worker, Resources.USER, ANY, READ));
            grants.add(new Grant(worker, Resources.GROUP, ANY, READ));
        }
        grants.add(new Grant(Groups.TEAM_LEADS, Resources.TASK, ANY,
                List.of(TaskPermissions.READ, TaskPermissions.TASK_WORK, TaskPermissions.TASK_ASSIGN)));
        String owners = Groups.PROCESS_OWNERS;
        grants.add(new Grant(owners, Resources.APPLICATION, "cockpit", List.of(Permissions.ACCESS)));
        grants.add(new Grant(owners, Resources.DEPLOYMENT, ANY, List.of(Permissions.ALL)));
        grants.add(new Grant(owners, Resources.DECISION_DEFINITION, ANY, List.of(Permissions.ALL)));
        grants.add(new Grant(owners, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, List.of(Permissions.ALL)));
        grants.add(new Grant(owners, Resources.PROCESS_DEFINITION, ANY, List.of(ProcessDefinitionPermissions.READ,
                ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_INSTANCE,
                ProcessDefinitionPermissions.READ_TASK, ProcessDefinitionPermissions.UPDATE_INSTANCE)));
        grants.add(new Grant(owners, Resources.PROCESS_INSTANCE, ANY, READ));
        grants.add(new Grant(owners, Resources.TASK, ANY, READ));
        grants.add(new Grant(owners, Resources.HISTORIC_PROCESS_INSTANCE, ANY, List.of(HistoricProcessInstancePermissions.READ)));
        grants.add(new Grant(owners, Resources.HISTORIC_TASK, ANY, List.of(HistoricTaskPermissions.READ)));
        grants.add(new Grant(owners, Resources.FILTER, ANY, READ));
        return grants;
    }

    private final IdentityService identity;
    private final AuthorizationService authorizations;

    public AccessGrants(IdentityService identity, AuthorizationService authorizations) {
        this.identity = identity;
        this.authorizations = authorizations;
    }

    @Override
    public void run(ApplicationArguments args) {
        GROUPS.forEach(this::ensureGroup);
        int created = 0;
        for (Grant grant : grants()) {
            created += ensure(grant) ? 1 : 0;
        }
        log.info("Access: {} groups, {} authorizations ({} new)", GROUPS.size(), grants().size(), created);
    }

    private void ensureGroup(String id, String name) {
        if (identity.createGroupQuery().groupId(id).count() > 0) return;
        try {
            Group group = identity.newGroup(id);
            group.setName(name);
            group.setType(Groups.ADMIN.equals(id) ? "SYSTEM" : "WORKFLOW");
            identity.saveGroup(group);
        } catch (RuntimeException e) {
            // another node created it at the same moment
            if (identity.createGroupQuery().groupId(id).count() == 0) throw e;
        }
    }

    private boolean ensure(Grant grant) {
        if (exists(grant)) return false;
        try {
            Authorization authorization = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
            authorization.setGroupId(grant.group());
            authorization.setResource(grant.resource());
            authorization.setResourceId(grant.resourceId());
            grant.permissions().forEach(authorization::addPermission);
            authorizations.saveAuthorization(authorization);
            return true;
        } catch (RuntimeException e) {
            if (!exists(grant)) throw e;
            return false;
        }
    }

    private boolean exists(Grant grant) {
        return authorizations.createAuthorizationQuery().groupIdIn(grant.group())
                .resourceType(grant.resource()).resourceId(grant.resourceId()).count() > 0;
    }
}
