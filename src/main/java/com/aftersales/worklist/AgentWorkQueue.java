package com.aftersales.worklist;

import com.aftersales.config.Groups;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The agents' work queue: an agent working in Tasklist holds up to {@code tasks-per-agent} (10) case
 * tasks of the team, the most urgent unassigned ones (priority, then SLA due date, then age), and
 * gets the next one when they complete one. "My tasks", the filter Tasklist opens first, is that
 * queue: it stays small whatever the team's backlog, so it loads in milliseconds even with 20,000
 * open cases, where the whole backlog ("My groups' tasks") takes most of a second on PostgreSQL
 * (bench/README.md, "An agent's task list").
 *
 * <ul>
 * <li>An agent joins with their first Tasklist request after login ({@link TasklistWorkQueueFilter})
 *     and is topped up before that request is answered; later requests top up at most once per
 *     {@code refill-interval}; completing a task tops up right after the commit.</li>
 * <li>Logging out, or the last session on this node ending, gives every team task they still hold
 *     back to the team (also one they claimed themselves, or held since before a restart).</li>
 * <li>Only members of {@code after-sales-agents} who are not team leads are routed, and only tasks
 *     whose candidate group is {@code after-sales-agents}: a team lead's approval is never routed.</li>
 * <li>A task a team lead takes back from the agent (agents may not unclaim: TASK_ASSIGN is the team
 *     leads') is not routed to them again in that session.</li>
 * <li>Claims are the engine's own: when two agents or two nodes reach for the same task, one gets
 *     it and the other takes the next one.</li>
 * </ul>
 * {@code aftersales.work-queue.tasks-per-agent=0} turns routing off; agents then claim from "My groups' tasks".
 */
@Component
public class AgentWorkQueue {

    private static final Logger log = LoggerFactory.getLogger(AgentWorkQueue.class);
    private static final int MAX_PAGE = 500;

    /** An agent with one or more Tasklist sessions on this node: the tasks handed to them, the next refill. */
    static final class Seat {
        final Set<String> routed = ConcurrentHashMap.newKeySet();
        int sessions;
        volatile long nextRefillNanos;
    }

    private final TaskService tasks;
    private final int tasksPerAgent;
    private final Duration refillInterval;
    private final Map<String, Seat> seats = new ConcurrentHashMap<>();
    /** One thread: claims run without a user (no authorization check) and one at a time on this node. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "agent-work-queue");
        thread.setDaemon(true);
        return thread;
    });

    public AgentWorkQueue(
            TaskService tasks,
            @Value("${aftersales.work-queue.tasks-per-agent:10}") int tasksPerAgent,
            @Value("${aftersales.work-queue.refill-interval:PT30S}") Duration refillInterval) {
        if (tasksPerAgent < 0) {
            throw new IllegalArgumentException(
                    "aftersales.work-queue.tasks-per-agent must be 0 (off) or more, not " + tasksPerAgent);
        }
        this.tasks = tasks;
        this.tasksPerAgent = tasksPerAgent;
        this.refillInterval = refillInterval;
    }

    public boolean enabled() {
        return tasksPerAgent > 0;
    }

    public int tasksPerAgent() {
        return tasksPerAgent;
    }

    /** Who is routed: agents, not team leads (they work the backlog and the approvals). */
    public static boolean routed(List<String> groups) {
        return groups.contains(Groups.AGENTS) && !groups.contains(Groups.TEAM_LEADS);
    }

    /** A new Tasklist session of the agent: tops their queue up before the session's first request is answered. */
    void join(String agent) {
        Seat seat = seats.compute(agent, (id, existing) -> {
            Seat s = existing == null ? new Seat() : existing;
            s.sessions++;
            return s;
        });
        seat.nextRefillNanos = System.nanoTime() + refillInterval.toNanos();
        Future<Integer> topUp = submit(() -> topUp(agent));
        try {
            int claimed = topUp == null ? 0 : topUp.get(10, TimeUnit.SECONDS);
            log.info(
                    "Work queue: {} joined (session {} on this node), {} tasks handed to them",
                    agent,
                    seat.sessions,
                    claimed);
        } catch (TimeoutException e) {
            log.warn(
                    "Work queue: topping up {} takes more than 10 s; their tasks will show on the next refresh", agent);
        } catch (Exception e) {
            log.warn("Work queue: could not top up {}: {}", agent, e.toString());
        }
    }

    /** A later request of the agent's session: tops up in the background, at most once per refill interval. */
    void requested(String agent) {
        Seat seat = seats.get(agent);
        long now = System.nanoTime();
        if (seat == null || now - seat.nextRefillNanos < 0) return;
        seat.nextRefillNanos = now + refillInterval.toNanos();
        submit(() -> topUp(agent));
    }

    /** A Tasklist session of the agent ended (logout, new login, expiry): the last one on this node gives their tasks back. */
    void leave(String agent) {
        Seat remaining = seats.computeIfPresent(agent, (id, seat) -> --seat.sessions > 0 ? seat : null);
        if (remaining == null) submit(() -> release(agent));
    }

    /** Camunda publishes every task event as a Spring event; a completion by a seated agent tops them up after the commit. */
    @EventListener
    public void onTask(DelegateTask task) {
        if (!TaskListener.EVENTNAME_COMPLETE.equals(task.getEventName())) return;
        String agent = task.getAssignee();
        if (agent == null || !seats.containsKey(agent)) return;
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    submit(() -> topUp(agent));
                }
            });
        } else {
            submit(() -> topUp(agent));
        }
    }

    /** Claims the most urgent unassigned team tasks for the agent until they hold {@code tasks-per-agent}; returns how many. */
    int topUp(String agent) {
        Seat seat = seats.get(agent);
        if (seat == null) return 0;
        int need = tasksPerAgent
                - (int) tasks.createTaskQuery().taskAssignee(agent).active().count();
        int claimed = 0;
        for (int round = 0; round < 3 && need > 0; round++) {
            List<Task> pool = pool().listPage(0, Math.min(need + seat.routed.size(), MAX_PAGE));
            if (pool.isEmpty()) break;
            for (Task task : pool) {
                if (need == 0) break;
                if (seat.routed.contains(task.getId())) continue;
                try {
                    tasks.claim(task.getId(), agent);
                    seat.routed.add(task.getId());
                    need--;
                    claimed++;
                } catch (ProcessEngineException e) {
                    // another agent or node claimed it first, or it was completed meanwhile: take the next
                    log.debug("Work queue: task {} not claimed for {}: {}", task.getId(), agent, e.getMessage());
                }
            }
        }
        if (claimed > 0) log.debug("Work queue: {} more tasks for {}", claimed, agent);
        return claimed;
    }

    /** The team's unassigned, active agent tasks, most urgent first. */
    private TaskQuery pool() {
        return tasks.createTaskQuery()
                .taskCandidateGroup(Groups.AGENTS)
                .taskUnassigned()
                .active()
                .orderByTaskPriority()
                .desc()
                .orderByDueDate()
                .asc()
                .orderByTaskCreateTime()
                .asc();
    }

    /** Gives back the team tasks the agent holds. */
    private int release(String agent) {
        int released = 0;
        for (Task task : tasks.createTaskQuery()
                .taskCandidateGroup(Groups.AGENTS)
                .includeAssignedTasks()
                .taskAssignee(agent)
                .list()) {
            try {
                tasks.setAssignee(task.getId(), null);
                released++;
            } catch (ProcessEngineException e) {
                log.debug("Work queue: task {} not released from {}: {}", task.getId(), agent, e.getMessage());
            }
        }
        log.info("Work queue: {} left, {} of their tasks back to the team", agent, released);
        return released;
    }

    private <T> Future<T> submit(Callable<T> work) {
        try {
            return worker.submit(() -> {
                try {
                    return work.call();
                } catch (Exception e) {
                    log.warn("Work queue: {}", e.toString());
                    throw e;
                }
            });
        } catch (RejectedExecutionException e) {
            return null; // shutting down
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdown();
    }
}
