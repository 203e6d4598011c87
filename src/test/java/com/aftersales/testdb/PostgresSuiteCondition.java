package com.aftersales.testdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test (META-INF/services): in the PostgreSQL run of the suite, when no
 * PostgreSQL answers, the tests are skipped on a developer's machine, and fail under {@code CI=true},
 * where nothing may be skipped. A skip is written to {@code target/postgres-suite-skipped.txt},
 * which {@code ./mvnw verify} prints at the end.
 */
public class PostgresSuiteCondition implements ExecutionCondition {

    static final Path SKIP_NOTICE = Path.of("target", "postgres-suite-skipped.txt");
    private static String unreachable;
    private static boolean probed;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!TestDatabase.postgres()) {
            return ConditionEvaluationResult.enabled("H2 run");
        }
        String reason = probe();
        if (reason == null) {
            return ConditionEvaluationResult.enabled("PostgreSQL at " + TestDatabase.serverUrl());
        }
        String message = "PostgreSQL suite skipped: no PostgreSQL at " + TestDatabase.serverUrl() + " for user "
                + TestDatabase.user() + " (" + reason + "). To run it, start PostgreSQL and create that role with "
                + "CREATEDB (README, 'Tests on PostgreSQL'), or set AFTERSALES_TEST_PG_URL / _USER / _PASSWORD.";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true: the PostgreSQL suite may not be skipped. " + message);
        }
        return ConditionEvaluationResult.disabled(message);
    }

    private static synchronized String probe() {
        if (!probed) {
            probed = true;
            unreachable = TestDatabase.unreachableReason();
            if (unreachable != null) {
                writeNotice();
            }
        }
        return unreachable;
    }

    private static void writeNotice() {
        try {
            Files.createDirectories(SKIP_NOTICE.getParent());
            Files.writeString(
                    SKIP_NOTICE,
                    "PostgreSQL suite SKIPPED (every test class of the second run): no PostgreSQL at "
                            + TestDatabase.serverUrl() + " for user " + TestDatabase.user() + ": " + unreachable + "\n"
                            + "To run it: start PostgreSQL on 127.0.0.1:5432 and create the role, e.g.\n"
                            + "  sudo -u postgres psql -c \"create role aftersales login createdb password 'aftersales'\"\n"
                            + "then ./mvnw verify again (or set AFTERSALES_TEST_PG_URL, AFTERSALES_TEST_PG_USER, AFTERSALES_TEST_PG_PASSWORD).\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
