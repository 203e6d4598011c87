package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.worklist.AgentWorkQueue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The agents' work queue (issue 3: an agent's task list at 20,000 open cases, bench/README.md). An
 * agent who logs in to Tasklist finds the team's most urgent tasks in "My tasks", the filter
 * Tasklist opens first; completing one brings the next; a task a team lead takes back from them is
 * not routed to them again; logging out gives the rest back to the team. Team leads are not routed. All through
 * Tasklist's own API, with a logged-in webapp session, authorizations on.
 */
class AgentWorkQueueTest extends ApiTestSupport {

    private static final String ENGINE_API = "/api/engine/engine/default";

    @Autowired
    TaskService tasks;

    @Autowired
    IdentityService identity;

    @Autowired
    FilterService filters;

    @Autowired
    AgentWorkQueue queue;

    @Test
    void
            agentInTasklist_holdsTheTeamsMostUrgentTasks_getsTheNextOnComplete_notOneTheLeadTookBack_andGivesTheRestBackOnLogout() {
        int perAgent = queue.tasksPerAgent();
        assertThat(perAgent).as("default queue length").isEqualTo(10);
        // The team's backlog: 2 × 10 + 6 cancellations waiting for an agent, most urgent first (R-SLA-1 due dates,
        // raised priority).
        List<String> urgent = urgentAgentTasks(2 * perAgent + 6);
        ensureAgent(identity, "agent2");
        emptyQueue("agent");
        emptyQueue("agent2");

        // 1. The agent logs in: Tasklist's first request fills "My tasks" with the 10 most urgent.
        WebappSession agent = WebappSession.login(port, "agent", "agent", "tasklist");
        assertThat(agent.loginStatus()).isEqualTo(200);
        assertThat(myTasks(agent)).containsExactlyInAnyOrderElementsOf(urgent.subList(0, 10));

        // 2. They complete the most urgent in its form: the next most urgent takes its place.
        ApiClient.Response completed = agent.post(
                ENGINE_API + "/task/" + urgent.get(0) + "/submit-form",
                "{\"variables\": {\"buyerDecision\": {\"value\": \"KEEP_ORDER\"}}}");
        assertThat(completed.status()).as(completed.body()).isEqualTo(204);
        await(() -> myTasks(agent), urgent.subList(1, 11));

        // 3. A second agent gets the next 10, none of the first agent's.
        WebappSession agent2 = WebappSession.login(port, "agent2", "agent2", "tasklist");
        assertThat(myTasks(agent2)).containsExactlyInAnyOrderElementsOf(urgent.subList(11, 21));

        // 4. A team lead (also in after-sales-agents in the demo data) is not routed: they work the backlog and the
        // approvals.
        long leadHeld = tasks.createTaskQuery().taskAssignee("lead").count();
        WebappSession lead = WebappSession.login(port, "lead", "lead", "tasklist");
        assertThat(myTasks(lead)).doesNotContainAnyElementsOf(urgent);
        assertThat(tasks.createTaskQuery().taskAssignee("lead").count()).isEqualTo(leadHeld);

        // 5. The team lead takes one back from the agent (agents may not unclaim; TASK_ASSIGN is the team leads'):
        //    the agent's refill skips it and brings the next one instead.
        ApiClient.Response unclaimed = lead.post(ENGINE_API + "/task/" + urgent.get(1) + "/unclaim", "{}");
        assertThat(unclaimed.status()).as(unclaimed.body()).isEqualTo(204);
        List<String> expected = new ArrayList<>(urgent.subList(2, 11));
        expected.add(urgent.get(21));
        await(() -> myTasks(agent), expected);
        assertThat(tasks.createTaskQuery().taskId(urgent.get(1)).singleResult().getAssignee())
                .isNull();

        // 6. Logging out gives back the team tasks they hold; what the other agent holds stays theirs.
        assertThat(agent.logout().status()).isEqualTo(200);
        await(() -> assignedAmong("agent", urgent), List.of());
        assertThat(assignedAmong("agent2", urgent)).containsExactlyInAnyOrderElementsOf(urgent.subList(11, 21));
        assertThat(agent2.logout().status()).isEqualTo(200);
        assertThat(lead.logout().status()).isEqualTo(200);
        await(() -> assignedAmong("agent2", urgent), List.of());
        assertThat(tasks.createTaskQuery()
                        .taskIdIn(urgent.subList(1, urgent.size()).toArray(String[]::new))
                        .taskUnassigned()
                        .count())
                .as("the whole backlog is the team's again")
                .isEqualTo(urgent.size() - 1);
    }

    /**
     * Opens {@code count} cancellations of orders marked shipped (R-CAN-3: one agent task each) and
     * makes them the most urgent of the team, each due an hour before the previous one; returns
     * their task ids, most urgent first.
     */
    private List<String> urgentAgentTasks(int count) {
        List<String> ids = new ArrayList<>();
        long now = System.currentTimeMillis();
        // as a team lead would: these are the most urgent of the shared test database, above any task another test left
        // open (default 50, escalated 75, a browser test's urgent 100)
        int urgentPriority = tasks.createTaskQuery().active().orderByTaskPriority().desc().listPage(0, 1).stream()
                        .mapToInt(Task::getPriority)
                        .findFirst()
                        .orElse(50)
                + 10;
        for (int i = 0; i < count; i++) {
            String orderId = newOrder(
                    "SHIPPED",
                    "20.00",
                    "{\"carrier\": \"UPS\", \"trackingNumber\": \"1Z9\", \"handedToCarrier\": false}");
            String caseId = openCaseId("{\"orderId\": \"" + orderId
                    + "\", \"type\": \"CANCELLATION\", \"description\": \"queue " + i + "\"}");
            Task task = await(
                    () -> tasks.createTaskQuery()
                            .processInstanceBusinessKey(caseId)
                            .singleResult(),
                    t -> t != null);
            task.setPriority(urgentPriority);
            task.setDueDate(new Date(now + (count - i) * 3_600_000L));
            tasks.saveTask(task);
            ids.add(0, task.getId());
        }
        return ids;
    }

    /** The ids in "My tasks", as Tasklist asks for them (its first request of a session seats the agent). */
    private List<String> myTasks(WebappSession session) {
        String filterId = filters.createFilterQuery()
                .filterName("My tasks")
                .singleResult()
                .getId();
        ApiClient.Response list =
                session.post(ENGINE_API + "/filter/" + filterId + "/list?firstResult=0&maxResults=15", "{}");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode task : list.json()) ids.add(task.get("id").asText());
        return ids;
    }

    private List<String> assignedAmong(String user, List<String> ids) {
        return tasks.createTaskQuery().taskAssignee(user).taskIdIn(ids.toArray(String[]::new)).list().stream()
                .map(Task::getId)
                .toList();
    }

    /** Test set-up: the agent starts with nothing assigned (the shared test database may have given them tasks). */
    private void emptyQueue(String user) {
        tasks.createTaskQuery().taskAssignee(user).list().forEach(task -> tasks.setAssignee(task.getId(), null));
    }

    private static void await(Supplier<List<String>> actual, List<String> expected) {
        await(actual, ids -> ids.size() == expected.size() && ids.containsAll(expected));
        assertThat(actual.get()).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static <T> T await(Supplier<T> actual, Predicate<T> until) {
        long deadline = System.currentTimeMillis() + 30_000;
        T value = actual.get();
        while (!until.test(value) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            value = actual.get();
        }
        return value;
    }
}
