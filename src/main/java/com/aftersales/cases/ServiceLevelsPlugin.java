package com.aftersales.cases;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.helper.BpmnProperties;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.delegate.DelegateInvocation;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.jobexecutor.TimerDeclarationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.TimerDeclarationType;
import org.camunda.bpm.engine.impl.jobexecutor.TimerEventJobHandler;
import org.camunda.bpm.engine.impl.jobexecutor.TimerTaskListenerJobHandler;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TimerEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Engine behaviour the diagrams do not copy (issue 12), added to every diagram when it is parsed:
 * <ul>
 * <li><b>SLA deadlines</b> (policy section 2): a user task with the extension property {@code sla}
 *     ({@code R-SLA-3}; Modeler: properties panel, Extension properties) gets its due date from
 *     service-levels.dmn when it is created, its priority and, for core buyers, a shorter deadline from
 *     customer-priority.dmn (R-CARE-3), and two of Camunda's timeout task listeners: "deadline near"
 *     (the table's share of the limit: team leads and priority 75) and "deadline passed" (the limit: the breach
 *     on the case, the task stays open). Their timers are jobs of the task's own execution: any node runs each
 *     once, and they go when the task is done. A task taken away after its due date (an interrupting timer at the
 *     deadline, R-SLA-6) records the breach as well. The deploy check refuses a user task without a known
 *     {@code sla} ({@code deployments/DiagramCheck}).</li>
 * <li><b>Events commit on their own</b>: every message catch (intermediate, boundary, receive task, the message
 *     start of an event sub-process) is asynchronous after, so an event the API accepted (202) is committed
 *     with the wait it ends, and what follows runs as a job: a failure there is retried and then becomes an
 *     incident in Cockpit on the case's process instance, not an error to the caller.</li>
 * </ul>
 * Diagrams deployed before this plugin keep their own listeners and timers ({@link ServiceLevels}).
 */
@Component
public class ServiceLevelsPlugin extends AbstractProcessEnginePlugin {

    /** The extension property of a user task that names its SLA rule. */
    public static final String SLA_PROPERTY = "sla";

    static final String DEADLINE_NEAR = "slaDeadlineNear";
    static final String DEADLINE_PASSED = "slaDeadlinePassed";

    private final ServiceLevels serviceLevels;

