package dev.healing.store.sqlite;

import dev.healing.api.StoreException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema, versioned in code. {@code MIGRATIONS.get(n)} takes a file from version {@code n} to
 * {@code n + 1}; a store migrates forward on open, one transaction per version, and records each
 * version it reaches in {@code schema_version}. Migrations are never edited once released: a
 * change is a new entry at the end (issue 8's evidence images, proposals, escalations and trust
 * are new tables keyed on {@code heal.id} / {@code heal_attempt(heal_id, number)}).
 */
final class Schema {
    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    /** Version 1: versioned baselines and healing memory. */
    static final List<String> V1 = List.of(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
            "CREATE TABLE baseline ("
                    + " workflow_id TEXT NOT NULL, step_index INTEGER NOT NULL, version INTEGER NOT NULL,"
                    + " x INTEGER NOT NULL, y INTEGER NOT NULL, crop_png BLOB NOT NULL, frame_png BLOB,"
                    + " created_at INTEGER NOT NULL, origin TEXT NOT NULL,"
                    + " PRIMARY KEY (workflow_id, step_index, version))",
            "CREATE TABLE baseline_current ("
                    + " workflow_id TEXT NOT NULL, step_index INTEGER NOT NULL, version INTEGER NOT NULL,"
                    + " PRIMARY KEY (workflow_id, step_index),"
                    + " FOREIGN KEY (workflow_id, step_index, version) REFERENCES baseline (workflow_id, step_index, version))",
            "CREATE TABLE memory_fix ("
                    + " id INTEGER PRIMARY KEY, workflow_id TEXT NOT NULL, step_index INTEGER NOT NULL,"
                    + " appearance_hash TEXT NOT NULL, x INTEGER NOT NULL, y INTEGER NOT NULL, crop_png BLOB NOT NULL,"
                    + " successes INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0,"
                    + " last_success INTEGER, last_failure INTEGER,"
                    + " UNIQUE (workflow_id, step_index, appearance_hash, x, y))");

    /** Version 2: the heal and attempt log, runs, per-run step similarity; baselines name their heal. */
    static final List<String> V2 = List.of(
            "CREATE TABLE run ("
                    + " id INTEGER PRIMARY KEY, workflow_id TEXT NOT NULL, runner TEXT NOT NULL,"
                    + " started_at INTEGER NOT NULL, finished_at INTEGER, status TEXT NOT NULL, failed_at_step INTEGER)",
            "CREATE INDEX run_by_workflow ON run (workflow_id, id)",
            "CREATE TABLE heal ("
                    + " id INTEGER PRIMARY KEY, workflow_id TEXT NOT NULL, step_index INTEGER NOT NULL,"
                    + " similarity REAL NOT NULL, consecutive_failures INTEGER NOT NULL,"
                    + " failure_kind TEXT NOT NULL, strategy TEXT NOT NULL, status TEXT NOT NULL, locator TEXT,"
                    + " old_x INTEGER, old_y INTEGER, new_x INTEGER, new_y INTEGER, confidence REAL NOT NULL,"
                    + " attempts INTEGER NOT NULL, reasoning TEXT NOT NULL, reason TEXT, failed_at_step INTEGER NOT NULL,"
                    + " cost_usd REAL NOT NULL, prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL,"
                    + " model_calls INTEGER NOT NULL, duration_ms INTEGER NOT NULL,"
                    + " started_at INTEGER NOT NULL, finished_at INTEGER NOT NULL, history_size INTEGER NOT NULL)",
            "CREATE INDEX heal_by_step ON heal (workflow_id, step_index, id)",
            "CREATE TABLE heal_attempt ("
                    + " heal_id INTEGER NOT NULL REFERENCES heal (id), number INTEGER NOT NULL,"
                    + " x INTEGER NOT NULL, y INTEGER NOT NULL,"
                    + " box_x INTEGER, box_y INTEGER, box_width INTEGER, box_height INTEGER,"
                    + " confidence REAL NOT NULL, locator TEXT NOT NULL, reasoning TEXT NOT NULL,"
                    + " verified INTEGER NOT NULL, verify_success INTEGER, verify_failed_at_step INTEGER,"
                    + " verify_similarity REAL, accepted INTEGER NOT NULL, note TEXT NOT NULL,"
                    + " PRIMARY KEY (heal_id, number))",
            "CREATE TABLE step_run ("
                    + " id INTEGER PRIMARY KEY, run_id INTEGER REFERENCES run (id), workflow_id TEXT NOT NULL,"
                    + " step_index INTEGER NOT NULL, similarity REAL NOT NULL, passed INTEGER NOT NULL, at INTEGER NOT NULL)",
            "CREATE INDEX step_run_by_step ON step_run (workflow_id, step_index, id)",
            "ALTER TABLE baseline ADD COLUMN heal_id INTEGER REFERENCES heal (id)");

