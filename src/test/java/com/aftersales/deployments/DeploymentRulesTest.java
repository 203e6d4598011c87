package com.aftersales.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.cases.CaseRecord;
import com.aftersales.cases.KeepOfferPolicy;
import com.aftersales.cases.ServiceLevels;
import com.aftersales.cases.WaitingTimes;
import com.aftersales.refunds.IssueRefundDelegate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Finding 4, the rules of the deploy-time check one by one (no engine): what a diagram, a decision table
 * and a form may contain, and that each refusal names the element and why. The HTTP tests
 * (api/DeploymentCheckTest) show the same check refusing a deployment over /engine-rest.
 */
class DeploymentRulesTest {

    /** The process beans as the app has them (the real classes), and some other beans of the app. */
    private static final ProcessBeanCatalog BEANS = new ProcessBeanCatalog() {
        private final Map<String, Class<?>> beans = Map.of(
                "caseRecord",
                CaseRecord.class,
                "serviceLevels",
                ServiceLevels.class,
                "waitingTimes",
                WaitingTimes.class,
                "keepOfferPolicy",
                KeepOfferPolicy.class,
                "issueRefundDelegate",
                IssueRefundDelegate.class);

        @Override
        public Set<String> names() {
            return beans.keySet();
        }

        @Override
        public Class<?> type(String name) {
            return beans.get(name);
        }

        @Override
        public boolean isOtherBean(String name) {
            return Set.of("identityService", "runtimeService", "refundService", "dataSource", "caseRepository")
                    .contains(name);
        }
    };

    private final DeploymentCheck check = new DeploymentCheck(BEANS);

    private static final String FORM = """
            {"id": "AskBuyer", "type": "default", "components": [
              {"type": "text", "text": "Ask the buyer", "id": "Field_1"},
              {"type": "radio", "key": "buyerDecision", "label": "Decision", "values": [{"label": "Yes", "value": "YES"}], "id": "Field_2"}]}""";

