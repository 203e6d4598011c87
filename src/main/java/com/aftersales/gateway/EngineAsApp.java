package com.aftersales.gateway;

import java.util.List;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * Runs engine look-ups of the gateway either as the app (no user: Camunda checks no authorizations) or
 * as the caller (Camunda's authorizations as for their own request), and puts back whatever
 * authentication the request's thread had.
 */
final class EngineAsApp {

    private EngineAsApp() {}

    static <T> T asApp(IdentityService identity, Supplier<T> work) {
        Authentication before = identity.getCurrentAuthentication();
        identity.clearAuthentication();
        try {
            return work.get();
        } finally {
            restore(identity, before);
        }
    }

    static <T> T asCaller(IdentityService identity, Caller caller, Supplier<T> work) {
        Authentication before = identity.getCurrentAuthentication();
        identity.setAuthentication(caller.userId(), caller.groups());
        try {
            return work.get();
        } finally {
            restore(identity, before);
        }
    }

    private static void restore(IdentityService identity, Authentication before) {
        if (before == null) {
            identity.clearAuthentication();
        } else {
            identity.setAuthentication(before);
        }
    }

    static List<String> groups(Authentication authentication) {
        return authentication.getGroupIds() == null ? List.of() : authentication.getGroupIds();
    }
}