    /**
     * Version 3 (operations): heals name their approval class and proposal; evidence pictures (PNG)
     * of heals and attempts; proposals waiting for a person; escalations with every attempt and its
     * evidence; per-workflow trust.
     */
    static final List<String> V3 = List.of(
            "ALTER TABLE heal ADD COLUMN approval_class TEXT",
            "ALTER TABLE heal ADD COLUMN proposal_id TEXT",
            "CREATE TABLE heal_evidence ("
                    + " heal_id INTEGER PRIMARY KEY REFERENCES heal (id), png BLOB NOT NULL)",
            "CREATE TABLE attempt_evidence ("
                    + " heal_id INTEGER NOT NULL, number INTEGER NOT NULL, png BLOB NOT NULL,"
                    + " PRIMARY KEY (heal_id, number), FOREIGN KEY (heal_id, number) REFERENCES heal_attempt (heal_id, number))",
            "CREATE TABLE proposal ("
                    + " id TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, step_index INTEGER NOT NULL,"
                    + " description TEXT NOT NULL, old_x INTEGER NOT NULL, old_y INTEGER NOT NULL,"
                    + " x INTEGER NOT NULL, y INTEGER NOT NULL,"
                    + " box_x INTEGER, box_y INTEGER, box_width INTEGER, box_height INTEGER,"
                    + " confidence REAL NOT NULL, locator TEXT NOT NULL, reasoning TEXT NOT NULL,"
                    + " approval_class TEXT NOT NULL, failure_kind TEXT NOT NULL, reason TEXT NOT NULL,"
                    + " created_at INTEGER NOT NULL, status TEXT NOT NULL, note TEXT, resolved_at INTEGER,"
                    + " evidence_png BLOB)",
            "CREATE INDEX proposal_by_status ON proposal (status, created_at)",
            "CREATE TABLE escalation ("
                    + " id INTEGER PRIMARY KEY, workflow_id TEXT NOT NULL, step_index INTEGER NOT NULL,"
                    + " description TEXT NOT NULL, old_x INTEGER, old_y INTEGER, failure_kind TEXT NOT NULL,"
                    + " reason TEXT NOT NULL, workflow_location TEXT NOT NULL, backups TEXT NOT NULL,"
                    + " suggested_action TEXT NOT NULL, evidence_png BLOB, at INTEGER NOT NULL)",
            "CREATE INDEX escalation_by_workflow ON escalation (workflow_id, id)",
            "CREATE TABLE escalation_attempt ("
                    + " escalation_id INTEGER NOT NULL REFERENCES escalation (id), number INTEGER NOT NULL,"
                    + " x INTEGER NOT NULL, y INTEGER NOT NULL,"
                    + " box_x INTEGER, box_y INTEGER, box_width INTEGER, box_height INTEGER,"
                    + " confidence REAL NOT NULL, locator TEXT NOT NULL, reasoning TEXT NOT NULL,"
                    + " verified INTEGER NOT NULL, verify_success INTEGER, verify_failed_at_step INTEGER,"
                    + " verify_similarity REAL, accepted INTEGER NOT NULL, note TEXT NOT NULL, evidence_png BLOB,"
                    + " PRIMARY KEY (escalation_id, number))",
            "CREATE TABLE trust ("
                    + " workflow_id TEXT PRIMARY KEY, trust REAL NOT NULL, verified INTEGER NOT NULL DEFAULT 0,"
                    + " failed INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0,"
                    + " approved INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL)");

    /**
     * Version 4: what calibration learned about vision models ({@code ModelCalibrations}), the
     * latest value per key.
     */
    static final List<String> V4 = List.of(
            "CREATE TABLE calibration (key TEXT PRIMARY KEY, value TEXT NOT NULL, saved_at INTEGER NOT NULL)");

    /** Every migration in order; index n migrates version n to n + 1. */
    static final List<List<String>> MIGRATIONS = List.of(V1, V2, V3, V4);

    /** The version this code writes. */
    static final int LATEST = MIGRATIONS.size();

    private Schema() {
    }

    /**
     * @return the file's schema version: 0 for an empty file
     * @throws StoreException if the file holds tables but no {@code schema_version} (another
     *     program's database)
     */
    static int version(Tx c, Path path) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        if (tables.isEmpty()) {
            return 0;
        }
        if (!tables.contains("schema_version")) {
            throw new StoreException(path + " is not a healing store: it has tables " + tables + " but no schema_version");
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT coalesce(max(version), 0) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Migrates the file forward to {@code target}, one transaction per version; concurrent
     * openers are safe (each step re-reads the version under the write lock).
     *
     * @return the version the file has afterwards
     * @throws StoreException if the file is newer than this code
     */
    static int migrate(Database db, int target, Clock clock) {
        if (target < 0 || target > LATEST) {
            throw new IllegalArgumentException("schema version must be within 0.." + LATEST + ", got " + target);
        }
        int found = db.read("read the schema version", c -> version(c, db.path()));
        checkNotNewer(db, found);
        db.enableWal();
        // A brand-new file walks every migration: that is creation, not news; only upgrades of existing data are.
        boolean created = found == 0;
        while (found < target) {
            int from = found;
            found = db.write("migrate the schema to version " + (from + 1), c -> {
                int now = version(c, db.path());
                checkNotNewer(db, now);
                if (now >= target) {
                    return now;
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : MIGRATIONS.get(now)) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
                    p.setInt(1, now + 1);
                    p.setLong(2, clock.millis());
                    p.executeUpdate();
                }
                if (now == 0) {
                    LOG.debug("{}: schema created at version 1", db.path());
                } else if (created) {
                    LOG.debug("{}: new schema brought from version {} to {}", db.path(), now, now + 1);
                } else {
                    LOG.info("{}: schema migrated from version {} to {}", db.path(), now, now + 1);
                }
                return now + 1;
            });
        }
        return found;
    }

    private static void checkNotNewer(Database db, int version) {
        if (version > LATEST) {
            throw new StoreException(db.path() + " has schema version " + version + ", newer than this library's "
                    + LATEST + "; upgrade healing-store-sqlite to open it");
        }
    }
}
