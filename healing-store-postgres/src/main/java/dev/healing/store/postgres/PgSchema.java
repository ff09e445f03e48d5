package dev.healing.store.postgres;

import dev.healing.api.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema, versioned in code like the SQLite store's (same tables and columns, PostgreSQL
 * types). Since version 5 every namespace lives in one PostgreSQL schema, {@value #SHARED}: every
 * table but {@code schema_version} has a {@code namespace} column that leads every key, unique
 * constraint and index, and every statement filters on it ({@link Tx}). Versions 1 to 4 kept one
 * schema per namespace ({@code healing_<namespace>}, {@link #OLD_MIGRATIONS}); version 5 creates
 * the shared tables and moves every such schema's rows in, tagged with its namespace, then drops
 * it. Each step is one transaction under an advisory lock, so runners starting together migrate
 * once. Migrations are never edited once released: a change is a new entry at the end.
 */
final class PgSchema {
    private static final Logger LOG = LoggerFactory.getLogger(PgSchema.class);
    /** Advisory lock key (two ints) that serialises migrations: "heal" and 1. */
    private static final int LOCK_CLASS = 0x6865616c;
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9_]{1,40}");

    /** The schema that holds every namespace's rows from version 5 on. */
    static final String SHARED = "healing";
    /** The first version with one shared schema and a namespace column. */
    static final int SHARED_SINCE = 5;

    /** Version 1 (a schema per namespace): versioned baselines, healing memory, write receipts. */
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

    /** Versions 1 to 4, each namespace in its own schema; index n migrates version n to n + 1. */
    static final List<List<String>> OLD_MIGRATIONS = List.of(V1, V2, V3, V4);

    private static final String NS = "namespace TEXT NOT NULL, ";

    /**
     * Version 5: one schema for every namespace, the tables of version 4 with a {@code namespace}
     * column leading every key; ids (heal, run, escalation, memory fix) come from one sequence per
     * table and are unique within a namespace. A baseline version carries the receipt of the save
     * that wrote it ({@code save_id}), so a save writes two rows (version and pointer), not three.
     */
    static final List<String> V5 = List.of(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)",
            "CREATE TABLE write_receipt (" + NS + "id UUID NOT NULL, at BIGINT NOT NULL, result BIGINT,"
                    + " PRIMARY KEY (namespace, id))",
            "CREATE INDEX write_receipt_by_age ON write_receipt (namespace, at)",
            "CREATE TABLE heal (" + NS
                    + " id BIGSERIAL NOT NULL, workflow_id TEXT NOT NULL, step_index BIGINT NOT NULL,"
                    + " similarity DOUBLE PRECISION NOT NULL, consecutive_failures BIGINT NOT NULL,"
                    + " failure_kind TEXT NOT NULL, strategy TEXT NOT NULL, status TEXT NOT NULL, locator TEXT,"
                    + " old_x BIGINT, old_y BIGINT, new_x BIGINT, new_y BIGINT, confidence DOUBLE PRECISION NOT NULL,"
                    + " attempts BIGINT NOT NULL, reasoning TEXT NOT NULL, reason TEXT, failed_at_step BIGINT NOT NULL,"
                    + " cost_usd DOUBLE PRECISION NOT NULL, prompt_tokens BIGINT NOT NULL, completion_tokens BIGINT NOT NULL,"
                    + " model_calls BIGINT NOT NULL, duration_ms BIGINT NOT NULL,"
                    + " started_at BIGINT NOT NULL, finished_at BIGINT NOT NULL, history_size BIGINT NOT NULL,"
                    + " approval_class TEXT, proposal_id TEXT, evidence_attempt BIGINT,"
                    + " PRIMARY KEY (namespace, id))",
            "CREATE INDEX heal_by_step ON heal (namespace, workflow_id, step_index, id)",
            "CREATE TABLE heal_attempt (" + NS + "heal_id BIGINT NOT NULL, number BIGINT NOT NULL,"
                    + " x BIGINT NOT NULL, y BIGINT NOT NULL,"
                    + " box_x BIGINT, box_y BIGINT, box_width BIGINT, box_height BIGINT,"
                    + " confidence DOUBLE PRECISION NOT NULL, locator TEXT NOT NULL, reasoning TEXT NOT NULL,"
                    + " verified BIGINT NOT NULL, verify_success BIGINT, verify_failed_at_step BIGINT,"
                    + " verify_similarity DOUBLE PRECISION, accepted BIGINT NOT NULL, note TEXT NOT NULL,"
                    + " PRIMARY KEY (namespace, heal_id, number),"
                    + " FOREIGN KEY (namespace, heal_id) REFERENCES heal (namespace, id))",
            "CREATE TABLE heal_evidence (" + NS + "heal_id BIGINT NOT NULL, png BYTEA NOT NULL,"
                    + " PRIMARY KEY (namespace, heal_id), FOREIGN KEY (namespace, heal_id) REFERENCES heal (namespace, id))",
            "CREATE TABLE attempt_evidence (" + NS + "heal_id BIGINT NOT NULL, number BIGINT NOT NULL, png BYTEA NOT NULL,"
                    + " PRIMARY KEY (namespace, heal_id, number), FOREIGN KEY (namespace, heal_id, number)"
                    + " REFERENCES heal_attempt (namespace, heal_id, number))",
            "CREATE TABLE baseline (" + NS
                    + " workflow_id TEXT NOT NULL, step_index BIGINT NOT NULL, version BIGINT NOT NULL,"
                    + " x BIGINT NOT NULL, y BIGINT NOT NULL, crop_png BYTEA NOT NULL, frame_png BYTEA,"
                    + " created_at BIGINT NOT NULL, origin TEXT NOT NULL, heal_id BIGINT, save_id UUID,"
                    + " PRIMARY KEY (namespace, workflow_id, step_index, version),"
                    + " FOREIGN KEY (namespace, heal_id) REFERENCES heal (namespace, id))",
            // No foreign key to baseline: the save's statement inserts the version it points to and
            // rollback checks the version exists in its transaction (versions are never deleted);
            // the key's check would lock the version's row at every save's commit.
            "CREATE TABLE baseline_current (" + NS
                    + " workflow_id TEXT NOT NULL, step_index BIGINT NOT NULL, version BIGINT NOT NULL,"
                    + " PRIMARY KEY (namespace, workflow_id, step_index))",
            "CREATE TABLE memory_fix (" + NS
                    + " id BIGSERIAL NOT NULL, workflow_id TEXT NOT NULL, step_index BIGINT NOT NULL,"
                    + " appearance_hash TEXT NOT NULL, x BIGINT NOT NULL, y BIGINT NOT NULL, crop_png BYTEA NOT NULL,"
                    + " successes BIGINT NOT NULL DEFAULT 0, failures BIGINT NOT NULL DEFAULT 0,"
                    + " last_success BIGINT, last_failure BIGINT, PRIMARY KEY (namespace, id),"
                    + " UNIQUE (namespace, workflow_id, step_index, appearance_hash, x, y))",
            "CREATE TABLE run (" + NS
                    + " id BIGSERIAL NOT NULL, workflow_id TEXT NOT NULL, runner TEXT NOT NULL,"
                    + " started_at BIGINT NOT NULL, finished_at BIGINT, status TEXT NOT NULL, failed_at_step BIGINT,"
                    + " PRIMARY KEY (namespace, id))",
            "CREATE INDEX run_by_workflow ON run (namespace, workflow_id, id)",
            "CREATE TABLE step_run (" + NS
                    + " id BIGSERIAL NOT NULL, run_id BIGINT, workflow_id TEXT NOT NULL,"
                    + " step_index BIGINT NOT NULL, similarity DOUBLE PRECISION NOT NULL, passed BIGINT NOT NULL,"
                    + " at BIGINT NOT NULL, PRIMARY KEY (namespace, id),"
                    + " FOREIGN KEY (namespace, run_id) REFERENCES run (namespace, id))",
            "CREATE INDEX step_run_by_step ON step_run (namespace, workflow_id, step_index, id)",
            "CREATE TABLE proposal (" + NS
                    + " id TEXT NOT NULL, workflow_id TEXT NOT NULL, step_index BIGINT NOT NULL,"
                    + " description TEXT NOT NULL, old_x BIGINT NOT NULL, old_y BIGINT NOT NULL,"
                    + " x BIGINT NOT NULL, y BIGINT NOT NULL,"
                    + " box_x BIGINT, box_y BIGINT, box_width BIGINT, box_height BIGINT,"
                    + " confidence DOUBLE PRECISION NOT NULL, locator TEXT NOT NULL, reasoning TEXT NOT NULL,"
                    + " approval_class TEXT NOT NULL, failure_kind TEXT NOT NULL, reason TEXT NOT NULL,"
                    + " created_at BIGINT NOT NULL, status TEXT NOT NULL, note TEXT, resolved_at BIGINT,"
                    + " evidence_png BYTEA, PRIMARY KEY (namespace, id))",
            "CREATE INDEX proposal_by_status ON proposal (namespace, status, created_at)",
            "CREATE INDEX proposal_by_step ON proposal (namespace, workflow_id, step_index)",
            "CREATE TABLE escalation (" + NS
                    + " id BIGSERIAL NOT NULL, workflow_id TEXT NOT NULL, step_index BIGINT NOT NULL,"
                    + " description TEXT NOT NULL, old_x BIGINT, old_y BIGINT, failure_kind TEXT NOT NULL,"
                    + " reason TEXT NOT NULL, workflow_location TEXT NOT NULL, backups TEXT NOT NULL,"
                    + " suggested_action TEXT NOT NULL, evidence_png BYTEA, at BIGINT NOT NULL,"
                    + " PRIMARY KEY (namespace, id))",
            "CREATE INDEX escalation_by_workflow ON escalation (namespace, workflow_id, id)",
            "CREATE TABLE escalation_attempt (" + NS
                    + " escalation_id BIGINT NOT NULL, number BIGINT NOT NULL,"
                    + " x BIGINT NOT NULL, y BIGINT NOT NULL,"
                    + " box_x BIGINT, box_y BIGINT, box_width BIGINT, box_height BIGINT,"
                    + " confidence DOUBLE PRECISION NOT NULL, locator TEXT NOT NULL, reasoning TEXT NOT NULL,"
                    + " verified BIGINT NOT NULL, verify_success BIGINT, verify_failed_at_step BIGINT,"
                    + " verify_similarity DOUBLE PRECISION, accepted BIGINT NOT NULL, note TEXT NOT NULL, evidence_png BYTEA,"
                    + " PRIMARY KEY (namespace, escalation_id, number),"
                    + " FOREIGN KEY (namespace, escalation_id) REFERENCES escalation (namespace, id))",
            "CREATE TABLE trust (" + NS
                    + " workflow_id TEXT NOT NULL, trust DOUBLE PRECISION NOT NULL, verified BIGINT NOT NULL DEFAULT 0,"
                    + " failed BIGINT NOT NULL DEFAULT 0, rejected BIGINT NOT NULL DEFAULT 0,"
                    + " approved BIGINT NOT NULL DEFAULT 0, updated_at BIGINT NOT NULL,"
                    + " PRIMARY KEY (namespace, workflow_id))");

    /** Version 6: what calibration learned about vision models, the latest value per key. */
    static final List<String> V6 = List.of(
            "CREATE TABLE calibration (" + NS + "key TEXT NOT NULL, value TEXT NOT NULL, saved_at BIGINT NOT NULL,"
                    + " PRIMARY KEY (namespace, key))");

    /** Versions 5 on, in the shared schema; index n migrates version {@code SHARED_SINCE + n - 1} to the next. */
    static final List<List<String>> SHARED_MIGRATIONS = List.of(V5, V6);

    /** The version this code writes. */
    static final int LATEST = SHARED_SINCE - 1 + SHARED_MIGRATIONS.size();

    /**
     * The tables of version 4 in the order their rows move (referenced tables first), with the
     * sequence behind each one's id, if it has one.
     */
    private static final List<String[]> MOVED_TABLES = List.<String[]>of(
            new String[] {"heal", "id"}, new String[] {"heal_attempt", null}, new String[] {"heal_evidence", null},
            new String[] {"attempt_evidence", null}, new String[] {"baseline", null},
            new String[] {"baseline_current", null}, new String[] {"memory_fix", "id"}, new String[] {"run", "id"},
            new String[] {"step_run", "id"}, new String[] {"proposal", null}, new String[] {"escalation", "id"},
            new String[] {"escalation_attempt", null}, new String[] {"trust", null},
            new String[] {"write_receipt", null});

    private PgSchema() {
    }

    /** @return the schema of a namespace before version 5 */
    static String oldSchema(String namespace) {
        return "healing_" + namespace;
    }

    /**
     * @param oldLayout whether to read the namespace's own schema of versions 1 to 4 (migration
     *     tests) instead of the shared one
     * @return the schema version; 0 when the schema does not exist
     */
    static int version(Connection c, String namespace, boolean oldLayout) throws SQLException {
        return versionOf(c, oldLayout ? oldSchema(namespace) : SHARED);
    }

    private static int versionOf(Connection c, String schema) throws SQLException {
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
             ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM " + quote(schema)
                     + ".schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Migrates forward to {@code target}; concurrent openers wait on the advisory lock and find the
     * work done. A target below {@value #SHARED_SINCE} (migration tests only) builds the
     * namespace's own schema of that version; from {@value #SHARED_SINCE} on, every schema of the
     * old layout in the database, whatever its namespace, is brought to version 4 and moved into
     * the shared schema.
     *
     * @return the version afterwards
     * @throws StoreException if the database is newer than this code
     */
    static int migrate(Pool pool, String namespace, int target, Clock clock) {
        boolean oldLayout = target < SHARED_SINCE;
        int found = pool.read("read the schema version", c -> version(c, namespace, oldLayout));
        checkNotNewer(pool, found);
        if (oldLayout) {
            String schema = oldSchema(namespace);
            while (found < target) {
                found = pool.transaction("migrate the schema", c -> {
                    lock(c);
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
                    }
                    int now = versionOf(c, schema);
                    return now >= target ? now : step(c, schema, OLD_MIGRATIONS.get(now), now, clock, pool);
                });
            }
            return found;
        }
        boolean oldLeft = pool.read("look for namespaces of the old layout", c -> !oldSchemas(c).isEmpty());
        while (found < target || oldLeft) {
            found = pool.transaction("migrate the schema", c -> {
                lock(c);
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS " + quote(SHARED));
                }
                int now = versionOf(c, SHARED);
                checkNotNewer(pool, now);
                if (now == 0) {
                    now = step(c, SHARED, V5, SHARED_SINCE - 1, clock, pool);
                }
                // Version 5 moves every namespace of the old layout in; a later open moves in any
                // that an older library created since.
                for (String old : oldSchemas(c)) {
                    moveIn(c, old, clock, pool);
                }
                return now >= target ? now : step(c, SHARED, SHARED_MIGRATIONS.get(now - SHARED_SINCE + 1), now,
                        clock, pool);
            });
            oldLeft = false;
        }
        return found;
    }

    /**
     * Takes the migration lock, and lifts the store's statement and socket timeouts for this
     * transaction: moving a large namespace in copies every row at once, which may take longer than
     * a heal's statement may (the pool resets the socket timeout when the connection returns).
     */
    private static void lock(Connection c) throws SQLException {
        c.setNetworkTimeout(Runnable::run, 0);
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL statement_timeout = 0");
            s.execute("SELECT pg_advisory_xact_lock(" + LOCK_CLASS + ", 1)");
        }
    }

    /** Runs one migration in {@code schema} and records the version it reaches. */
    private static int step(Connection c, String schema, List<String> migration, int from, Clock clock, Pool pool)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL search_path TO " + quote(schema));
            for (String sql : migration) {
                s.execute(sql);
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
            p.setInt(1, from + 1);
            p.setLong(2, clock.millis());
            p.executeUpdate();
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL search_path TO " + quote(SHARED));
        }
        LOG.info("{}: schema {} migrated from version {} to {}", pool.where(), schema, from, from + 1);
        return from + 1;
    }

    /** @return the schemas of the old layout (one per namespace, versions 1 to 4) in the database */
    static List<String> oldSchemas(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT table_schema FROM information_schema.tables"
                + " WHERE table_name = 'schema_version' AND table_schema LIKE 'healing\\_%' ORDER BY 1");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                String schema = rs.getString(1);
                if (NAMESPACE.matcher(schema.substring("healing_".length())).matches()) {
                    out.add(schema);
                }
            }
        }
        return out;
    }

    /**
     * Brings an old namespace's schema to version 4, copies every row into the shared tables
     * tagged with its namespace (ids kept: they are unique within the namespace), moves the id
     * sequences past every copied id, and drops the old schema; all in the caller's transaction.
     */
    private static void moveIn(Connection c, String oldSchema, Clock clock, Pool pool) throws SQLException {
        String namespace = oldSchema.substring("healing_".length());
        int version = versionOf(c, oldSchema);
        checkNotNewer(pool, version);
        while (version < OLD_MIGRATIONS.size()) {
            version = step(c, oldSchema, OLD_MIGRATIONS.get(version), version, clock, pool);
        }
        long rows = 0;
        for (String[] table : MOVED_TABLES) {
            List<String> columns = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                    + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
                p.setString(1, oldSchema);
                p.setString(2, table[0]);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        columns.add(quote(rs.getString(1)));
                    }
                }
            }
            String list = String.join(", ", columns);
            try (Statement s = c.createStatement()) {
                rows += s.executeUpdate("INSERT INTO " + quote(SHARED) + "." + table[0] + " (namespace, " + list
                        + ") SELECT " + Tx.literal(namespace) + ", " + list + " FROM " + quote(oldSchema) + "."
                        + table[0]);
                if (table[1] != null) {
                    String sequence = "pg_get_serial_sequence('" + SHARED + "." + table[0] + "', '" + table[1] + "')";
                    s.execute("SELECT setval(" + sequence + ", greatest((SELECT max(" + table[1] + ") FROM "
                            + quote(SHARED) + "." + table[0] + "), nextval(" + sequence + ")))");
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + quote(oldSchema) + " CASCADE");
        }
        LOG.info("{}: namespace {} moved from schema {} into {} ({} rows)", pool.where(), namespace, oldSchema,
                SHARED, rows);
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
