package com.aftersales.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.transaction.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.JdbcTransactionObjectSupport;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Acknowledged means durable (issue 11, finding 5). The one transaction manager of the app and of the
 * engine (Camunda runs its commands in Spring transactions). On the embedded H2 file database, a
 * transaction that wrote while the app answers a request has H2 write what is committed to its file
 * (CHECKPOINT) before the commit returns, so what the app answered for (201, 202, a completed task)
 * survives a kill -9 of the JVM. H2 by itself writes commits up to 500 ms later (its WRITE_DELAY), and
 * still does so for the job executor's commits: a job whose commit is lost runs again after a restart.
 * Not WRITE_DELAY=0, which stops H2's background housekeeping: the file grew tenfold (2.8 GB instead of
 * 300 MB for the 2,000 cases of the lifecycle benchmark). Not an fsync: a power cut may still lose the
 * last commits. PostgreSQL commits durably by itself (synchronous_commit on, its default): nothing is
 * added there, nor for H2 in memory (the tests).
 */
@Configuration
public class DurableCommits {

    @Bean
    JdbcTransactionManager transactionManager(
            DataSource dataSource,
            @Value("${spring.datasource.url}") String url,
            ObjectProvider<TransactionManagerCustomizers> customizers) {
        JdbcTransactionManager manager =
                writesToAnH2File(url) ? new CheckpointAfterCommit(dataSource) : new JdbcTransactionManager(dataSource);
        customizers.ifAvailable(c -> c.customize(manager));
        return manager;
    }

    static boolean writesToAnH2File(String url) {
        return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
    }

    /** After the commit of a request's transaction that may have written: H2 writes everything committed to its file. */
    public static final class CheckpointAfterCommit extends JdbcTransactionManager {

        CheckpointAfterCommit(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            super.doCommit(status);
            if (status.isReadOnly() || RequestContextHolder.getRequestAttributes() == null) return;
            Connection connection = ((JdbcTransactionObjectSupport) status.getTransaction())
                    .getConnectionHolder()
                    .getConnection();
            try (Statement checkpoint = connection.createStatement()) {
                checkpoint.execute("CHECKPOINT");
            } catch (SQLException e) {
                throw new TransactionSystemException("Committed, but H2 could not write the commit to its file", e);
            }
        }
    }
}
