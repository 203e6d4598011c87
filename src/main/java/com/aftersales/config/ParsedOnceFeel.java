package com.aftersales.config;

import camundajar.impl.scala.util.Either;
import camundajar.impl.scala.util.Right;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.feel.FeelEngine;
import org.camunda.feel.syntaxtree.ParsedExpression;
import org.springframework.stereotype.Component;

/**
 * The decision tables' FEEL, parsed once (issue 16). Camunda's FEEL engine parses every input entry and output entry
 * of a decision table again at each evaluation: about a third of the CPU a decision costs. This is the same engine
 * (Camunda's {@link ScalaFeelEngine}, its value mappers and functions), whose parser keeps what it parsed, per
 * expression text; the evaluation is unchanged. At most {@value #MAX_KEPT} texts are kept (every table deployed, and
 * the simulations' uploads); beyond that the cache starts again empty. A text that does not parse is not kept: its
 * evaluation fails as before, with FEEL's message.
 */
@Component
public class ParsedOnceFeel extends AbstractProcessEnginePlugin {

    static final int MAX_KEPT = 10_000;

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration() != null
                ? configuration.getDmnEngineConfiguration()
                : (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
        dmn.feelEngineFactory(() -> new Engine(dmn));
        configuration.setDmnEngineConfiguration(dmn);
    }

    /** Camunda's FEEL engine with the parser below in place of the one it made. */
    static final class Engine extends ScalaFeelEngine {
        Engine(DefaultDmnEngineConfiguration dmn) {
            super(dmn.getFeelCustomFunctionProviders());
            FeelEngine made = feelEngine;
            feelEngine =
                    new ParsingOnce(made.functionProvider(), made.valueMapper(), made.configuration(), made.clock());
        }
    }

    /** FEEL's engine; {@code evalExpression} and {@code evalUnaryTests} parse through these two methods. */
    static final class ParsingOnce extends FeelEngine {
        private final Map<String, Either<FeelEngine.Failure, ParsedExpression>> expressions = new ConcurrentHashMap<>();
        private final Map<String, Either<FeelEngine.Failure, ParsedExpression>> unaryTests = new ConcurrentHashMap<>();

        ParsingOnce(
                org.camunda.feel.context.FunctionProvider functions,
                org.camunda.feel.valuemapper.ValueMapper values,
                FeelEngine.Configuration configuration,
                org.camunda.feel.FeelEngineClock clock) {
            super(functions, values, configuration, clock);
        }

        @Override
        public Either<FeelEngine.Failure, ParsedExpression> parseExpression(String expression) {
            Either<FeelEngine.Failure, ParsedExpression> parsed = expressions.get(expression);
            return parsed != null ? parsed : keep(expressions, expression, super.parseExpression(expression));
        }

        @Override
        public Either<FeelEngine.Failure, ParsedExpression> parseUnaryTests(String expression) {
            Either<FeelEngine.Failure, ParsedExpression> parsed = unaryTests.get(expression);
            return parsed != null ? parsed : keep(unaryTests, expression, super.parseUnaryTests(expression));
        }

        private static Either<FeelEngine.Failure, ParsedExpression> keep(
                Map<String, Either<FeelEngine.Failure, ParsedExpression>> kept,
                String text,
                Either<FeelEngine.Failure, ParsedExpression> parsed) {
            if (parsed instanceof Right) {
                if (kept.size() >= MAX_KEPT) kept.clear();
                kept.put(text, parsed);
            }
            return parsed;
        }
    }
}