    /** A diagram of one process holding {@code body}; the attributes go on the process element. */
    private static String diagram(String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:activiti="http://activiti.org/bpmn"
                    id="Definitions_Test" targetNamespace="http://after-sales/bpmn">
                  <bpmn:process id="Process_Test" isExecutable="true" camunda:historyTimeToLive="P365D" camunda:isStartableInTasklist="false">
                    <bpmn:startEvent id="StartEvent_CaseOpened" />
                %s
                  </bpmn:process>
                </bpmn:definitions>
                """.formatted(body);
    }

    private static final String SLA_1 =
            "<bpmn:extensionElements><camunda:properties><camunda:property name=\"sla\" value=\"R-SLA-1\" />"
                    + "</camunda:properties></bpmn:extensionElements>";

    /** What the app's own diagrams do, every allowed shape once. */
    private static final String ALLOWED = """
            <bpmn:userTask id="Task_AskBuyer" name="Ask buyer" camunda:formRef="AskBuyer" camunda:formRefBinding="latest" camunda:candidateGroups="after-sales-agents">
              <bpmn:extensionElements>
                <camunda:properties><camunda:property name="sla" value="R-SLA-1" /></camunda:properties>
                <camunda:taskListener expression="${keepOfferPolicy.checkOffer(task, 'cancellationOffer', 'KEEP_WITH_PARTIAL_REFUND')}" event="complete" />
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:boundaryEvent id="Event_DeadlineNear" attachedToRef="Task_AskBuyer" cancelActivity="false">
              <bpmn:extensionElements><camunda:executionListener expression="${serviceLevels.deadlineNear(execution)}" event="end" /></bpmn:extensionElements>
              <bpmn:timerEventDefinition id="Timer_Near"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${serviceLevels.escalateAfter(execution, 'R-SLA-1')}</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:serviceTask id="Task_Refund" camunda:asyncBefore="true" camunda:delegateExpression="${issueRefundDelegate}">
              <bpmn:extensionElements>
                <camunda:failedJobRetryTimeCycle>PT10S,PT1M</camunda:failedJobRetryTimeCycle>
                <camunda:inputOutput>
                  <camunda:inputParameter name="refundAmountBasis">${responsibility == 'BUYER' ? 'ITEM' : 'ITEM_AND_SHIPPING'}</camunda:inputParameter>
                  <camunda:inputParameter name="refundRuleId">R-CAN-1</camunda:inputParameter>
                </camunda:inputOutput>
                <camunda:executionListener expression="${caseRecord.status(execution, 'OPEN')}" event="start" />
                <camunda:executionListener expression="${execution.setVariable('remedy', 'RESHIP')}" event="end" />
                <camunda:executionListener expression="${caseRecord.returnShippingPaidBy(execution, execution.getVariable('sellerAtFault') == true ? 'SELLER' : 'BUYER')}" event="end" />
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:intermediateCatchEvent id="Event_Wait">
              <bpmn:timerEventDefinition id="Timer_Wait"><bpmn:timeDuration>${waitingTimes.of(execution, 'R-GEN-6')}</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:businessRuleTask id="Task_Decide" camunda:decisionRef="ServiceLevel" camunda:mapDecisionResult="singleResult">
              <bpmn:extensionElements><camunda:inputOutput>
                <camunda:outputParameter name="limit">${decisionResult.getSingleResult().limit}</camunda:outputParameter>
              </camunda:inputOutput></bpmn:extensionElements>
            </bpmn:businessRuleTask>
            <bpmn:callActivity id="Task_CallSelf" calledElement="Process_Test">
              <bpmn:extensionElements><camunda:in businessKey="#{execution.processBusinessKey}" /><camunda:in source="caseId" target="caseId" /></bpmn:extensionElements>
            </bpmn:callActivity>
            <bpmn:exclusiveGateway id="Gateway_Which" default="Flow_Other" />
            <bpmn:sequenceFlow id="Flow_Yes" sourceRef="Gateway_Which" targetRef="Task_Refund">
              <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${(shipmentStage == 'NOT_SHIPPED' || shipmentStage == 'MARKED_SHIPPED') &amp;&amp; !(evidenceCount &gt; 0) and not empty remedy}</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="Flow_Other" sourceRef="Gateway_Which" targetRef="Task_Refund" />
            <bpmn:subProcess id="SubProcess_Escalated" triggeredByEvent="true">
              <bpmn:startEvent id="StartEvent_Escalated"><bpmn:messageEventDefinition id="Def_Escalated" messageRef="Message_Escalated" /></bpmn:startEvent>
            </bpmn:subProcess>
            """;

    private Map<String, byte[]> deployment(String diagram) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("test.bpmn", diagram.getBytes(StandardCharsets.UTF_8));
        files.put("ask-buyer.form", FORM.getBytes(StandardCharsets.UTF_8));
        files.put("service-levels.dmn", file("service-levels.dmn"));
        files.put("waiting-times.dmn", file("waiting-times.dmn"));
        return files;
    }

    private static byte[] file(String name) {
        try {
            return Files.readAllBytes(Path.of("bpmn", name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<DeploymentProblem> problems(Map<String, byte[]> files) {
        return check.problems(files, DeployedDefinitions.NOTHING);
    }

    private List<DeploymentProblem> problemsOf(String body) {
        return problems(deployment(diagram(ALLOWED + body)));
    }

    @Test
    void finding4_theShapesTheAppsDiagramsUse_areAllowed() {
        assertThat(problemsOf("")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            script task                 | <bpmn:scriptTask id="Task_X" scriptFormat="groovy"><bpmn:script>1</bpmn:script></bpmn:scriptTask>          | Task_X | a script runs code
            camunda:class on a task     | <bpmn:serviceTask id="Task_X" camunda:class="java.lang.Runtime" />                                          | Task_X | camunda:class runs any Java class
            activiti:class (old name)   | <bpmn:serviceTask id="Task_X" activiti:class="java.lang.Runtime" />                                         | Task_X | camunda:class runs any Java class
            class of a listener         | <bpmn:serviceTask id="Task_X" camunda:expression="${caseRecord.evidence(execution)}"><bpmn:extensionElements><camunda:executionListener class="com.Evil" event="start" /></bpmn:extensionElements></bpmn:serviceTask> | Task_X | camunda:class runs any Java class
            variableMappingClass        | <bpmn:callActivity id="Task_X" calledElement="Process_Test" camunda:variableMappingClass="com.Evil" />       | Task_X | camunda:class runs any Java class
            script listener             | <bpmn:serviceTask id="Task_X" camunda:expression="${caseRecord.evidence(execution)}"><bpmn:extensionElements><camunda:executionListener event="start"><camunda:script scriptFormat="javascript">1</camunda:script></camunda:executionListener></bpmn:extensionElements></bpmn:serviceTask> | Task_X | a script runs code
            script input parameter      | <bpmn:serviceTask id="Task_X" camunda:expression="${caseRecord.evidence(execution)}"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="a"><camunda:script scriptFormat="groovy">1</camunda:script></camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:serviceTask> | Task_X | a script runs code
            script condition            | <bpmn:sequenceFlow id="Flow_X" sourceRef="Gateway_Which" targetRef="Task_Refund"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="groovy">true</bpmn:conditionExpression></bpmn:sequenceFlow> | Flow_X | a script runs code
            external script             | <bpmn:sequenceFlow id="Flow_X" sourceRef="Gateway_Which" targetRef="Task_Refund"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" camunda:resource="deployment://x.js" /></bpmn:sequenceFlow> | Flow_X | camunda:resource loads
            connector                   | <bpmn:serviceTask id="Task_X"><bpmn:extensionElements><camunda:connector><camunda:connectorId>http-connector</camunda:connectorId></camunda:connector></bpmn:extensionElements></bpmn:serviceTask> | Task_X | a connector calls other systems
            field injection             | <bpmn:serviceTask id="Task_X" camunda:delegateExpression="${issueRefundDelegate}"><bpmn:extensionElements><camunda:field name="refunds"><camunda:string>x</camunda:string></camunda:field></bpmn:extensionElements></bpmn:serviceTask> | Task_X | field injection
            embedded form               | <bpmn:userTask id="Task_X" camunda:formKey="embedded:app:forms/x.html" />                                    | Task_X | camunda:formKey
            generated form              | <bpmn:userTask id="Task_X" camunda:formRef="AskBuyer" camunda:formRefBinding="latest"><bpmn:extensionElements><camunda:formData><camunda:formField id="a" type="string" /></camunda:formData></bpmn:extensionElements></bpmn:userTask> | Task_X | generated task forms
            external task               | <bpmn:serviceTask id="Task_X" camunda:type="external" camunda:topic="pay" />                                 | Task_X | external tasks
            signal throw                | <bpmn:intermediateThrowEvent id="Event_X"><bpmn:signalEventDefinition id="Def_X" /></bpmn:intermediateThrowEvent> | Event_X | is not used by the app's diagrams
            """)
    void finding4_codeInTheDiagram_isRefused_namingTheElement(String what, String body, String element, String why) {
        List<DeploymentProblem> problems = problemsOf(body);

        assertThat(problems).as(what).isNotEmpty();
        assertThat(problems).as(what).allSatisfy(p -> {
            assertThat(p.resource()).isEqualTo("test.bpmn");
            assertThat(p.getMainElementId()).isEqualTo(element);
            assertThat(p.getLine()).isPositive();
        });
        assertThat(problems).as(what).anySatisfy(p -> assertThat(p.reason()).contains(why));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            timer       | <bpmn:timerEventDefinition id="Def_X"><bpmn:timeCycle>R/PT1M</bpmn:timeCycle></bpmn:timerEventDefinition> | a timer start event
            message     | <bpmn:messageEventDefinition id="Def_X" messageRef="Message_Escalated" />                             | a message start event
            signal      | <bpmn:signalEventDefinition id="Def_X" />                                                               | a signal start event
            conditional | <bpmn:conditionalEventDefinition id="Def_X"><bpmn:condition>${true}</bpmn:condition></bpmn:conditionalEventDefinition> | a conditional start event
            """)
    void finding4_aStartEventThatStartsAProcessWithoutACase_isRefused(String kind, String definition) {
        String body = "<bpmn:startEvent id=\"StartEvent_Again\">" + definition + "</bpmn:startEvent>";

        assertThat(problemsOf(body)).as(kind).anySatisfy(p -> {
            assertThat(p.getMainElementId()).isEqualTo("StartEvent_Again");
            assertThat(p.reason()).contains(why(kind), "without a case");
        });
    }

    private static String why(String kind) {
        return "a " + kind + " start event";
    }

    /** Expressions in a service task's camunda:expression; the reason names what is wrong. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ${''.getClass().forName('java.lang.Runtime').getMethod('getRuntime').invoke(null).exec('touch /tmp/x')} | getClass is reflection
            ${''.class}                                                        | class is reflection
            ${caseRecord.getClass()}                                           | getClass is reflection
            ${caseRecord.status(execution, ''.getClass().getName())}          | getClass is reflection
            ${identityService.createMembership('owner', 'camunda-admin')}     | identityService reaches the engine's services
            #{identityService}                                                 | identityService reaches the engine's services
            ${execution.getProcessEngineServices().getIdentityService()}      | reaches the engine's services
            ${execution.processEngineServices.identityService}                | reaches the engine's services
            ${execution.getProcessEngine()}                                    | reaches the engine's services
            ${execution.setVariable('x', runtimeService)}                     | runtimeService reaches the engine's services
            ${refundService.refund(execution)}                                | refundService is a bean of the app that diagrams may not use
            ${caseRepository}                                                  | caseRepository is a bean of the app that diagrams may not use
            ${caseRecord.reopen(execution)}                                    | caseRecord has no method reopen
            ${caseRecord.status(execution)}                                    | caseRecord.status takes status(DelegateExecution, String)
            ${caseRecord.status('OPEN', execution)}                            | caseRecord.status takes
            ${serviceLevels.due(task, 'R-SLA-1')}                              | task is known in a task listener only
            ${serviceLevels.limit(execution, slaRule)}                        | write the rule ID out
            ${serviceLevels.limit(execution, 'R-SLA-99')}                     | the ServiceLevel table has no row for R-SLA-99
            ${waitingTimes.of(execution, 'R-SLA-1')}                          | the WaitingTime table has no row for R-SLA-1
            ${issueRefundDelegate.execute(execution)}                         | issueRefundDelegate is a delegate
            ${caseRecord}                                                      | caseRecord is a process bean: call one of its methods
            ${execution}                                                       | execution may only be handed to a process bean's method
            ${execution.id}                                                    | of execution only
            ${execution.getVariables()}                                        | of execution only
            ${remedy.toUpperCase()}                                            | calling a method of the variable remedy
            ${remedy.length}                                                   | remedy.length: reading a property
            ${decisionResult.getSingleResult()}                                | use decisionResult.getSingleResult()
            ${decisionResult.getSingleResult().limit.getClass()}              | getClass is reflection
            ${remedy[0]}                                                       | brackets
            ${amount + 1}                                                      | arithmetic (+)
            ${amount div 2}                                                    | arithmetic (div)
            ${now()}                                                           | functions are not allowed
            ${x = 1}                                                           | assignments
            ${x -> x}                                                          | assignments, lambdas
            ${x instanceof y}                                                  | is not expected
            ${'open}                                                           | not closed
            ${remedy == 'RESHIP'                                               | is not closed with }
            ${5O}                                                              | '5O' is not a number
            """)
    void finding4_expressionsOutsideTheAllowedShapes_areRefused(String expression, String why) {
        String body = "<bpmn:serviceTask id=\"Task_X\" camunda:expression=\""
                + expression.replace("&", "&amp;").replace("\"", "&quot;") + "\" />";

        assertThat(problemsOf(body)).as(expression).singleElement().satisfies(p -> {
            assertThat(p.getMainElementId()).isEqualTo("Task_X");
            assertThat(p.reason()).contains(why);
        });
    }

