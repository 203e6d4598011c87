package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aftersales.cases.CaseRecord;
import com.aftersales.cases.CaseType;
import com.aftersales.cases.ServiceLevels;
import com.aftersales.config.Groups;
import com.aftersales.deployments.ProcessBeans;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    @Autowired
    IdentityService identity;

    @Autowired
    ProcessBeans processBeans;

    /** A bean a diagram binds: {@code delegateExpression="${issueRefundDelegate}"}, {@code ${caseRecord.status(execution, …)}}. */
    private static final Pattern BEAN_IN_DIAGRAM =
            Pattern.compile("delegateExpression=\"\\$\\{(\\w+)}\"|[$#]\\{\\s*(\\w+)\\.\\w+\\(");
    /** A row of the README's bean tables: {@code | `caseRecord` | …}. */
    private static final Pattern DOCUMENTED_BEAN = Pattern.compile("(?m)^\\| `(\\w+)` \\|");

    /** Evaluates the expression on the running case's execution, as the engine does for a listener or a condition. */
    private Object evaluate(String caseId, String expression) {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        String processInstanceId = cases.get(caseId).processInstanceId();
        return configuration.getCommandExecutorTxRequired().execute(context -> {
            ExecutionEntity execution = context.getExecutionManager().findExecutionById(processInstanceId);
            return configuration
                    .getExpressionManager()
                    .createExpression(expression)
                    .getValue(execution);
        });
    }

    @Test
    void finding4_expressionsResolveOnlyTheProcessBeans_identityServiceCannotResolve() {
        String caseId = open(CaseType.CANCELLATION, paidOrder("25.00"), "Ordered twice", null);
        identity.saveUser(identity.newUser("finding4-owner"));

        assertThat(evaluate(caseId, "${caseRecord}")).isInstanceOf(CaseRecord.class);
        assertThat(evaluate(caseId, "${serviceLevels}")).isInstanceOf(ServiceLevels.class);
        assertThat(evaluate(caseId, "${execution.processBusinessKey}")).isEqualTo(caseId);

        assertThatThrownBy(() -> evaluate(
                        caseId, "${identityService.createMembership('finding4-owner', '" + Groups.ADMIN + "')}"))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("Cannot resolve identifier 'identityService'");
        assertThat(identity.createGroupQuery().groupMember("finding4-owner").count())
                .isZero();
        for (String notAProcessBean :
                new String[] {"runtimeService", "processEngine", "refundService", "caseRepository", "dataSource"}) {
            assertThatThrownBy(() -> evaluate(caseId, "${" + notAProcessBean + "}"))
                    .as(notAProcessBean)
                    .hasMessageContaining("Cannot resolve identifier '" + notAProcessBean + "'");
        }
        identity.deleteUser("finding4-owner");
    }

    /** README "Binding a diagram to Java" lists every process bean, and every bean a diagram of bpmn/ binds is one of them. */
    @Test
    void everyBeanTheDiagramsBindIsAProcessBeanDocumentedInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("### Binding a diagram to Java");
        assertThat(start).as("README section Binding a diagram to Java").isNotNegative();
        String section = readme.substring(start, readme.indexOf("\n## ", start));
        Set<String> documented = new TreeSet<>();
        Matcher row = DOCUMENTED_BEAN.matcher(section);
        while (row.find()) documented.add(row.group(1));

        Set<String> bound = new TreeSet<>();
        for (Path diagram : PolicyDocTest.files(Path.of("bpmn"), ".bpmn")) {
            Matcher m = BEAN_IN_DIAGRAM.matcher(Files.readString(diagram));
            while (m.find()) bound.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        bound.removeAll(Set.of("execution", "task", "decisionResult"));

        assertThat(documented)
                .as("beans in README's tables = the @ProcessBean beans")
                .isEqualTo(new TreeSet<>(processBeans.names()));
        assertThat(documented)
                .as("beans bound in bpmn/ are documented in README")
                .containsAll(bound);
    }
}
