package com.aftersales.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on POST /api/…: the first answer for a caller's key is stored and the same
 * request with the same key gets it again (same status and body, header {@code Idempotent-Replayed: true})
 * without doing anything new; the same key with another request is refused with 422.
 * Server errors and conflicts (409, 429) are not kept: sent again with the same key, the request runs again.
 * <p>
 * While a request with the key runs (or may still run: it died in a crash), the same request gets 409
 * {@code idempotency-key-in-use} with {@code Retry-After}. A request claimed longer than
 * {@code aftersales.idempotency-in-flight-timeout} ago that produced nothing died: the retry runs it.
 * One whose business transaction committed (it recorded what it produced, {@link IdempotentRequests})
 * but whose answer was not stored is answered from that: the case it opened, the event it delivered.
 */
@Component
public class IdempotencyFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
    public static final String HEADER = "Idempotency-Key";
    /** At most this long between two tries of a request in flight. */
    private static final long MAX_RETRY_AFTER_SECONDS = 5;

    /**
     * The answer of a request whose business transaction committed but whose answer was never stored, rebuilt from
     * what it recorded it produced ({@code case C-…}, {@code event C-… TYPE}); empty for anything else. The REST
     * layer knows those answers and gives this (api/ProducedAnswers).
     */
    public interface ProducedAnswer {
        Optional<ResponseEntity<?>> answer(String outcome);
    }

    private final IdempotentRequests requests;
    private final ProducedAnswer producedAnswers;
    private final ProblemWriter problems;
    private final ObjectMapper json;
    private final Duration keptFor;

    public IdempotencyFilter(
            IdempotentRequests requests,
            ProducedAnswer producedAnswers,
            ProblemWriter problems,
            ObjectMapper json,
            @Value("${aftersales.idempotency-keys-kept-for:P7D}") Duration keptFor) {
        this.requests = requests;
        this.producedAnswers = producedAnswers;
        this.problems = problems;
        this.json = json;
        this.keptFor = keptFor;
    }

    /** Keys older than {@code aftersales.idempotency-keys-kept-for} are forgotten, every night. */
    @Scheduled(cron = "${aftersales.idempotency-keys-cleanup-cron:0 30 2 * * *}")
    public int forgetOldKeys() {
        int forgotten = requests.forgetBefore(Instant.now().minus(keptFor));
        log.info("Idempotency keys older than {} forgotten: {}", keptFor, forgotten);
        return forgotten;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER).trim();
        if (key.isEmpty() || key.length() > 200) {
            problems.write(response, ApiProblem.invalid(HEADER, "must be 1 to 200 characters"));
            return;
        }
        String caller = request.getUserPrincipal() == null
                ? ""
                : request.getUserPrincipal().getName();
        byte[] body = request.getInputStream().readAllBytes();
        String path = request.getRequestURI();
        String hash = sha256(request.getMethod() + " " + path + "\n" + new String(body, StandardCharsets.UTF_8));

        // a few rounds: the row may change between reading it and acting on it (another retry, the end of the request)
        for (int round = 0; round < 5; round++) {
            Optional<IdempotentRequests.Claim> claim = requests.claimNew(caller, key, request.getMethod(), path, hash);
            if (claim.isPresent()) {
                run(claim.get(), new BodyInMemory(request, body), response, chain);
                return;
            }
            Optional<IdempotentRequests.Stored> found = requests.find(caller, key);
            if (found.isEmpty()) continue; // released meanwhile: claim it again
            IdempotentRequests.Stored stored = found.get();
            if (!hash.equals(stored.bodyHash())) {
                problems.write(
                        response,
                        new ApiProblem(
                                HttpStatus.UNPROCESSABLE_ENTITY,
                                "idempotency-key-reused",
                                "Idempotency-Key reused for another request",
                                "Idempotency-Key '" + key + "' was used for a different request (" + stored.method()
                                        + " " + stored.path()
                                        + " with another body). Use a new key for a new request."));
                return;
            }
            if (stored.answered()) {
                replay(stored.status(), stored.contentType(), stored.location(), stored.responseBody(), response);
                return;
            }
            Duration inFlightFor = requests.inFlightFor(stored);
            if (stored.outcome() != null) {
                if (answerFromOutcome(caller, key, stored.outcome(), response)) return;
            } else if (inFlightFor.isNegative() || inFlightFor.isZero()) {
                claim = requests.takeOver(caller, key, stored);
                if (claim.isPresent()) {
                    log.warn(
                            "Idempotency-Key {} of {}: the request claimed at {} did not finish; running it again (attempt {})",
                            key,
                            caller,
                            stored.claimedAt(),
                            claim.get().attempt());
                    run(claim.get(), new BodyInMemory(request, body), response, chain);
                    return;
                }
                continue;
            }
            inFlight(key, inFlightFor, response);
            return;
        }
        inFlight(key, Duration.ofSeconds(1), response);
    }

    /** Runs the request under its claim, then keeps its answer or frees the key. */
    private void run(
            IdempotentRequests.Claim claim, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean completed = false;
        requests.runAs(claim);
        try {
            chain.doFilter(request, recorded);
            completed = true;
        } finally {
            requests.done();
            int status = recorded.getStatus();
            if (!completed || status >= 500 || status == 409 || status == 429) {
                // not answers to keep: a server error, or a conflict with the state of the moment
                // (a busy case, a request in progress) — the same request may be tried again
                requests.release(claim);
                if (status == 409
                        && requests.find(claim.caller(), claim.key())
                                .filter(s -> s.attempt() != claim.attempt())
                                .isPresent()) {
                    recorded.setHeader(
                            HttpHeaders.RETRY_AFTER, "1"); // a retry took this request over: ask it for the answer
                }
            } else {
                requests.answer(
                        claim,
                        status,
                        recorded.getContentType(),
                        recorded.getHeader(HttpHeaders.LOCATION),
                        new String(recorded.getContentAsByteArray(), StandardCharsets.UTF_8));
            }
            recorded.copyBodyToResponse();
        }
    }

    private static void replay(
            int status, String contentType, String location, String body, HttpServletResponse response)
            throws IOException {
        response.setStatus(status);
        response.setHeader("Idempotent-Replayed", "true");
        if (contentType != null) response.setContentType(contentType);
        if (location != null) response.setHeader(HttpHeaders.LOCATION, location);
        if (body != null) response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The business transaction committed, its answer was never stored: build it from what it produced, keep it, send it. */
    private boolean answerFromOutcome(String caller, String key, String outcome, HttpServletResponse response)
            throws IOException {
        Optional<ResponseEntity<?>> rebuilt = producedAnswers.answer(outcome);
        if (rebuilt.isEmpty()) return false;
        ResponseEntity<?> answer = rebuilt.get();
        String location = answer.getHeaders().getLocation() == null
                ? null
                : answer.getHeaders().getLocation().toString();
        String body = json.writeValueAsString(answer.getBody());
        requests.answerFromOutcome(
                caller, key, answer.getStatusCode().value(), MediaType.APPLICATION_JSON_VALUE, location, body);
        log.info("Idempotency-Key {} of {}: answered from what the request produced ({})", key, caller, outcome);
        replay(answer.getStatusCode().value(), MediaType.APPLICATION_JSON_VALUE, location, body, response);
        return true;
    }

    private void inFlight(String key, Duration left, HttpServletResponse response) throws IOException {
        long seconds = Math.max(1, Math.min(MAX_RETRY_AFTER_SECONDS, (left.toMillis() + 999) / 1000));
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        problems.write(
                response,
                ApiProblem.conflict(
                        "idempotency-key-in-use",
                        "Request in progress",
                        "A request with Idempotency-Key '" + key + "' is being processed; send it again in " + seconds
                                + " s."));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