    public ServiceLevelsPlugin(ServiceLevels serviceLevels) {
        this.serviceLevels = serviceLevels;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        UserTaskCreateListeners.addParseListener(configuration, new ParseListener());
        List<SessionFactory> sessions = configuration.getCustomSessionFactories() == null
                ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomSessionFactories());
        sessions.add(new SessionFactory() {
            @Override
            public Class<?> getSessionType() {
                return TermsOfCommand.class;
            }

            @Override
            public Session openSession() {
                return new TermsOfCommand();
            }
        });
        configuration.setCustomSessionFactories(sessions);
    }

    /**
     * The SLA terms of the tasks a command creates, by task execution and rule: a task's two timers are created just
     * before its create listener runs, in the same command, and all three need the same two table rows.
     */
    static final class TermsOfCommand implements Session {
        private final Map<String, ServiceLevels.TaskTerms> terms = new HashMap<>();

        ServiceLevels.TaskTerms terms(String key, Supplier<ServiceLevels.TaskTerms> evaluate) {
            return terms.computeIfAbsent(key, k -> evaluate.get());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    /** The {@code sla} extension property of a user task, or null. */
    static String slaRule(Element userTask) {
        Element extensions = userTask.element("extensionElements");
        Element properties =
                extensions == null ? null : extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "properties");
        if (properties == null) return null;
        for (Element property : properties.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "property")) {
            if (SLA_PROPERTY.equals(property.attribute("name"))) return property.attribute("value");
        }
        return null;
    }

    private final class ParseListener extends AbstractBpmnParseListener {

        @Override
        public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
            String rule = slaRule(element);
            if (rule == null) return; // refused by the deploy check; a diagram deployed before the plugin has its own
            TaskDefinition task = ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
            task.addTaskListener(TaskListener.EVENTNAME_CREATE, t -> serviceLevels.due(t, rule));
            task.addTaskListener(TaskListener.EVENTNAME_DELETE, serviceLevels::cancelledAtDeadline);
            // as Camunda's parser does for a timeout listener: the task has its own execution, which holds the timers
            activity.setScope(true);
            activity.setEventScope(activity);
            addTimeout(activity, task, DEADLINE_NEAR, new SlaDuration(rule, true), serviceLevels::deadlineNear);
            addTimeout(activity, task, DEADLINE_PASSED, new SlaDuration(rule, false), serviceLevels::deadlinePassed);
        }

        @Override
        public void parseIntermediateMessageCatchEventDefinition(Element definition, ActivityImpl activity) {
            activity.setAsyncAfter(true);
        }

        @Override
        public void parseBoundaryMessageEventDefinition(
                Element definition, boolean interrupting, ActivityImpl activity) {
            activity.setAsyncAfter(true);
        }

        @Override
        public void parseReceiveTask(Element element, ScopeImpl scope, ActivityImpl activity) {
            activity.setAsyncAfter(true);
        }

        @Override
        public void parseStartEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
            if (element.element("messageEventDefinition") != null && scope instanceof ActivityImpl) {
                activity.setAsyncAfter(true); // the message start of an event sub-process
            }
        }
    }

    private static void addTimeout(
            ActivityImpl activity,
            TaskDefinition task,
            String listenerId,
            SlaDuration duration,
            TaskListener listener) {
        TimerDeclarationImpl timer = new SlaTimer(duration);
        timer.setActivity(activity);
        timer.setRawJobHandlerConfiguration(activity.getId()
                + TimerEventJobHandler.JOB_HANDLER_CONFIG_PROPERTY_DELIMITER
                + TimerEventJobHandler.JOB_HANDLER_CONFIG_TASK_LISTENER_PREFIX
                + listenerId);
        timer.setJobConfiguration(TimerDeclarationType.DURATION + ": " + duration.getExpressionText());
        Map<String, TimerDeclarationImpl> declared = TimerDeclarationImpl.getTimeoutListenerDeclarationsForScope(
                        activity)
                .get(activity.getId());
        if (declared != null) {
            declared.put(listenerId, timer);
        } else {
            activity.getProperties()
                    .putMapEntry(
                            BpmnProperties.TIMEOUT_LISTENER_DECLARATIONS,
                            activity.getId(),
                            new HashMap<>(Map.of(listenerId, timer)));
        }
        task.addTimeoutTaskListener(listenerId, listener);
    }

    /**
     * A timeout listener's timer whose job names its process (definition, key, deployment) as Camunda's own
     * timers do through their job definition: Cockpit lists it with the process, and process owners may retry it.
     */
    private static final class SlaTimer extends TimerDeclarationImpl {
        SlaTimer(Expression duration) {
            super(duration, TimerDeclarationType.DURATION, TimerTaskListenerJobHandler.TYPE);
        }

        @Override
        protected TimerEntity newJobInstance(ExecutionEntity execution) {
            TimerEntity timer = super.newJobInstance(execution);
            ProcessDefinitionEntity process = execution.getProcessDefinition();
            timer.setProcessDefinitionId(process.getId());
            timer.setProcessDefinitionKey(process.getKey());
            timer.setDeploymentId(process.getDeploymentId());
            return timer;
        }
    }

    /**
     * The timer's duration from the SLA table when the task starts, shortened for the buyer's tier (R-CARE-3): the share
     * after which it is escalated, or the limit.
     */
    private final class SlaDuration implements Expression {
        private final String rule;
        private final boolean near;

        SlaDuration(String rule, boolean near) {
            this.rule = rule;
            this.near = near;
        }

        /**
         * Through the engine's delegate interceptor, as Camunda evaluates an expression: the table is read as the
         * process, not with the authorizations of the person whose completion created the task.
         */
        @Override
        public Object getValue(VariableScope scope) {
            DelegateExecution execution = (DelegateExecution) scope;
            DelegateInvocation invocation = new DelegateInvocation(execution, null) {
                @Override
                protected void invoke() {
                    invocationResult = near
                            ? serviceLevels.taskEscalateAfter(execution, rule)
                            : serviceLevels.taskLimit(execution, rule);
                }
            };
            try {
                Context.getProcessEngineConfiguration().getDelegateInterceptor().handleInvocation(invocation);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new ProcessEngineException(e.getMessage(), e);
            }
            return invocation.getInvocationResult();
        }

        @Override
        public void setValue(Object value, VariableScope scope) {
            throw new UnsupportedOperationException("an SLA duration comes from the ServiceLevel table");
        }

        @Override
        public String getExpressionText() {
            return (near ? "deadline near, " : "deadline passed, ") + rule;
        }

        @Override
        public boolean isLiteralText() {
            return false;
        }
    }
}
