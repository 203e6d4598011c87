package com.aftersales.config;

import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * HTTP Basic against Camunda's identity service: /api and /actuator through Spring Security, with
 * the groups as authorities; /engine-rest through Camunda's own authentication filter (registered with the
 * engine gateway it runs before, gateway/EngineGatewayConfig), so the
 * engine knows the user and the groups and checks its authorizations (AccessGrants). The webapps
 * (Tasklist, Cockpit, Admin) keep their own login, which needs the application's permission; that login also counts
 * on /api and the case page /cases in the same browser ({@link WebappSessionLogin}; writes need its XSRF token).
 * Systems use API tokens on /api ({@link ApiTokenAuthenticationFilter}); only admins manage them. The OpenAPI
 * document and Swagger UI are for any user of the app.
 * Failed logins are throttled per source, not per account ({@link FailedLoginFilter}).
 */
@Configuration
public class SecurityConfig {

    /** springdoc's paths: the OpenAPI document (also as YAML) and Swagger UI. */
    static final String[] API_DOCUMENTS = {
        "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**"
    };
    /** The groups that may send to /api (POST, PUT); the API tokens' administration is for admins only. */
    public static final List<String> WRITERS = List.of(Groups.INTEGRATIONS, Groups.ADMIN);
    /** The groups that may write to a case's buyer (POST /api/cases/{caseId}/messages); agents only on the cases they hold or held (api/CaseAccess). */
    public static final List<String> BUYER_MESSAGE_WRITERS = List.of(Groups.AGENTS, Groups.TEAM_LEADS, Groups.ADMIN);
    /** A person's message to a case's buyer. */
    public static final String BUYER_MESSAGES = "/api/cases/*/messages";
    /** Policy simulation (issue 14), on /api and its page /insights/simulation: process owners, team leads, admins. */
    public static final List<String> POLICY_SIMULATION_USERS =
            List.of(Groups.PROCESS_OWNERS, Groups.TEAM_LEADS, Groups.ADMIN);
    /** The policy simulation's endpoints. */
    public static final String[] POLICY_SIMULATIONS = {"/api/insights/simulations", "/api/insights/simulations/**"};
    /** The groups that may read /api (GET). */
    public static final List<String> READERS =
            List.of(Groups.INTEGRATIONS, Groups.ADMIN, Groups.AGENTS, Groups.TEAM_LEADS, Groups.PROCESS_OWNERS);

    /** The webhooks (package webhooks) and the one method each takes. */
    public static final String[] WEBHOOKS = {"/webhooks/shopify", "/webhooks/carrier", "/webhooks/warehouse"};

    /**
     * Webhooks of Shopify, the carrier's tracking aggregator and the warehouse: authenticated by their signature
     * only, which their controllers check before they read anything (webhooks/Signatures), never by a login: Basic
     * credentials, API tokens and sessions count for nothing here, so a webhook's path opens no other door. Only POST
     * of the three webhooks passes; anything else under /webhooks is 404 problem+json.
     */
    @Bean
    @Order(0)
    SecurityFilterChain webhooks(HttpSecurity http, ProblemWriter problems) throws Exception {
        AuthenticationEntryPoint noSuchWebhook = (request, response, ex) -> problems.write(
                response,
                ApiProblem.ofStatus(
                        HttpStatus.NOT_FOUND.value(),
                        "There is no " + request.getMethod() + " " + request.getRequestURI()
                                + "; the webhooks take POST on " + String.join(", ", WEBHOOKS) + "."));
        return http.securityMatcher("/webhooks", "/webhooks/**")
                .csrf(csrf -> csrf.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(s ->
                        s.sessionCreationPolicy(SessionCreationPolicy.STATELESS).sessionFixation(f -> f.none()))
                .exceptionHandling(e -> e.authenticationEntryPoint(noSuchWebhook)
                        .accessDeniedHandler(
                                (request, response, ex) -> noSuchWebhook.commence(request, response, null)))
                .authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, WEBHOOKS)
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .build();
    }

    /** The groups that read the insights (GET /api/insights, the page /insights): not agents, not systems. */
    public static final List<String> INSIGHTS_READERS = List.of(Groups.PROCESS_OWNERS, Groups.TEAM_LEADS, Groups.ADMIN);

