package com.aftersales.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <API token>} on /api: a valid token acts as {@code token:<name>} in the
 * integrations group, for the requests of its scopes only ({@link ApiScope}); outside them 403 naming
 * the scope it lacks. An unknown or revoked token gets 401. Requests without a bearer token go on to
 * HTTP Basic. Part of the /api security chains only: tokens open nothing else.
 */
public class ApiTokenAuthenticationFilter extends OncePerRequestFilter {

    static final String CALLER_PREFIX = "token:";
    private static final String BEARER = "Bearer ";

    private final ApiTokens tokens;
    private final ProblemWriter problems;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    public ApiTokenAuthenticationFilter(ApiTokens tokens, ProblemWriter problems) {
        this.tokens = tokens;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiTokens.ApiToken> token =
                tokens.authenticate(header.substring(BEARER.length()).trim());
        if (token.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"after-sales\", error=\"invalid_token\"");
            problems.write(
                    response,
                    new ApiProblem(
                            HttpStatus.UNAUTHORIZED,
                            "unauthenticated",
                            "Authentication required",
                            "The API token is unknown or revoked."));
            return;
        }
        Optional<ApiScope> needed = ApiScope.requiredFor(request);
        if (needed.isEmpty() || !token.get().allows(needed.get())) {
            String why = needed.map(scope -> "The API token lacks the scope '" + scope.id() + "' for ")
                    .orElse("API tokens may not call ");
            problems.write(
                    response,
                    new ApiProblem(
                                    HttpStatus.FORBIDDEN,
                                    "forbidden",
                                    "Not allowed",
                                    why + request.getMethod() + " " + request.getRequestURI() + "; its scopes: "
                                            + token.get().scopes() + ".")
                            .with("missingScope", needed.map(ApiScope::id).orElse(null)));
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                CALLER_PREFIX + token.get().name(), null, List.of(new SimpleGrantedAuthority(Groups.INTEGRATIONS))));
        contexts.setContext(context);
        chain.doFilter(request, response);
    }
}
