package com.aftersales.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.Callable;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the decision tables' FEEL with its parses kept and its built-in functions made once gives what Camunda's
 * own FEEL engine gives: values, built-in functions (the clock's among them) and failure messages.
 */
class ParsedOnceFeelTest {

    private final ScalaFeelEngine camundas = new ScalaFeelEngine(List.of());
    private final ParsedOnceFeel.Engine ours = new ParsedOnceFeel.Engine(new DefaultDmnEngineConfiguration());

    private static final VariableContext CASE = Variables.createVariables()
            .putValue("orderValue", 45.0)
            .putValue("itemCategory", "ELECTRONICS")
            .putValue("deliveredOn", "2026-11-20")
            .putValue("tier", null)
            .asVariableContext();

    @Test
    void builtInFeelEngineUsesFeelsOwnEvaluation_notTheFallback() {
        assertThat(ParsedOnceFeel.FeelInternals.EVAL).isNotNull();
        assertThat(ParsedOnceFeel.FeelInternals.VALIDATE).isNotNull();
    }

    @Test
    void expressionsWithBuiltInFunctions_sameValuesAsCamundasFeel() {
        for (String expression : List.of(
                "orderValue * 0.35",
                "string length(itemCategory)",
                "upper case(substring(itemCategory, 1, 4))",
                "date(deliveredOn) + duration(\"P30D\")",
                "years and months duration(date(\"2026-01-01\"), date(deliveredOn))",
                "if tier = null then \"STANDARD\" else tier",
                "round half up(orderValue / 3, 2)",
                "contains(itemCategory, \"TRON\")",
                "date(\"not a date\")")) {
            for (int twice = 0; twice < 2; twice++) { // the second time from the kept parse
                assertThat((Object) ours.evaluateSimpleExpression(expression, CASE))
                        .as(expression)
                        .isEqualTo(camundas.evaluateSimpleExpression(expression, CASE));
            }
        }
        ZonedDateTime now = ours.evaluateSimpleExpression("now()", CASE);
        assertThat(now)
                .isBetween(
                        ZonedDateTime.now().minusMinutes(1), ZonedDateTime.now().plusSeconds(1));
    }

    @Test
    void unaryTestsOfDecisionTableCells_sameAnswersAsCamundasFeel() {
        for (String test :
                List.of("<= 40", "> 40", "[20..50]", "-", "not(45)", "< string length(\"abcdefghij\") * 5")) {
            assertThat(ours.evaluateSimpleUnaryTests(test, "orderValue", CASE))
                    .as(test)
                    .isEqualTo(camundas.evaluateSimpleUnaryTests(test, "orderValue", CASE));
        }
        assertThat(ours.evaluateSimpleUnaryTests("\"ELECTRONICS\",\"TOYS\"", "itemCategory", CASE))
                .isTrue();
    }

    @Test
    void failures_sameMessagesAsCamundasFeel() {
        for (String expression :
                List.of("orderValue +", "no such function(1)", "assert(orderValue, orderValue < 10, \"too high\")")) {
            assertThat(message(() -> ours.evaluateSimpleExpression(expression, CASE)))
                    .as(expression)
                    .isNotNull()
                    .isEqualTo(message(() -> camundas.evaluateSimpleExpression(expression, CASE)));
        }
    }

    private static String message(Callable<Object> evaluation) {
        Throwable failure = catchThrowable(evaluation::call);
        return failure == null ? null : failure.getMessage();
    }
}
