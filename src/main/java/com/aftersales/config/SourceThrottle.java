package com.aftersales.config;

import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Failed authentications counted per source address, not per account: a source with
 * {@code aftersales.login-throttle.max-failures} failures within {@code aftersales.login-throttle.window}
 * (counted from its first failure) is refused until that window has passed; every other source goes on
 * as before. The source is the request's remote address, which is the load balancer's unless Tomcat is
 * told to trust its X-Forwarded-For ({@code server.forward-headers-strategy}); an IPv6 source is its
 * /64 network, which one machine usually has whole. Kept in memory: each node counts on its own.
 */
@Component
public class SourceThrottle {

    private static final Logger log = LoggerFactory.getLogger(SourceThrottle.class);

    private record Window(long startedAt, int failures) {}

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final long windowMillis;

    public SourceThrottle(
            @Value("${aftersales.login-throttle.max-failures:10}") int maxFailures,
            @Value("${aftersales.login-throttle.window:PT5M}") Duration window) {
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
    }

    /** How long the source must wait before it may authenticate again; zero when it may now. */
    public Duration waitFor(String source) {
        if (maxFailures <= 0) return Duration.ZERO;
        Window window = windows.get(source);
        long now = System.currentTimeMillis();
        if (window == null || window.failures() < maxFailures || passed(window, now)) return Duration.ZERO;
        return Duration.ofMillis(window.startedAt() + windowMillis - now);
    }

    public void recordFailure(String source) {
        if (maxFailures <= 0) return;
        long now = System.currentTimeMillis();
        Window window = windows.compute(
                source,
                (key, old) -> old == null || passed(old, now)
                        ? new Window(now, 1)
                        : new Window(old.startedAt(), old.failures() + 1));
        if (window.failures() == maxFailures) {
            log.warn(
                    "{} failed authentications from {}: refused (429) for {} s",
                    maxFailures,
                    source,
                    (window.startedAt() + windowMillis - now + 999) / 1000);
        }
    }

    /** Sources whose window has passed are forgotten. */
    @Scheduled(fixedDelay = 60_000)
    public void forgetPassedWindows() {
        long now = System.currentTimeMillis();
        windows.values().removeIf(window -> passed(window, now));
    }

    private boolean passed(Window window, long now) {
        return now - window.startedAt() >= windowMillis;
    }

    /** The source of a request: its remote address, an IPv6 address as its /64 network. */
    public static String of(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        if (address == null || !address.contains(":")) return address;
        try {
            InetAddress parsed = InetAddress.getByName(address);
            if (parsed instanceof Inet6Address) {
                byte[] network = Arrays.copyOf(Arrays.copyOf(parsed.getAddress(), 8), 16);
                return InetAddress.getByAddress(network).getHostAddress() + "/64";
            }
        } catch (UnknownHostException e) {
            // a literal address is never looked up; keep it as it is
        }
        return address;
    }
}
