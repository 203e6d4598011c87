package com.aftersales.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.util.unit.DataSize;

/**
 * The two filters in front of every request, before Spring Security, Camunda's authentication, the
 * Idempotency-Key filter and anything else that reads a body: first {@link ProblemResponseFilter} (every error
 * answer becomes problem+json), then {@link RequestBodyLimit} (413 before any byte of a too large body is read).
 * Requests Tomcat refuses before any filter get problem+json from {@link ProblemErrorReportValve}.
 */
@Configuration
public class RequestFilters {

    @Bean
    FilterRegistrationBean<ProblemResponseFilter> problemResponses(
            ProblemWriter problems,
            ObjectMapper json,
            @Value("${camunda.bpm.webapp.application-path:/camunda}") String webapps) {
        FilterRegistrationBean<ProblemResponseFilter> registration =
                new FilterRegistrationBean<>(new ProblemResponseFilter(problems, json, webapps));
        registration.setName("problem-responses");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Runs after Spring Boot's own customizer, which installs the plain ErrorReportValve this one replaces. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(ObjectMapper json) {
        return factory -> factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve))
                    host.getPipeline().removeValve(valve);
            }
            host.getPipeline().addValve(new ProblemErrorReportValve(json));
            host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        });
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(
            ProblemWriter problems,
            @Value("${aftersales.limits.request-body:1MB}") DataSize bodyLimit,
            @Value("${aftersales.limits.deployment-body:5MB}") DataSize deploymentLimit,
            @Value("${camunda.bpm.webapp.application-path:/camunda}") String webapps) {
        FilterRegistrationBean<RequestBodyLimit> registration =
                new FilterRegistrationBean<>(new RequestBodyLimit(problems, bodyLimit, deploymentLimit, webapps));
        registration.setName("request-body-limit");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
