package com.aftersales.config;

import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The embedded default's demo users (README, "Where things are"): demo/demo (camunda-admin), agent/agent, lead/lead,
 * owner/owner, shop/shop, in the groups AccessGrants creates. Only where {@code aftersales.demo-data=true};
 * the postgres profile has none.
 */
@Component
@Order(1)
@ConditionalOnProperty(name = "aftersales.demo-data", havingValue = "true")
public class DemoUsers implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoUsers.class);

    /** user → {first name, last name, group} */
    static final Map<String, String[]> USERS = Map.of(
            "demo", new String[] {"Demo", "Admin", Groups.ADMIN},
            "agent", new String[] {"Alex", "Agent", Groups.AGENTS},
            "lead", new String[] {"Lee", "Lead", Groups.TEAM_LEADS},
            "owner", new String[] {"Olivia", "Owner", Groups.PROCESS_OWNERS},
            "shop", new String[] {"Web", "Shop", Groups.INTEGRATIONS});

    private final IdentityService identity;

    public DemoUsers(IdentityService identity) {
        this.identity = identity;
    }

    @Override
    public void run(ApplicationArguments args) {
        USERS.forEach((id, data) -> {
            if (identity.createUserQuery().userId(id).count() == 0) {
                User user = identity.newUser(id);
                user.setFirstName(data[0]);
                user.setLastName(data[1]);
                user.setPassword(id);
                user.setEmail(id + "@after-sales.invalid");
                identity.saveUser(user);
                identity.createMembership(id, data[2]);
                if ("lead".equals(id)) identity.createMembership(id, Groups.AGENTS);
            }
        });
        log.info("Demo users ready: demo, agent, lead, owner, shop (password = user name)");
    }
}
