package com.aftersales.cases;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Insights, "resolved without a person": when the first user task of any of a case's processes is created, the case
 * records it ({@code after_sales_case.person_task_at}, once). A case without it was worked by its processes alone.
 * Every diagram deployed from Modeler gets it, as the case card ({@link UserTaskCreateListeners}).
 */
@Component
public class PersonOnCasePlugin extends AbstractProcessEnginePlugin {

    private final CaseRepository cases;

    public PersonOnCasePlugin(CaseRepository cases) {
        this.cases = cases;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        UserTaskCreateListeners.addParseListener(configuration, new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
                ((UserTaskActivityBehavior) activity.getActivityBehavior())
                        .getTaskDefinition()
                        .addTaskListener(TaskListener.EVENTNAME_CREATE, PersonOnCasePlugin.this::taskCreated);
            }
        });
    }

    void taskCreated(DelegateTask task) {
        String caseId = CaseKey.of(task);
        if (caseId != null) cases.personTaskCreated(caseId);
    }
}
