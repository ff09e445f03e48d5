package dev.healing.store.sqlite;

import dev.healing.store.jdbc.HealthQueries;

/** The SQLite SQL behind step and workflow health ({@link HealthQueries} reads it). */
final class HealthRules {
    static final HealthQueries QUERIES = new HealthQueries(new HealthQueries.Sql(
            "SELECT workflow_id FROM step_run UNION"
                    + " SELECT workflow_id FROM heal ORDER BY 1",
            "SELECT step_index FROM step_run WHERE workflow_id = ? UNION"
                    + " SELECT step_index FROM heal WHERE workflow_id = ? ORDER BY 1",
            "SELECT status, finished_at, failure_kind FROM heal"
                    + " WHERE workflow_id = ? AND step_index = ? ORDER BY id DESC LIMIT ?",
            "SELECT count(*) FROM proposal WHERE workflow_id = ?"
                    + " AND step_index = ? AND status IN ('PENDING', 'APPROVED')"),
            HealLog.RUNS);

    private HealthRules() {
    }
}
