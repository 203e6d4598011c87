package com.aftersales.api;

import com.aftersales.cases.CaseEvent;
import com.aftersales.cases.CaseEvents;
import com.aftersales.cases.CaseIntake;
import com.aftersales.cases.CaseRepository;
import com.aftersales.cases.CaseStatus;
import com.aftersales.cases.CaseType;
import com.aftersales.cases.OpenCaseRequest;
import com.aftersales.config.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/cases")
@Tag(name = "Cases", description = "Open a case, read it, send it what happened outside")
public class CaseController {

    private static final Logger log = LoggerFactory.getLogger(CaseController.class);
    private static final int OPEN_ATTEMPTS = 10;

    public record CasePage(List<CaseView.Summary> items, int page, int size, long total) {}

    public record EventAccepted(String caseId, CaseEvent event, CaseStatus status) {}

    private final CaseIntake caseIntake;
    private final CaseViews views;
    private final CaseEvents events;
    private final CaseRepository cases;
    private final ContactDataAccess contactData;

    public CaseController(
            CaseIntake caseIntake,
            CaseViews views,
            CaseEvents events,
            CaseRepository cases,
            ContactDataAccess contactData) {
        this.contactData = contactData;
        this.caseIntake = caseIntake;
        this.views = views;
        this.events = events;
        this.cases = cases;
    }

    @Operation(
            operationId = "openCase",
            summary = "Open a case and start its process",
            description =
                    "One open case per order and type: while one is open (not RESOLVED or CLOSED), another request "
                            + "gets 409 case-already-open with the open case's caseId, also when both arrive at the same moment. "
                            + "A NO_REASON_RETURN is decided when it opens by the ReturnEligibility table, from the days since delivery, "
                            + "the category and what the shop reports for the buyer (itemCondition, itemOpened, nearExpiry): refused at "
                            + "once (CLOSED, DENIED), sent back at once (WAITING_FOR_RETURN, no agent), or given to an agent.")
    @ApiResponse(
            responseCode = "201",
            description = "The case is open and its process started; the body is the case view",
            headers =
                    @Header(name = "Location", description = "/api/cases/{caseId}", schema = @Schema(type = "string")))
    @ProblemAnswer(
            status = 400,
            type = "validation",
            when = "newAddress missing on an ADDRESS_CHANGE case or sent on another "
                    + "type; a CANCELLATION without description (R-CAN-1); itemCondition, itemOpened or nearExpiry on another type "
                    + "than NO_REASON_RETURN, or an itemCondition that is not one of its values")
    @ProblemAnswer(
            status = 404,
            type = "not-found",
            when = "there is no order orderId (send it first with PUT /api/orders/{orderId})")
    @ProblemAnswer(
            status = 409,
            type = "case-already-open",
            when = "the order has an open case of this type (`caseId` names it)")
    @ProblemAnswer(status = 409, type = "order-cancelled", when = "the order is cancelled")
    @ProblemAnswer(
            status = 409,
            type = "order-delivered",
            when = "an ADDRESS_CHANGE (R-ADDR-4) or CANCELLATION (R-CAN-2) of a " + "delivered order (`ruleId`)")
    @ProblemAnswer(
            status = 409,
            type = "order-not-shipped",
            when = "NOT_RECEIVED, DAMAGED, QUALITY_DEFECT, WRONG_OR_MISSING_ITEM "
                    + "or NOT_AS_DESCRIBED for an order that has not shipped")
    @ProblemAnswer(
            status = 409,
            type = "order-not-delivered",
            when = "NO_REASON_RETURN for an order not delivered yet (R-RET-1, `ruleId`)")
    @ProblemAnswer(
            status = 409,
            type = "case-busy",
            when = "another request was opening a case for the order at the same " + "moment; send it again")
    @ProblemAnswer(
            status = 501,
            type = "case-type-not-supported",
            when = "a case type whose flow is not built (none today)")
    @PostMapping(consumes = "application/json")
    public ResponseEntity<CaseView> open(@Valid @RequestBody OpenCaseRequest request, Principal caller) {
        String caseId = openOneCase(request, caller.getName());
        try (var logContext = MDC.putCloseable("caseId", caseId)) {
            log.info("Case opened: {} on order {} by {}", request.type(), request.orderId(), caller.getName());
        }
        return ResponseEntity.created(URI.create("/api/cases/" + caseId)).body(views.view(caseId));
    }

