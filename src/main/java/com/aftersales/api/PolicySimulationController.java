package com.aftersales.api;

import com.aftersales.config.ApiProblem;
import com.aftersales.insights.PolicySimulation;
import com.aftersales.insights.PolicySimulationResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Policy simulation for process owners, team leads and admins (issue 14, insights/PolicySimulation): a changed
 * decision table (an uploaded .dmn file, never deployed) or a deployed version, evaluated on the recorded inputs of a
 * period's decisions. Changes nothing. Agents and integrations get 403 (config/SecurityConfig).
 */
@RestController
@RequestMapping(value = "/api/insights/simulations", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Insights")
public class PolicySimulationController {

    private static final String ANSWER =
            "The answer: decisions evaluated, how many change and from what to what, the changed"
                    + " cases (case, order, before, after) and the money difference per currency (refunds, reships, keep-the-item"
                    + " ceilings; `money.effect` says how it is computed, null for tables that move no money). Nothing is"
                    + " deployed, no case or history changes. For process owners, team leads and admins; agents and integrations get 403.";

    private final PolicySimulation simulation;

    public PolicySimulationController(PolicySimulation simulation) {
        this.simulation = simulation;
    }

    @Schema(description = "Simulate a deployed version of a decision table")
    public record DeployedTableRequest(
            @Schema(description = "The decision table's key", example = "ReshipEligibility")
            String decisionKey,

            @Schema(description = "Its deployed version", example = "1")
            Integer version,

            @Schema(description = "First day of the period (UTC), included", example = "2026-11-01")
            String from,

            @Schema(description = "Last day of the period (UTC), included", example = "2026-11-30")
            String to) {}

    @Operation(
            operationId = "simulateUploadedDecisionTable",
            summary = "Simulate a changed decision table (a .dmn file) on a period's recorded decisions",
            description = "multipart/form-data: `file` (the .dmn file as Camunda Modeler saves it), `from`, `to`"
                    + " (YYYY-MM-DD, UTC, both included), `decisionKey` when the file holds several tables. The file goes"
                    + " through the same check as a deployment (docs/api.md) and Camunda's DMN parser, and is never"
                    + " deployed. " + ANSWER)
    @ProblemAnswer(
            status = 400,
            type = "table-refused",
            when = "the file would be refused on deployment (not XML, not FEEL, a row a process needs is missing);"
                    + " `problems` lists why")
    @ProblemAnswer(
            status = 400,
            type = "validation",
            when = "no file, not a .dmn file, not parseable as DMN, no decision table of that key deployed, inputs the"
                    + " recorded decisions do not hold, from/to missing or not dates, to before from")
    @ProblemAnswer(status = 403, type = "forbidden", when = "agents and integrations")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public PolicySimulationResult simulateUpload(
            @RequestPart(name = "file", required = false) MultipartFile file,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            @Parameter(description = "The decision table of the file to simulate, when it holds several")
                    @RequestParam(name = "decisionKey", required = false)
                    String decisionKey)
            throws IOException {
        LocalDate first = date("from", from);
        LocalDate last = date("to", to);
        PolicySimulation.Candidate candidate = simulation.uploaded(
                file == null ? null : file.getOriginalFilename(), file == null ? null : file.getBytes(), decisionKey);
        return simulation.simulate(candidate, first, last);
    }

    @Operation(
            operationId = "simulateDeployedDecisionTable",
            summary = "Simulate a deployed version of a decision table on a period's recorded decisions",
            description = "JSON: `decisionKey`, `version`, `from`, `to` (YYYY-MM-DD, UTC, both included). " + ANSWER)
    @ProblemAnswer(
            status = 400,
            type = "validation",
            when = "no such table or version, from/to missing or not dates, to before from")
    @ProblemAnswer(status = 403, type = "forbidden", when = "agents and integrations")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public PolicySimulationResult simulateDeployed(@RequestBody DeployedTableRequest request) {
        if (request == null) throw ApiProblem.invalid("decisionKey", "send decisionKey, version, from and to");
        LocalDate first = date("from", request.from());
        LocalDate last = date("to", request.to());
        return simulation.simulate(simulation.deployed(request.decisionKey(), request.version()), first, last);
    }

    @Operation(
            operationId = "listSimulatedDecisionTables",
            summary = "The deployed decision tables a simulation can replay: key, name, versions, money effect")
    @ProblemAnswer(status = 403, type = "forbidden", when = "agents and integrations")
    @GetMapping("/tables")
    public List<Map<String, Object>> tables() {
        return simulation.deployedTables();
    }

    private static LocalDate date(String field, String value) {
        if (value == null || value.isBlank()) throw ApiProblem.invalid(field, "a day (YYYY-MM-DD) is required");
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, "'" + value + "' is not a day (YYYY-MM-DD)");
        }
    }
}
