package com.aftersales.config;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, every connection of the pool starts with settings that keep Camunda's task query
 * (Tasklist, /engine-rest/task) on a good plan (bench/README.md, "An agent's task list"):
 * <ul>
 * <li>{@code plan_cache_mode = force_custom_plan}: the driver turns a statement run 5 times into a
 * prepared one, and PostgreSQL's generic plan for it cannot see the permission bits the
 * authorization check asks for ({@code PERMS_ & ? = ?}); it then joins every task with every
 * authorization (20,000 open tasks: a minute per Tasklist page instead of half a second);</li>
 * <li>{@code jit = off}: the task query's estimated cost is far above the JIT threshold, and
 * compiling it costs more than it saves on every call.</li>
 * </ul>
 */
@Component
public class PostgresSessionSettings implements BeanPostProcessor {

    static final String SETTINGS = "SET plan_cache_mode = force_custom_plan; SET jit = off";

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
