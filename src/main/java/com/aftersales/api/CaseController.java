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
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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

    public record CasePage(List<CaseView.Summary> items, int page, int size, long total) { }

    public record EventAccepted(String caseId, CaseEvent event, CaseStatus status) { }

    private final CaseIntake caseIntake;
    private final CaseViews views;
    private final CaseEvents events;
    private final CaseRepository cases;

    public CaseController(CaseIntake caseIntake, CaseViews views, CaseEvents events, CaseRepository cases) {
        this.caseIntake = caseIntake;
        this.views = views;
        this.events = events;
        this.cases = cases;
    }

    @Operation(summary = "Open a case and start its process")
    @PostMapping(consumes = "application/json")
    public ResponseEntity<CaseView> open(@Valid @RequestBody OpenCaseRequest request, Principal caller) {
        String caseId = caseIntake.open(request, caller.getName());
        try (var logContext = MDC.putCloseable("caseId", caseId)) {
            log.info("Case opened: {} on order {} by {}", request.type(), request.orderId(), caller.getName());
        }
        return ResponseEntity.created(URI.create("/api/cases/" + caseId)).body(views.view(caseId));
    }

    @Operation(summary = "The case view: status, refunds, open tasks, deadlines, timeline")
    @GetMapping("/{caseId}")
    public CaseView get(@PathVariable String caseId) {
        return views.view(caseId);
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
