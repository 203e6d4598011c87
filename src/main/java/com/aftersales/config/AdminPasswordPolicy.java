package com.aftersales.config;

import java.util.Locale;
import java.util.Set;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.spring.boot.starter.property.AdminUserProperty;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * A production profile creates its administrator from {@code AFTERSALES_ADMIN_USER} and
 * {@code AFTERSALES_ADMIN_PASSWORD}. The app refuses to start, before the engine touches the
 * database, when that password is missing or a default: nobody gets in with "admin"/"demo".
 */
@Component
@ConditionalOnProperty(prefix = "camunda.bpm.admin-user", name = "id")
public class AdminPasswordPolicy extends AbstractProcessEnginePlugin {

    static final int MINIMUM_LENGTH = 12;
    private static final Set<String> DEFAULTS = Set.of(
            "admin",
            "demo",
            "camunda",
            "password",
            "changeme",
            "change-me",
            "secret",
            "aftersales",
            "after-sales",
            "postgres",
            "123456789012",
            "administrator");

    private final CamundaBpmProperties camunda;

    public AdminPasswordPolicy(CamundaBpmProperties camunda) {
        this.camunda = camunda;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        AdminUserProperty admin = camunda.getAdminUser();
        String problem = problem(admin.getId(), admin.getPassword());
        if (problem != null) {
            throw new IllegalStateException("Refusing to start: the administrator password " + problem
                    + ". Set AFTERSALES_ADMIN_PASSWORD to a secret of at least " + MINIMUM_LENGTH
                    + " characters (and AFTERSALES_ADMIN_USER if not 'admin').");
        }
    }

    static String problem(String user, String password) {
        if (password == null || password.isBlank()) return "is not set";
        String lower = password.toLowerCase(Locale.ROOT);
        if (DEFAULTS.contains(lower) || lower.equals(user == null ? "" : user.toLowerCase(Locale.ROOT))) {
            return "is a default password";
        }
        if (password.length() < MINIMUM_LENGTH) return "is shorter than " + MINIMUM_LENGTH + " characters";
        return null;
    }
}