    public static final String[] INSIGHTS_API = {"/api/insights", "/api/insights/**"};

    /**
     * No Micrometer observation around each security filter, authentication and authorization: nobody reads them (the
     * app has no tracing), and on every request they cost about a tenth of a case view's CPU (JFR, bench/README.md,
     * "Case view with 100,000 cases"). The HTTP request metrics of /actuator stay.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** The API tokens' administration: admins only, and no Idempotency-Key replay (the answer holds a token). */
    @Bean
    @Order(1)
    SecurityFilterChain apiTokenAdmin(HttpSecurity http, ProblemWriter problems, ApiTokens tokens) throws Exception {
        return basicAuthOnly(http.securityMatcher("/api/admin/api-tokens", "/api/admin/api-tokens/**"), problems)
                .addFilterBefore(new ApiTokenAuthenticationFilter(tokens, problems), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .anyRequest()
                        .hasAuthority(Groups.ADMIN))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, ProblemWriter problems, IdempotencyFilter idempotency, ApiTokens tokens)
            throws Exception {
        return basicAuthOnly(http.securityMatcher("/api/**"), problems)
                .addFilterBefore(new ApiTokenAuthenticationFilter(tokens, problems), BasicAuthenticationFilter.class)
                .addFilterBefore(new WebappSessionLogin(), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(POLICY_SIMULATIONS)
                        .hasAnyAuthority(POLICY_SIMULATION_USERS.toArray(String[]::new))
                        .requestMatchers(INSIGHTS_API)
                        .hasAnyAuthority(INSIGHTS_READERS.toArray(String[]::new))
                        .requestMatchers(HttpMethod.GET, "/api/**")
                        .hasAnyAuthority(READERS.toArray(String[]::new))
                        .requestMatchers(HttpMethod.POST, BUYER_MESSAGES)
                        .hasAnyAuthority(BUYER_MESSAGE_WRITERS.toArray(String[]::new))
                        .anyRequest()
                        .hasAnyAuthority(WRITERS.toArray(String[]::new)))
                .addFilterAfter(idempotency, AuthorizationFilter.class)
                .build();
    }

    /**
     * The OpenAPI document of /api and Swagger UI's page and assets: any user of the app, with HTTP Basic (no API tokens).
     * The login is kept in a session of these paths only, so the page's own requests (its configuration, the document)
     * are let in after the person logged in once: browsers do not send Basic credentials given in a URL with them.
     */
    @Bean
    @Order(3)
    SecurityFilterChain apiDocuments(HttpSecurity http, ProblemWriter problems) throws Exception {
        SecurityContextRepository loginInSession = new DelegatingSecurityContextRepository(
                new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());
        return basicAuthOnly(http.securityMatcher(API_DOCUMENTS), problems)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                .securityContext(context -> context.securityContextRepository(loginInSession))
                .httpBasic(basic -> basic.securityContextRepository(loginInSession))
                .authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .build();
    }

    /**
     * The case page ({@code /cases/{caseId}}, api/CasePageController) and the policy simulation page
     * ({@code /insights/simulation}, api/PolicySimulationPageController) for people: the webapps' login of the same browser
     * ({@link WebappSessionLogin}) or HTTP Basic; who sees which case the page decides (api/CaseAccess). Without a login,
     * an HTML page that sends the person to Tasklist's login (no Basic challenge: the browser would ask for a second login).
     */
    @Bean
    @Order(4)
    SecurityFilterChain casePage(HttpSecurity http) throws Exception {
        AuthenticationEntryPoint logInToTasklist = (request, response, ex) -> {
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write(CASE_PAGE_LOGIN);
        };
        return http.securityMatcher("/cases/**", "/insights", "/insights/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s ->
                        s.sessionCreationPolicy(SessionCreationPolicy.STATELESS).sessionFixation(f -> f.none()))
                .httpBasic(basic -> basic.realmName("after-sales").authenticationEntryPoint(logInToTasklist))
                .exceptionHandling(e -> e.authenticationEntryPoint(logInToTasklist))
                .addFilterBefore(new WebappSessionLogin(), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers("/insights", "/insights/**")
                        .hasAnyAuthority(INSIGHTS_READERS.toArray(String[]::new))
                        .anyRequest()
                        .authenticated())
                .build();
    }

