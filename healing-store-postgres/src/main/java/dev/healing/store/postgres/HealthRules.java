package dev.healing.store.postgres;

import dev.healing.store.jdbc.HealthQueries;

/** The PostgreSQL (per namespace) SQL behind step and workflow health ({@link HealthQueries} reads it). */
final class HealthRules {
    static final HealthQueries QUERIES = new HealthQueries(new HealthQueries.Sql(
            "SELECT workflow_id FROM step_run WHERE namespace = :ns UNION"
                    + " SELECT workflow_id FROM heal WHERE namespace = :ns ORDER BY 1",
            "SELECT step_index FROM step_run WHERE namespace = :ns AND workflow_id = ?"
                    + " UNION SELECT step_index FROM heal WHERE namespace = :ns AND workflow_id = ? ORDER BY 1",
            "SELECT status, finished_at, failure_kind FROM heal"
                    + " WHERE namespace = :ns AND workflow_id = ? AND step_index = ? ORDER BY id DESC LIMIT ?",
            "SELECT count(*) FROM proposal WHERE namespace = :ns AND workflow_id = ?"
                    + " AND step_index = ? AND status IN ('PENDING', 'APPROVED')"),
            HealLog.RUNS);

    private HealthRules() {
    }
}
