package com.aftersales.api;

import com.aftersales.cases.CaseEvent;
import com.aftersales.cases.CaseEvents;
import com.aftersales.cases.CaseRepository;
import com.aftersales.cases.CaseIntake;
import com.aftersales.cases.CaseStatus;
import com.aftersales.cases.CaseType;
import com.aftersales.cases.CaseView;
import com.aftersales.cases.CaseViews;
import com.aftersales.cases.OpenCaseRequest;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/cases")
public class CaseController {

    private static final Logger log = LoggerFactory.getLogger(CaseController.class);
    private static final int OPEN_ATTEMPTS = 10;

    public record CasePage(List<CaseView.Summary> items, int page, int size, long total) { }

    public record EventAccepted(String caseId, CaseEvent event, CaseStatus status) { }

    private final CaseIntake caseIntake;
    private final CaseViews views;
    private final CaseEvents events;
    private final CaseRepository cases;
    private final ContactDataAccess contactData;

    public CaseController(CaseIntake caseIntake, CaseViews views, CaseEvents events, CaseRepository cases,
                          ContactDataAccess contactData) {
        this.contactData = contactData;
        this.caseIntake = caseIntake;
        this.views = views;
        this.events = events;
        this.cases = cases;
    }

    @Operation(summary = "Open a case and start its process",
            description = "One open case per order and type: while one is open (not RESOLVED or CLOSED), another request "
                    + "gets 409 case-already-open with the open case's caseId, also when both arrive at the same moment.")
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
                log.info("A second open {} case for order {} refused by the database ({}); open: {}", request.type(),
                        request.orderId(), refused.getClass().getSimpleName(), open.orElse("none yet"));
                if (open.isPresent()) throw CaseIntake.alreadyOpen(request.orderId(), request.type(), open.get());
                if (attempt == OPEN_ATTEMPTS) {
                    throw ApiProblem.conflict("case-busy", "The order is busy", "Another request was opening a " + request.type()
                            + " case for order " + request.orderId() + " at the same moment; send it again.");
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

    @Operation(summary = "The case view: status, refunds, open tasks, deadlines, timeline",
            description = "The buyer's words and contact data (description, evidence, the messages' body, the quoted part of "
                    + "timeline entries such as an address) only for integrations, team leads, admins and agents who hold or "
                    + "held a task of the case; for everyone else (process owners, other agents) they are left out and "
                    + "contactDataRedacted is true.")
    @GetMapping("/{caseId}")
    public CaseView get(@PathVariable String caseId, Authentication caller) {
        return views.view(caseId, contactData.forCase(caller, caseId));
    }

    @Operation(summary = "List cases, newest first")
    @GetMapping
    public CasePage list(@RequestParam(required = false) String orderId, @RequestParam(required = false) CaseType type,
                         @RequestParam(required = false) CaseStatus status,
                         @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        if (page < 0) throw ApiProblem.invalid("page", "must be 0 or more");
        if (size < 1 || size > 200) throw ApiProblem.invalid("size", "must be between 1 and 200");
        List<CaseView.Summary> items = cases.list(orderId, type, status, page, size).stream()
                .map(r -> new CaseView.Summary(r.caseId(), r.orderId(), r.type(), r.status(), r.resolution(), r.openedAt(), r.updatedAt()))
                .toList();
        return new CasePage(items, page, size, cases.count(orderId, type, status));
    }

    @Operation(summary = "Tell a case what happened outside (202 taken, 409 not waiting for it)")
    @PostMapping(path = "/{caseId}/events", consumes = "application/json")
    public ResponseEntity<EventAccepted> event(@PathVariable String caseId, @RequestBody Map<String, Object> body) {
        CaseEvent event;
        try (var logContext = MDC.putCloseable("caseId", caseId)) {
            event = events.accept(caseId, body);
            log.info("Event {} taken", event);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new EventAccepted(caseId, event, cases.get(caseId).status()));
    }
}
