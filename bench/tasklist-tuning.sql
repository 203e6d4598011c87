-- What the app does at start-up on PostgreSQL for an agent's task list (config/EngineDatabaseTuning.java,
-- config/PostgresSessionSettings.java, config/PermissionCheckPlans.java), for a DBA who runs the app with a user that may not create statistics.
-- Statistics on the permission bits the authorization check of Camunda's task query asks for:
create statistics if not exists act_ru_auth_perms_stats on (perms_ & 2), (perms_ & 64) from act_ru_authorization;
analyze act_ru_authorization;
-- The session setting the app sets on each connection (or set it for the app's database user):
--   alter role aftersales set jit = off;
-- (The app sends the statements that test permission bits unprepared, so PostgreSQL plans them with their values;
-- plan_cache_mode = force_custom_plan is not needed, and would plan every other statement again at each run.)
