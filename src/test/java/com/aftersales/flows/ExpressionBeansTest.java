package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aftersales.cases.CaseRecord;
import com.aftersales.cases.CaseType;
import com.aftersales.cases.ServiceLevels;
import com.aftersales.config.Groups;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Finding 4, defence in depth: were an expression deployed past the check, the engine's expressions
 * still resolve only the app's process beans; the engine's services and the app's other beans are not
 * there to call.
 */
class ExpressionBeansTest extends FlowTestSupport {

    @Autowired IdentityService identity;

    /** Evaluates the expression on the running case's execution, as the engine does for a listener or a condition. */
    private Object evaluate(String caseId, String expression) {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        String processInstanceId = cases.get(caseId).processInstanceId();
        return configuration.getCommandExecutorTxRequired().execute(context -> {
            ExecutionEntity execution = context.getExecutionManager().findExecutionById(processInstanceId);
            return configuration.getExpressionManager().createExpression(expression).getValue(execution);
        });
    }

    @Test
    void finding4_expressionsResolveOnlyTheProcessBeans_identityServiceCannotResolve() {
        String caseId = open(CaseType.CANCELLATION, paidOrder("25.00"), "Ordered twice", null);
        identity.saveUser(identity.newUser("finding4-owner"));

        assertThat(evaluate(caseId, "${caseRecord}")).isInstanceOf(CaseRecord.class);
        assertThat(evaluate(caseId, "${serviceLevels}")).isInstanceOf(ServiceLevels.class);
        assertThat(evaluate(caseId, "${execution.processBusinessKey}")).isEqualTo(caseId);

        assertThatThrownBy(() -> evaluate(caseId, "${identityService.createMembership('finding4-owner', '" + Groups.ADMIN + "')}"))
                .isInstanceOf(ProcessEngineException.class).hasMessageContaining("Cannot resolve identifier 'identityService'");
        assertThat(identity.createGroupQuery().groupMember("finding4-owner").count()).isZero();
        for (String notAProcessBean : new String[] {"runtimeService", "processEngine", "refundService", "caseRepository", "dataSource"}) {
            assertThatThrownBy(() -> evaluate(caseId, "${" + notAProcessBean + "}")).as(notAProcessBean)
                    .hasMessageContaining("Cannot resolve identifier '" + notAProcessBean + "'");
        }
        identity.deleteUser("finding4-owner");
    }
}
