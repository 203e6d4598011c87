package com.aftersales.config;

import camundajar.impl.scala.jdk.javaapi.CollectionConverters;
import camundajar.impl.scala.util.Either;
import camundajar.impl.scala.util.Right;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.feel.FeelEngine;
import org.camunda.feel.api.EvaluationResult;
import org.camunda.feel.context.Context;
import org.camunda.feel.context.FunctionProvider;
import org.camunda.feel.impl.interpreter.BuiltinFunctions;
import org.camunda.feel.impl.interpreter.EvalContext;
import org.camunda.feel.impl.interpreter.EvalContext$;
import org.camunda.feel.syntaxtree.ParsedExpression;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The decision tables' FEEL, parsed once (issue 16). Camunda's FEEL engine parses every input entry and output entry
 * of a decision table again at each evaluation: about a third of the CPU a decision costs. This is the same engine
 * (Camunda's {@link ScalaFeelEngine}, its value mappers and functions), whose parser keeps what it parsed, per
 * expression text; the evaluation is unchanged. At most {@value #MAX_KEPT} texts are kept (every table deployed, and
 * the simulations' uploads); beyond that the cache starts again empty. A text that does not parse is not kept: its
 * evaluation fails as before, with FEEL's message.
 * <p>
 * FEEL also makes its built-in functions ({@code date()}, {@code string length()}, …, a map of some 150) anew for every
 * input expression and every input entry it evaluates: three quarters of what a decision's FEEL still cost after the
 * parse (a JFR profile, issue 16). Here they are made once per engine, from the same clock and value mapper, and each
 * evaluation runs FEEL's own validation and interpreter (its private methods, found once) with them. If a FEEL
 * version lacks those methods, FEEL evaluates as it always did, with a warning at start-up.
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
        /** FEEL's built-ins and the engine's own functions, as FEEL puts them into every evaluation's context. */
        private final FunctionProvider builtInsAndOwn;

        ParsingOnce(
                FunctionProvider functions,
                org.camunda.feel.valuemapper.ValueMapper values,
                FeelEngine.Configuration configuration,
                org.camunda.feel.FeelEngineClock clock) {
            super(functions, values, configuration, clock);
            builtInsAndOwn = new FunctionProvider.CompositeFunctionProvider(CollectionConverters.asScala(
                            List.<FunctionProvider>of(new BuiltinFunctions(clock, values), functions))
                    .toList());
        }

        /** As {@link FeelEngine#evaluate}, with the built-in functions made once. */
        @Override
        public EvaluationResult evaluate(ParsedExpression expression, Context context) {
            if (FeelInternals.EVAL == null) return super.evaluate(expression, context);
            try {
                if (!(FeelInternals.VALIDATE.invoke(this, expression) instanceof Right)) {
                    return super.evaluate(expression, context); // FEEL's own failure
                }
                EvalContext root = EvalContext$.MODULE$.create(valueMapper(), builtInsAndOwn);
                return (EvaluationResult) FeelInternals.EVAL.invoke(this, expression, root.merge(context));
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
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

    /** FEEL's private validation and evaluation of a parsed expression in a context (feel-engine 1.19). */
    static final class FeelInternals {
        static final MethodHandle VALIDATE;
        static final MethodHandle EVAL;

        static {
            MethodHandle validate = null;
            MethodHandle eval = null;
            try {
                MethodHandles.Lookup feel = MethodHandles.privateLookupIn(FeelEngine.class, MethodHandles.lookup());
                validate = feel.findVirtual(
                        FeelEngine.class, "validate", MethodType.methodType(Either.class, ParsedExpression.class));
                eval = feel.findVirtual(
                        FeelEngine.class,
                        "eval",
                        MethodType.methodType(EvaluationResult.class, ParsedExpression.class, EvalContext.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                LoggerFactory.getLogger(ParsedOnceFeel.class)
                        .warn(
                                "FEEL makes its built-in functions for every evaluation (no private eval found: {})",
                                e.toString());
                validate = null;
                eval = null;
            }
            VALIDATE = validate;
            EVAL = eval;
        }
    }
}