    @Test
    void finding4_anExpressionHidesNowhere_nameDocumentationTimerConditionInputCallActivity() {
        String evil = "${identityService.createMembership('owner', 'camunda-admin')}";
        String body = """
                <bpmn:userTask id="Task_Named" name="%1$s" camunda:formRef="AskBuyer" camunda:formRefBinding="latest" camunda:candidateGroups="%1$s"><bpmn:extensionElements><camunda:properties><camunda:property name="sla" value="R-SLA-1" /></camunda:properties></bpmn:extensionElements></bpmn:userTask>
                <bpmn:intermediateCatchEvent id="Event_Timer"><bpmn:timerEventDefinition id="Def_T"><bpmn:timeDate>%1$s</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
                <bpmn:sequenceFlow id="Flow_Evil" sourceRef="Gateway_Which" targetRef="Task_Refund"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">text ${remedy == 'A'} %1$s</bpmn:conditionExpression></bpmn:sequenceFlow>
                <bpmn:serviceTask id="Task_Input" camunda:delegateExpression="${issueRefundDelegate}"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="x">%1$s</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:serviceTask>
                <bpmn:callActivity id="Task_Call" calledElement="Process_Test"><bpmn:extensionElements><camunda:in sourceExpression="%1$s" target="x" /></bpmn:extensionElements></bpmn:callActivity>
                <bpmn:serviceTask id="Task_Doc" camunda:delegateExpression="${issueRefundDelegate}"><bpmn:documentation>%1$s</bpmn:documentation></bpmn:serviceTask>
                """.formatted(evil);

        assertThat(problemsOf(body))
                .extracting(DeploymentProblem::getMainElementId)
                .containsExactlyInAnyOrder(
                        "Task_Named", "Task_Named", "Event_Timer", "Flow_Evil", "Task_Input", "Task_Call", "Task_Doc");
    }

