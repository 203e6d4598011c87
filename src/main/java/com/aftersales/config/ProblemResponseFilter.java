package com.aftersales.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every error answer of the app is application/problem+json without engine internals. An answer with a status of
 * 400 or more that is not problem+json already (from /api's ProblemHandler, or the security filters) is held back
 * and rewritten: Camunda's REST APIs by {@link EngineErrors}, anything else (an empty body, a servlet container's
 * error page, {@code sendError}) by its status. A browser's page request to the webapps that gets 403 or 404 gets an
 * HTML page saying where to go instead ({@link WebappErrorPage}). Successful answers pass through untouched and unbuffered.
 * {@code /actuator/health} keeps its UP/DOWN body (a load balancer reads it); the case page ({@code /cases/…}) keeps its own
 * HTML 401 and 403 pages, written for a person. Outermost filter (RequestFilters).
 */
public class ProblemResponseFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponseFilter.class);

    private final ProblemWriter problems;
    private final ObjectMapper json;
    private final WebappErrorPage pages;

    /** @param webapps the webapps' path, e.g. {@code /camunda}: their pages' 403 and 404 are HTML ({@link WebappErrorPage}) */
    public ProblemResponseFilter(ProblemWriter problems, ObjectMapper json, String webapps) {
        this.problems = problems;
        this.json = json;
        this.pages = new WebappErrorPage(webapps);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return path(request).startsWith("/actuator/health");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ErrorHoldingResponse held = new ErrorHoldingResponse(response);
        try {
            chain.doFilter(request, held);
        } catch (IOException | ServletException | RuntimeException e) {
            if (response.isCommitted()) throw e;
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            held.resetBuffer();
            problems.write(response, ApiProblem.internal().toDetail());
            return;
        }
        if (!held.holdsError()) {
            held.flushWriter();
            return;
        }
        if (pages.answers(request, path(request), response.getStatus())) {
            held.resetBuffer();
            pages.write(response, path(request), response.getStatus());
            return;
        }
        byte[] body = held.heldBody();
        String contentType = response.getContentType();
        if (contentType != null
                && (MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(MediaType.parseMediaType(contentType))
                        || casePageOwnErrorPage(request, contentType))) {
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return;
        }
        ProblemDetail problem = EngineErrors.problem(
                response.getStatus(),
                request.getMethod(),
                path(request),
                body,
                (Throwable) request.getAttribute(EngineErrors.EXCEPTION),
                held.errorMessage,
                json);
        response.resetBuffer();
        problems.write(response, problem);
    }

    /** The case page's own 401 and 403 pages for a person in a browser (api/CasePageController, SecurityConfig): HTML, as written. */
    private static boolean casePageOwnErrorPage(HttpServletRequest request, String contentType) {
        return (path(request).startsWith("/cases/") || path(request).equals("/insights/simulation"))
                && MediaType.TEXT_HTML.isCompatibleWith(MediaType.parseMediaType(contentType));
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /**
     * Holds the body of an answer once its status is 400 or more (and takes {@code sendError} as that status
     * with an empty body); any other answer is written through as it comes.
     */
    private static final class ErrorHoldingResponse extends HttpServletResponseWrapper {

        private final ByteArrayOutputStream held = new ByteArrayOutputStream();
        /** What a {@code sendError} said, if it said anything. */
        private String errorMessage;

        private boolean error;
        private boolean passedThrough;
        private ServletOutputStream stream;
        private PrintWriter writer;

        ErrorHoldingResponse(HttpServletResponse response) {
            super(response);
        }

        boolean holdsError() {
            return error && !passedThrough;
        }

        byte[] heldBody() {
            flushWriter();
            return held.toByteArray();
        }

        void flushWriter() {
            if (writer != null) writer.flush();
        }

        @Override
        public void setStatus(int status) {
            super.setStatus(status);
            error = status >= 400;
        }

        @Override
        public void sendError(int status) {
            sendError(status, null);
        }

        @Override
        public void sendError(int status, String message) {
            if (isCommitted()) throw new IllegalStateException("The response is already committed");
            super.setStatus(status);
            error = status >= 400;
            errorMessage = message;
            held.reset();
        }

        @Override
        public void setContentLength(int length) {
            if (!error) super.setContentLength(length);
        }

        @Override
        public void setContentLengthLong(long length) {
            if (!error) super.setContentLengthLong(length);
        }

        @Override
        public void setHeader(String name, String value) {
            if (!(error && "Content-Length".equalsIgnoreCase(name))) super.setHeader(name, value);
        }

        @Override
        public void addHeader(String name, String value) {
            if (!(error && "Content-Length".equalsIgnoreCase(name))) super.addHeader(name, value);
        }

        @Override
        public void flushBuffer() throws IOException {
            if (!error) super.flushBuffer();
        }

        @Override
        public void resetBuffer() {
            held.reset();
            super.resetBuffer();
        }

        @Override
        public void reset() {
            held.reset();
            error = false;
            super.reset();
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream through = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        if (holding()) held.write(b);
                        else through.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (holding()) held.write(b, off, len);
                        else through.write(b, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        if (!holding()) through.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        if (!holding()) through.close();
                    }

                    @Override
                    public boolean isReady() {
                        return through.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        through.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                String encoding = getCharacterEncoding();
                writer = new PrintWriter(new OutputStreamWriter(
                        getOutputStream(), encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
            }
            return writer;
        }

        /** An error answer is held from its first byte on; once a byte went through, everything does. */
        private boolean holding() {
            if (!error) passedThrough = true;
            return !passedThrough;
        }
    }
}
