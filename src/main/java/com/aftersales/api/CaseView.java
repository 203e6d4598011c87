package com.aftersales.api;

import com.aftersales.cases.CaseRepository;
import com.aftersales.cases.CaseStatus;
import com.aftersales.cases.CaseType;
import com.aftersales.cases.KeepOffers;
import com.aftersales.messaging.BuyerMessage;
import com.aftersales.orders.CustomerTier;
import com.aftersales.refunds.CappedRefund;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * GET /api/cases/{caseId}: everything a caller or an agent needs to know about a case. Without the right to see the
 * buyer's contact data (api/ContactDataAccess) {@code contactDataRedacted} is true and the parts that quote the buyer
 * are left out: {@code description} and {@code evidence} null, the messages' {@code body} null, timeline entries
 * without their quote. {@code decisions} ({@link CaseDecisions}) are never redacted: no decision input is contact data.
 */
public record CaseView(
        String caseId,
        String orderId,
        CaseType type,
        CaseStatus status,
        String responsibility,
        String resolution,
        List<RefundLine> refunds,
        BigDecimal refundedTotal,
        String currency,
        String returnShippingPaidBy,
        List<String> rulesApplied,
        List<OpenTask> openTasks,
        List<Deadline> deadlines,
        CaseRepository.Escalation escalation,
        List<CaseRepository.TimelineEntry> timeline,
        List<BuyerMessage> messages,

        @Schema(description = "The buyer's words; null when contactDataRedacted")
        String description,

        @Schema(description = "Evidence references (photos may show the address label); null when contactDataRedacted")
        List<String> evidence,

        OffsetDateTime openedAt,
        OffsetDateTime updatedAt,

        @Schema(
                description =
                        "R-GEN-7: the keep-the-item ceiling worked out by the server and the agent's offer, "
                                + "who made it and which team lead approved it (approval NOT_NEEDED, PENDING, APPROVED, REJECTED); null: none")
        KeepOffers.KeepOffer keepOffer,

        @Schema(
                description = "Refunds the order's cap cut: requested (null: what was left), paid (0: nothing), "
                        + "the team leads' review task in Tasklist")
        List<CappedRefund> cappedRefunds,

        @Schema(
                description = "true: the caller may not see the buyer's contact data on this case "
                        + "(process owners; agents who never held a task of the case)")
        boolean contactDataRedacted,

        @Schema(
                description = "Every decision table a process of the case evaluated, oldest first: which table and "
                        + "version, which rule matched with its policy rule IDs, the inputs and the outputs. Kept for the "
                        + "case's lifetime and its history time to live (history level activity-with-decisions). No input "
                        + "is the buyer's contact data, so nothing here is redacted.")
        List<Decision> decisions,

        @Schema(
                description = "R-CARE-3: the buyer's tier as the order said when the case opened (CORE, REGULAR, "
                        + "AT_RISK); the priority and deadline of each task follow it (bpmn/customer-priority.dmn)")
        CustomerTier customerTier) {

    public record RefundLine(
            BigDecimal amount,
            String currency,
            String reason,
            String ruleId,
            String purpose,
            OffsetDateTime issuedAt) {}

    public record OpenTask(
            String taskId,
            String taskDefinitionKey,
            String name,
            List<String> candidateGroups,
            String assignee,
            OffsetDateTime due,

            @Schema(
                    description = "Camunda task priority: the work queue serves higher first, then the earlier "
                            + "due date (R-CARE-3: from the buyer's tier; 75 once the deadline is near)")
            int priority) {}

    /**
     * An SLA deadline of a task (policy section 2): of every open task, and of every task that passed
     * its deadline ({@code breachedAt} is when the breach was recorded; null while not breached).
     */
    public record Deadline(
            String task,
            String taskDefinitionKey,
            String ruleId,
            OffsetDateTime due,
            OffsetDateTime breachedAt,
            boolean breached) {}

    @Schema(description = "One evaluation of a decision table (bpmn/*.dmn) by a process of the case")
    public record Decision(
            @Schema(description = "The decision's key, e.g. ReshipEligibility")
            String table,

            @Schema(description = "The decision's name, e.g. Reship within the reship limit?")
            String tableName,

            @Schema(description = "The deployed version of the table that decided")
            int version,

            @Schema(
                    description =
                            "The BPMN element that evaluated it, e.g. Task_ReshipLimit (a business rule task), or a "
                                    + "user task or timer whose SLA limit or wait it looked up")
            String activity,

            @Schema(description = "The policy rule IDs of the matched rules, e.g. [R-ADDR-2, R-DMG-3, R-LOST-3]")
            List<String> ruleIds,

            @Schema(description = "The rules that matched (one for the UNIQUE and FIRST tables; none: no rule applied)")
            List<MatchedRule> matchedRules,

            @Schema(description = "The table's inputs by their expression, e.g. {\"orderValue\": 25.0}")
            Map<String, Object> inputs,

            OffsetDateTime evaluatedAt) {}

    @Schema(description = "A rule of the table that matched, with what it gave")
    public record MatchedRule(
            @Schema(description = "The rule's id in the table, e.g. Rule_LowValue")
            String rule,

            @Schema(description = "The policy rule IDs in the rule's annotation")
            List<String> ruleIds,

            @Schema(description = "The rule's annotation as the table says it")
            String annotation,

            @Schema(description = "The rule's outputs by name, e.g. {\"reshipAllowed\": true}")
            Map<String, Object> outputs) {}

    /** One row of GET /api/cases. */
    public record Summary(
            String caseId,
            String orderId,
            CaseType type,
            CaseStatus status,
            String resolution,
            OffsetDateTime openedAt,
            OffsetDateTime updatedAt) {}
}
