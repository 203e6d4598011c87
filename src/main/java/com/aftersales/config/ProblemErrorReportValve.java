package com.aftersales.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's own error answers, for requests it refuses before any filter sees them (a path with an encoded
 * slash, an invalid URI): problem+json by status instead of Tomcat's HTML page. Installed on the host in place
 * of Spring Boot's ErrorReportValve (RequestFilters).
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private final ObjectMapper json;

    public ProblemErrorReportValve(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) return;
        ProblemDetail problem = (status >= 500
                        ? ApiProblem.internal()
                        : ApiProblem.ofStatus(
                                status,
                                status == 400
                                        ? "The request's URL or headers are not valid."
                                        : "The request was refused."))
                .toDetail();
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(json.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (Exception e) {
            container.getLogger().warn("Could not write the problem for status " + status, e);
        }
    }
}
