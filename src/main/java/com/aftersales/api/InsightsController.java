package com.aftersales.api;

import com.aftersales.cases.CaseType;
import com.aftersales.config.ApiProblem;
import com.aftersales.insights.Insights;
import com.aftersales.orders.Order;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * R-CARE-4, issue 14: the figures of a period for process owners, team leads and admins ({@link Insights}); the page
 * {@code /insights} draws them. Who may: config/SecurityConfig ({@code INSIGHTS_READERS}); agents and systems get 403.
 */
@RestController
@RequestMapping("/api/insights")
@Tag(
        name = "Insights",
        description = "What process owners and team leads learn from the cases (R-CARE-4): volumes, time to resolve,"
                + " money, SKUs, SLA breaches, escalations")
public class InsightsController {

    /** The longest period one call covers. */
    static final int MAX_DAYS = 731;

    /** Without from/to: the last 12 weeks up to today. */
    static final int DEFAULT_DAYS = 84;

    private final Insights insights;

    public InsightsController(Insights insights) {
        this.insights = insights;
    }

    @Operation(
            operationId = "getInsights",
            summary = "The figures of a period, per platform and case type (process owners, team leads, admins)",
            description =
                    "Cases opened and resolved per case type and ISO week; median and p90 hours to resolve per type;"
                            + " refunds (not platform debits) per purpose and policy rule, per SKU (top 10) and per platform;"
                            + " reships; keep offers made and paid; platform debits per escalation outcome; the top 10 SKUs"
                            + " per complaint type (DAMAGED, QUALITY_DEFECT, NOT_AS_DESCRIBED, WRONG_OR_MISSING_ITEM); SLA"
                            + " breaches per rule (share of the period's cases with a breach); cases, escalations and order"
                            + " defects per platform; the share of resolved cases that no person worked on (no user task);"
                            + " the share of resolved cases a dissatisfied follow-up answer reopened (R-CARE-2); carrier claims"
                            + " filed (R-LOST-4, R-DMG-5) and what the buyers were refunded on those cases. The period selects"
                            + " cases by the day they opened (UTC); 'resolved' per week and the time to resolve by the day they"
                            + " were resolved. Money per currency, never converted. Agents and systems (API tokens, shop): 403.")
    @ProblemAnswer(
            status = 400,
            type = "validation",
            when = "from or to not a date YYYY-MM-DD, from after to, a period over 731 days, an unknown platform or"
                    + " caseType")
    @ProblemAnswer(status = 403, type = "forbidden", when = "the caller is no process owner, team lead or admin")
    @GetMapping
    public Insights.Report get(
            @Parameter(description = "First day (UTC), YYYY-MM-DD; default: 83 days before to")
                    @RequestParam(required = false)
                    String from,
            @Parameter(description = "Last day (UTC), YYYY-MM-DD, included; default: today")
                    @RequestParam(required = false)
                    String to,
            @Parameter(description = "Only orders of this platform") @RequestParam(required = false)
                    Order.Platform platform,
            @Parameter(description = "Only cases of this type") @RequestParam(required = false) CaseType caseType) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        LocalDate last = to == null ? LocalDate.now(ZoneOffset.UTC) : date("to", to, errors);
        LocalDate first =
                from == null ? (last == null ? null : last.minusDays(DEFAULT_DAYS - 1)) : date("from", from, errors);
        if (errors.isEmpty()) {
            if (first.isAfter(last)) errors.add(new ApiProblem.FieldError("from", "must not be after to (" + to + ")"));
            else if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS)
                errors.add(new ApiProblem.FieldError("to", "the period may cover at most " + MAX_DAYS + " days"));
        }
        if (!errors.isEmpty()) throw ApiProblem.invalid(errors);
        return insights.report(new Insights.Filter(first, last, platform, caseType));
    }

    private static LocalDate date(String field, String value, List<ApiProblem.FieldError> errors) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new ApiProblem.FieldError(field, "must be a date YYYY-MM-DD, was '" + value + "'"));
            return null;
        }
    }
}
