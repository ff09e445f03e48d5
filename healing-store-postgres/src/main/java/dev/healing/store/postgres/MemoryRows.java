package dev.healing.store.postgres;

import dev.healing.store.jdbc.MemoryQueries;

/** The PostgreSQL (per namespace) SQL for the {@code memory_fix} table ({@link MemoryQueries} runs it). */
final class MemoryRows {
    static final MemoryQueries QUERIES = new MemoryQueries(new MemoryQueries.Sql(
            "INSERT INTO memory_fix AS m (namespace, workflow_id, step_index,"
                    + " appearance_hash, x, y, crop_png, successes, failures, last_success, last_failure)"
                    + " VALUES (:ns, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (namespace, workflow_id, step_index, appearance_hash, x, y) DO UPDATE SET"
                    + " successes = m.successes + excluded.successes, failures = m.failures + excluded.failures,"
                    + " last_success = CASE WHEN excluded.last_success IS NOT NULL"
                    + "   AND (m.last_success IS NULL OR excluded.last_success > m.last_success)"
                    + "   THEN excluded.last_success ELSE m.last_success END,"
                    + " last_failure = CASE WHEN excluded.last_failure IS NOT NULL"
                    + "   AND (m.last_failure IS NULL OR excluded.last_failure > m.last_failure)"
                    + "   THEN excluded.last_failure ELSE m.last_failure END,"
                    + " crop_png = CASE WHEN excluded.successes > 0 THEN excluded.crop_png ELSE m.crop_png END",
            "SELECT x, y, crop_png, successes, failures, last_success, last_failure FROM memory_fix"
                    + " WHERE namespace = :ns AND workflow_id = ? AND step_index = ? AND appearance_hash = ?"
                    + " ORDER BY " + MemoryQueries.FAILED_LAST + ", coalesce(last_success, -1) DESC, successes DESC,"
                    + " coalesce(last_failure, -1), id"));

    private MemoryRows() {
    }
}
