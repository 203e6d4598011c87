package com.aftersales.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.transaction.TransactionManagerCustomizers;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Issue 11, finding 5, on the embedded H2 file database: a request's transaction of the app's
 * transaction manager is in the file when its commit returns, so a kill -9 right after the answer
 * loses nothing.
 * H2 closed with SHUTDOWN IMMEDIATELY forgets what it had not written yet, as a killed JVM does.
 */
class DurableCommitsTest {

    @TempDir
    Path dir;

    @Test
    void finding5_onAnH2File_aCommitIsInTheFileWhenItReturns_aKillRightAfterLosesNothing() throws SQLException {
        // a write delay of a minute (H2's own default is 500 ms): what H2 did not write by itself stays in memory
        String url = "jdbc:h2:file:" + dir.resolve("aftersales") + ";WRITE_DELAY=60000";
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(), url, "sa", "");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        try (Connection open = DriverManager.getConnection(url, "sa", "");
                Statement sql = open.createStatement()) {
            sql.execute("create table acknowledged (id int primary key)");
            sql.execute("checkpoint");

            JdbcTransactionManager appManager = new DurableCommits()
                    .transactionManager(
                            dataSource,
                            url,
                            new StaticListableBeanFactory().getBeanProvider(TransactionManagerCustomizers.class));
            assertThat(appManager).isInstanceOf(DurableCommits.CheckpointAfterCommit.class);
            // answering a request (201, 202): written to the file before the commit returns
            RequestContextHolder.setRequestAttributes(
                    new ServletRequestAttributes(new MockHttpServletRequest("POST", "/api/cases")));
            try {
                new TransactionTemplate(appManager)
                        .executeWithoutResult(s -> jdbc.update("insert into acknowledged values (1)"));
            } finally {
                RequestContextHolder.resetRequestAttributes();
            }
            // a job's commit, answered to nobody: committed, in H2's memory until H2 writes it (a lost job runs again)
            new TransactionTemplate(appManager)
                    .executeWithoutResult(s -> jdbc.update("insert into acknowledged values (2)"));

            sql.execute("shutdown immediately"); // as a kill -9 leaves the file
        }

        assertThat(jdbc.queryForList("select id from acknowledged order by id", Integer.class))
                .as(
                        "the request's commit survived; the job's, which H2 would have written up to a minute later, did not")
                .containsExactly(1);
    }

    @Test
    void finding5_manyRequestsCommittingAtOnce_shareCheckpoints_andEveryAnswerIsInTheFile() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("aftersales") + ";WRITE_DELAY=60000";
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(), url, "sa", "");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        try (Connection open = DriverManager.getConnection(url, "sa", "");
                Statement sql = open.createStatement()) {
            sql.execute("create table acknowledged (id int primary key)");
            sql.execute("checkpoint");
            JdbcTransactionManager appManager = new DurableCommits()
                    .transactionManager(
                            dataSource,
                            url,
                            new StaticListableBeanFactory().getBeanProvider(TransactionManagerCustomizers.class));
            int requests = 200;
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<?>> answers = new ArrayList<>();
            for (int i = 1; i <= requests; i++) {
                int id = i;
                answers.add(clients.submit(() -> {
                    RequestContextHolder.setRequestAttributes(
                            new ServletRequestAttributes(new MockHttpServletRequest("POST", "/api/cases")));
                    try {
                        // a read first, as a Camunda query or a password check is: nothing to write for it
                        new TransactionTemplate(appManager)
                                .executeWithoutResult(s -> jdbc.queryForList("select id from acknowledged"));
                        new TransactionTemplate(appManager)
                                .executeWithoutResult(s -> jdbc.update("insert into acknowledged values (?)", id));
                    } finally {
                        RequestContextHolder.resetRequestAttributes();
                    }
                }));
            }
            for (Future<?> answer : answers) answer.get(1, TimeUnit.MINUTES);
            clients.shutdown();
            sql.execute("shutdown immediately"); // as a kill -9 leaves the file
        }

        assertThat(jdbc.queryForObject("select count(*) from acknowledged", Integer.class))
                .as("every request answered before the kill is in the file")
                .isEqualTo(200);
    }
}
