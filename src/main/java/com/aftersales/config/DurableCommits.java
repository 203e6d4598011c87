package com.aftersales.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.h2.jdbc.JdbcConnection;
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

    /**
     * After the commit of a request's transaction that wrote: H2 writes everything committed to its file. A
     * transaction that wrote nothing (a read, a password check, a Camunda query) has nothing to write. Commits that
     * finish while a CHECKPOINT runs share the next one (group commit): each waits until a CHECKPOINT that started
     * after its own commit has returned, and a single CHECKPOINT serves all of them.
     */
    public static final class CheckpointAfterCommit extends JdbcTransactionManager {

        private final AtomicLong commits = new AtomicLong();
        private final Object checkpointing = new Object();
        private long inTheFile; // commits up to this number are in the file; guarded by checkpointing

        CheckpointAfterCommit(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            Connection connection = ((JdbcTransactionObjectSupport) status.getTransaction())
                    .getConnectionHolder()
                    .getConnection();
            boolean mustBeInTheFile = !status.isReadOnly()
                    && RequestContextHolder.getRequestAttributes() != null
                    && wroteSomething(connection);
            super.doCommit(status);
            if (mustBeInTheFile) checkpointAfter(commits.incrementAndGet(), connection);
        }

        private void checkpointAfter(long commit, Connection connection) {
            synchronized (checkpointing) {
                if (inTheFile >= commit) return; // a CHECKPOINT that started after this commit has written it
                long upTo = commits.get();
                try (Statement checkpoint = connection.createStatement()) {
                    checkpoint.execute("CHECKPOINT");
                } catch (SQLException e) {
                    throw new TransactionSystemException("Committed, but H2 could not write the commit to its file", e);
                }
                inTheFile = upTo;
            }
        }

        /** Whether the transaction about to commit changed a row; when H2 cannot say, assume it did. */
        private static boolean wroteSomething(Connection connection) {
            try {
                return connection.unwrap(JdbcConnection.class).getSession().hasPendingTransaction();
            } catch (SQLException | RuntimeException e) {
                return true;
            }
        }
    }
}
