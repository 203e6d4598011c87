package com.aftersales.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * HTTP Basic sends the password with every request; checking it costs the identity service's queries (the password,
 * the groups, on /engine-rest the tenants too): a tenth of a case's CPU (issue 16). Credentials that passed keep what
 * the check found (the user's groups) here for {@link #KEPT}. Only the SHA-256 of the credentials is kept, never the
 * password. Wrong credentials are always checked (and counted by {@link FailedLoginFilter}); a password changed or a
 * user removed or moved between groups is seen by the next check, at most {@link #KEPT} later. At most
 * {@value #MAX_KEPT} logins are kept.
 *
 * @param <T> what a check finds for credentials that pass
 */
public final class RecentLogins<T> {

    public static final Duration KEPT = Duration.ofSeconds(30);
    static final int MAX_KEPT = 1_000;

    private record Passed<T>(T found, Instant at) {}

    private final Map<String, Passed<T>> passed = new ConcurrentHashMap<>();
    private final Clock clock;

    public RecentLogins(Clock clock) {
        this.clock = clock;
    }

    /**
     * What {@code check} found for these credentials within the last {@link #KEPT}, else what it finds now (null: the
     * credentials are wrong).
     */
    public T check(String credentials, Supplier<T> check) {
        String key = sha256(credentials);
        Instant now = clock.instant();
        Passed<T> recent = passed.get(key);
        if (recent != null && recent.at().plus(KEPT).isAfter(now)) return recent.found();
        T found = check.get();
        if (found == null) {
            passed.remove(key);
            return null;
        }
        if (passed.size() >= MAX_KEPT)
            passed.values().removeIf(old -> !old.at().plus(KEPT).isAfter(now));
        if (passed.size() >= MAX_KEPT) passed.clear();
        passed.put(key, new Passed<>(found, now));
        return found;
    }

    private static String sha256(String credentials) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256").digest(credentials.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