    private static final String CASE_PAGE_LOGIN = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Log in first</title>
            <link rel="stylesheet" href="/case-page/case-page.css"></head><body><main class="notice">
            <h1>Log in first</h1><p>The case page uses your Tasklist login.
            <a href="/camunda/app/tasklist/">Log in to Tasklist</a>, then open the case again.</p></main></body></html>""";

    /** Health (UP/DOWN) for anyone, e.g. a load balancer; its details and the metrics for admins and process owners. */
    @Bean
    SecurityFilterChain actuator(HttpSecurity http, ProblemWriter problems) throws Exception {
        return basicAuthOnly(http.securityMatcher("/actuator/**"), problems)
                .authorizeHttpRequests(auth -> auth.requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .anyRequest()
                        .hasAnyAuthority(Groups.ADMIN, Groups.PROCESS_OWNERS))
                .build();
    }

    private static HttpSecurity basicAuthOnly(HttpSecurity http, ProblemWriter problems) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(s ->
                        s.sessionCreationPolicy(SessionCreationPolicy.STATELESS).sessionFixation(f -> f.none()))
                .httpBasic(basic -> basic.realmName("after-sales"))
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> {
                            response.setHeader("WWW-Authenticate", "Basic realm=\"after-sales\"");
                            boolean api = request.getRequestURI().startsWith("/api/");
                            if (api) response.addHeader("WWW-Authenticate", "Bearer realm=\"after-sales\"");
                            problems.write(
                                    response,
                                    new ApiProblem(
                                            HttpStatus.UNAUTHORIZED,
                                            "unauthenticated",
                                            "Authentication required",
                                            api
                                                    ? "Send an API token (Authorization: Bearer) or HTTP Basic credentials of a user of the after-sales app."
                                                    : "Send HTTP Basic credentials of a user of the after-sales app."));
                        })
                        .accessDeniedHandler((request, response, ex) -> problems.write(
                                response,
                                new ApiProblem(
                                        HttpStatus.FORBIDDEN,
                                        "forbidden",
                                        "Not allowed",
                                        "Your groups do not allow " + request.getMethod() + " "
                                                + request.getRequestURI() + "."))));
    }

    /**
     * Checks the password against the identity service; the user's groups become its authorities. A login that passed
     * is not checked again for {@link RecentLogins#KEPT}.
     */
    @Bean
    AuthenticationProvider camundaIdentityAuthentication(IdentityService identity) {
        RecentLogins<List<SimpleGrantedAuthority>> recent = new RecentLogins<>(Clock.systemUTC());
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                String user = authentication.getName();
                String password = authentication.getCredentials() == null
                        ? ""
                        : authentication.getCredentials().toString();
                List<SimpleGrantedAuthority> groups = user == null || user.isBlank()
                        ? null
                        : recent.check(
                                user + "\u0000" + password,
                                () -> identity.checkPassword(user, password)
                                        ? identity.createGroupQuery().groupMember(user).list().stream()
                                                .map(Group::getId)
                                                .map(SimpleGrantedAuthority::new)
                                                .toList()
                                        : null);
                if (groups == null) throw new BadCredentialsException("Wrong user or password");
                return UsernamePasswordAuthenticationToken.authenticated(user, null, groups);
            }

            @Override
            public boolean supports(Class<?> type) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(type);
            }
        };
    }

    /** Before Spring Security's and Camunda's filters; after RequestFilters' problem writer and body limit. */
    @Bean
    FilterRegistrationBean<FailedLoginFilter> failedLogins(SourceThrottle throttle, ProblemWriter problems) {
        FilterRegistrationBean<FailedLoginFilter> registration =
                new FilterRegistrationBean<>(new FailedLoginFilter(throttle, problems));
        registration.addUrlPatterns(
                "/api/*",
                "/engine-rest/*",
                "/actuator/*",
                "/camunda/api/*",
                "/v3/*",
                "/swagger-ui.html",
                "/swagger-ui/*",
                "/cases/*",
                "/insights",
                "/insights/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        registration.setName("failed-logins");
        return registration;
    }

    /** The filter is registered in the /api chain only, not as a servlet filter of its own. */
    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilterOnlyInChain(IdempotencyFilter filter) {
        FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }
}
