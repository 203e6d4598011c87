package com.aftersales.cases;

import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Every user task with a Camunda Form ({@code camunda:formRef}) gets, when it is created, the policy figures its
 * form names ({@link PolicyFigures}): nothing to add to a diagram, a form that shows a figure is all it takes.
 */
@Component
public class PolicyFiguresPlugin extends AbstractProcessEnginePlugin {

    private final PolicyFigures figures;

    public PolicyFiguresPlugin(PolicyFigures figures) {
        this.figures = figures;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        UserTaskCreateListeners.addParseListener(configuration, new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
                String formRef = element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "formRef");
                if (formRef == null || formRef.isBlank() || formRef.contains("${")) return;
                String binding = element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "formRefBinding");
                String version = element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "formRefVersion");
                ((UserTaskActivityBehavior) activity.getActivityBehavior())
                        .getTaskDefinition()
                        .addTaskListener(
                                TaskListener.EVENTNAME_CREATE,
                                task -> figures.fillForForm(task, formRef, binding, version));
            }
        });
    }
}
