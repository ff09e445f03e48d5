package dev.healing.store.sqlite;

import dev.healing.api.Point;
import dev.healing.api.RememberedFix;
import dev.healing.api.store.EvidencePng;
import dev.healing.store.jdbc.Columns;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** SQL for the {@code memory_fix} table. Called inside a transaction. */
final class MemoryRows {
    private static final String FAILED_LAST =
            "CASE WHEN last_failure IS NOT NULL AND (last_success IS NULL OR last_failure > last_success)"
                    + " THEN 1 ELSE 0 END";

    private MemoryRows() {
    }

    /**
     * Adds the fix if new and counts the outcome, atomically (an upsert, so concurrent runners
     * never lose a count). A success also replaces the stored crop with the latest one.
     */
    static void record(Tx c, String workflowId, int stepIndex, String hash, Point point, byte[] cropPng,
                       boolean success, long atMillis) throws SQLException {
        PreparedStatement p = c.cached("INSERT INTO memory_fix (workflow_id, step_index,"
                + " appearance_hash, x, y, crop_png, successes, failures, last_success, last_failure)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (workflow_id, step_index, appearance_hash, x, y) DO UPDATE SET"
                + " successes = successes + excluded.successes, failures = failures + excluded.failures,"
                + " last_success = CASE WHEN excluded.last_success IS NOT NULL"
                + "   AND (last_success IS NULL OR excluded.last_success > last_success)"
                + "   THEN excluded.last_success ELSE last_success END,"
                + " last_failure = CASE WHEN excluded.last_failure IS NOT NULL"
                + "   AND (last_failure IS NULL OR excluded.last_failure > last_failure)"
                + "   THEN excluded.last_failure ELSE last_failure END,"
                + " crop_png = CASE WHEN excluded.successes > 0 THEN excluded.crop_png ELSE crop_png END");
        {
            p.setString(1, workflowId);
            p.setInt(2, stepIndex);
            p.setString(3, hash);
            p.setInt(4, point.x());
            p.setInt(5, point.y());
            p.setBytes(6, cropPng);
            p.setInt(7, success ? 1 : 0);
            p.setInt(8, success ? 0 : 1);
            if (success) {
                p.setLong(9, atMillis);
                p.setNull(10, Types.INTEGER);
            } else {
                p.setNull(9, Types.INTEGER);
                p.setLong(10, atMillis);
            }
            p.executeUpdate();
        }
    }

    /** Most trusted first: fixes whose last outcome was a success, most recent success first; then the rest. */
    static List<RememberedFix> recall(Tx c, String workflowId, int stepIndex, String hash)
            throws SQLException {
        List<RememberedFix> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT x, y, crop_png, successes, failures, last_success,"
                + " last_failure FROM memory_fix WHERE workflow_id = ? AND step_index = ? AND appearance_hash = ?"
                + " ORDER BY " + FAILED_LAST + ", coalesce(last_success, -1) DESC, successes DESC,"
                + " coalesce(last_failure, -1), id")) {
            p.setString(1, workflowId);
            p.setInt(2, stepIndex);
            p.setString(3, hash);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new RememberedFix(workflowId, stepIndex, hash, new Point(rs.getInt(1), rs.getInt(2)),
                            EvidencePng.decode(rs.getBytes(3)), rs.getInt(4), rs.getInt(5), Columns.instant(rs, 6),
                            Columns.instant(rs, 7)));
                }
            }
        }
        return out;
    }
}
