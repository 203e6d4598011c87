package com.aftersales.api;

import com.aftersales.config.ApiProblem;
import com.aftersales.config.ApiScope;
import com.aftersales.config.ApiTokens;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The systems' API tokens, managed by admins (camunda-admin, SecurityConfig): create one (its token is
 * in this answer and never again), list them without secrets, revoke one.
 */
@RestController
@RequestMapping("/api/admin/api-tokens")
@Tag(name = "API tokens", description = "Admins: the systems' API tokens")
public class ApiTokenController {

    private static final Logger log = LoggerFactory.getLogger(ApiTokenController.class);

    public record NewTokenRequest(
            @NotNull
            @Pattern(regexp = "[A-Za-z0-9._-]{1,50}", message = "must be 1 to 50 letters, digits, '.', '_' or '-'")
            String name,

            @NotEmpty List<String> scopes) {}

    public record CreatedToken(
            String id, String name, List<String> scopes, String token, String createdBy, Instant createdAt) {}

    private final ApiTokens tokens;

    public ApiTokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Operation(
            operationId = "createApiToken",
            summary = "Create an API token for a system (the token is shown in this answer only)")
    @ApiResponse(
            responseCode = "201",
            description = "Created; `token` is the secret, shown here only",
            headers =
                    @Header(
                            name = "Location",
                            description = "/api/admin/api-tokens/{id}",
                            schema = @Schema(type = "string")))
    @ProblemAnswer(
            status = 400,
            type = "validation",
            when = "a name that is not 1 to 50 letters, digits, '.', '_' or '-'; " + "no scopes, or an unknown scope")
    @PostMapping(consumes = "application/json")
    public ResponseEntity<CreatedToken> create(@Valid @RequestBody NewTokenRequest request, Principal admin) {
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        for (int i = 0; i < request.scopes().size(); i++) {
            String id = request.scopes().get(i);
            String field = "scopes[" + i + "]";
            scopes.add(ApiScope.byId(id)
                    .orElseThrow(
                            () -> ApiProblem.invalid(field, "'" + id + "' is not a scope; one of " + ApiScope.ids())));
        }
        ApiTokens.NewToken created = tokens.create(request.name(), scopes, admin.getName());
        ApiTokens.ApiToken token = created.apiToken();
        log.info(
                "API token {} ({}) created by {} with scopes {}",
                token.id(),
                token.name(),
                admin.getName(),
                token.scopes());
        return ResponseEntity.created(URI.create("/api/admin/api-tokens/" + token.id()))
                .body(new CreatedToken(
                        token.id(),
                        token.name(),
                        token.scopes(),
                        created.token(),
                        token.createdBy(),
                        token.createdAt()));
    }

    @Operation(
            operationId = "listApiTokens",
            summary = "List the API tokens: names, scopes, who created and revoked them, last use; no secrets")
    @GetMapping
    public List<ApiTokens.ApiToken> list() {
        return tokens.list();
    }

    @Operation(operationId = "getApiToken", summary = "Read one API token (no secret)")
    @ProblemAnswer(status = 404, type = "not-found", when = "there is no API token id")
    @GetMapping("/{id}")
    public ApiTokens.ApiToken get(@PathVariable String id) {
        return tokens.find(id).orElseThrow(() -> ApiProblem.notFound("API token", "There is no API token " + id + "."));
    }

    @Operation(operationId = "revokeApiToken", summary = "Revoke an API token: refused at once, on every node")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ProblemAnswer(status = 404, type = "not-found", when = "there is no API token id")
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> revoke(@PathVariable String id, Principal admin) {
        if (!tokens.revoke(id, admin.getName()))
            throw ApiProblem.notFound("API token", "There is no API token " + id + ".");
        log.info("API token {} revoked by {}", id, admin.getName());
        return ResponseEntity.noContent().build();
    }
}
