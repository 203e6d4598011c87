package com.aftersales.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Tasklist shows nothing without filters: these are created at start-up when missing. "My tasks"
 * opens first; the work queue (worklist/AgentWorkQueue) keeps an agent's most urgent tasks there. "My groups'
 * tasks" matches every open task of the agent's groups; Tasklist does not re-run it every few
 * seconds (refresh off), since on PostgreSQL with many thousand open tasks each run takes a
 * noticeable time (bench/README.md, "An agent's task list"). The other two stay small and refresh.
 * Each lists the most urgent first, as the work queue hands tasks out: highest priority (R-CARE-3: core buyers;
 * SLA escalations), then the earliest due date; Tasklist's own sorting only orders tasks equal in both.
 * Under each task the list shows what tells two tasks apart ({@link #LIST_COLUMNS}): the order, the buyer, the
 * order's value, the buyer's tier and the case (task-local variables cases/CaseCardPlugin gives every case task). Filters made before the columns get them at the next start; a filter someone gave columns keeps its own.
 */
@Component
@Order(2)
public class TasklistFilters implements ApplicationRunner {

    /** What Tasklist shows under each task: the variable and its label (Tasklist's filter property "variables"). */
    static final List<Map<String, String>> LIST_COLUMNS = List.of(
            Map.of("name", "listOrderId", "label", "Order"),
            Map.of("name", "listBuyerName", "label", "Buyer"),
            Map.of("name", "listOrderValue", "label", "Order value"),
            Map.of("name", "listBuyerTier", "label", "Buyer tier"),
            Map.of("name", "listCaseId", "label", "Case"));

    private final FilterService filters;
    private final TaskService tasks;

    public TasklistFilters(FilterService filters, TaskService tasks) {
        this.filters = filters;
        this.tasks = tasks;
    }

    @Override
    public void run(ApplicationArguments args) {
        create(
                "My tasks",
                -10,
                "Tasks assigned to me: the work queue keeps the team's most urgent ones here",
                true,
                tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}"));
        create(
                "My groups' tasks",
                0,
                "Open case tasks of my groups, to claim",
                false,
                tasks.createTaskQuery()
                        .taskCandidateGroupInExpression("${currentUserGroups()}")
                        .includeAssignedTasks());
        create(
                "Overdue",
                10,
                "Tasks past their SLA due date",
                true,
                tasks.createTaskQuery().dueBeforeExpression("${now()}"));
    }

    private void create(String name, int priority, String description, boolean refresh, TaskQuery query) {
        Filter existing = filters.createFilterQuery().filterName(name).singleResult();
        if (existing != null) {
            upgradeOlderFilter(existing);
            return;
        }
        Filter filter = filters.newTaskFilter(name);
        filter.setQuery(mostUrgentFirst(query));
        filter.setProperties(Map.of(
                "priority", priority, "description", description, "refresh", refresh, "variables", LIST_COLUMNS));
        filters.saveFilter(filter);
    }

    /** As the work queue hands tasks out: priority (R-CARE-3 core buyers, SLA escalations) first, then the earliest due date. */
    private static TaskQuery mostUrgentFirst(TaskQuery query) {
        return query.orderByTaskPriority().desc().orderByDueDate().asc();
    }

    /**
     * A filter this class created before its lists were sorted (no sorting of its own) gets the sorting, one without
     * columns gets the columns; what someone set on a filter stays.
     */
    private void upgradeOlderFilter(Filter filter) {
        boolean changed = false;
        if (filter.getQuery() instanceof TaskQueryImpl query
                && query.getOrderingProperties().isEmpty()) {
            filter.setQuery(mostUrgentFirst(query));
            changed = true;
        }
        Map<String, Object> properties =
                filter.getProperties() == null ? new HashMap<>() : new HashMap<>(filter.getProperties());
        if (!properties.containsKey("variables")) {
            properties.put("variables", LIST_COLUMNS);
            filter.setProperties(properties);
            changed = true;
        }
        if (changed) filters.saveFilter(filter);
    }
}
