package com.aftersales.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.AbstractHistoryLevel;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The engine's history levels with the decisions of cases ({@code camunda.bpm.history-level}); both keep every decision
 * a case's process evaluates, with its inputs, matched rules and outputs (ACT_HI_DECINST, _DEC_IN, _DEC_OUT), for the
 * case view's {@code decisions[]}, Cockpit's decision instances, insights and the policy simulation:
 * <ul>
 * <li>{@value #LEVEL} (the app's default): what {@code activity} keeps (cases' process instances, activities, tasks)
 * plus the decisions. No variable values: the buyer's name and address and the order's figures, copied into every case's
 * variables, leave the engine when the case ends; the values that decided something are in the decisions' inputs, and
 * the case's own record (case, order, timeline, ledger, messages) is in the app's tables. Writing a history row for
 * each of a case's 41 variables cost about a sixth of a cancellation case's CPU (bench/README.md).</li>
 * <li>{@value #WITH_VARIABLES}: what {@code audit} keeps (the above and every variable's last value) plus the
 * decisions. {@code full} keeps these too, and besides every variable update, job run, identity-link change and
 * incident: rows nobody reads here.</li>
 * </ul>
 * Camunda refuses to start when the database was set up with another level. Among {@code activity}, {@code audit} and
 * these two (each only adds to or leaves out of what is written from then on) the stored level follows the configured
 * one at start-up, so an installation from before keeps starting; decisions of earlier evaluations were never kept, and
 * variable values kept before stay until their case's history is removed.
 */
@Component
public class DecisionHistory extends AbstractProcessEnginePlugin {

    public static final String LEVEL = "activity-with-decisions";
    static final int LEVEL_ID = 21;
    public static final String WITH_VARIABLES = "audit-with-decisions";
    static final int WITH_VARIABLES_ID = 20;
    /** The levels whose stored id follows the configured one. */
    private static final List<Integer> FOLLOWING = List.of(
            HistoryLevel.HISTORY_LEVEL_ACTIVITY.getId(),
            HistoryLevel.HISTORY_LEVEL_AUDIT.getId(),
            WITH_VARIABLES_ID,
            LEVEL_ID);

    private static final Logger log = LoggerFactory.getLogger(DecisionHistory.class);

    /** One of Camunda's levels ({@code activity}, {@code audit}) plus every decision evaluation. */
    static final class WithDecisions extends AbstractHistoryLevel {
        private final int id;
        private final String name;
        private final HistoryLevel base;

        WithDecisions(int id, String name, HistoryLevel base) {
            this.id = id;
            this.name = name;
            this.base = base;
        }

        @Override
        public int getId() {
            return id;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
            return base.isHistoryEventProduced(eventType, entity)
                    || eventType == HistoryEventTypes.DMN_DECISION_EVALUATE;
        }
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<HistoryLevel> levels = configuration.getCustomHistoryLevels() == null
                ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomHistoryLevels());
        levels.add(new WithDecisions(LEVEL_ID, LEVEL, HistoryLevel.HISTORY_LEVEL_ACTIVITY));
        levels.add(new WithDecisions(WITH_VARIABLES_ID, WITH_VARIABLES, HistoryLevel.HISTORY_LEVEL_AUDIT));
        configuration.setCustomHistoryLevels(levels);
    }

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        HistoryLevel configured = configuration.getHistoryLevel();
        if (configured != null && FOLLOWING.contains(configured.getId()))
            followConfiguredLevel(configuration, configured);
    }

    /** The stored level, one of {@link #FOLLOWING}, to the configured one; nothing on a new database (no table or row yet). */
    private static void followConfiguredLevel(ProcessEngineConfigurationImpl configuration, HistoryLevel configured) {
        String table = (configuration.getDatabaseTablePrefix() == null ? "" : configuration.getDatabaseTablePrefix())
                + "ACT_GE_PROPERTY";
        String to = Integer.toString(configured.getId());
        try (Connection connection = configuration.getDataSource().getConnection();
                PreparedStatement stored =
                        connection.prepareStatement("select VALUE_ from " + table + " where NAME_ = 'historyLevel'");
                PreparedStatement update = connection.prepareStatement("update " + table
                        + " set VALUE_ = ?, REV_ = REV_ + 1 where NAME_ = 'historyLevel' and VALUE_ = ?")) {
            String from;
            try (ResultSet row = stored.executeQuery()) {
                from = row.next() ? row.getString(1) : null;
            }
            if (from == null || from.equals(to) || !FOLLOWING.contains(Integer.valueOf(from))) return;
            update.setString(1, to);
            update.setString(2, from);
            if (update.executeUpdate() > 0) {
                if (!connection.getAutoCommit()) connection.commit();
                log.info("History level changed from {} to {} ({}) as configured", from, to, configured.getName());
            }
        } catch (SQLException | NumberFormatException e) {
            // a new database: the engine creates the table and stores the configured level
            log.debug("No stored history level to change: {}", e.getMessage());
        }
    }
}
