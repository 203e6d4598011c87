package com.aftersales.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** HTTP Basic on /api (issue 16): a login that passed is not checked again for 30 s; a wrong one always is. */
class RecentLoginsTest {

    private Instant now = Instant.parse("2026-12-02T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final RecentLogins<List<SimpleGrantedAuthority>> recent = new RecentLogins<>(clock);
    private final AtomicInteger checks = new AtomicInteger();
    private String currentPassword = "shop";

    private List<SimpleGrantedAuthority> login(String user, String password) {
        return recent.check(user + "\u0000" + password, () -> {
            checks.incrementAndGet();
            return user.equals("shop") && password.equals(currentPassword)
                    ? List.of(new SimpleGrantedAuthority("integrations"))
                    : null;
        });
    }

    @Test
    void aPassedLogin_isNotCheckedAgainFor30Seconds_thenAChangedPasswordIsRefused() {
        assertThat(login("shop", "shop"))
                .extracting(SimpleGrantedAuthority::getAuthority)
                .containsExactly("integrations");
        now = now.plusSeconds(29);
        assertThat(login("shop", "shop")).isNotNull();
        assertThat(checks).hasValue(1);

        currentPassword = "changed";
        now = now.plus(RecentLogins.KEPT);
        assertThat(login("shop", "shop"))
                .as("the old password, 30 s after it passed")
                .isNull();
        assertThat(login("shop", "changed")).isNotNull();
        assertThat(checks).hasValue(3);
    }

    @Test
    void aWrongPassword_isCheckedEveryTime_andAnotherUsersPasswordOpensNothing() {
        login("shop", "shop");
        assertThat(login("shop", "guess")).isNull();
        assertThat(login("shop", "guess")).isNull();
        assertThat(login("agent", "shop"))
                .as("the same password for another user")
                .isNull();
        assertThat(checks).hasValue(4);
    }
}
