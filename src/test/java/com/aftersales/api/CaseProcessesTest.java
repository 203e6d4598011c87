package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.cases.CaseProcesses;
import com.aftersales.cases.CaseVariables;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 16: what an event and the follow-up's start read of a case's processes, with one statement each, is what
 * Camunda's process-instance and event-subscription queries gave, before and after the case resolves (R-CAN-1,
 * R-GEN-8).
 */
class CaseProcessesTest extends ApiTestSupport {

    @Autowired
    CaseProcesses processes;

    @Autowired
    RuntimeService runtime;

    @Test
    void rCan1_rGen8_theWaitsAndTheFollowUpAreWhatCamundasQueriesGive() {
        String orderId = newOrder("PAID", "29.99", null);
        String caseId = openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Ordered twice\"}");

        assertThat(processes.messageWaits(caseId))
                .as("the cancellation waits for the warehouse")
                .extracting(CaseProcesses.MessageWait::eventName)
                .contains("WAREHOUSE_UPDATE");
        assertThat(processes.messageWaits(caseId)).isEqualTo(camundasWaits(caseId));
        assertThat(processes.running(caseId, "Process_Cancellation")).isTrue();
        assertThat(processes.running(caseId, CaseVariables.FOLLOW_UP_PROCESS)).isFalse();

        event(caseId, "{\"type\": \"WAREHOUSE_UPDATE\", \"status\": \"SHIPMENT_STOPPED\"}");
        api.awaitCase(caseId, v -> "RESOLVED".equals(v.get("status").asText()));

        assertThat(processes.running(caseId, "Process_Cancellation")).isFalse();
        assertThat(processes.running(caseId, CaseVariables.FOLLOW_UP_PROCESS))
                .as("R-GEN-8: the follow-up runs once the case is resolved")
                .isTrue();
        assertThat(runtime.createProcessInstanceQuery()
                        .processInstanceBusinessKey(caseId)
                        .processDefinitionKey(CaseVariables.FOLLOW_UP_PROCESS)
                        .count())
                .isOne();
        assertThat(processes.messageWaits(caseId)).isEqualTo(camundasWaits(caseId));
        assertThat(processes.messageWaits("C-NOSUCHCASE")).isEmpty();
    }

    /** How CaseEvents found the case's waits before (issue 16): Camunda's queries. */
    private List<CaseProcesses.MessageWait> camundasWaits(String caseId) {
        List<CaseProcesses.MessageWait> waits = new ArrayList<>();
        for (ProcessInstance instance : runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(caseId)
                .active()
                .orderByProcessInstanceId()
                .asc()
                .list()) {
            runtime.createEventSubscriptionQuery()
                    .processInstanceId(instance.getId())
                    .eventType("message")
                    .orderByCreated()
                    .asc()
                    .list()
                    .forEach(s -> waits.add(new CaseProcesses.MessageWait(s.getEventName(), s.getProcessInstanceId())));
        }
        return waits;
    }
}
