package com.aftersales.worklist;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The work queue's filter sits on the webapps' engine API (Tasklist's requests) and on their logout.
 * The web server starts before the process engine (and before Flyway has migrated the database), so the
 * filter gets the queue only when the first request comes.
 */
@Configuration
public class WorkQueueConfig {

    @Bean
    FilterRegistrationBean<TasklistWorkQueueFilter> tasklistWorkQueueFilter(
            ObjectProvider<AgentWorkQueue> queue,
            @Value("${camunda.bpm.process-engine-name:default}") String engineName,
            @Value("${camunda.bpm.webapp.application-path:/camunda}") String webapps) {
        FilterRegistrationBean<TasklistWorkQueueFilter> registration =
                new FilterRegistrationBean<>(new TasklistWorkQueueFilter(queue::getObject, engineName));
        registration.addUrlPatterns(webapps + "/api/engine/*", webapps + "/api/admin/auth/user/*");
        registration.setName("tasklist-work-queue");
        return registration;
    }
}
