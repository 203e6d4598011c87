package com.aftersales.gateway;

import com.aftersales.gateway.EngineAccessRules.Role;
import java.util.List;
import java.util.Set;

/** The person behind a request to Camunda's APIs, as the engine knows them: user id and groups. */
record Caller(String userId, List<String> groups) {

    Set<Role> roles() {
        return EngineAccessRules.roles(groups);
    }

    boolean is(Role role) {
        return roles().contains(role);
    }

    /** Team leads and administrators read the buyer's contact data of every case; others only of the cases they work. */
    boolean seesAllContactData() {
        return is(Role.LEAD) || is(Role.ADMIN);
    }
}
