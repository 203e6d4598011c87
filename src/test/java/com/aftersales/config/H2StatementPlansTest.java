package com.aftersales.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * Issue 16, on the embedded H2 file database the app runs by default: H2 plans every statement when it runs, with the
 * tables as they are then. H2 keeps a connection's cached plan until the schema changes, however much the tables grow;
 * with 256 cached plans per connection the engine's read of an execution's variables kept a plan that read nearly
 * every variable, and a cancellation case cost up to twice its CPU after 3,000 cases (bench/README.md, "H2's cached
 * plans"). The tests run on H2 in memory with their own URL, so this opens a database with the app's own URL.
 */
class H2StatementPlansTest {

    @TempDir
    Path dir;

    @Test
    void theAppsH2DatabaseKeepsNoPlanOfAStatement_eachRunIsPlannedWithTheTablesAsTheyAre() throws SQLException {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yaml"));
        String url = yaml.getObject().getProperty("spring.datasource.url");
        assertThat(url).startsWith("jdbc:h2:file:${AFTERSALES_DATA_DIR:./data}/aftersales;");

        try (Connection connection = DriverManager.getConnection(
                        url.replace("${AFTERSALES_DATA_DIR:./data}", dir.toString()), "sa", "");
                Statement sql = connection.createStatement();
                ResultSet setting = sql.executeQuery(
                        "select SETTING_VALUE from INFORMATION_SCHEMA.SETTINGS where SETTING_NAME = 'QUERY_CACHE_SIZE'")) {
            assertThat(setting.next()).isTrue();
            assertThat(setting.getString(1)).isEqualTo("0");
        }
    }
}
