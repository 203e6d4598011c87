package com.aftersales.config;

import java.sql.Connection;
import java.sql.Statement;
import java.util.regex.Pattern;
import org.apache.ibatis.executor.statement.StatementHandler;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;
import org.apache.ibatis.reflection.MetaObject;
import org.apache.ibatis.reflection.SystemMetaObject;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.postgresql.PGStatement;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, the engine's queries that check an agent's permission bits row by row ({@code PERMS_ & ? = ?} in a
 * query over tasks, process instances, …: Tasklist's task list and every list an agent asks for) are planned with
 * their values at each run, and every other statement may keep a plan (issue 16).
 * <p>
 * The JDBC driver turns a statement run 5 times on a connection into a prepared one, and PostgreSQL may then reuse a
 * generic plan for it. For a list with the permission check that plan is bad: it cannot use the statistics on the
 * permission bits ({@link EngineDatabaseTuning}) and joins every task with every authorization (a minute per Tasklist
 * page at 20,000 open tasks; bench/README.md, "An agent's task list"). So those statements are sent unprepared
 * ({@code prepareThreshold} 0 on their JDBC statement) and PostgreSQL plans each run with its values.
 * <p>
 * The others keep their plans: inserts, reads by id, the job executor's queries, and the check whether a user may act
 * on one resource ({@value #ONE_RESOURCE_CHECK}, an index probe per grant; planned at each run it cost up to 9 ms of
 * PostgreSQL's CPU per task completed). Planning every statement at each run was half of PostgreSQL's CPU per case
 * (bench/README.md, "PostgreSQL's plans").
 */
@Component
public class PermissionCheckPlans extends AbstractProcessEnginePlugin {

    static final Pattern PERMISSION_BITS = Pattern.compile("PERMS_\\s*&");
    static final String ONE_RESOURCE_CHECK = "isUserAuthorizedForResource";

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        configuration.getSqlSessionFactory().getConfiguration().addInterceptor(new PlannedWithValues());
    }

    @Intercepts(
            @Signature(
                    type = StatementHandler.class,
                    method = "prepare",
                    args = {Connection.class, Integer.class}))
    static final class PlannedWithValues implements Interceptor {
        @Override
        public Object intercept(Invocation invocation) throws Throwable {
            Statement statement = (Statement) invocation.proceed();
            StatementHandler handler = (StatementHandler) invocation.getTarget();
            if (statement.isWrapperFor(PGStatement.class)
                    && PERMISSION_BITS.matcher(handler.getBoundSql().getSql()).find()
                    && !isOneResourceCheck(handler)) {
                statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
            return statement;
        }

        /** MyBatis's statement handler names its mapped statement; when it cannot be read, the check counts as a list. */
        private static boolean isOneResourceCheck(StatementHandler handler) {
            MetaObject meta = SystemMetaObject.forObject(handler);
            String path = meta.hasGetter("delegate") ? "delegate.mappedStatement.id" : "mappedStatement.id";
            return meta.hasGetter(path) && String.valueOf(meta.getValue(path)).endsWith("." + ONE_RESOURCE_CHECK);
        }
    }
}
