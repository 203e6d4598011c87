package com.aftersales.insights;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The answer of a policy simulation: what the candidate table would have decided on the period's recorded inputs. */
@Schema(
        description =
                "What a candidate decision table would have decided on the recorded inputs of a period's decisions."
                        + " Nothing was deployed and no case changed.")
public record PolicySimulationResult(
        @Schema(
                description = "The decision table (its id in the DMN file and in Camunda)",
                example = "ReshipEligibility")
        String decisionKey,

        @Schema(description = "The candidate's name") String tableName,

        @Schema(description = "Which table was simulated", example = "uploaded file reship-eligibility.dmn")
        String candidate,

        LocalDate from,
        LocalDate to,

        @Schema(description = "Recorded decisions of the table in the period, each evaluated again")
        int decisionsEvaluated,

        @Schema(description = "Decisions whose outcome (the table's first output) would differ")
        int decisionsChanged,

        @Schema(description = "Cases with at least one changed decision")
        int casesChanged,

        @Schema(description = "The changed decisions by outcome: from → to, with their number")
        List<Change> changes,

        @Schema(description = "The changed cases, most recent decision first (at most 1000)")
        List<ChangedCase> changedCases,

        @Schema(description = "false when there are more changed cases than listed")
        boolean changedCasesComplete,

        Money money) {

    public record Change(String from, String to, int decisions) {}

    @Schema(
            description =
                    "A case whose decision would change; money differences for this case (in its order's currency)")
    public record ChangedCase(
            String caseId,
            String orderId,
            BigDecimal orderValue,
            String currency,
            @Schema(description = "The outcome recorded") String before,

            @Schema(description = "The outcome of the candidate table")
            String after,

            int decisionsChanged,
            Instant evaluatedAt,
            BigDecimal refundDifference,
            int reshipDifference,
            BigDecimal keepOfferCeilingDifference) {}

    @Schema(
            description =
                    "The money difference, by currency; effect says how it is computed (null: this table moves no money)")
    public record Money(String effect, List<ByCurrency> byCurrency) {}

    public record ByCurrency(
            String currency,

            @Schema(description = "More (positive) or less (negative) refunded")
            BigDecimal refunds,

            @Schema(description = "More or fewer reships") int reships,

            @Schema(description = "The order value of the reships more or fewer")
            BigDecimal reshipValue,

            @Schema(description = "Sum of the keep-the-item ceilings' difference")
            BigDecimal keepOfferCeilings) {}
}