    @Test
    void finding4_escapedDollarIsText_butAQuotedBraceDoesNotEndTheExpression() {
        assertThat(
                        problemsOf(
                                "<bpmn:serviceTask id=\"Task_X\" camunda:delegateExpression=\"${issueRefundDelegate}\" name=\"costs \\${identityService}\" />"))
                .isEmpty();
        assertThat(
                        problemsOf(
                                "<bpmn:serviceTask id=\"Task_X\" camunda:expression=\"${caseRecord.status(execution, '}') == identityService}\" />"))
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("identityService reaches the engine's services"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a method bean                  | <bpmn:serviceTask id="Task_X" camunda:delegateExpression="${caseRecord}" />                           | caseRecord is not a JavaDelegate
            an engine service              | <bpmn:serviceTask id="Task_X" camunda:delegateExpression="${identityService}" />                      | identityService reaches the engine's services
            another bean                   | <bpmn:serviceTask id="Task_X" camunda:delegateExpression="${refundService}" />                        | refundService is a bean of the app that diagrams may not use
            a bean that does not exist     | <bpmn:serviceTask id="Task_X" camunda:delegateExpression="${issueRefundDelgate}" />                   | there is no process bean named issueRefundDelgate
            more than a name               | <bpmn:serviceTask id="Task_X" camunda:delegateExpression="${issueRefundDelegate.execute(execution)}" /> | a delegate expression names a delegate bean and nothing else
            a delegate as task listener    | <bpmn:userTask id="Task_X" camunda:formRef="AskBuyer" camunda:formRefBinding="latest"><bpmn:extensionElements><camunda:properties><camunda:property name="sla" value="R-SLA-1" /></camunda:properties><camunda:taskListener delegateExpression="${issueRefundDelegate}" event="create" /></bpmn:extensionElements></bpmn:userTask> | issueRefundDelegate is not a TaskListener
            """)
    void finding4_delegateExpressionsNameTheAppsDelegatesOnly(String what, String body, String why) {
        assertThat(problemsOf(body)).as(what).singleElement().satisfies(p -> {
            assertThat(p.getMainElementId()).isEqualTo("Task_X");
            assertThat(p.reason()).contains(why);
        });
    }

    @Test
    void finding4_aUserTaskWhoseFormIsNowhere_orBoundToTheDeploymentWithoutIt_isRefused() {
        String missing = "<bpmn:userTask id=\"Task_X\" camunda:formRef=\"AskBuyr\" camunda:formRefBinding=\"latest\">"
                + SLA_1 + "</bpmn:userTask>";
        assertThat(problemsOf(missing)).singleElement().satisfies(p -> {
            assertThat(p.getMainElementId()).isEqualTo("Task_X");
            assertThat(p.reason()).contains("form AskBuyr is neither in this deployment nor deployed");
        });

        Map<String, byte[]> withoutForm =
                deployment(diagram(ALLOWED.replace("formRefBinding=\"latest\"", "formRefBinding=\"deployment\"")));
        withoutForm.remove("ask-buyer.form");
        DeployedDefinitions formDeployed = new DeployedDefinitions() {
            @Override
            public boolean hasForm(String key, Integer version) {
                return key.equals("AskBuyer") && (version == null || version == 3);
            }
        };
        assertThat(check.problems(withoutForm, formDeployed)).singleElement().satisfies(p -> {
            assertThat(p.getMainElementId()).isEqualTo("Task_AskBuyer");
            assertThat(p.reason()).contains("formRefBinding=\"deployment\" finds forms only there");
        });

        Map<String, byte[]> latest = deployment(diagram(ALLOWED));
        latest.remove("ask-buyer.form");
        assertThat(check.problems(latest, formDeployed))
                .as("binding latest finds the deployed form")
                .isEmpty();
        assertThat(problems(latest)).as("…and nothing is deployed here").isNotEmpty();

        Map<String, byte[]> version = deployment(diagram(ALLOWED.replace(
                "camunda:formRefBinding=\"latest\"",
                "camunda:formRefBinding=\"version\" camunda:formRefVersion=\"4\"")));
        assertThat(check.problems(version, formDeployed))
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("version 4 of form AskBuyer is not deployed"));

        assertThat(problemsOf("<bpmn:userTask id=\"Task_Y\" camunda:candidateGroups=\"after-sales-agents\">" + SLA_1
                        + "</bpmn:userTask>"))
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("a user task needs a Camunda Form"));
    }

    @Test
    void rSla_aUserTaskWithoutItsSlaRule_orWithARuleTheServiceLevelTableLacks_isRefusedNamingTheTask() {
        String task =
                "<bpmn:userTask id=\"Task_X\" camunda:formRef=\"AskBuyer\" camunda:formRefBinding=\"latest\">%s</bpmn:userTask>";
        assertThat(problemsOf(task.formatted(""))).singleElement().satisfies(p -> {
            assertThat(p.getMainElementId()).isEqualTo("Task_X");
            assertThat(p.reason()).contains("a user task needs its SLA rule", "sla = R-SLA-3", "Extension properties");
        });
        assertThat(problemsOf(task.formatted(
                        "<bpmn:extensionElements><camunda:properties><camunda:property name=\"priority\" value=\"1\" />"
                                + "</camunda:properties></bpmn:extensionElements>")))
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("a user task needs its SLA rule"));
        assertThat(problemsOf(task.formatted(SLA_1.replace("R-SLA-1", "R-SLA-9"))))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.getMainElementId()).isEqualTo("Task_X");
                    assertThat(p.reason()).contains("R-SLA-9", "the ServiceLevel table has no row for R-SLA-9");
                });
        assertThat(problemsOf(task.formatted(SLA_1.replace("R-SLA-1", "R-SLA-8"))))
                .isEmpty();
    }

    @Test
    void finding4_decisionsAndCalledProcessesMustExist() {
        assertThat(problemsOf("<bpmn:businessRuleTask id=\"Task_X\" camunda:decisionRef=\"NoSuchTable\" />"))
                .singleElement()
                .satisfies(p -> assertThat(p.reason())
                        .contains("decision NoSuchTable is neither in this deployment nor deployed"));
        assertThat(problemsOf("<bpmn:callActivity id=\"Task_X\" calledElement=\"Process_Nowhere\" />"))
                .singleElement()
                .satisfies(p -> assertThat(p.reason())
                        .contains("process Process_Nowhere is neither in this deployment nor deployed"));

        Map<String, byte[]> withoutTables = deployment(diagram(ALLOWED));
        withoutTables.remove("service-levels.dmn");
        assertThat(problems(withoutTables))
                .extracting(DeploymentProblem::reason)
                .contains(
                        "decision ServiceLevel is neither in this deployment nor deployed: the task would fail",
                        "R-SLA-1: the ServiceLevel table is neither in this deployment nor deployed");
        DeployedDefinitions tablesDeployed = new DeployedDefinitions() {
            @Override
            public byte[] decisionFile(String key) {
                return key.equals("ServiceLevel") ? file("service-levels.dmn") : null;
            }
        };
        assertThat(check.problems(withoutTables, tablesDeployed))
                .as("the deployed table has the rows")
                .isEmpty();
    }

    // --- decision tables -------------------------------------------------------------------------

    private List<DeploymentProblem> tableProblems(String table) {
        return problems(Map.of("reship-eligibility.dmn", table.getBytes(StandardCharsets.UTF_8)));
    }

    private static String reshipTable() {
        return new String(file("reship-eligibility.dmn"), StandardCharsets.UTF_8);
    }

    @Test
    void finding4_aRuleThatIsNotFeel_isRefusedNamingTheRule() {
        assertThat(tableProblems(reshipTable())).isEmpty();

        String broken = reshipTable().replace("<text>&lt;= 30</text>", "<text>&lt;= 5O</text>");

        assertThat(tableProblems(broken)).singleElement().satisfies(p -> {
            assertThat(p.getMainElementId()).isEqualTo("Rule_LowValue");
            assertThat(p.reason())
                    .contains("rule Rule_LowValue, input \"Order value (without shipping)\": \"<= 5O\" is not FEEL");
            assertThat(p.getLine()).isPositive();
        });
        assertThat(tableProblems(reshipTable().replace("<text>true</text>", "<text>if then</text>")))
                .singleElement()
                .satisfies(p -> assertThat(p.getMainElementId()).isEqualTo("Rule_LowValue"));
        assertThat(tableProblems(reshipTable().replace("<text>orderValue</text>", "<text>orderValue +</text>")))
                .singleElement()
                .satisfies(p -> assertThat(p.getMainElementId()).isEqualTo("Input_OrderValue"));
    }

    @Test
    void finding4_aTableInAnotherLanguageThanFeel_isRefused() {
        String juel = reshipTable()
                .replace(
                        "<inputExpression id=\"InputExpression_OrderValue\" typeRef=\"double\">",
                        "<inputExpression id=\"InputExpression_OrderValue\" typeRef=\"double\" expressionLanguage=\"juel\">");
        assertThat(tableProblems(juel)).singleElement().satisfies(p -> {
            assertThat(p.getMainElementId()).isEqualTo("Input_OrderValue");
            assertThat(p.reason()).contains("expressionLanguage juel", "FEEL only");
        });
        String javascript = reshipTable()
                .replace(
                        "namespace=\"http://after-sales/dmn\"",
                        "namespace=\"http://after-sales/dmn\" expressionLanguage=\"javascript\"");
        assertThat(tableProblems(javascript))
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("expressionLanguage javascript"));
        String feel = reshipTable()
                .replace(
                        "namespace=\"http://after-sales/dmn\"",
                        "namespace=\"http://after-sales/dmn\" expressionLanguage=\"FEEL\"");
        assertThat(tableProblems(feel)).isEmpty();
    }

    @Test
    void finding4_aFeelExternalFunction_isRefused() {
        String external = reshipTable()
                .replace(
                        "<text>true</text>",
                        "<text>function(x) external {java: {class: \"java.lang.System\", method signature: \"exit(int)\"}}</text>");

        assertThat(tableProblems(external)).singleElement().satisfies(p -> {
            assertThat(p.getMainElementId()).isEqualTo("Rule_LowValue");
            assertThat(p.reason()).contains("FEEL external function");
        });
    }

    @Test
    void finding4_aNewVersionOfTheSlaTableMustKeepTheRowsOfTheDeployedDiagrams() {
        String withoutSla1 = new String(file("service-levels.dmn"), StandardCharsets.UTF_8)
                .replace(
                        "<inputEntry id=\"InputEntry_Sla1\"><text>\"R-SLA-1\"</text>",
                        "<inputEntry id=\"InputEntry_Sla1\"><text>\"R-SLA-0\"</text>");
        DeployedDefinitions diagramDeployed = new DeployedDefinitions() {
            @Override
            public boolean hasForm(String key, Integer version) {
                return true;
            }

            @Override
            public byte[] decisionFile(String key) {
                return file(key.equals("WaitingTime") ? "waiting-times.dmn" : "service-levels.dmn");
            }

            @Override
            public Map<String, Resource> latestDiagrams() {
                return Map.of(
                        "Process_Test",
                        new Resource("test.bpmn", diagram(ALLOWED).getBytes(StandardCharsets.UTF_8)));
            }
        };

        List<DeploymentProblem> problems = check.problems(
                Map.of("service-levels.dmn", withoutSla1.getBytes(StandardCharsets.UTF_8)), diagramDeployed);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.resource()).isEqualTo("service-levels.dmn");
            assertThat(p.reason())
                    .contains("the ServiceLevel table has no row for R-SLA-1", "Process_Test", "Task_AskBuyer");
        });
        assertThat(check.problems(Map.of("service-levels.dmn", file("service-levels.dmn")), diagramDeployed))
                .isEmpty();
    }

    // --- forms and other files -------------------------------------------------------------------

    @Test
    void finding4_formsHoldPlainComponentsOnly_andMustBeJson() {
        Map<String, byte[]> html = deployment(diagram(ALLOWED));
        html.put(
                "ask-buyer.form",
                FORM.replace(
                                "{\"type\": \"text\", \"text\": \"Ask the buyer\", \"id\": \"Field_1\"}",
                                "{\"type\": \"group\", \"id\": \"Group_1\", \"components\": [{\"type\": \"html\", \"content\": \"<img src=x onerror=alert(1)>\", \"id\": \"Field_Html\"}]}")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(problems(html)).singleElement().satisfies(p -> {
            assertThat(p.resource()).isEqualTo("ask-buyer.form");
            assertThat(p.getMainElementId()).isEqualTo("Field_Html");
            assertThat(p.reason()).contains("component type \"html\" is not allowed");
        });

        Map<String, byte[]> broken = deployment(diagram(ALLOWED));
        broken.put("ask-buyer.form", "{\"id\": \"AskBuyer\", \"components\": [".getBytes(StandardCharsets.UTF_8));
        assertThat(problems(broken))
                .extracting(DeploymentProblem::reason)
                .anySatisfy(r -> assertThat(r).startsWith("the form is not JSON"))
                .anySatisfy(r -> assertThat(r).contains("form AskBuyer is neither in this deployment nor deployed"));
    }

    @Test
    void finding4_onlyDiagramsTablesAndForms_andNoDocumentTypes() {
        Map<String, byte[]> script = deployment(diagram(ALLOWED));
        script.put("x.js", "java.lang.Runtime.getRuntime()".getBytes(StandardCharsets.UTF_8));
        assertThat(problems(script)).singleElement().satisfies(p -> {
            assertThat(p.resource()).isEqualTo("x.js");
            assertThat(p.reason()).contains("diagrams (.bpmn), decision tables (.dmn) and Camunda Forms (.form) only");
        });

        String withEntity = diagram(ALLOWED)
                .replace(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>");
        assertThat(problems(deployment(withEntity)))
                .singleElement()
                .satisfies(p -> assertThat(p.resource()).isEqualTo("test.bpmn"));
    }
}
