package com.aftersales.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.transaction.TransactionManagerCustomizers;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 11, finding 5, on the embedded H2 file database: a transaction of the app's transaction
 * manager is in the file when its commit returns, so a kill -9 right after the answer loses nothing.
 * H2 closed with SHUTDOWN IMMEDIATELY forgets what it had not written yet, as a killed JVM does.
 */
class DurableCommitsTest {

    @TempDir Path dir;

    @Test
    void finding5_onAnH2File_aCommitIsInTheFileWhenItReturns_aKillRightAfterLosesNothing() throws SQLException {
        // a write delay of a minute (H2's own default is 500 ms): what H2 did not write by itself stays in memory
        String url = "jdbc:h2:file:" + dir.resolve("aftersales") + ";WRITE_DELAY=60000";
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(), url, "sa", "");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        try (Connection open = DriverManager.getConnection(url, "sa", ""); Statement sql = open.createStatement()) {
            sql.execute("create table acknowledged (id int primary key)");
            sql.execute("checkpoint");

            JdbcTransactionManager appManager = new DurableCommits().transactionManager(dataSource, url,
                    new StaticListableBeanFactory().getBeanProvider(TransactionManagerCustomizers.class));
            assertThat(appManager).isInstanceOf(DurableCommits.CheckpointAfterCommit.class);
            new TransactionTemplate(appManager).executeWithoutResult(s -> jdbc.update("insert into acknowledged values (1)"));
            // the same without the app's manager: committed, but only in H2's memory
            new TransactionTemplate(new JdbcTransactionManager(dataSource)).executeWithoutResult(s -> jdbc.update("insert into acknowledged values (2)"));

            sql.execute("shutdown immediately");   // as a kill -9 leaves the file
        }

        assertThat(jdbc.queryForList("select id from acknowledged order by id", Integer.class))
                .as("the app's commit survived; the plain one, H2 would have written up to a minute later, did not")
                .containsExactly(1);
    }
}
