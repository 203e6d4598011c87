package com.aftersales.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.camunda.bpm.webapp.impl.security.filter.util.CsrfConstants;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The webapps' login on the app's own pages and /api: a person logged in to Tasklist (or Cockpit, Admin) opens a case's
 * page ({@code /cases/{caseId}}) and its calls to /api in the same browser without a second login. The user and groups
 * are those of the webapps' session (Camunda's {@code AuthenticationUtil}, engine {@code default}). Only when the
 * request brings no credentials of its own (HTTP Basic, an API token win). A request that changes something (not GET or
 * HEAD) must carry the session's XSRF token in {@code X-XSRF-TOKEN}, as the webapps' own API calls do; the case page
 * gets it in its HTML. Without it the request stays anonymous (401). Integrations cannot log in to the webapps.
 */
public class WebappSessionLogin extends OncePerRequestFilter {

    static final String ENGINE = "default";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        UserAuthentication user = request.getHeader(HttpHeaders.AUTHORIZATION) == null ? user(request) : null;
        if (user != null
                && SecurityContextHolder.getContext().getAuthentication() == null
                && (safe(request) || xsrfTokenMatches(request))) {
            List<SimpleGrantedAuthority> groups = user.getGroupIds() == null
                    ? List.of()
                    : user.getGroupIds().stream()
                            .map(SimpleGrantedAuthority::new)
                            .toList();
            SecurityContextHolder.getContext()
                    .setAuthentication(
                            UsernamePasswordAuthenticationToken.authenticated(user.getIdentityId(), null, groups));
        }
        chain.doFilter(request, response);
    }

    /** The webapps' user of the request's session, or null. */
    public static UserAuthentication user(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) return null;
        Authentication authentication =
                AuthenticationUtil.getAuthsFromSession(session).getAuthenticationForProcessEngine(ENGINE);
        return authentication instanceof UserAuthentication user ? user : null;
    }

    /** The session's XSRF token (the webapps' CSRF filter keeps it in the session), or null. */
    public static String xsrfToken(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null
                        || !(session.getAttribute(CsrfConstants.CSRF_TOKEN_SESSION_ATTR_NAME) instanceof String token)
                ? null
                : token;
    }

    private static boolean safe(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    }

    private static boolean xsrfTokenMatches(HttpServletRequest request) {
        String expected = xsrfToken(request);
        String sent = request.getHeader(CsrfConstants.CSRF_TOKEN_HEADER_NAME);
        return expected != null
                && sent != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }
}
