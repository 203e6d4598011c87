package com.aftersales.gateway;

import com.aftersales.config.RecentLogins;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.http.HttpHeaders;

/**
 * Camunda's HTTP Basic on /engine-rest (Modeler's deployments, systems, the benchmarks' agents), checked as Camunda
 * checks it, then kept with the user's groups and tenants for {@link RecentLogins#KEPT}: without this every request
 * costs a password check, a group query and a tenant query (issue 16). Wrong credentials are always checked.
 */
public class RecentBasicLogins extends HttpBasicAuthenticationProvider {

    private static final RecentLogins<AuthenticationResult> RECENT = new RecentLogins<>(Clock.systemUTC());

    @Override
    public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) return super.extractAuthenticatedUser(request, engine);
        AuthenticationResult passed = RECENT.check(engine.getName() + "\u0000" + header, () -> {
            AuthenticationResult checked = super.extractAuthenticatedUser(request, engine);
            if (!checked.isAuthenticated()) return null;
            IdentityService identity = engine.getIdentityService();
            String user = checked.getAuthenticatedUser();
            checked.setGroups(identity.createGroupQuery().groupMember(user).list().stream()
                    .map(Group::getId)
                    .toList());
            checked.setTenants(identity.createTenantQuery().userMember(user).includingGroupsOfUser(true).list().stream()
                    .map(Tenant::getId)
                    .toList());
            return checked;
        });
        return passed != null ? passed : AuthenticationResult.unsuccessful();
    }
}
