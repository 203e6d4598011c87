package com.aftersales.api;

import com.aftersales.cases.CaseRepository;
import com.aftersales.config.Groups;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Who sees a buyer's contact data on /api (issue 11, finding 11): the e-mail, the name, the postal addresses (the
 * order's shipping address, a case's new address), and what quotes the buyer (their words, evidence, the messages
 * to them). Integrations (they are the shop), team leads and admins: for every order and case. Agents: for the cases
 * whose tasks they hold or held (Camunda's task assignee, open tasks and finished ones), and those cases' orders.
 * Process owners and anyone else: never (figures, not people). The others get the same answer without those parts.
 */
@Component
public class ContactDataAccess {

    private static final Set<String> SEE_ALL = Set.of(Groups.INTEGRATIONS, Groups.TEAM_LEADS, Groups.ADMIN);

    private final CaseRepository cases;
    private final TaskService tasks;
    private final HistoryService history;

    public ContactDataAccess(CaseRepository cases, TaskService tasks, HistoryService history) {
        this.cases = cases;
        this.tasks = tasks;
        this.history = history;
    }

    public boolean forCase(Authentication caller, String caseId) {
        return forCases(caller, List.of(caseId));
    }

    /** The order's contact data: for an agent, when they hold or held a task of one of the order's cases. */
    public boolean forOrder(Authentication caller, String orderId) {
        return forCases(caller, cases.caseIds(orderId));
    }

    private boolean forCases(Authentication caller, List<String> caseIds) {
        Set<String> groups = caller.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
        if (groups.stream().anyMatch(SEE_ALL::contains)) return true;
        if (!groups.contains(Groups.AGENTS) || caseIds.isEmpty()) return false;
        String[] keys = caseIds.toArray(String[]::new);
        return tasks.createTaskQuery()
                                .processInstanceBusinessKeyIn(keys)
                                .taskAssignee(caller.getName())
                                .count()
                        > 0
                || history.createHistoricTaskInstanceQuery()
                                .processInstanceBusinessKeyIn(keys)
                                .taskAssignee(caller.getName())
                                .count()
                        > 0;
    }
}
