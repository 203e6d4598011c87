package com.aftersales.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.HistoryLevelAudit;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The engine's history level {@value #LEVEL} ({@code camunda.bpm.history-level}): what {@code audit} keeps (cases'
 * process instances, activities, tasks, variable values) plus every decision a case's process evaluates, with its
 * inputs, matched rules and outputs (ACT_HI_DECINST, _DEC_IN, _DEC_OUT), for the case view's {@code decisions[]}
 * and Cockpit's decision instances. {@code full} keeps these too, and besides every variable update, job run,
 * identity-link change and incident: rows nobody reads here.
 * <p>
 * Camunda refuses to start when the database was set up with another level. Between {@code audit} and
 * {@value #LEVEL} (one is the other plus decisions) the stored level follows the configured one at start-up, so
 * an installation from before keeps starting; decisions of earlier evaluations were never kept.
 */
@Component
public class DecisionHistory extends AbstractProcessEnginePlugin {

    public static final String LEVEL = "audit-with-decisions";
    static final int LEVEL_ID = 20;

    private static final Logger log = LoggerFactory.getLogger(DecisionHistory.class);

    /** Audit plus decision evaluations. */
    static final class AuditWithDecisions extends HistoryLevelAudit {
        @Override
        public int getId() {
            return LEVEL_ID;
        }

        @Override
        public String getName() {
            return LEVEL;
        }

        @Override
        public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
            return super.isHistoryEventProduced(eventType, entity)
                    || eventType == HistoryEventTypes.DMN_DECISION_EVALUATE;
        }
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<HistoryLevel> levels = configuration.getCustomHistoryLevels() == null
                ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomHistoryLevels());
        levels.add(new AuditWithDecisions());
        configuration.setCustomHistoryLevels(levels);
    }

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        HistoryLevel configured = configuration.getHistoryLevel();
        if (configured == null) return;
        int audit = HistoryLevel.HISTORY_LEVEL_AUDIT.getId();
        if (configured.getId() == LEVEL_ID) {
            followConfiguredLevel(configuration, audit, LEVEL_ID);
        } else if (configured.getId() == audit) {
            followConfiguredLevel(configuration, LEVEL_ID, audit);
        }
    }

    /** The stored level from {@code from} to {@code to}; nothing on a new database (no table or no row yet). */
    private static void followConfiguredLevel(ProcessEngineConfigurationImpl configuration, int from, int to) {
        String table = (configuration.getDatabaseTablePrefix() == null ? "" : configuration.getDatabaseTablePrefix())
                + "ACT_GE_PROPERTY";
        try (Connection connection = configuration.getDataSource().getConnection();
                PreparedStatement update = connection.prepareStatement("update " + table
                        + " set VALUE_ = ?, REV_ = REV_ + 1 where NAME_ = 'historyLevel' and VALUE_ = ?")) {
            update.setString(1, Integer.toString(to));
            update.setString(2, Integer.toString(from));
            if (update.executeUpdate() > 0) {
                if (!connection.getAutoCommit()) connection.commit();
                log.info("History level changed from {} to {} as configured", from, to);
            }
        } catch (SQLException e) {
            // a new database: the engine creates the table and stores the configured level
            log.debug("No stored history level to change: {}", e.getMessage());
        }
    }
}
