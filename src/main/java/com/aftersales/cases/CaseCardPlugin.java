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
 * The case card at the top of every task's form (bpmn/forms/*.form: case id and type, status, order, "Open the case"):
 * when a user task of a case is created, its local variables get the case's status as it is then
 * ({@value #CASE_STATUS}), and the case id and type where the process has none of its own (a process called with
 * only some variables). From the case's record and the business key, never from what a person sent.
 */
@Component
public class CaseCardPlugin extends AbstractProcessEnginePlugin {

    /** Task-local: the case's status when the task was created (the case page shows it live). */
    public static final String CASE_STATUS = "caseStatus";

    private final CaseRepository cases;

    public CaseCardPlugin(CaseRepository cases) {
        this.cases = cases;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        UserTaskCreateListeners.addParseListener(configuration, new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
                ((UserTaskActivityBehavior) activity.getActivityBehavior())
                        .getTaskDefinition()
                        .addTaskListener(TaskListener.EVENTNAME_CREATE, CaseCardPlugin.this::fillCard);
            }
        });
    }

    void fillCard(DelegateTask task) {
        String caseId = CaseKey.of(task);
        if (caseId == null) return;
        cases.find(caseId).ifPresent(row -> {
            task.setVariableLocal(CASE_STATUS, row.status().name());
            if (task.getVariable(CaseVariables.CASE_ID) == null) task.setVariableLocal(CaseVariables.CASE_ID, caseId);
            if (task.getVariable(CaseVariables.CASE_TYPE) == null)
                task.setVariableLocal(CaseVariables.CASE_TYPE, row.type().name());
        });
    }
}
