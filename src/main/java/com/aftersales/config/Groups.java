package com.aftersales.config;

/** The Camunda groups that decide who may do what (README, access table; docs/api.md, "Authentication"). */
public final class Groups {

    private Groups() {}

    public static final String AGENTS = "after-sales-agents";
    public static final String TEAM_LEADS = "team-leads";
    public static final String PROCESS_OWNERS = "process-owners";
    public static final String INTEGRATIONS = "integrations";
    public static final String ADMIN = "camunda-admin";
}
