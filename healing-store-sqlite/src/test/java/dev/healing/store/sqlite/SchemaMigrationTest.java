package dev.healing.store.sqlite;

import dev.healing.api.store.HealRecord;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Baseline;
import dev.healing.api.Cost;
import dev.healing.api.HealStatus;
import dev.healing.api.Point;
import dev.healing.api.RememberedFix;
import dev.healing.api.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
final class SchemaMigrationTest {
    @TempDir
    Path dir;

    /** Writes a file exactly as a store of schema version {@code version} left it, with one row per table. */
    private static void writeVersion(Path file, int version) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (int v = 0; v < version; v++) {
                for (String sql : Schema.MIGRATIONS.get(v)) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO schema_version (version, applied_at) VALUES (" + (v + 1) + ", 0)");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO baseline (workflow_id, step_index, version,"
                    + " x, y, crop_png, frame_png, created_at, origin) VALUES ('wf', 1, 1, 10, 20, ?, NULL, ?, 'recorded')")) {
                p.setBytes(1, Fixtures.image(8, 8, 1).toPng());
                p.setLong(2, Fixtures.T0.toEpochMilli());
                p.executeUpdate();
            }
            s.execute("INSERT INTO baseline_current VALUES ('wf', 1, 1)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO memory_fix (workflow_id, step_index,"
                    + " appearance_hash, x, y, crop_png, successes, failures, last_success) VALUES"
                    + " ('wf', 1, 'abcd', 30, 40, ?, 3, 0, ?)")) {
                p.setBytes(1, Fixtures.image(8, 8, 2).toPng());
                p.setLong(2, Fixtures.T0.toEpochMilli());
                p.executeUpdate();
            }
        }
    }

    @Test
    void open_emptyDirectory_createsLatestSchema() {
        try (SqliteStore store = Fixtures.open(dir.resolve("new.db"))) {
            assertEquals(Schema.LATEST, store.schemaVersion());
            assertEquals(4, SqliteStore.SCHEMA_VERSION);
        }
    }

    @Test
    void open_emptyFile_createsLatestSchema() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.db"));
        try (SqliteStore store = Fixtures.open(file)) {
            assertEquals(Schema.LATEST, store.schemaVersion());
        }
    }

    @Test
    void open_everyEarlierVersion_migratesForwardKeepingData() throws Exception {
        for (int version = 1; version < Schema.LATEST; version++) {
            Path file = dir.resolve("v" + version + ".db");
            writeVersion(file, version);
            try (SqliteStore store = Fixtures.open(file)) {
                assertEquals(Schema.LATEST, store.schemaVersion(), "from version " + version);
                Baseline b = store.current("wf", 1).orElseThrow();
                assertEquals(Point.of(10, 20), b.point());
                assertEquals(Fixtures.image(8, 8, 1), b.crop());
                RememberedFix fix = store.recall("wf", 1, "abcd").get(0);
                assertEquals(3, fix.successes());
                assertEquals(Point.of(30, 40), fix.point());
                // What the later versions added works on the migrated file.
                long heal = store.recordHeal(Fixtures.request("wf", 1), Fixtures.healed("wf", 1, "memory", Cost.FREE));
                assertEquals(2, store.saveVersion(Fixtures.baseline("wf", 1, 11, 21, 3), heal));
                store.recordStepRun("wf", 1, 0.9, true);
                assertEquals(1, store.stats().overall().memoryHits());
                assertEquals(0, store.versions("wf", 1).get(0).healId());
                // Version 3's operations tables work on the migrated file.
                store.record("wf", dev.healing.api.TrustLedger.Event.VERIFIED);
                assertEquals(0.55, store.trust("wf"), 1e-9);
                assertTrue(store.pending().isEmpty());
                assertTrue(store.escalations(null, 10).isEmpty());
                assertEquals(1, store.stats().overall().autoFixed());
                // Version 4's calibrations work on the migrated file.
                store.calibrations().save("endpoint|model|profile", "{\"space\":\"PIXELS\"}");
                assertEquals(java.util.Optional.of("{\"space\":\"PIXELS\"}"),
                        store.calibrations().find("endpoint|model|profile"));
                assertTrue(store.integrityCheck().isEmpty());
            }
        }
    }

    @Test
    void open_version2FileWithHeals_keepsHealsAndAddsOperationsColumns() throws Exception {
        Path file = dir.resolve("v2-heals.db");
        try (SqliteStore v2 = SqliteStore.builder().path(file).schemaVersion(2).build()) {
            assertEquals(2, v2.schemaVersion());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO heal (id, workflow_id, step_index, similarity, consecutive_failures, failure_kind,"
                    + " strategy, status, locator, new_x, new_y, confidence, attempts, reasoning, failed_at_step, cost_usd,"
                    + " prompt_tokens, completion_tokens, model_calls, duration_ms, started_at, finished_at,"
                    + " history_size) VALUES (1, 'old', 0, 0.3, 2, 'MOVED', 'relocate', 'HEALED', 'template', 5, 6, 0.9,"
                    + " 1, 'r', -1, 0, 0, 0, 0, 10, 0, 10, 0)");
        }
        try (SqliteStore store = Fixtures.open(file)) {
            assertEquals(Schema.LATEST, store.schemaVersion());
            HealRecord old = store.history("old", 10).get(0);
            assertEquals(HealStatus.HEALED, old.result().status());
            assertTrue(old.result().approvalClass().isEmpty(), "heals logged before version 3 have no class");
            assertEquals(1, store.stats("old").autoFixed());
            assertTrue(store.evidencePng(1, 0).isEmpty());
        }
    }

    @Test
    void open_twice_doesNotMigrateAgain() throws Exception {
        Path file = dir.resolve("twice.db");
        Fixtures.open(file).close();
        Fixtures.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*), max(version) FROM schema_version")) {
            rs.next();
            assertEquals(Schema.LATEST, rs.getInt(1));
            assertEquals(Schema.LATEST, rs.getInt(2));
        }
    }

    @Test
    void builder_olderTargetVersion_stopsThere() {
        Path file = dir.resolve("v1.db");
        try (SqliteStore store = SqliteStore.builder().path(file).schemaVersion(1).build()) {
            assertEquals(1, store.schemaVersion());
        }
        try (SqliteStore store = Fixtures.open(file)) {
            assertEquals(Schema.LATEST, store.schemaVersion());
        }
    }

    @Test
    void open_newerVersion_isRefusedAndFileUntouched() throws Exception {
        Path file = dir.resolve("future.db");
        writeVersion(file, Schema.LATEST);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version (version, applied_at) VALUES (99, 0)");
        }
        byte[] before = Files.readAllBytes(file);

        StoreException e = assertThrows(StoreException.class, () -> Fixtures.open(file));
        assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void open_otherProgramsDatabase_isRefusedAndFileUntouched() throws Exception {
        Path file = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
        }
        byte[] before = Files.readAllBytes(file);

        StoreException e = assertThrows(StoreException.class, () -> Fixtures.open(file));
        assertTrue(e.getMessage().contains("not a healing store"), e.getMessage());
        assertTrue(e.getMessage().contains("customers"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }
}
