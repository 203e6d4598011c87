package com.aftersales.cases;

import com.aftersales.config.CamundaTables;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A case's running processes (business key = case id) as Camunda's tables hold them, read with one indexed statement
 * each: in the caller's transaction, so they see what the engine has written in it so far. Camunda's process-instance
 * query builds its SQL from a large dynamic MyBatis statement on every call: 90 % of its cost, and about 7 % of a
 * cancellation case's CPU on PostgreSQL for the two reads below (bench/README.md).
 */
@Component
public class CaseProcesses {

    /** The case waits for the message {@code eventName} in its running process {@code processInstanceId}. */
    public record MessageWait(String eventName, String processInstanceId) {}

    private final JdbcTemplate jdbc;
    private final String prefix;

    public CaseProcesses(JdbcTemplate jdbc, ProcessEngine engine) {
        this.jdbc = jdbc;
        this.prefix = CamundaTables.prefix(engine);
    }

    /**
     * The messages the case's active (not suspended) processes wait for, the case's own process and the ones it called
     * (which carry its business key): by process id (as Camunda's query orders them), then oldest wait first.
     */
    public List<MessageWait> messageWaits(String caseId) {
        return jdbc.query(
                "select s.EVENT_NAME_, s.PROC_INST_ID_ from " + prefix + "ACT_RU_EXECUTION p join " + prefix
                        + "ACT_RU_EXECUTION e on e.PROC_INST_ID_ = p.ID_ join " + prefix
                        + "ACT_RU_EVENT_SUBSCR s on s.EXECUTION_ID_ = e.ID_"
                        + " where p.BUSINESS_KEY_ = ? and p.PARENT_ID_ is null and p.SUSPENSION_STATE_ = 1"
                        + " and s.EVENT_TYPE_ = 'message' order by p.ID_, s.CREATED_, s.ID_",
                (rs, i) -> new MessageWait(rs.getString(1), rs.getString(2)),
                caseId);
    }

    /** Whether a process of definition {@code processKey} runs for the case. */
    public boolean running(String caseId, String processKey) {
        Integer running = jdbc.queryForObject(
                "select count(*) from " + prefix + "ACT_RU_EXECUTION p join " + prefix
                        + "ACT_RE_PROCDEF d on d.ID_ = p.PROC_DEF_ID_"
                        + " where p.BUSINESS_KEY_ = ? and p.PARENT_ID_ is null and d.KEY_ = ?",
                Integer.class,
                caseId,
                processKey);
        return running != null && running > 0;
    }
}
