package dev.healing.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.HealRequest;
import dev.healing.api.Point;
import dev.healing.api.StoreException;
import dev.healing.api.TrustLedger;
import dev.healing.store.postgres.testing.PgCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Migrations from an empty database and from every earlier version, keeping the data: versions 1
 * to 4 kept a schema per namespace, version 5 moves every namespace into one schema with a
 * namespace column. Each case has a database of its own.
 */
@Timeout(120)
final class PgSchemaMigrationTest {
    private static final PgCluster PG = PgCluster.shared();

    @Test
    void emptyDatabase_getsTheLatestSchema_withTheNamespaceLeadingEveryKey() throws Exception {
        String db = PG.freshDatabase("empty");
        try (PostgresStore s = PG.builder(db, "team").build()) {
            assertEquals(PostgresStore.SCHEMA_VERSION, s.schemaVersion());
            assertEquals(6, PostgresStore.SCHEMA_VERSION);
        }
        try (Connection admin = PG.admin(db); Statement st = admin.createStatement()) {
            List<String> without = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables t WHERE"
                    + " table_schema = 'healing' AND NOT EXISTS (SELECT 1 FROM information_schema.columns c"
                    + " WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name"
                    + " AND c.column_name = 'namespace') ORDER BY 1")) {
                while (rs.next()) {
                    without.add(rs.getString(1));
                }
            }
            assertEquals(List.of("schema_version"), without, "tables without a namespace column");
            // Every key, unique constraint and index of a namespaced table starts with the namespace.
            List<String> notLeading = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT i.indexrelid::regclass::text FROM pg_index i"
                    + " JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
                    + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]"
                    + " WHERE n.nspname = 'healing' AND t.relname <> 'schema_version' AND a.attname <> 'namespace'")) {
                while (rs.next()) {
                    notLeading.add(rs.getString(1));
                }
            }
            assertEquals(List.of(), notLeading, "indexes not led by the namespace");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.schemata"
                    + " WHERE schema_name LIKE 'healing\\_%'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "no schema per namespace any more");
            }
        }
    }

    @Test
    void everyEarlierVersion_movesEveryNamespaceInKeepingItsRows() throws Exception {
        for (int version = 1; version < PgSchema.SHARED_SINCE; version++) {
            String db = PG.freshDatabase("v" + version);
            for (String ns : List.of("team_a", "team_b")) {
                try (PostgresStore old = PG.builder(db, ns).schemaVersion(version).build()) {
                    assertEquals(version, old.schemaVersion());
                }
                writeRowsOfVersion(db, ns, version, ns.equals("team_a") ? 10 : 11);
            }
            try (PostgresStore a = PG.builder(db, "team_a").build();
                 PostgresStore b = PG.builder(db, "team_b").build()) {
                String from = "from version " + version;
                assertEquals(PgSchema.LATEST, a.schemaVersion(), from);
                assertEquals(10, a.current("wf", 1).orElseThrow().point().x(), from);
                assertEquals(11, b.current("wf", 1).orElseThrow().point().x(), from);
                assertEquals(Point.of(30, 40), a.recall("wf", 1, "h").get(0).point(), from);
                assertEquals(Point.of(31, 40), b.recall("wf", 1, "h").get(0).point(), from);
                if (version >= 2) {
                    // Both namespaces had heal 1 and run 1: ids stay, each within its namespace.
                    assertEquals(1, a.history("wf", 10).get(0).id(), from);
                    assertEquals(0.25, a.history("wf", 10).get(0).similarity(), 1e-9, from);
                    assertEquals(0.35, b.history("wf", 10).get(0).similarity(), 1e-9, from);
                    assertEquals(1, b.history("wf", 10).get(0).result().history().size(), from);
                    assertEquals("runner-team_b", b.runs("wf", 10).get(0).runner(), from);
                    assertEquals(1, a.stepRuns("wf", 1, 10).size(), from);
                    // New ids come after every moved one.
                    long heal = a.recordHeal(HealRequest.of("wf", 1, 0.3, null),
                            b.history("wf", 1).get(0).result());
                    assertTrue(heal > 1, "new heal id " + heal + " " + from);
                    assertTrue(a.startRun("wf", "r") > 1, from);
                }
                if (version >= 3) {
                    assertEquals(0.7, a.trust("wf"), 1e-9, from);
                    assertEquals(0.2, b.trust("wf"), 1e-9, from);
                    assertEquals(1, a.pending().size(), from);
                    assertEquals("p-team_b", b.pending().get(0).id(), from);
                }
                // What the later versions added works on the moved rows.
                a.save(Fixtures.baseline("wf", 1, 20, 3));
                assertEquals(2, a.versions("wf", 1).size(), from);
                assertEquals(1, b.versions("wf", 1).size(), from);
                a.record("wf", TrustLedger.Event.VERIFIED);
                a.calibrations().save("endpoint|model|P", "v");
                assertEquals(Optional.of("v"), a.calibrations().find("endpoint|model|P"));
                assertTrue(b.calibrations().find("endpoint|model|P").isEmpty(), from);
            }
            assertEquals(List.of(), oldSchemas(db), "old schemas dropped after the move, from version " + version);
        }
    }

    @Test
    void namespaceOfTheOldLayoutCreatedLater_isMovedInAtTheNextOpen() throws Exception {
        String db = PG.freshDatabase("later");
        try (PostgresStore a = PG.builder(db, "team_a").build()) {
            a.save(Fixtures.baseline("wf", 1, 10, 1));
        }
        // An older library opened the database after the move and made a schema of its own.
        try (PostgresStore old = PG.builder(db, "team_c").schemaVersion(4).build()) {
            assertEquals(4, old.schemaVersion());
        }
        writeRowsOfVersion(db, "team_c", 4, 12);
        try (PostgresStore c = PG.builder(db, "team_c").build();
             PostgresStore a = PG.builder(db, "team_a").build()) {
            assertEquals(12, c.current("wf", 1).orElseThrow().point().x());
            assertEquals(10, a.current("wf", 1).orElseThrow().point().x());
            assertEquals(1, a.versions("wf", 1).size());
        }
        assertEquals(List.of(), oldSchemas(db));
    }

    @Test
    void largeNamespace_movesInEvenPastTheStatementTimeout() throws Exception {
        String db = PG.freshDatabase("large");
        try (PostgresStore old = PG.builder(db, "big").schemaVersion(4).build()) {
            assertEquals(4, old.schemaVersion());
        }
        try (Connection admin = PG.admin(db); Statement st = admin.createStatement()) {
            st.execute("INSERT INTO healing_big.memory_fix (workflow_id, step_index, appearance_hash, x, y, crop_png,"
                    + " successes) SELECT 'wf', i % 50, 'h' || i, i, i, decode(repeat('ab', 200), 'hex'), 1"
                    + " FROM generate_series(1, 30000) i");
        }
        try (PostgresStore s = PG.builder(db, "big").statementTimeout(java.time.Duration.ofMillis(100)).build()) {
            assertEquals(PgSchema.LATEST, s.schemaVersion());
        }
        try (Connection admin = PG.admin(db); Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM healing.memory_fix WHERE namespace = 'big'")) {
            rs.next();
            assertEquals(30000, rs.getInt(1));
        }
        assertEquals(List.of(), oldSchemas(db));
    }

    @Test
    void newerSchema_isRefusedAndLeftAlone() throws Exception {
        String db = PG.freshDatabase("newer");
        try (PostgresStore s = PG.builder(db, "team").build()) {
            s.save(Fixtures.baseline("wf", 1, 10, 1));
        }
        try (Connection admin = PG.admin(db); Statement st = admin.createStatement()) {
            st.execute("INSERT INTO healing.schema_version VALUES (99, 0)");
        }
        StoreException e = assertThrows(StoreException.class, () -> PG.builder(db, "team").build());
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
        try (Connection admin = PG.admin(db); Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM healing.baseline")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "the rows are untouched");
        }
    }

    /** Rows as the code of {@code version} wrote them, in the namespace's own schema. */
    private static void writeRowsOfVersion(String db, String ns, int version, int x) throws Exception {
        String s = "healing_" + ns + ".";
        try (Connection admin = PG.admin(db); Statement st = admin.createStatement()) {
            try (PreparedStatement p = admin.prepareStatement("INSERT INTO " + s + "baseline (workflow_id, step_index,"
                    + " version, x, y, crop_png, frame_png, created_at, origin) VALUES ('wf', 1, 1, ?, 20, ?, NULL, 0,"
                    + " 'recorded')")) {
                p.setInt(1, x);
                p.setBytes(2, Fixtures.image(16, 16, 1).toPng());
                p.executeUpdate();
            }
            st.execute("INSERT INTO " + s + "baseline_current VALUES ('wf', 1, 1)");
            try (PreparedStatement p = admin.prepareStatement("INSERT INTO " + s + "memory_fix (workflow_id,"
                    + " step_index, appearance_hash, x, y, crop_png, successes, failures, last_success)"
                    + " VALUES ('wf', 1, 'h', ?, 40, ?, 3, 0, 0)")) {
                p.setInt(1, x + 20);
                p.setBytes(2, Fixtures.image(8, 8, 2).toPng());
                p.executeUpdate();
            }
            if (version >= 2) {
                double similarity = x == 10 ? 0.25 : 0.35;
                st.execute("INSERT INTO " + s + "heal (id, workflow_id, step_index, similarity, consecutive_failures,"
                        + " failure_kind, strategy, status, locator, new_x, new_y, confidence, attempts, reasoning,"
                        + " failed_at_step, cost_usd, prompt_tokens, completion_tokens, model_calls, duration_ms,"
                        + " started_at, finished_at, history_size) VALUES (1, 'wf', 1, " + similarity + ", 2, 'MOVED',"
                        + " 'relocate', 'HEALED', 'template', 5, 6, 0.9, 1, 'r', -1, 0, 0, 0, 0, 10, 0, 10, 1)");
                st.execute("INSERT INTO " + s + "heal_attempt (heal_id, number, x, y, confidence, locator, reasoning,"
                        + " verified, accepted, note) VALUES (1, 1, 5, 6, 0.9, 'template', 'r', 0, 1, '')");
                st.execute("INSERT INTO " + s + "run (id, workflow_id, runner, started_at, status, failed_at_step)"
                        + " VALUES (1, 'wf', 'runner-" + ns + "', 0, 'RUNNING', -1)");
                st.execute("SELECT setval(pg_get_serial_sequence('" + s + "heal', 'id'), 1)");
                st.execute("SELECT setval(pg_get_serial_sequence('" + s + "run', 'id'), 1)");
                st.execute("INSERT INTO " + s + "step_run (run_id, workflow_id, step_index, similarity, passed, at)"
                        + " VALUES (1, 'wf', 1, 0.9, 1, 0)");
            }
            if (version >= 3) {
                st.execute("INSERT INTO " + s + "trust (workflow_id, trust, updated_at) VALUES ('wf', "
                        + (x == 10 ? 0.7 : 0.2) + ", 0)");
                st.execute("INSERT INTO " + s + "proposal (id, workflow_id, step_index, description, old_x, old_y, x, y,"
                        + " confidence, locator, reasoning, approval_class, failure_kind, reason, created_at, status)"
                        + " VALUES ('p-" + ns + "', 'wf', 1, 'd', 1, 2, 3, 4, 0.9, 'template', 'r', 'B', 'MOVED', 'x', 0,"
                        + " 'PENDING')");
            }
        }
    }

    private static List<String> oldSchemas(String db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection admin = PG.admin(db); Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT schema_name FROM information_schema.schemata"
                     + " WHERE schema_name LIKE 'healing\\_%'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
