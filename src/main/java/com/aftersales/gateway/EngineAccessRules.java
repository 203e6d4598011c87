package com.aftersales.gateway;

import com.aftersales.config.Groups;
import com.aftersales.gateway.EngineCall.Area;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each group may call on Camunda's APIs (the README's access table), on top of Camunda's own
 * authorizations (config/AccessGrants): an allow-list of method and path per role; everything else is
 * refused. The calls listed are the ones Tasklist and Cockpit make for the work each role does. Some
 * allowed calls get a further check in {@link EngineGateway} (claims for oneself, retries only of a
 * process's jobs, completions with form fields only, BPMN errors the diagram catches).
 */
final class EngineAccessRules {

    enum Role {
        AGENT,
        LEAD,
        OWNER,
        ADMIN
    }

    private record Rule(Area area, Set<String> methods, String pattern) {}

    private static final Set<String> GET = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> POST = Set.of("POST");
    private static final Set<String> QUERY = Set.of("GET", "HEAD", "OPTIONS", "POST");
    private static final Set<String> PUT = Set.of("PUT");

    /** Every person who works in a webapp: who they are, which engine, their profile and groups. */
    private static final List<Rule> PEOPLE = List.of(
            engine(GET, ""),
            engine(GET, "engine"),
            engine(GET, "version"),
            engine(GET, "user"),
            engine(GET, "user/count"),
            engine(GET, "user/*/profile"),
            engine(QUERY, "group"),
            engine(QUERY, "group/count"),
            engine(GET, "identity/groups"),
            engine(Set.of("OPTIONS"), "**"));

    /** Agents work their tasks in Tasklist: list, read, claim for themselves, complete with the form's fields, comment. */
    private static final List<Rule> AGENTS = List.of(
            engine(GET, "filter"),
            engine(GET, "filter/count"),
            engine(GET, "filter/*"),
            engine(QUERY, "filter/*/list"),
            engine(QUERY, "filter/*/count"),
            engine(QUERY, "filter/*/singleResult"),
            engine(QUERY, "task"),
            engine(QUERY, "task/count"),
            engine(GET, "task/*"),
            engine(GET, "task/*/form"),
            engine(GET, "task/*/deployed-form"),
            engine(GET, "task/*/rendered-form"),
            engine(GET, "task/*/form-variables"),
            engine(GET, "task/*/identity-links"),
            engine(GET, "task/*/comment"),
            engine(GET, "task/*/comment/*"),
            engine(POST, "task/*/comment/create"),
            engine(POST, "task/*/claim"),
            engine(POST, "task/*/complete"),
            engine(POST, "task/*/submit-form"),
            engine(POST, "task/*/bpmnError"),
            engine(POST, "task/*/bpmnEscalation"),
            engine(GET, "process-definition/**"),
            engine(GET, "history/user-operation"),
            engine(GET, "history/user-operation/count"),
            new Rule(Area.TASKLIST, GET, "**"));

    /** Team leads: what agents may, and (un)assigning any task. Their grants let them see every open task. */
    private static final List<Rule> LEADS = List.of(engine(POST, "task/*/assignee"), engine(POST, "task/*/unclaim"));

    /** Process owners deploy and watch in Cockpit; they retry a process's failed jobs, and change nothing else. */
    private static final List<Rule> OWNERS = List.of(
            engine(GET, "process-definition/**"),
            engine(GET, "decision-definition/**"),
            engine(GET, "decision-requirements-definition/**"),
            engine(GET, "case-definition/**"),
            engine(GET, "deployment/**"),
            engine(POST, "deployment/create"),
            engine(QUERY, "process-instance"),
            engine(QUERY, "process-instance/count"),
            engine(GET, "process-instance/*"),
            engine(GET, "process-instance/*/activity-instances"),
            engine(QUERY, "execution"),
            engine(QUERY, "execution/count"),
            engine(QUERY, "variable-instance"),
            engine(QUERY, "variable-instance/count"),
            engine(QUERY, "task"),
            engine(QUERY, "task/count"),
            engine(GET, "task/*"),
            engine(GET, "task/*/identity-links"),
            engine(GET, "task/report/**"),
            engine(QUERY, "job"),
            engine(QUERY, "job/count"),
            engine(GET, "job/*"),
            engine(GET, "job/*/stacktrace"),
            engine(PUT, "job/*/retries"),
            engine(GET, "job-definition/**"),
            engine(QUERY, "incident"),
            engine(QUERY, "incident/count"),
            engine(GET, "incident/*"),
            engine(QUERY, "external-task"),
            engine(QUERY, "external-task/count"),
            engine(GET, "external-task/*"),
            engine(GET, "history/**"),
            engine(POST, "history/*"),
            engine(POST, "history/*/count"),
            engine(GET, "batch/**"),
            engine(GET, "metrics/**"),
            new Rule(Area.COCKPIT, QUERY, "**"));

    private static final Map<Role, List<Rule>> RULES = Map.of(
            Role.AGENT, concat(PEOPLE, AGENTS),
            Role.LEAD, concat(PEOPLE, AGENTS, LEADS),
            Role.OWNER, concat(PEOPLE, OWNERS),
            Role.ADMIN, List.of());

    private EngineAccessRules() {}

    static Set<Role> roles(Collection<String> groups) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (groups.contains(Groups.ADMIN)) roles.add(Role.ADMIN);
        if (groups.contains(Groups.TEAM_LEADS)) roles.add(Role.LEAD);
        if (groups.contains(Groups.AGENTS)) roles.add(Role.AGENT);
        if (groups.contains(Groups.PROCESS_OWNERS)) roles.add(Role.OWNER);
        return roles;
    }

    static boolean allows(Set<Role> roles, EngineCall call) {
        if (roles.contains(Role.ADMIN)) return true;
        if (call.path().contains("cleanup")) return false;
        for (Role role : roles) {
            for (Rule rule : RULES.get(role)) {
                if (rule.area() == call.area()
                        && rule.methods().contains(call.method())
                        && call.matches(rule.pattern())) return true;
            }
        }
        return false;
    }

    private static Rule engine(Set<String> methods, String pattern) {
        return new Rule(Area.ENGINE, methods, pattern);
    }

    @SafeVarargs
    private static List<Rule> concat(List<Rule>... lists) {
        List<Rule> all = new ArrayList<>();
        for (List<Rule> list : lists) all.addAll(list);
        return List.copyOf(all);
    }
}
