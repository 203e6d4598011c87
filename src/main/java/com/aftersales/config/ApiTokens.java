package com.aftersales.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The systems' API tokens (table api_token). A token is {@code ast_} and 32 random bytes (256 bits,
 * base64url), shown once when an admin creates it; the table keeps only its SHA-256. A slow password
 * hash (bcrypt, PBKDF2) makes guessing a person's low-entropy password costly; a uniformly random
 * 256-bit secret cannot be guessed or found from its SHA-256 anyway, so the fast hash loses nothing,
 * needs no salt, and lets every request find its token by an indexed lookup of the hash.
 * <p>
 * Every request reads its token from the database (no cache): a revoked token is refused at once, on
 * every node. The last use is written at most once a minute per token, not on every request.
 */
@Component
public class ApiTokens {

    public record ApiToken(
            String id,
            String name,
            List<String> scopes,
            String createdBy,
            Instant createdAt,
            Instant lastUsedAt,
            String revokedBy,
            Instant revokedAt) {
        public boolean allows(ApiScope scope) {
            return scopes.contains(scope.id());
        }
    }

    /** A token just created: the secret is in {@code token} and nowhere else. */
    public record NewToken(ApiToken apiToken, String token) {}

    static final String PREFIX = "ast_";
    private static final Duration LAST_USE_RECORDED_EVERY = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final SecureRandom random = new SecureRandom();

    public ApiTokens(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public NewToken create(String name, Set<ApiScope> scopes, String createdBy) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String id = UUID.randomUUID().toString();
        String scopeList = Arrays.stream(ApiScope.values())
                .filter(scopes::contains)
                .map(ApiScope::id)
                .collect(Collectors.joining(" "));
        jdbc.update(
                "insert into api_token (id, name, token_hash, scopes, created_by, created_at) values (?, ?, ?, ?, ?, ?)",
                id,
                name,
                sha256(token),
                scopeList,
                createdBy,
                Timestamp.from(Instant.now()));
        return new NewToken(find(id).orElseThrow(), token);
    }

    public List<ApiToken> list() {
        return jdbc.query("select * from api_token order by created_at, id", ApiTokens::row);
    }

    public Optional<ApiToken> find(String id) {
        return jdbc.query("select * from api_token where id = ?", ApiTokens::row, id).stream()
                .findFirst();
    }

    /** Revokes the token (the first revocation is kept); false when there is no such token. */
    public boolean revoke(String id, String revokedBy) {
        jdbc.update(
                "update api_token set revoked_by = ?, revoked_at = ? where id = ? and revoked_at is null",
                revokedBy,
                Timestamp.from(Instant.now()),
                id);
        return find(id).isPresent();
    }

    /** The token a caller sent, if it exists and is not revoked; notes its use. */
    public Optional<ApiToken> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) return Optional.empty();
        Optional<ApiToken> found = jdbc
                .query(
                        "select * from api_token where token_hash = ? and revoked_at is null",
                        ApiTokens::row,
                        sha256(token))
                .stream()
                .findFirst();
        found.ifPresent(this::noteUse);
        return found;
    }

    private void noteUse(ApiToken token) {
        Instant now = Instant.now();
        if (token.lastUsedAt() == null || token.lastUsedAt().isBefore(now.minus(LAST_USE_RECORDED_EVERY))) {
            jdbc.update("update api_token set last_used_at = ? where id = ?", Timestamp.from(now), token.id());
        }
    }

    static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiToken row(ResultSet rs, int n) throws SQLException {
        return new ApiToken(
                rs.getString("id"),
                rs.getString("name"),
                List.of(rs.getString("scopes").split(" ")),
                rs.getString("created_by"),
                instant(rs, "created_at"),
                instant(rs, "last_used_at"),
                rs.getString("revoked_by"),
                instant(rs, "revoked_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
