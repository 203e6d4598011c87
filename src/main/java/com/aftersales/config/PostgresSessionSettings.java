package com.aftersales.config;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, every connection of the pool starts with {@code jit = off}: the estimated cost of Camunda's task query
 * (Tasklist, /engine-rest/task) is far above the JIT threshold, and compiling it costs more than it saves on every
 * call (bench/README.md, "An agent's task list"). Its plan is kept good by {@link PermissionCheckPlans}, which has
 * PostgreSQL plan the permission checks with their values; until 2026-12-03 every connection had {@code plan_cache_mode
 * = force_custom_plan} for that, which planned every statement of the engine again at each run.
 */
@Component
public class PostgresSessionSettings implements BeanPostProcessor {

    static final String SETTINGS = "SET jit = off";

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool
                && pool.getJdbcUrl() != null
                && pool.getJdbcUrl().startsWith("jdbc:postgresql:")
                && pool.getConnectionInitSql() == null) {
            pool.setConnectionInitSql(SETTINGS);
        }
        return bean;
    }
}
