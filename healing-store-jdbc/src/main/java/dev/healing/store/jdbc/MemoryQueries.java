package dev.healing.store.jdbc;

import dev.healing.api.Point;
import dev.healing.api.RememberedFix;
import dev.healing.api.store.EvidencePng;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Healing memory ({@code memory_fix}): recording outcomes and recalling fixes is the same in both
 * stores, the SQL is each store's. Called inside a transaction.
 */
public final class MemoryQueries {
    /** Orders fixes whose last outcome was a failure after the others (a SQL expression of both dialects). */
    public static final String FAILED_LAST =
            "CASE WHEN last_failure IS NOT NULL AND (last_success IS NULL OR last_failure > last_success)"
                    + " THEN 1 ELSE 0 END";

    /**
     * The store's SQL.
     *
     * @param record an upsert adding the fix if new and counting the outcome; parameters workflow id,
     *               step index, appearance hash, x, y, crop PNG, successes, failures, last success,
     *               last failure (epoch ms or null); a success also replaces the crop
     * @param recall x, y, crop_png, successes, failures, last_success, last_failure of a step's fixes
     *               for an appearance, most trusted first; workflow id, step index, appearance hash
     */
    public record Sql(String record, String recall) {
    }

    private final Sql sql;

    public MemoryQueries(Sql sql) {
        this.sql = sql;
    }

    /**
     * Adds the fix if new and counts the outcome, atomically (an upsert, so concurrent runners
     * never lose a count). A success also replaces the stored crop with the latest one.
     */
    public void record(Statements c, String workflowId, int stepIndex, String hash, Point point, byte[] cropPng,
                       boolean success, long atMillis) throws SQLException {
        PreparedStatement p = c.cached(sql.record());
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
            p.setNull(10, Types.BIGINT);
        } else {
            p.setNull(9, Types.BIGINT);
            p.setLong(10, atMillis);
        }
        p.executeUpdate();
    }

    /** Most trusted first: fixes whose last outcome was a success, most recent success first; then the rest. */
    public List<RememberedFix> recall(Statements c, String workflowId, int stepIndex, String hash)
            throws SQLException {
        List<RememberedFix> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql.recall())) {
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
