package com.aftersales.config;

import com.aftersales.api.ApiProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on POST /api/…: the first answer for a caller's key is stored and the same
 * request with the same key gets it again (same status and body, header {@code Idempotent-Replayed: true})
 * without doing anything new; the same key with another request is refused with 422.
 * Server errors and conflicts (409) are not kept: sent again with the same key, the request runs again.
 */
@Component
public class IdempotencyFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
    public static final String HEADER = "Idempotency-Key";
    /** A request still marked in progress after this long was cut off (a crash): it may run again. */
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);
    private static final int IN_PROGRESS = 0;

    private final JdbcTemplate jdbc;
    private final ProblemWriter problems;
    private final Duration keptFor;

    public IdempotencyFilter(JdbcTemplate jdbc, ProblemWriter problems,
            @Value("${aftersales.idempotency-keys-kept-for:P7D}") Duration keptFor) {
        this.jdbc = jdbc;
        this.problems = problems;
        this.keptFor = keptFor;
    }

    /** Keys older than {@code aftersales.idempotency-keys-kept-for} are forgotten, every night. */
    @Scheduled(cron = "${aftersales.idempotency-keys-cleanup-cron:0 30 2 * * *}")
    public int forgetOldKeys() {
        int forgotten = jdbc.update("delete from idempotent_request where created_at < ?",
                Timestamp.from(Instant.now().minus(keptFor)));
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
        String caller = request.getUserPrincipal() == null ? "" : request.getUserPrincipal().getName();
        byte[] body = request.getInputStream().readAllBytes();
        String path = request.getRequestURI();
        String hash = sha256(request.getMethod() + " " + path + "\n" + new String(body, StandardCharsets.UTF_8));

        Map<String, Object> stored = find(caller, key);
        if (stored != null && ((Number) stored.get("status")).intValue() == IN_PROGRESS
                && ((Timestamp) stored.get("created_at")).toInstant().isBefore(Instant.now().minus(ABANDONED_AFTER))) {
            jdbc.update("delete from idempotent_request where caller = ? and request_key = ? and status = ?", caller, key, IN_PROGRESS);
            stored = null;
        }
        if (stored != null) {
            replay(stored, hash, key, response);
            return;
        }
        try {
            jdbc.update("""
                    insert into idempotent_request (caller, request_key, method, path, body_hash, status, created_at)
                    values (?, ?, ?, ?, ?, ?, ?)""", caller, key, request.getMethod(), path, hash, IN_PROGRESS, Timestamp.from(Instant.now()));
        } catch (DuplicateKeyException raced) {
            replay(find(caller, key), hash, key, response);
            return;
        }

        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(new BodyRequest(request, body), recorded);
        } finally {
            int status = recorded.getStatus();
            if (status >= 500 || status == 409 || status == 429) {
                // not answers to keep: a server error, or a conflict with the state of the moment
                // (a busy case, a request still in progress) — the same request may be tried again
                jdbc.update("delete from idempotent_request where caller = ? and request_key = ?", caller, key);
            } else {
                jdbc.update("""
                        update idempotent_request set status = ?, content_type = ?, location = ?, response_body = ?
                        where caller = ? and request_key = ?""",
                        status, recorded.getContentType(), recorded.getHeader("Location"),
                        new String(recorded.getContentAsByteArray(), StandardCharsets.UTF_8), caller, key);
            }
            recorded.copyBodyToResponse();
        }
    }

    private Map<String, Object> find(String caller, String key) {
        return jdbc.queryForList("select * from idempotent_request where caller = ? and request_key = ?", caller, key)
                .stream().findFirst().map(row -> {
                    Map<String, Object> lower = new HashMap<>();
                    row.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
                    return lower;
                }).orElse(null);
    }

    private void replay(Map<String, Object> stored, String hash, String key, HttpServletResponse response) throws IOException {
        if (stored == null) {
            problems.write(response, ApiProblem.conflict("idempotency-key-in-use", "Request in progress",
                    "A request with Idempotency-Key '" + key + "' is being processed; send it again in a moment."));
            return;
        }
        if (!hash.equals(stored.get("body_hash"))) {
            problems.write(response, new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                    "Idempotency-Key reused for another request",
                    "Idempotency-Key '" + key + "' was used for a different request (" + stored.get("method") + " "
                            + stored.get("path") + " with another body). Use a new key for a new request."));
            return;
        }
        int status = ((Number) stored.get("status")).intValue();
        if (status == IN_PROGRESS) {
            problems.write(response, ApiProblem.conflict("idempotency-key-in-use", "Request in progress",
                    "A request with Idempotency-Key '" + key + "' is being processed; send it again in a moment."));
            return;
        }
        response.setStatus(status);
        response.setHeader("Idempotent-Replayed", "true");
        if (stored.get("content_type") != null) response.setContentType((String) stored.get("content_type"));
        if (stored.get("location") != null) response.setHeader("Location", (String) stored.get("location"));
        if (stored.get("response_body") != null) {
            response.getOutputStream().write(((String) stored.get("response_body")).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request with its body read once and served again to the controller. */
    private static final class BodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override public int read() { return in.read(); }
                @Override public int read(byte[] b, int off, int len) { return in.read(b, off, len); }
                @Override public boolean isFinished() { return in.available() == 0; }
                @Override public boolean isReady() { return true; }
                @Override public void setReadListener(ReadListener listener) { /* the body is in memory: reads never block */ }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
