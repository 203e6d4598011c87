package com.aftersales.api;

import com.aftersales.config.Groups;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Who opens a case's page ({@code /cases/{caseId}}) and who writes to its buyer ({@code POST /api/cases/{caseId}/messages}).
 * Team leads and admins: every case. Agents: the cases whose tasks they hold or held ({@link ContactDataAccess}, the same
 * rule as the buyer's contact data). Process owners: the page, read-only and without the buyer's contact data, as
 * {@code GET /api/cases/{caseId}} gives it to them. Integrations and anyone else: neither.
 */
@Component
public class CaseAccess {

    private final ContactDataAccess contactData;

    public CaseAccess(ContactDataAccess contactData) {
        this.contactData = contactData;
    }

    public boolean opensPage(Authentication caller, String caseId) {
        Set<String> groups = groups(caller);
        return groups.contains(Groups.PROCESS_OWNERS) || writesToBuyer(caller, caseId);
    }

    public boolean writesToBuyer(Authentication caller, String caseId) {
        Set<String> groups = groups(caller);
        if (groups.contains(Groups.ADMIN) || groups.contains(Groups.TEAM_LEADS)) return true;
        return groups.contains(Groups.AGENTS) && contactData.forCase(caller, caseId);
    }

    private static Set<String> groups(Authentication caller) {
        return caller == null
                ? Set.of()
                : caller.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .collect(Collectors.toSet());
    }
}
