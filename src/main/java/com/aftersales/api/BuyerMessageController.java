package com.aftersales.api;

import com.aftersales.cases.CaseRepository;
import com.aftersales.cases.CaseVariables;
import com.aftersales.config.ApiProblem;
import com.aftersales.config.IdempotentRequests;
import com.aftersales.messaging.BuyerMessage;
import com.aftersales.messaging.BuyerMessageOutbox;
import com.aftersales.messaging.BuyerMessageTemplates;
import com.aftersales.messaging.SendBuyerMessageDelegate;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An agent or team lead writes to a case's buyer (R-CARE-1): one of the app's templates, filled as the case's process
 * would fill it, or their own text under the same checks (no links, e-mail addresses or competitor names). The message
 * goes to the outbox and on the case's timeline as "Message to buyer by {user} (template): …".
 */
@RestController
@RequestMapping("/api")
@Tag(name = "Cases")
public class BuyerMessageController {

    private static final Logger log = LoggerFactory.getLogger(BuyerMessageController.class);
    /** The longest text a person may write to the buyer. */
    public static final int MAX_TEXT = 2000;

    @Schema(
            description =
                    "Either template (a name from GET /api/buyer-message-templates) or text (the person's own words, "
                            + "1 to " + MAX_TEXT + " characters), not both")
    public record MessageRequest(
            @Schema(description = "A template's name, e.g. apology")
            String template,

            @Schema(description = "Free text to the buyer, checked like the templates (R-CARE-1)")
            String text) {}

    public record Template(String name, String text) {}

    private final CaseRepository cases;
    private final CaseAccess access;
    private final BuyerMessageOutbox outbox;
    private final BuyerMessageTemplates templates;
    private final RuntimeService runtime;
    private final TransactionTemplate transaction;
    private final IdempotentRequests idempotentRequests;

    public BuyerMessageController(
            CaseRepository cases,
            CaseAccess access,
            BuyerMessageOutbox outbox,
            BuyerMessageTemplates templates,
            RuntimeService runtime,
            TransactionTemplate transaction,
            IdempotentRequests idempotentRequests) {
        this.cases = cases;
        this.access = access;
        this.outbox = outbox;
        this.templates = templates;
        this.runtime = runtime;
        this.transaction = transaction;
        this.idempotentRequests = idempotentRequests;
    }

    @Operation(
            operationId = "listBuyerMessageTemplates",
            summary = "The buyer message templates (R-CARE-1), with their placeholders")
    @GetMapping("/buyer-message-templates")
    public List<Template> templates() {
        return templates.names().stream()
                .map(name -> new Template(name, templates.text(name)))
                .toList();
    }

    @Operation(
            operationId = "sendBuyerMessage",
            summary = "Write to the case's buyer: a template or free text (R-CARE-1)",
            description =
                    "For team leads and admins on every case, for agents on the cases whose tasks they hold or held; "
                            + "anyone else gets 403. The message goes to the outbox (the marketplace connector sends it) and on the "
                            + "case's timeline as \"Message to buyer by <user> (<template or free-text>): …\"; the case's "
                            + "rulesApplied gets R-CARE-1.")
    @ApiResponse(
            responseCode = "201",
            description = "Written to the outbox; the body is the message as the buyer gets it")
    @ProblemAnswer(
            status = 400,
            type = "validation",
            when = "neither or both of template and text; an unknown template; a template "
                    + "needing a value the case does not have (e.g. {offerAmount}); text blank or over 2000 characters; text with a "
                    + "link, an e-mail address or a competitor's name (R-CARE-1, `ruleId`)")
    @ProblemAnswer(
            status = 403,
            type = "forbidden",
            when = "an agent who never held a task of the case; a process owner; an integration")
    @ProblemAnswer(status = 404, type = "not-found", when = "there is no case caseId")
    @PostMapping(path = "/cases/{caseId}/messages", consumes = "application/json")
    public ResponseEntity<BuyerMessage> send(
            @PathVariable String caseId, @RequestBody MessageRequest request, Authentication caller) {
        cases.find(caseId).orElseThrow(() -> ApiProblem.notFound("Case", "There is no case " + caseId + "."));
        if (!access.writesToBuyer(caller, caseId)) {
            throw new ApiProblem(
                    HttpStatus.FORBIDDEN,
                    "forbidden",
                    "Not allowed",
                    caller.getName() + " may not write to the buyer of case " + caseId
                            + ": agents write on the cases whose tasks they hold or held.");
        }
        boolean hasTemplate = request.template() != null && !request.template().isBlank();
        boolean hasText = request.text() != null && !request.text().isBlank();
        if (hasTemplate == hasText) {
            throw ApiProblem.invalid(
                    hasTemplate ? "text" : "template",
                    hasTemplate ? "send either a template or text, not both" : "a template or a text is required");
        }
        String user = caller.getName();
        BuyerMessageOutbox.Written written = transaction.execute(status -> {
            BuyerMessageOutbox.Written w = hasTemplate
                    ? fromTemplate(caseId, request.template().trim(), user)
                    : outbox.sendTextByPerson(caseId, checkedText(request.text().strip()), user);
            idempotentRequests.messageWritten(caseId, w.id());
            return w;
        });
        log.info(
                "Message to the buyer of case {} by {} ({})",
                caseId,
                user,
                written.message().template());
        return ResponseEntity.status(HttpStatus.CREATED).body(written.message());
    }

    private BuyerMessageOutbox.Written fromTemplate(String caseId, String template, String user) {
        if (templates.text(template) == null) {
            throw ApiProblem.invalid(
                    "template", "'" + template + "' is not a buyer message template; one of " + templates.names());
        }
        try {
            return outbox.sendByPerson(caseId, template, processValues(caseId), user);
        } catch (IllegalArgumentException cannotFill) {
            throw ApiProblem.invalid("template", cannotFill.getMessage()).with("ruleId", "R-CARE-1");
        }
    }

    private String checkedText(String text) {
        if (text.length() > MAX_TEXT) throw ApiProblem.invalid("text", "is longer than " + MAX_TEXT + " characters");
        List<String> problems = templates.problemsInText(text);
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(
                            "text", "not written (R-CARE-1, marketplaces forbid it): " + String.join("; ", problems))
                    .with("ruleId", "R-CARE-1");
        }
        return text;
    }

    /** The values of the case's running processes a template may use ({offerAmount}, {carrier}, …). */
    private Map<String, String> processValues(String caseId) {
        Map<String, Object> variables = new HashMap<>();
        for (ProcessInstance instance : runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(caseId)
                .active()
                .list()) {
            List<String> names = new ArrayList<>(SendBuyerMessageDelegate.TEMPLATE_VARIABLES);
            names.add(CaseVariables.CURRENCY);
            runtime.getVariables(instance.getId(), names).forEach(variables::putIfAbsent);
        }
        return SendBuyerMessageDelegate.processValues(variables::get);
    }
}
