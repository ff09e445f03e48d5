package dev.healing.store.postgres;

import dev.healing.api.store.BaselineVersion;
import dev.healing.api.Baseline;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.store.EvidencePng;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for the {@code baseline} and {@code baseline_current} tables. Called inside a transaction. */
final class BaselineRows {
    /** Saves of one step racing each other: each lost race means another runner saved a version. */
    private static final int MAX_SAVE_RACES = 100;

    private BaselineRows() {
    }

    /**
     * Inserts the next version of the step and makes it current, in one autocommitted statement
     * (one round trip); returns the version number. The version's row carries {@code saveId}, the
     * save's receipt ({@link #savedVersion} finds it after a lost answer), so a save writes two
     * rows, not three. The images come encoded, so that no PNG work happens while the write lock
     * is held.
     */
    static int save(Tx c, Baseline b, byte[] cropPng, byte[] framePng, long healId, UUID saveId)
            throws SQLException {
        // When another runner is saving the same step at the same moment, the insert waits for it
        // and inserts nothing (ON CONFLICT DO NOTHING), so the pointer is not written either; the
        // statement then runs again with a fresh snapshot.
        PreparedStatement p = c.cached("WITH v AS (INSERT INTO baseline (namespace, workflow_id, step_index, version, x, y,"
                + " crop_png, frame_png, created_at, origin, heal_id, save_id) SELECT :ns, ?, ?,"
                + " coalesce(max(version), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?"
                + " FROM baseline WHERE namespace = :ns AND workflow_id = ? AND step_index = ?"
                + " ON CONFLICT DO NOTHING RETURNING workflow_id, step_index, version),"
                + " cur AS (INSERT INTO baseline_current (namespace, workflow_id, step_index, version)"
                + " SELECT :ns, workflow_id, step_index, version FROM v"
                + " ON CONFLICT (namespace, workflow_id, step_index) DO UPDATE SET version = excluded.version RETURNING version)"
                + " SELECT version FROM cur");
        p.setString(1, b.workflowId());
        p.setInt(2, b.stepIndex());
        p.setInt(3, b.point().x());
        p.setInt(4, b.point().y());
        p.setBytes(5, cropPng);
        if (framePng == null) {
            p.setNull(6, Types.BINARY);
        } else {
            p.setBytes(6, framePng);
        }
        p.setLong(7, b.createdAt().toEpochMilli());
        p.setString(8, b.origin());
        if (healId > 0) {
            p.setLong(9, healId);
        } else {
            p.setNull(9, Types.BIGINT);
        }
        p.setObject(10, saveId);
        p.setString(11, b.workflowId());
        p.setInt(12, b.stepIndex());
        for (int attempt = 1; attempt <= MAX_SAVE_RACES; attempt++) {
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    return rs.getInt(1);
                }
            }
        }
        throw new SQLException("the baseline of " + b.workflowId() + " step " + b.stepIndex() + " lost "
                + MAX_SAVE_RACES + " races for its next version to other runners");
    }

    /** @return the version the save {@code saveId} of the step wrote, or null if it was not committed */
    static Long savedVersion(Tx c, String workflowId, int stepIndex, UUID saveId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT version FROM baseline"
                + " WHERE namespace = :ns AND workflow_id = ? AND step_index = ? AND save_id = ?")) {
            p.setString(1, workflowId);
            p.setInt(2, stepIndex);
            p.setObject(3, saveId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    static void setCurrent(Tx c, String workflowId, int stepIndex, int version) throws SQLException {
        PreparedStatement p = c.cached("INSERT INTO baseline_current (namespace, workflow_id, step_index, version)"
                + " VALUES (:ns, ?, ?, ?) ON CONFLICT (namespace, workflow_id, step_index) DO UPDATE SET version = excluded.version");
        p.setString(1, workflowId);
        p.setInt(2, stepIndex);
        p.setInt(3, version);
        p.executeUpdate();
    }

    static Optional<Baseline> current(Tx c, String workflowId, int stepIndex) throws SQLException {
        return load(c, workflowId, stepIndex, "(SELECT version FROM baseline_current"
                + " WHERE namespace = b.namespace AND workflow_id = b.workflow_id AND step_index = b.step_index)", 0);
    }

    static Optional<Baseline> version(Tx c, String workflowId, int stepIndex, int version)
            throws SQLException {
        return load(c, workflowId, stepIndex, "?", version);
    }

    private static Optional<Baseline> load(Tx c, String workflowId, int stepIndex, String versionSql,
                                           int version) throws SQLException {
        PreparedStatement p = c.cached("SELECT x, y, crop_png, frame_png, created_at, origin"
                + " FROM baseline b WHERE namespace = :ns AND workflow_id = ? AND step_index = ? AND version = " + versionSql);
        p.setString(1, workflowId);
        p.setInt(2, stepIndex);
        if (version > 0) {
            p.setInt(3, version);
        }
        try (ResultSet rs = p.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            byte[] frame = rs.getBytes(4);
            return Optional.of(new Baseline(workflowId, stepIndex, new Point(rs.getInt(1), rs.getInt(2)),
                    EvidencePng.decode(rs.getBytes(3)), frame == null ? null : EvidencePng.decode(frame),
                    Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6)));
        }
    }

    static List<BaselineVersion> versions(Tx c, String workflowId, int stepIndex) throws SQLException {
        List<BaselineVersion> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT b.version, b.x, b.y, b.frame_png IS NOT NULL,"
                + " b.created_at, b.origin, coalesce(b.heal_id, 0), b.version = cur.version"
                + " FROM baseline b LEFT JOIN baseline_current cur"
                + " ON cur.namespace = b.namespace AND cur.workflow_id = b.workflow_id AND cur.step_index = b.step_index"
                + " WHERE b.namespace = :ns AND b.workflow_id = ? AND b.step_index = ? ORDER BY b.version")) {
            p.setString(1, workflowId);
            p.setInt(2, stepIndex);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new BaselineVersion(workflowId, stepIndex, rs.getInt(1),
                            new Point(rs.getInt(2), rs.getInt(3)), rs.getBoolean(4),
                            Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), rs.getLong(7), rs.getBoolean(8)));
                }
            }
        }
        return out;
    }

    static boolean exists(Tx c, String workflowId, int stepIndex, int version) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT 1 FROM baseline WHERE namespace = :ns AND workflow_id = ? AND step_index = ? AND version = ?")) {
            p.setString(1, workflowId);
            p.setInt(2, stepIndex);
            p.setInt(3, version);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }
}
