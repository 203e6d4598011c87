package com.aftersales.gateway;

import java.util.Map;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * The FEEL expressions of a form ({@code "=orderValue - 0.01"}, {@code conditional.hide}), evaluated
 * with the engine's own FEEL engine (the one its decision tables use) against the task's variables and
 * the submitted values, as form-js evaluates them in Tasklist.
 */
@Component
class FormExpressions {

    private final ProcessEngine engine;
    private volatile FeelEngine feel;

    FormExpressions(ProcessEngine engine) {
        this.engine = engine;
    }

    /** @throws RuntimeException when the expression does not parse or cannot be evaluated */
    Object evaluate(String expression, Map<String, Object> variables) {
        return feel().evaluateSimpleExpression(
                        TaskForm.stripEquals(expression),
                        Variables.fromMap(variables).asVariableContext());
    }

    private FeelEngine feel() {
        if (feel == null) {
            feel = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                    .getDmnEngineConfiguration()
                    .getFeelEngine();
        }
        return feel;
    }
}
