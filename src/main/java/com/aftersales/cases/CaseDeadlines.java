package com.aftersales.cases;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Table {@code case_deadline}: the SLA breaches of a case's tasks (policy section 2). */
@Repository
public class CaseDeadlines {

    public record Breach(
            String caseId,
            String taskId,
            String taskKey,
            String taskName,
            String ruleId,
            OffsetDateTime due,
            OffsetDateTime breachedAt) {}

    private final JdbcTemplate jdbc;

    public CaseDeadlines(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when the task's breach was recorded before (a retried job) */
    public boolean recordBreach(Breach breach) {
        Integer known = jdbc.queryForObject(
                "select count(*) from case_deadline where case_id = ? and task_id = ?",
                Integer.class,
                breach.caseId(),
                breach.taskId());
        if (known != null && known > 0) return false;
        jdbc.update(
                """
                insert into case_deadline (case_id, task_id, task_key, task_name, sla_rule_id, due, breached_at)
                values (?, ?, ?, ?, ?, ?, ?)""",
                breach.caseId(),
                breach.taskId(),
                breach.taskKey(),
                breach.taskName(),
                breach.ruleId(),
                Timestamp.from(breach.due().toInstant()),
                Timestamp.from(breach.breachedAt().toInstant()));
        return true;
    }

    public List<Breach> forCase(String caseId) {
        return jdbc.query(
                "select * from case_deadline where case_id = ? order by due, task_id",
                (rs, i) -> new Breach(
                        rs.getString("case_id"),
                        rs.getString("task_id"),
                        rs.getString("task_key"),
                        rs.getString("task_name"),
                        rs.getString("sla_rule_id"),
                        rs.getTimestamp("due").toInstant().atOffset(ZoneOffset.UTC),
                        rs.getTimestamp("breached_at").toInstant().atOffset(ZoneOffset.UTC)),
                caseId);
    }
}
