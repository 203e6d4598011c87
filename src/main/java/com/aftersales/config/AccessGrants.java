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
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The app's groups (README, access table; docs/api.md) and what each may do in Camunda, with authorizations on
 * ({@code camunda.bpm.authorization.enabled}) and variables readable only with the variable permissions
 * ({@code enforceSpecificVariablePermission}, application.yaml). At every start, on every profile, the
 * groups' global grants (resource id {@code *}) are made exactly these: missing ones are created, broader
 * or narrower ones set to these permissions, others of these groups removed (so an upgraded installation
 * loses what earlier versions granted). The role gateway (gateway/EngineGateway) limits the calls on top.
 * <ul>
 * <li>agents: Tasklist, the filters, the diagrams; a case task only when their group is a candidate
 *     (Camunda then grants that group READ, TASK_WORK and READ_VARIABLE on the task);</li>
 * <li>team leads: what agents may, plus every open task with its variables, and assigning it;</li>
 * <li>process owners: Cockpit; deploy (no deletion); definitions, running and finished cases, incidents,
 *     retrying a process's failed jobs; no variable values (figures, not people), no changes to cases;</li>
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

    record Grant(String group, Resource resource, String resourceId, List<Permission> permissions) {}

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
        grants.add(new Grant(
                Groups.TEAM_LEADS,
                Resources.TASK,
                ANY,
                List.of(
                        TaskPermissions.READ,
                        TaskPermissions.TASK_WORK,
                        TaskPermissions.TASK_ASSIGN,
                        TaskPermissions.READ_VARIABLE)));
        String owners = Groups.PROCESS_OWNERS;
        grants.add(new Grant(owners, Resources.APPLICATION, "cockpit", List.of(Permissions.ACCESS)));
        grants.add(new Grant(owners, Resources.DEPLOYMENT, ANY, List.of(Permissions.CREATE, Permissions.READ)));
        grants.add(new Grant(
                owners, Resources.DECISION_DEFINITION, ANY, List.of(Permissions.READ, Permissions.READ_HISTORY)));
        grants.add(new Grant(owners, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, READ));
        // no READ_INSTANCE_VARIABLE, READ_HISTORY_VARIABLE, READ_TASK_VARIABLE: owners see no variable values
        grants.add(new Grant(
                owners,
                Resources.PROCESS_DEFINITION,
                ANY,
                List.of(
                        ProcessDefinitionPermissions.READ,
                        ProcessDefinitionPermissions.READ_HISTORY,
                        ProcessDefinitionPermissions.READ_INSTANCE,
                        ProcessDefinitionPermissions.READ_TASK,
                        ProcessDefinitionPermissions.RETRY_JOB)));
        grants.add(new Grant(
                owners,
                Resources.PROCESS_INSTANCE,
                ANY,
                List.of(ProcessInstancePermissions.READ, ProcessInstancePermissions.RETRY_JOB)));
        grants.add(new Grant(owners, Resources.TASK, ANY, READ));
        grants.add(new Grant(
                owners, Resources.HISTORIC_PROCESS_INSTANCE, ANY, List.of(HistoricProcessInstancePermissions.READ)));
        grants.add(new Grant(owners, Resources.HISTORIC_TASK, ANY, List.of(HistoricTaskPermissions.READ)));
        return grants;
    }

    private final IdentityService identity;
    private final AuthorizationService authorizations;
    private final JdbcTemplate jdbc;

    public AccessGrants(IdentityService identity, AuthorizationService authorizations, JdbcTemplate jdbc) {
        this.identity = identity;
        this.authorizations = authorizations;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        GROUPS.forEach(this::ensureGroup);
        List<Grant> grants = grants();
        int changed = 0;
        for (Grant grant : grants) {
            changed += ensure(grant) ? 1 : 0;
        }
        int removed = removeOthers(grants);
        int tasks = taskGrantsReadVariables();
        log.info(
                "Access: {} groups, {} authorizations ({} created or changed, {} removed); {} task authorizations given READ_VARIABLE",
                GROUPS.size(),
                grants.size(),
                changed,
                removed,
                tasks);
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

    /** Creates the grant, or sets an existing one's permissions to exactly these; true when something changed. */
    private boolean ensure(Grant grant) {
        Authorization existing = find(grant.group(), grant.resource(), grant.resourceId());
        if (existing != null && permissions(existing) == mask(grant)) return false;
        try {
            Authorization authorization =
                    existing != null ? existing : authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
            authorization.setGroupId(grant.group());
            authorization.setResource(grant.resource());
            authorization.setResourceId(grant.resourceId());
            authorization.setPermissions(grant.permissions().toArray(Permission[]::new));
            authorizations.saveAuthorization(authorization);
            return true;
        } catch (RuntimeException e) {
            // another node did the same at the same moment
            Authorization now = find(grant.group(), grant.resource(), grant.resourceId());
            if (now == null || permissions(now) != mask(grant)) throw e;
            return false;
        }
    }

    /** Removes the app groups' global grants that are not in the list (what earlier versions granted more). */
    private int removeOthers(List<Grant> grants) {
        int removed = 0;
        for (String group : GROUPS.keySet()) {
            for (Authorization authorization : authorizations
                    .createAuthorizationQuery()
                    .groupIdIn(group)
                    .authorizationType(AUTH_TYPE_GRANT)
                    .resourceId(ANY)
                    .list()) {
                boolean wanted = grants.stream()
                        .anyMatch(g -> g.group().equals(group)
                                && g.resource().resourceType() == authorization.getResourceType()
                                && g.resourceId().equals(ANY));
                if (!wanted) {
                    authorizations.deleteAuthorization(authorization.getId());
                    removed++;
                }
            }
        }
        return removed;
    }

    /**
     * Tasks created before the variable permissions were enforced: their candidates' and assignees' grants
     * (READ and TASK_WORK on the task) get READ_VARIABLE, as Camunda gives new tasks, so Tasklist still shows
     * their forms' values.
     */
    private int taskGrantsReadVariables() {
        int readVariable = TaskPermissions.READ_VARIABLE.getValue();
        int read = TaskPermissions.READ.getValue();
        return jdbc.update(
                "update ACT_RU_AUTHORIZATION set PERMS_ = PERMS_ + ?, REV_ = REV_ + 1 "
                        + "where TYPE_ = ? and RESOURCE_TYPE_ = ? and RESOURCE_ID_ <> ? and PERMS_ <> ? "
                        + "and mod(PERMS_ / ?, 2) = 0 and mod(PERMS_ / ?, 2) = 1",
                readVariable,
                AUTH_TYPE_GRANT,
                Resources.TASK.resourceType(),
                ANY,
                Permissions.ALL.getValue(),
                readVariable,
                read);
    }

    private Authorization find(String group, Resource resource, String resourceId) {
        return authorizations
                .createAuthorizationQuery()
                .groupIdIn(group)
                .authorizationType(AUTH_TYPE_GRANT)
                .resourceType(resource)
                .resourceId(resourceId)
                .list()
                .stream()
                .findFirst()
                .orElse(null);
    }

    private static int permissions(Authorization authorization) {
        return ((AuthorizationEntity) authorization).getPermissions();
    }

    private static int mask(Grant grant) {
        return grant.permissions().stream().mapToInt(Permission::getValue).reduce(0, (a, b) -> a | b);
    }
}
