package com.aftersales.config;

import jakarta.ws.rs.Path;
import java.util.Set;
import org.camunda.bpm.cockpit.plugin.resource.AbstractCockpitPluginRootResource;
import org.camunda.bpm.cockpit.plugin.spi.impl.AbstractCockpitPlugin;

/**
 * A Cockpit tab "Finished cases" on a process definition's page (Cockpit CE shows no finished process instance:
 * its history views are Enterprise only): the finished cases of that version, newest first, with how they ended
 * and the decisions their process took, each linked to Cockpit's decision instance page. Reads Camunda's history
 * as the logged-in user (process owners: READ_HISTORY, config/AccessGrants). The script is
 * {@code plugin-webapp/finished-cases/app/plugin.js}, served by {@link Assets}; registered in META-INF/services.
 */
public class FinishedCasesPlugin extends AbstractCockpitPlugin {

    public static final String ID = "finished-cases";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Set<Class<?>> getResourceClasses() {
        return Set.of(Assets.class);
    }

    /** Serves the plugin's script and style at /camunda/api/cockpit/plugin/finished-cases/static/app/…. */
    @Path("plugin/" + ID)
    public static class Assets extends AbstractCockpitPluginRootResource {
        public Assets() {
            super(ID);
        }
    }
}
