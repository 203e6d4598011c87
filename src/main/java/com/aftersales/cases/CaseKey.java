package com.aftersales.cases;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;

/**
 * Which case a process step works on: the process instance's business key, which CaseIntake sets to
 * the case id and every call activity passes on ({@code camunda:in businessKey}). Never the {@code caseId}
 * variable, which a person can set; the order is the case's own ({@code after_sales_case.order_id}).
 */
public final class CaseKey {

    private CaseKey() {}

    public static String of(DelegateExecution execution) {
        String caseId = execution.getProcessBusinessKey();
        if (caseId == null || caseId.isBlank()) {
            throw new IllegalStateException("Process instance " + execution.getProcessInstanceId()
                    + " has no business key, so it belongs to no case");
        }
        return caseId;
    }

    /** @return the case of the task's process; null for a task outside a process (e.g. a team lead's review task) */
    public static String of(DelegateTask task) {
        return task.getExecution() == null ? null : of(task.getExecution());
    }
}
