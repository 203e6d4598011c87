package com.aftersales.api;

import com.aftersales.cases.CaseEvent;
import com.aftersales.cases.CaseRepository;
import com.aftersales.config.IdempotencyFilter;
import com.aftersales.messaging.BuyerMessageOutbox;
import java.net.URI;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The answer to a request with an Idempotency-Key whose business transaction committed but whose
 * answer was never stored (the app died in between), built from what the transaction recorded it
 * produced ({@code config/IdempotentRequests}): the case it opened (201, as {@code POST /api/cases}
 * answers) the event it delivered (202) or the
 * message to the buyer it wrote (201).
 */
@Component
public class ProducedAnswers implements IdempotencyFilter.ProducedAnswer {

    private final CaseViews views;
    private final CaseRepository cases;

    private final BuyerMessageOutbox outbox;

    public ProducedAnswers(CaseViews views, CaseRepository cases, BuyerMessageOutbox outbox) {
        this.outbox = outbox;
        this.views = views;
        this.cases = cases;
    }

    /** @param outcome {@code case C-…}, {@code event C-… TYPE} or {@code message C-… id}; empty for anything else */
    @Override
    public Optional<ResponseEntity<?>> answer(String outcome) {
        String[] parts = outcome.split(" ");
        if (parts.length == 2 && parts[0].equals("case")) {
            return Optional.of(
                    ResponseEntity.created(URI.create("/api/cases/" + parts[1])).body(views.view(parts[1])));
        }
        if (parts.length == 3 && parts[0].equals("event")) {
            return Optional.of(ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(new CaseController.EventAccepted(
                            parts[1],
                            CaseEvent.valueOf(parts[2]),
                            cases.get(parts[1]).status())));
        }
        if (parts.length == 3 && parts[0].equals("message")) {
            return Optional.of(ResponseEntity.status(HttpStatus.CREATED).body(outbox.find(Long.parseLong(parts[2]))));
        }
        return Optional.empty();
    }
}
