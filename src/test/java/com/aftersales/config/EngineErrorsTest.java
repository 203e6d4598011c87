package com.aftersales.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response.Status;
import java.nio.charset.StandardCharsets;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.glassfish.jersey.server.internal.process.MappableException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

/**
 * Issue 11, finding 12: what a caller of Camunda's REST API gets for the engine's answers that the HTTP tests
 * cannot provoke on demand (a lost race) or must never see (a failure's text).
 */
class EngineErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ProblemDetail answer(int status, String camundaMessage, Throwable thrown) {
        byte[] body = ("{\"type\": \"RestException\", \"message\": " + JSON.valueToTree(camundaMessage)
                        + ", \"code\": 0}")
                .getBytes(StandardCharsets.UTF_8);
        return EngineErrors.problem(status, "POST", "/engine-rest/task/T-1/complete", body, thrown, null, JSON);
    }

    @Test
    void finding12_twoCompletionsAtOnce_theLoserGets409_withoutTheEnginesStatement() {
        String engineText =
                "ENGINE-03005 Execution of 'UPDATE TaskEntity[T-1]' failed. Entity was updated by another transaction concurrently.";
        ProblemDetail problem = answer(
                500,
                "Cannot complete task T-1: " + engineText,
                new MappableException(new RestException(
                        Status.INTERNAL_SERVER_ERROR,
                        new OptimisticLockingException(engineText),
                        "Cannot complete task T-1: " + engineText)));

        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getType()).hasToString("urn:after-sales:problem:case-busy");
        assertThat(problem.getProperties()).containsKey("message");
        assertThat(problem.getDetail() + problem.getProperties()).doesNotContain("UPDATE", "TaskEntity", "ENGINE-");
    }

    @Test
    void finding12_aFailureInsideTheEngine_500WithTheGenericText_messageToo() {
        String engineText =
                "org.h2.jdbc.JdbcSQLSyntaxErrorException: Table \"ACT_RU_TASK\" not found; SQL statement: select * from ACT_RU_TASK";
        ProblemDetail problem = answer(
                500,
                engineText,
                new MappableException(new RestException(
                        Status.INTERNAL_SERVER_ERROR, new ProcessEngineException(engineText), engineText)));

        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getDetail())
                .isEqualTo("The request could not be carried out. The error is in the application log.");
        assertThat(problem.getProperties())
                .containsEntry("message", problem.getDetail())
                .doesNotContainKey("code");
    }
}
