package com.aftersales.config;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The table behind {@code Idempotency-Key} ({@code idempotent_request}): who holds a key, what its
 * request produced and the answer it got.
 * <ul>
 * <li>A request claims its key before it runs (its own commit). A retry finds the claim: while it is
 *     younger than {@code aftersales.idempotency-in-flight-timeout} the request may still run; after
 *     that, without an outcome, it died (a crash) and the retry takes the claim over ({@code attempt} + 1).</li>
 * <li>The business transaction records what the request produced ({@link #produced}) under its attempt:
 *     an attempt that was taken over cannot commit, so a request runs at most once, and a crash between
 *     the business commit and storing the answer leaves the outcome to answer the retry from.</li>
 * </ul>
 */
@Component
public class IdempotentRequests {

    /** {@code status} of a request that has no stored answer yet. */
    static final int IN_PROGRESS = 0;

    /** A key's row as stored. */
    public record Stored(
            String method,
            String path,
            String bodyHash,
            int status,
            String contentType,
            String location,
            String responseBody,
            int attempt,
            OffsetDateTime claimedAt,
            String outcome) {
        boolean answered() {
            return status != IN_PROGRESS;
        }
    }

    /** The key held by the request this thread is running. */
    public record Claim(String caller, String key, int attempt) {}

    private static final ThreadLocal<Claim> CURRENT = new ThreadLocal<>();

    private final JdbcTemplate jdbc;
    private final Duration inFlightTimeout;

    public IdempotentRequests(
            JdbcTemplate jdbc, @Value("${aftersales.idempotency-in-flight-timeout:PT30S}") Duration inFlightTimeout) {
        this.jdbc = jdbc;
        this.inFlightTimeout = inFlightTimeout;
    }

    public Duration inFlightTimeout() {
        return inFlightTimeout;
    }

    /** In the business transaction that opened the case: see {@link #produced}. */
    public void caseOpened(String caseId) {
        produced("case " + caseId);
    }

    /** In the business transaction that wrote a person's message to the buyer (outbox row {@code id}): see {@link #produced}. */
    public void messageWritten(String caseId, long id) {
        produced("message " + caseId + " " + id);
    }

    /** In the business transaction that delivered the event to the case: see {@link #produced}. */
    public void eventDelivered(String caseId, String event) {
        produced("event " + caseId + " " + event);
    }

    /**
     * Records, in the caller's business transaction, what the request running on this thread
     * produced. Nothing when the request has no Idempotency-Key.
     *
     * @throws ApiProblem 409 when a retry took the key over: this attempt must not commit
     */
    private void produced(String outcome) {
        Claim claim = CURRENT.get();
        if (claim == null) return;
        int updated;
        try {
            updated = jdbc.update(
                    "update idempotent_request set outcome = ? where caller = ? and request_key = ? "
                            + "and attempt = ? and outcome is null",
                    outcome,
                    claim.caller(),
                    claim.key(),
                    claim.attempt());
        } catch (ConcurrencyFailureException | QueryTimeoutException lockedByTheRetry) {
            updated = 0;
        }
        if (updated == 0) {
            throw ApiProblem.conflict(
                    "idempotency-key-in-use",
                    "Request in progress",
                    "A retry with Idempotency-Key '" + claim.key()
                            + "' took this request over; send it again for its answer.");
        }
    }

    Optional<Stored> find(String caller, String key) {
        return jdbc
                .query(
                        """
                select method, path, body_hash, status, content_type, location, response_body, attempt, claimed_at, outcome
                from idempotent_request where caller = ? and request_key = ?""",
                        (rs, i) -> new Stored(
                                rs.getString("method"),
                                rs.getString("path"),
                                rs.getString("body_hash"),
                                rs.getInt("status"),
                                rs.getString("content_type"),
                                rs.getString("location"),
                                rs.getString("response_body"),
                                rs.getInt("attempt"),
                                rs.getObject("claimed_at", OffsetDateTime.class),
                                rs.getString("outcome")),
                        caller,
                        key)
                .stream()
                .findFirst();
    }

    /** @return the first claim of the key, or empty when the key is taken already */
    Optional<Claim> claimNew(String caller, String key, String method, String path, String bodyHash) {
        Timestamp now = Timestamp.from(Instant.now());
        try {
            jdbc.update("""
                    insert into idempotent_request (caller, request_key, method, path, body_hash, status, created_at,
                                                    attempt, claimed_at) values (?, ?, ?, ?, ?, ?, ?, 1, ?)""", caller, key, method, path, bodyHash, IN_PROGRESS, now, now);
            return Optional.of(new Claim(caller, key, 1));
        } catch (DataIntegrityViolationException | ConcurrencyFailureException | QueryTimeoutException taken) {
            return Optional.empty();
        }
    }

    /** Time left before the claim may be taken over (zero or negative: it may be now). */
    Duration inFlightFor(Stored stored) {
        return Duration.between(Instant.now(), stored.claimedAt().toInstant().plus(inFlightTimeout));
    }

    /**
     * Takes over the claim of a request that died before its business transaction committed.
     * @return the new claim, or empty when another retry took it first, or the request finished meanwhile
     */
    Optional<Claim> takeOver(String caller, String key, Stored stored) {
        int updated;
        try {
            updated = jdbc.update(
                    """
                    update idempotent_request set attempt = ?, claimed_at = ?
                    where caller = ? and request_key = ? and attempt = ? and status = ? and outcome is null""",
                    stored.attempt() + 1,
                    Timestamp.from(Instant.now()),
                    caller,
                    key,
                    stored.attempt(),
                    IN_PROGRESS);
        } catch (ConcurrencyFailureException | QueryTimeoutException stillCommitting) {
            updated = 0;
        }
        return updated == 1 ? Optional.of(new Claim(caller, key, stored.attempt() + 1)) : Optional.empty();
    }

    /** Stores the answer of the claim's attempt (nothing if a retry took the key over). */
    void answer(Claim claim, int status, String contentType, String location, String body) {
        jdbc.update("""
                update idempotent_request set status = ?, content_type = ?, location = ?, response_body = ?
                where caller = ? and request_key = ? and attempt = ?""", status, contentType, location, body, claim.caller(), claim.key(), claim.attempt());
    }

    /** Stores an answer rebuilt from the outcome, for a request whose answer was never stored. */
    void answerFromOutcome(String caller, String key, int status, String contentType, String location, String body) {
        jdbc.update("""
                update idempotent_request set status = ?, content_type = ?, location = ?, response_body = ?
                where caller = ? and request_key = ? and status = ?""", status, contentType, location, body, caller, key, IN_PROGRESS);
    }

    /**
     * Frees the key of an attempt that produced nothing and whose answer is not kept (a server error,
     * a conflict): the same request may run again. An attempt whose business transaction committed
     * keeps its outcome: the retry is answered from it.
     */
    void release(Claim claim) {
        jdbc.update(
                "delete from idempotent_request where caller = ? and request_key = ? and attempt = ? and outcome is null",
                claim.caller(),
                claim.key(),
                claim.attempt());
    }

    /** Keys first used before {@code before} are forgotten. */
    int forgetBefore(Instant before) {
        return jdbc.update("delete from idempotent_request where created_at < ?", Timestamp.from(before));
    }

    void runAs(Claim claim) {
        CURRENT.set(claim);
    }

    void done() {
        CURRENT.remove();
    }
}
