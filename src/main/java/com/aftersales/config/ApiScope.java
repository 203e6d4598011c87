package com.aftersales.config;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What an API token may do on /api. A token acts in the integrations group, but only for the
 * requests of its scopes; any other request (the token admin, a path no scope names) is refused.
 */
public enum ApiScope {

    /** Read orders, stock and cases. */
    READ("read", HttpMethod.GET, "/api/orders/**", "/api/stock/**", "/api/cases/**"),
    /** Send orders and stock levels (the shop, a marketplace connector, the warehouse). */
    ORDERS_WRITE("orders:write", HttpMethod.PUT, "/api/orders/*", "/api/stock/*"),
    /** Open cases and send their events (the shop, carriers, the warehouse). */
    CASES_WRITE("cases:write", HttpMethod.POST, "/api/cases", "/api/cases/*/events");

    private final String id;
    private final HttpMethod method;
    private final List<String> paths;
    private final List<RequestMatcher> requests;

    ApiScope(String id, HttpMethod method, String... paths) {
        this.id = id;
        this.method = method;
        this.paths = List.of(paths);
        this.requests = Arrays.stream(paths)
                .map(path -> (RequestMatcher)
                        PathPatternRequestMatcher.withDefaults().matcher(method, path))
                .toList();
    }

    /** The name callers use: {@code read}, {@code orders:write}, {@code cases:write}. */
    public String id() {
        return id;
    }

    /** The requests it allows, as a caller reads them: {@code GET /api/orders/**, /api/stock/**, /api/cases/**}. */
    public String requests() {
        return method.name() + " " + String.join(", ", paths);
    }

    public static Optional<ApiScope> byId(String id) {
        return Arrays.stream(values()).filter(scope -> scope.id.equals(id)).findFirst();
    }

    /** The scope a token needs for this request; empty when no token may make it. */
    public static Optional<ApiScope> requiredFor(HttpServletRequest request) {
        return Arrays.stream(values())
                .filter(scope -> scope.requests.stream().anyMatch(m -> m.matches(request)))
                .findFirst();
    }

    /** The scope a token needs for an endpoint ({@code POST /api/cases/{caseId}/events}); empty when no token may call it. */
    public static Optional<ApiScope> requiredFor(HttpMethod method, String pathTemplate) {
        PathContainer path = PathContainer.parsePath(pathTemplate);
        return Arrays.stream(values())
                .filter(scope -> scope.method.equals(method)
                        && scope.paths.stream()
                                .anyMatch(pattern -> PathPatternParser.defaultInstance
                                        .parse(pattern)
                                        .matches(path)))
                .findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(ApiScope::id).toList();
    }
}
