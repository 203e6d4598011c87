package com.aftersales.testdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The database a test's application context runs on. By default each context gets its own
 * in-memory H2 database; with {@code -Daftersales.test.db=postgres} (the second surefire run of
 * {@code ./mvnw verify}) it gets its own fresh PostgreSQL database instead, on the server named by
 * {@code AFTERSALES_TEST_PG_URL} / {@code _USER} / {@code _PASSWORD}
 * (default {@code jdbc:postgresql://127.0.0.1:5432/}, {@code aftersales} / {@code aftersales}); the databases' names
 * start with {@code AFTERSALES_TEST_PG_PREFIX} (default {@code aftersales_test_}), so two checkouts can run the suite at once.
 */
public final class TestDatabase {

    private static final Set<String> CREATED = new HashSet<>();

    private TestDatabase() {}

    public static boolean postgres() {
        return "postgres".equals(System.getProperty("aftersales.test.db", "h2"));
    }

    static String serverUrl() {
        String url = env("AFTERSALES_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
        return url.endsWith("/") ? url : url + "/";
    }

    static String user() {
        return env("AFTERSALES_TEST_PG_USER", "aftersales");
    }

    static String password() {
        return env("AFTERSALES_TEST_PG_PASSWORD", "aftersales");
    }

    /** Where the test's context (named {@code name}) keeps its data, for {@code @DynamicPropertySource}. */
    public static void register(DynamicPropertyRegistry registry, String name) {
        for (String property : properties(name)) {
            String[] pair = property.split("=", 2);
            registry.add(pair[0], () -> pair[1]);
        }
    }

    /**
     * The datasource properties ({@code key=value}) of a database named {@code name}: H2 in memory,
     * or a PostgreSQL database that is dropped and created the first time this JVM asks for it.
     */
    public static List<String> properties(String name) {
        List<String> properties = new ArrayList<>();
        if (!postgres()) {
            properties.add("spring.datasource.url=jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
            properties.add("spring.datasource.username=sa");
            properties.add("spring.datasource.password=");
            properties.add("spring.datasource.driver-class-name=org.h2.Driver");
            return properties;
        }
        String database = env("AFTERSALES_TEST_PG_PREFIX", "aftersales_test_")
                + name.toLowerCase().replaceAll("[^a-z0-9_]", "_");
        freshDatabase(database);
        properties.add("spring.datasource.url=" + serverUrl() + database);
        properties.add("spring.datasource.username=" + user());
        properties.add("spring.datasource.password=" + password());
        properties.add("spring.datasource.driver-class-name=org.postgresql.Driver");
        return properties;
    }

    private static synchronized void freshDatabase(String database) {
        if (!CREATED.add(database)) {
            return;
        }
        try (Connection server = DriverManager.getConnection(serverUrl() + "postgres", user(), password());
                Statement sql = server.createStatement()) {
            sql.execute("drop database if exists " + database + " with (force)");
            sql.execute("create database " + database);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not create the test database " + database + " on " + serverUrl() + " as " + user() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** Whether the PostgreSQL server answers; the reason when it does not. */
    static String unreachableReason() {
        try (Connection ignored = DriverManager.getConnection(serverUrl() + "postgres", user(), password())) {
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
