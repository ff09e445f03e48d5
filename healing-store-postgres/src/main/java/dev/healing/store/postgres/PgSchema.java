package dev.healing.store.postgres;

import dev.healing.api.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema, versioned in code like the SQLite store's (same tables and columns, PostgreSQL
 * types). Each namespace is one PostgreSQL schema holding these tables, so every row lives in
 * exactly one namespace and a store, whose connections see only its namespace's schema, cannot
 * read or write another's. {@code MIGRATIONS.get(n)} takes a namespace from version {@code n} to
 * {@code n + 1}, one transaction per version under an advisory lock, so runners starting together
 * migrate once. Migrations are never edited once released: a change is a new entry at the end.
 */
final class PgSchema {
    private static final Logger LOG = LoggerFactory.getLogger(PgSchema.class);
    /** Advisory lock key (two ints) that serialises migrations: "heal" and 1. */
    private static final int LOCK_CLASS = 0x6865616c;

    /** Version 1: versioned baselines, healing memory, write receipts. */
    static final List<String> V1 = List.of(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)",
            "CREATE TABLE write_receipt (id UUID PRIMARY KEY, at BIGINT NOT NULL)",
            "CREATE INDEX write_receipt_by_age ON write_receipt (at)",
            "CREATE TABLE baseline ("
                    + " workflow_id TEXT NOT NULL, step_index BIGINT NOT NULL, version BIGINT NOT NULL,"
                    + " x BIGINT NOT NULL, y BIGINT NOT NULL, crop_png BYTEA NOT NULL, frame_png BYTEA,"
                    + " created_at BIGINT NOT NULL, origin TEXT NOT NULL,"
                    + " PRIMARY KEY (workflow_id, step_index, version))",
            "CREATE TABLE baseline_current ("
                    + " workflow_id TEXT NOT NULL, step_index BIGINT NOT NULL, version BIGINT NOT NULL,"
                    + " PRIMARY KEY (workflow_id, step_index),"
                    + " FOREIGN KEY (workflow_id, step_index, version) REFERENCES baseline (workflow_id, step_index, version)"
                    + " DEFERRABLE INITIALLY DEFERRED)",
            "CREATE TABLE memory_fix ("
                    + " id BIGSERIAL PRIMARY KEY, workflow_id TEXT NOT NULL, step_index BIGINT NOT NULL,"
                    + " appearance_hash TEXT NOT NULL, x BIGINT NOT NULL, y BIGINT NOT NULL, crop_png BYTEA NOT NULL,"
                    + " successes BIGINT NOT NULL DEFAULT 0, failures BIGINT NOT NULL DEFAULT 0,"
                    + " last_success BIGINT, last_failure BIGINT,"
                    + " UNIQUE (workflow_id, step_index, appearance_hash, x, y))");

    /** Version 2: the heal and attempt log, runs, per-run step similarity; baselines name their heal. */
    static final List<String> V2 = List.of(
            "CREATE TABLE run ("
                    + " id BIGSERIAL PRIMARY KEY, workflow_id TEXT NOT NULL, runner TEXT NOT NULL,"
                    + " started_at BIGINT NOT NULL, finished_at BIGINT, status TEXT NOT NULL, failed_at_step BIGINT)",
            "CREATE INDEX run_by_workflow ON run (workflow_id, id)",
            "CREATE TABLE heal ("
                    + " id BIGSERIAL PRIMARY KEY, workflow_id TEXT NOT NULL, step_index BIGINT NOT NULL,"
                    + " similarity DOUBLE PRECISION NOT NULL, consecutive_failures BIGINT NOT NULL,"
                    + " failure_kind TEXT NOT NULL, strategy TEXT NOT NULL, status TEXT NOT NULL, locator TEXT,"
                    + " old_x BIGINT, old_y BIGINT, new_x BIGINT, new_y BIGINT, confidence DOUBLE PRECISION NOT NULL,"
                    + " attempts BIGINT NOT NULL, reasoning TEXT NOT NULL, reason TEXT, failed_at_step BIGINT NOT NULL,"
                    + " cost_usd DOUBLE PRECISION NOT NULL, prompt_tokens BIGINT NOT NULL, completion_tokens BIGINT NOT NULL,"
                    + " model_calls BIGINT NOT NULL, duration_ms BIGINT NOT NULL,"
                    + " started_at BIGINT NOT NULL, finished_at BIGINT NOT NULL, history_size BIGINT NOT NULL)",
            "CREATE INDEX heal_by_step ON heal (workflow_id, step_index, id)",
            "CREATE TABLE heal_attempt ("
                    + " heal_id BIGINT NOT NULL REFERENCES heal (id), number BIGINT NOT NULL,"
                    + " x BIGINT NOT NULL, y BIGINT NOT NULL,"
                    + " box_x BIGINT, box_y BIGINT, box_width BIGINT, box_height BIGINT,"
                    + " confidence DOUBLE PRECISION NOT NULL, locator TEXT NOT NULL, reasoning TEXT NOT NULL,"
                    + " verified BIGINT NOT NULL, verify_success BIGINT, verify_failed_at_step BIGINT,"
                    + " verify_similarity DOUBLE PRECISION, accepted BIGINT NOT NULL, note TEXT NOT NULL,"
                    + " PRIMARY KEY (heal_id, number))",
            "CREATE TABLE step_run ("
                    + " id BIGSERIAL PRIMARY KEY, run_id BIGINT REFERENCES run (id), workflow_id TEXT NOT NULL,"
                    + " step_index BIGINT NOT NULL, similarity DOUBLE PRECISION NOT NULL, passed BIGINT NOT NULL, at BIGINT NOT NULL)",
            "CREATE INDEX step_run_by_step ON step_run (workflow_id, step_index, id)",
            "ALTER TABLE baseline ADD COLUMN heal_id BIGINT REFERENCES heal (id)");

    /**
     * Version 3 (operations): heals name their approval class and proposal; evidence pictures (PNG)
     * of heals and attempts; proposals waiting for a person; escalations with every attempt and its
     * evidence; per-workflow trust.
     */
    static final List<String> V3 = List.of(
            "ALTER TABLE heal ADD COLUMN approval_class TEXT",
            "ALTER TABLE heal ADD COLUMN proposal_id TEXT",
            // PostgreSQL only: the result's picture is stored once, as the attempt it equals.
            "ALTER TABLE heal ADD COLUMN evidence_attempt BIGINT",
            "CREATE TABLE heal_evidence ("
                    + " heal_id BIGSERIAL PRIMARY KEY REFERENCES heal (id), png BYTEA NOT NULL)",
            "CREATE TABLE attempt_evidence ("
                    + " heal_id BIGINT NOT NULL, number BIGINT NOT NULL, png BYTEA NOT NULL,"
                    + " PRIMARY KEY (heal_id, number), FOREIGN KEY (heal_id, number) REFERENCES heal_attempt (heal_id, number))",
            "CREATE TABLE proposal ("
                    + " id TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, step_index BIGINT NOT NULL,"
                    + " description TEXT NOT NULL, old_x BIGINT NOT NULL, old_y BIGINT NOT NULL,"
                    + " x BIGINT NOT NULL, y BIGINT NOT NULL,"
                    + " box_x BIGINT, box_y BIGINT, box_width BIGINT, box_height BIGINT,"
                    + " confidence DOUBLE PRECISION NOT NULL, locator TEXT NOT NULL, reasoning TEXT NOT NULL,"
                    + " approval_class TEXT NOT NULL, failure_kind TEXT NOT NULL, reason TEXT NOT NULL,"
                    + " created_at BIGINT NOT NULL, status TEXT NOT NULL, note TEXT, resolved_at BIGINT,"
                    + " evidence_png BYTEA)",
            "CREATE INDEX proposal_by_status ON proposal (status, created_at)",
            "CREATE TABLE escalation ("
                    + " id BIGSERIAL PRIMARY KEY, workflow_id TEXT NOT NULL, step_index BIGINT NOT NULL,"
                    + " description TEXT NOT NULL, old_x BIGINT, old_y BIGINT, failure_kind TEXT NOT NULL,"
                    + " reason TEXT NOT NULL, workflow_location TEXT NOT NULL, backups TEXT NOT NULL,"
                    + " suggested_action TEXT NOT NULL, evidence_png BYTEA, at BIGINT NOT NULL)",
            "CREATE INDEX escalation_by_workflow ON escalation (workflow_id, id)",
            "CREATE TABLE escalation_attempt ("
                    + " escalation_id BIGINT NOT NULL REFERENCES escalation (id), number BIGINT NOT NULL,"
                    + " x BIGINT NOT NULL, y BIGINT NOT NULL,"
                    + " box_x BIGINT, box_y BIGINT, box_width BIGINT, box_height BIGINT,"
                    + " confidence DOUBLE PRECISION NOT NULL, locator TEXT NOT NULL, reasoning TEXT NOT NULL,"
                    + " verified BIGINT NOT NULL, verify_success BIGINT, verify_failed_at_step BIGINT,"
                    + " verify_similarity DOUBLE PRECISION, accepted BIGINT NOT NULL, note TEXT NOT NULL, evidence_png BYTEA,"
                    + " PRIMARY KEY (escalation_id, number))",
            "CREATE TABLE trust ("
                    + " workflow_id TEXT PRIMARY KEY, trust DOUBLE PRECISION NOT NULL, verified BIGINT NOT NULL DEFAULT 0,"
                    + " failed BIGINT NOT NULL DEFAULT 0, rejected BIGINT NOT NULL DEFAULT 0,"
                    + " approved BIGINT NOT NULL DEFAULT 0, updated_at BIGINT NOT NULL)");

    /**
     * Version 4: a write receipt may carry its write's result (a baseline's version), so a write
     * done as one autocommitted statement can answer its caller after a lost reply.
     */
    static final List<String> V4 = List.of("ALTER TABLE write_receipt ADD COLUMN result BIGINT");

    /** Every migration in order; index n migrates version n to n + 1. */
    static final List<List<String>> MIGRATIONS = List.of(V1, V2, V3, V4);

    /** The version this code writes. */
    static final int LATEST = MIGRATIONS.size();

    private PgSchema() {
    }

    /** @return the database's schema version: 0 when the schema has no tables yet */
    static int version(Connection c, String schema) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM information_schema.tables"
                + " WHERE table_schema = ? AND table_name = 'schema_version'")) {
            p.setString(1, schema);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    return 0;
                }
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Migrates forward to {@code target}; concurrent openers wait on the advisory lock and find the
     * work done.
     *
     * @return the version afterwards
     * @throws StoreException if the database is newer than this code
     */
    static int migrate(Pool pool, String schema, int target, Clock clock) {
        int found = pool.read("read the schema version", c -> version(c, schema));
        checkNotNewer(pool, found);
        while (found < target) {
            found = pool.write("migrate the schema", c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(" + LOCK_CLASS + ", 1)");
                    s.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
                }
                int now = version(c, schema);
                checkNotNewer(pool, now);
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
                LOG.info("{}: schema {} migrated from version {} to {}", pool.where(), schema, now, now + 1);
                return now + 1;
            });
        }
        return found;
    }

    private static void checkNotNewer(Pool pool, int version) {
        if (version > LATEST) {
            throw new StoreException(pool.where() + " has schema version " + version + ", newer than this library's "
                    + LATEST + "; upgrade healing-store-postgres to use it");
        }
    }

    /** @return the identifier quoted for SQL */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
