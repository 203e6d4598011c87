package com.aftersales.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Request bodies over {@code aftersales.limits.request-body} (1 MB) are refused with 413 problem+json before
 * anything reads them: on /api, /engine-rest, the webapps' APIs, everywhere. A deployment (Camunda Modeler's
 * {@code POST /engine-rest/deployment/create}, multipart) may have up to {@code aftersales.limits.deployment-body}.
 * A body with a Content-Length is judged by it and never read here (the server discards at most
 * {@code server.tomcat.max-swallow-size} of it and closes the connection); a chunked body is read here, counting,
 * up to the limit and handed on from memory, so nothing behind this filter holds more than the limit.
 * It is the first filter of every request (RequestFilters).
 */
public class RequestBodyLimit extends OncePerRequestFilter {

    private final ProblemWriter problems;
    private final long bodyLimit;
    private final long deploymentLimit;
    private final String webappsEngineApi;

    public RequestBodyLimit(ProblemWriter problems, DataSize bodyLimit, DataSize deploymentLimit, String webapps) {
        this.problems = problems;
        this.bodyLimit = bodyLimit.toBytes();
        this.deploymentLimit = deploymentLimit.toBytes();
        this.webappsEngineApi = webapps + "/api/engine/";
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = isDeployment(request) ? deploymentLimit : bodyLimit;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            refuse(response, limit);
            return;
        }
        if (declared < 0 && request.getHeader("Transfer-Encoding") != null) {
            byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                refuse(response, limit);
                return;
            }
            chain.doFilter(new BodyInMemory(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean isDeployment(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return "POST".equals(request.getMethod())
                && path.endsWith("/deployment/create")
                && (path.startsWith("/engine-rest/") || path.startsWith(webappsEngineApi));
    }

    private void refuse(HttpServletResponse response, long limit) throws IOException {
        // the rest of the body is not read: the client should not send more on this connection
        response.setHeader("Connection", "close");
        problems.write(
                response,
                ApiProblem.ofStatus(
                                HttpStatus.PAYLOAD_TOO_LARGE.value(),
                                "The request body is larger than " + readable(limit)
                                        + ", the most this endpoint takes.")
                        .with("limitBytes", limit));
    }

    private static String readable(long bytes) {
        return bytes % (1024 * 1024) == 0
                ? bytes / (1024 * 1024) + " MB"
                : bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
    }
}
