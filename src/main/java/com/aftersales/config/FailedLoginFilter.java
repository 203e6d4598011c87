package com.aftersales.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of every authenticated surface (/api, /engine-rest, /actuator, the webapps' API
 * /camunda/api, the OpenAPI document and Swagger UI, the case page /cases): a source that {@link SourceThrottle} refuses gets 429 problem+json with Retry-After,
 * whatever credentials it sends (/actuator/health excepted: a load balancer's probe). Otherwise a 401
 * that answers sent credentials (an Authorization header anywhere but the webapps; the webapps'
 * login form) counts as a failure of its source. Every 401 is answered as problem+json: Camunda's own
 * (/engine-rest, the webapps) come without a body and get one; a WWW-Authenticate header stays as set. The case page's
 * 401 is its own HTML page that sends the person to Tasklist's login.
 * Registered in {@link SecurityConfig}, before every other filter of these paths but {@link RequestFilters}'.
 */
public class FailedLoginFilter extends OncePerRequestFilter {

    private static final Pattern WEBAPP_LOGIN = Pattern.compile("/camunda/api/admin/auth/user/[^/]+/login/[^/]+");

    private final SourceThrottle throttle;
    private final ProblemWriter problems;

    public FailedLoginFilter(SourceThrottle throttle, ProblemWriter problems) {
        this.throttle = throttle;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String source = SourceThrottle.of(request);
        Duration wait = throttle.waitFor(source);
        if (!wait.isZero() && !path.equals("/actuator/health") && !path.startsWith("/actuator/health/")) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            response.setHeader("Retry-After", Long.toString(seconds));
            problems.write(
                    response,
                    new ApiProblem(
                                    HttpStatus.TOO_MANY_REQUESTS,
                                    "too-many-failed-logins",
                                    "Too many failed logins",
                                    "Too many failed logins came from your address; try again in " + seconds
                                            + " seconds.")
                            .with("retryAfterSeconds", seconds));
            return;
        }
        // the case page answers a person in a browser with its own HTML 401 page (SecurityConfig.casePage)
        boolean casePage = path.startsWith("/cases/");
        chain.doFilter(request, casePage ? response : new UnauthorizedWithoutProblem(response));
        if (response.getStatus() != HttpStatus.UNAUTHORIZED.value()) return;

        boolean webapp = path.startsWith("/camunda/");
        boolean login = webapp && WEBAPP_LOGIN.matcher(path).matches();
        // the webapps read no Authorization header (a browser may send one it keeps for the host): only their login
        // counts
        if (login || !webapp && request.getHeader("Authorization") != null) throttle.recordFailure(source);
        if (!casePage && !isProblem(response.getContentType()) && !response.isCommitted()) {
            problems.write(
                    response,
                    new ApiProblem(
                            HttpStatus.UNAUTHORIZED,
                            "unauthenticated",
                            "Authentication required",
                            login
                                    ? "Wrong user name or password."
                                    : webapp
                                            ? "Log in to the webapp (Tasklist, Cockpit, Admin) first."
                                            : "Send HTTP Basic credentials of a user of the after-sales app."));
        }
    }

    private static boolean isProblem(String contentType) {
        return contentType != null && contentType.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    }

    /**
     * Lets a 401 through with its status and headers but holds back its body, unless that is already
     * problem+json: a 401 sent as an error (no error page) or with another body is answered after the chain.
     */
    private static final class UnauthorizedWithoutProblem extends HttpServletResponseWrapper {

        private static final ServletOutputStream DISCARD = new ServletOutputStream() {
            @Override
            public void write(int b) {
                /* the body of a held-back 401 */
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                /* never blocks */
            }
        };

        UnauthorizedWithoutProblem(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status) throws IOException {
            if (status == HttpStatus.UNAUTHORIZED.value()) setStatus(status);
            else super.sendError(status);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            if (status == HttpStatus.UNAUTHORIZED.value()) setStatus(status);
            else super.sendError(status, message);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            return holdingBack() ? DISCARD : super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            return holdingBack() ? new PrintWriter(OutputStream.nullOutputStream()) : super.getWriter();
        }

        @Override
        public void flushBuffer() throws IOException {
            if (!holdingBack()) super.flushBuffer();
        }

        @Override
        public void setContentLength(int length) {
            if (!holdingBack()) super.setContentLength(length);
        }

        @Override
        public void setContentLengthLong(long length) {
            if (!holdingBack()) super.setContentLengthLong(length);
        }

        private boolean holdingBack() {
            return getStatus() == HttpStatus.UNAUTHORIZED.value() && !isProblem(getContentType());
        }
    }
}
