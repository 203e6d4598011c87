package com.aftersales.worklist;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.IOException;
import java.util.function.Supplier;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tells the {@link AgentWorkQueue} who is working in Tasklist. The first request of an agent's
 * Tasklist session to the engine's API seats them (their "My tasks" is filled before it is answered);
 * later requests refill at most once per interval. Logout, a new login, or the session's end
 * unseats them. Registered for the webapps' API in {@link WorkQueueConfig}.
 */
public class TasklistWorkQueueFilter extends OncePerRequestFilter {

    static final String SEAT = AgentWorkQueue.class.getName() + ".seat";

    private final Supplier<AgentWorkQueue> queue;
    private final String engineName;

    public TasklistWorkQueueFilter(Supplier<AgentWorkQueue> queue, String engineName) {
        this.queue = queue;
        this.engineName = engineName;
    }

    /** Session attribute: bound when the agent's session is seated, unbound on logout, new login or expiry. */
    record SessionSeat(AgentWorkQueue queue, String agent) implements HttpSessionBindingListener {
        @Override
        public void valueBound(HttpSessionBindingEvent event) {
            queue.join(agent);
        }

        @Override
        public void valueUnbound(HttpSessionBindingEvent event) {
            queue.leave(agent);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null && queue.get().enabled()) {
            if (request.getRequestURI().endsWith("/logout")) {
                session.removeAttribute(SEAT);
            } else if (request.getRequestURI().contains("/api/engine/")) {
                seat(session);
            }
        }
        chain.doFilter(request, response);
    }

    private void seat(HttpSession session) {
        if (session.getAttribute(SEAT) instanceof SessionSeat seat) {
            seat.queue().requested(seat.agent());
            return;
        }
        Authentication authentication =
                AuthenticationUtil.getAuthsFromSession(session).getAuthenticationForProcessEngine(engineName);
        if (authentication instanceof UserAuthentication user
                && user.isAuthorizedForApp("tasklist")
                && AgentWorkQueue.routed(user.getGroupIds())) {
            session.setAttribute(SEAT, new SessionSeat(queue.get(), user.getIdentityId()));
        }
    }
}