    /**
     * One open case per order and type (issue 11, finding 3). Parallel opens of one order take turns on the order's
     * row (CaseIntake), so the later ones find the first one's case: 409 case-already-open naming it. Where the
     * database refuses one instead (the unique constraint on after_sales_case, or on H2 a wait for the order's row
     * that timed out), nothing was stored and the caller gets the same 409 once the other case is there; if the other
     * request failed, this one is tried again.
     */
    private String openOneCase(OpenCaseRequest request, String caller) {
        for (int attempt = 1; ; attempt++) {
            try {
                return caseIntake.open(request, caller);
            } catch (DataIntegrityViolationException | TransientDataAccessException refused) {
                Optional<String> open = cases.openCaseId(request.orderId(), request.type());
                log.info(
                        "A second open {} case for order {} refused by the database ({}); open: {}",
                        request.type(),
                        request.orderId(),
                        refused.getClass().getSimpleName(),
                        open.orElse("none yet"));
                if (open.isPresent()) throw CaseIntake.alreadyOpen(request.orderId(), request.type(), open.get());
                if (attempt == OPEN_ATTEMPTS) {
                    throw ApiProblem.conflict(
                            "case-busy",
                            "The order is busy",
                            "Another request was opening a " + request.type() + " case for order " + request.orderId()
                                    + " at the same moment; send it again.");
                }
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw refused;
                }
            }
        }
    }

    @Operation(
            operationId = "getCase",
            summary = "The case view: status, refunds, open tasks, deadlines, timeline",
            description =
                    "The buyer's words and contact data (description, evidence, the messages' body, the quoted part of "
                            + "timeline entries such as an address) only for integrations, team leads, admins and agents who hold or "
                            + "held a task of the case; for everyone else (process owners, other agents) they are left out and "
                            + "contactDataRedacted is true.")
    @ProblemAnswer(status = 404, type = "not-found", when = "there is no case caseId")
    @GetMapping("/{caseId}")
    @Transactional(readOnly = true) // the contact data check and the view: one read-only transaction, no H2 CHECKPOINT
    public CaseView get(@PathVariable String caseId, Authentication caller) {
        return views.view(caseId, contactData.forCase(caller, caseId));
    }

    @Operation(operationId = "listCases", summary = "List cases, newest first")
    @ProblemAnswer(
            status = 400,
            type = "validation",
            when = "an unknown type or status, page below 0, size outside 1 to 200")
    @GetMapping
    public CasePage list(
            @RequestParam(required = false) String orderId,
            @RequestParam(required = false) CaseType type,
            @RequestParam(required = false) CaseStatus status,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        if (page < 0) throw ApiProblem.invalid("page", "must be 0 or more");
        if (size < 1 || size > 200) throw ApiProblem.invalid("size", "must be between 1 and 200");
        List<CaseView.Summary> items = cases.list(orderId, type, status, page, size).stream()
                .map(r -> new CaseView.Summary(
                        r.caseId(), r.orderId(), r.type(), r.status(), r.resolution(), r.openedAt(), r.updatedAt()))
                .toList();
        return new CasePage(items, page, size, cases.count(orderId, type, status));
    }

    @Operation(
            operationId = "sendCaseEvent",
            summary = "Tell a case what happened outside (202 taken, 409 not waiting for it)",
            description =
                    "The case takes the event only while its process waits for it; the body's type says which event "
                            + "and its one field what happened (schema " + ApiDocument.EVENT_BODY + ").")
    @ApiResponse(
            responseCode = "202",
            description = "The case took the event; its process goes on in the background "
                    + "(read the case to see where it got)")
    @ProblemAnswer(
            status = 400,
            type = "validation",
            when = "type missing or not an event type; the event's field missing, "
                    + "blank, longer than 2000 characters or not one of its values")
    @ProblemAnswer(status = 404, type = "not-found", when = "there is no case caseId")
    @ProblemAnswer(
            status = 409,
            type = "event-not-expected",
            when = "the case is not waiting for this event now; `waitingFor` " + "lists what it waits for")
    @ProblemAnswer(
            status = 409,
            type = "case-closed",
            when = "the case is RESOLVED or CLOSED (BUYER_FEEDBACK excepted: a "
                    + "RESOLVED case takes it once its follow-up asked)")
    @ProblemAnswer(
            status = 409,
            type = "case-busy",
            when = "the case was changing while the event arrived; send it again")
    @PostMapping(path = "/{caseId}/events", consumes = "application/json")
    public ResponseEntity<EventAccepted> event(@PathVariable String caseId, @RequestBody Map<String, Object> body) {
        CaseEvent event;
        try (var logContext = MDC.putCloseable("caseId", caseId)) {
            event = events.accept(caseId, body);
            log.info("Event {} taken", event);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new EventAccepted(caseId, event, cases.get(caseId).status()));
    }
}
