package com.aftersales.cases;

import com.aftersales.messaging.BuyerMessage;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/** GET /api/cases/{caseId}: everything a caller or an agent needs to know about a case. */
public record CaseView(String caseId, String orderId, CaseType type, CaseStatus status, String responsibility,
                       String resolution, List<RefundLine> refunds, BigDecimal refundedTotal, String currency,
                       String returnShippingPaidBy, List<String> rulesApplied, List<OpenTask> openTasks,
                       List<Deadline> deadlines, CaseRepository.Escalation escalation, List<CaseRepository.TimelineEntry> timeline, List<BuyerMessage> messages,
                       String description, List<String> evidence, OffsetDateTime openedAt, OffsetDateTime updatedAt) {

    public record RefundLine(BigDecimal amount, String currency, String reason, String ruleId, String purpose,
                             OffsetDateTime issuedAt) { }

    public record OpenTask(String taskId, String taskDefinitionKey, String name, List<String> candidateGroups,
                           String assignee, OffsetDateTime due) { }

    /**
     * An SLA deadline of a task (policy section 2): of every open task, and of every task that passed
     * its deadline ({@code breachedAt} is when the breach was recorded; null while not breached).
     */
    public record Deadline(String task, String taskDefinitionKey, String ruleId, OffsetDateTime due,
                           OffsetDateTime breachedAt, boolean breached) { }

    /** One row of GET /api/cases. */
    public record Summary(String caseId, String orderId, CaseType type, CaseStatus status, String resolution,
                          OffsetDateTime openedAt, OffsetDateTime updatedAt) { }
}
