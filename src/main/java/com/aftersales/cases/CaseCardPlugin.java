package com.aftersales.cases;

import com.aftersales.orders.Money;
import com.aftersales.orders.OrderRepository;
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
 *
 * <p>The same listener gives the task what tells two tasks apart in Tasklist's list (config/TasklistFilters shows
 * them under each task), as task-local variables: agents may read a task's variables, not its process's, so the list
 * could not show the process's own. From the order's and the case's records: {@value #LIST_ORDER_ID},
 * {@value #LIST_BUYER_NAME}, {@value #LIST_ORDER_VALUE} (value and currency), {@value #LIST_BUYER_TIER} (R-CARE-3) and
 * {@value #LIST_CASE_ID}. Their names are no form's keys, so a form's submission never lands in them.
 */
@Component
public class CaseCardPlugin extends AbstractProcessEnginePlugin {

    /** Task-local: the case's status when the task was created (the case page shows it live). */
    public static final String CASE_STATUS = "caseStatus";

    /** Task-local, for the task list: the order id. */
    public static final String LIST_ORDER_ID = "listOrderId";

    /** Task-local, for the task list: the buyer's name. */
    public static final String LIST_BUYER_NAME = "listBuyerName";

    /** Task-local, for the task list: the order's value and currency, e.g. "40.00 USD". */
    public static final String LIST_ORDER_VALUE = "listOrderValue";

    /** Task-local, for the task list: the buyer's tier the case opened with (CORE, REGULAR, AT_RISK). */
    public static final String LIST_BUYER_TIER = "listBuyerTier";

    /** Task-local, for the task list: the case id. */
    public static final String LIST_CASE_ID = "listCaseId";

    private final CaseRepository cases;
    private final OrderRepository orders;

    public CaseCardPlugin(CaseRepository cases, OrderRepository orders) {
        this.cases = cases;
        this.orders = orders;
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
        cases.findForView(caseId).ifPresent(found -> {
            CaseRow row = found.row();
            task.setVariableLocal(CASE_STATUS, row.status().name());
            if (task.getVariable(CaseVariables.CASE_ID) == null) task.setVariableLocal(CaseVariables.CASE_ID, caseId);
            if (task.getVariable(CaseVariables.CASE_TYPE) == null)
                task.setVariableLocal(CaseVariables.CASE_TYPE, row.type().name());
            task.setVariableLocal(LIST_CASE_ID, caseId);
            task.setVariableLocal(LIST_BUYER_TIER, found.tier().name());
            orders.find(row.orderId()).ifPresent(order -> {
                task.setVariableLocal(LIST_ORDER_ID, order.orderId());
                task.setVariableLocal(LIST_BUYER_NAME, order.buyer().name());
                task.setVariableLocal(
                        LIST_ORDER_VALUE, Money.format(order.orderValue(), order.currency()) + " " + order.currency());
            });
        });
    }
}
