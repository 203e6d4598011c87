package com.aftersales.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * HTTP Basic on /api sends the password with every request; checking it is two queries of the identity service (the
 * password, the groups). A user and password that passed keep their groups here for {@link #KEPT} (issue 16: a tenth
 * of a case's CPU). Only the SHA-256 of user and password is kept, never the password. A wrong password is always
 * checked (and counted by {@link FailedLoginFilter}); a password changed or a user removed or moved between groups is
 * seen by the next check, at most {@link #KEPT} later. At most {@value #MAX_KEPT} logins are kept.
 */
final class RecentPasswordChecks {

    static final Duration KEPT = Duration.ofSeconds(30);
    static final int MAX_KEPT = 1_000;

    private record Passed(List<SimpleGrantedAuthority> groups, Instant at) {}

    private final Map<String, Passed> passed = new ConcurrentHashMap<>();
    private final Clock clock;

    RecentPasswordChecks(Clock clock) {
        this.clock = clock;
    }

    /** The user's groups, from a check of the last {@link #KEPT} or from {@code check} (null: wrong password). */
    List<SimpleGrantedAuthority> groups(String user, String password, Supplier<List<SimpleGrantedAuthority>> check) {
        String key = key(user, password);
        Instant now = clock.instant();
        Passed recent = passed.get(key);
        if (recent != null && recent.at().plus(KEPT).isAfter(now)) return recent.groups();
        List<SimpleGrantedAuthority> groups = check.get();
        if (groups == null) {
            passed.remove(key);
            return null;
        }
        if (passed.size() >= MAX_KEPT)
            passed.values().removeIf(old -> !old.at().plus(KEPT).isAfter(now));
        if (passed.size() >= MAX_KEPT) passed.clear();
        passed.put(key, new Passed(groups, now));
        return groups;
    }

    private static String key(String user, String password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(user.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            return HexFormat.of().formatHex(sha256.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
