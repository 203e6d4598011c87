package com.aftersales.gateway;

import com.aftersales.config.ProblemWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The engine gateway sits on {@code /engine-rest/*} (after Camunda's authentication filter there, which
 * must run first: {@link #engineRestAuthentication} orders it just before {@link #ORDER}) and on the webapps' APIs.
 */
@Configuration
public class EngineGatewayConfig {

    /** Last among the servlet filters: the engine's user is known by then. */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE;

    @Bean
    FilterRegistrationBean<EngineGateway> engineGateway(
            ObjectProvider<ProcessEngine> engine,
            ObjectProvider<TaskCompletionGuard> guard,
            ObjectProvider<EngineContactData> contactData,
            ObjectProvider<TaskComments> comments,
            ObjectProvider<ProblemWriter> problems,
            ObjectProvider<ObjectMapper> json,
            @Value("${camunda.bpm.webapp.application-path:/camunda}") String webapps,
            @Value("${camunda.bpm.process-engine-name:default}") String engineName) {
        EngineGateway gateway = new EngineGateway(
                () -> new EngineGateway.Parts(
                        engine.getObject(),
                        guard.getObject(),
                        contactData.getObject(),
                        comments.getObject(),
                        problems.getObject(),
                        json.getObject()),
                webapps,
                engineName);
        FilterRegistrationBean<EngineGateway> registration = new FilterRegistrationBean<>(gateway);
        registration.addUrlPatterns("/engine-rest/*", webapps + "/api/*");
        registration.setName("engine-gateway");
        registration.setOrder(ORDER);
        return registration;
    }

    /** Camunda's HTTP Basic authentication on /engine-rest (kept for 30 s: {@link RecentBasicLogins}), right before the gateway, which needs the engine's user. */
    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.addUrlPatterns("/engine-rest/*");
        registration.addInitParameter("authentication-provider", RecentBasicLogins.class.getName());
        registration.setName("engine-rest-basic-auth");
        registration.setOrder(ORDER - 1);
        return registration;
    }
}
