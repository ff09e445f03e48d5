package dev.healing.store.sqlite;

import dev.healing.api.store.BaselineVersion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Baseline;
import dev.healing.api.Point;
import dev.healing.api.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
final class SqliteStoreBaselineTest {
    @TempDir
    Path dir;

    @Test
    void save_firstBaseline_isCurrentVersionOne() {
        try (SqliteStore store = Fixtures.open(dir.resolve("s.db"))) {
            Baseline b = Fixtures.baseline("wf", 3, 50, 60, 1);
            store.save(b);

            assertEquals(b, store.current("wf", 3).orElseThrow());
            List<BaselineVersion> versions = store.versions("wf", 3);
            assertEquals(1, versions.size());
            assertEquals(1, versions.get(0).version());
            assertTrue(versions.get(0).current());
            assertTrue(store.current("wf", 4).isEmpty());
            assertTrue(store.current("other", 3).isEmpty());
        }
    }

    @Test
    void save_withFrame_roundTripsFrameAndOrigin() {
        try (SqliteStore store = Fixtures.open(dir.resolve("s.db"))) {
            Baseline b = new Baseline("wf", 0, Point.of(30, 20), Fixtures.image(10, 10, 2),
                    Fixtures.image(64, 48, 3), Fixtures.T0, "healed by template at (30, 20)");
            store.save(b);

            Baseline back = store.current("wf", 0).orElseThrow();
            assertEquals(b.frame(), back.frame());
            assertEquals("healed by template at (30, 20)", back.origin());
            assertTrue(store.versions("wf", 0).get(0).hasFrame());
        }
    }

    @Test
    void save_secondVersion_keepsFirstAndMovesCurrent() {
        try (SqliteStore store = Fixtures.open(dir.resolve("s.db"))) {
            Baseline v1 = Fixtures.baseline("wf", 1, 10, 10, 1);
            Baseline v2 = Fixtures.baseline("wf", 1, 90, 10, 2);
            store.save(v1);
            int version = store.saveVersion(v2, 0);

            assertEquals(2, version);
            assertEquals(v2, store.current("wf", 1).orElseThrow());
            assertEquals(v1, store.version("wf", 1, 1).orElseThrow());
            List<BaselineVersion> versions = store.versions("wf", 1);
            assertFalse(versions.get(0).current());
            assertTrue(versions.get(1).current());
        }
    }

    @Test
    void rollback_toEarlierVersion_makesItCurrentAndNextSaveGetsNewNumber() {
        try (SqliteStore store = Fixtures.open(dir.resolve("s.db"))) {
            Baseline v1 = Fixtures.baseline("wf", 1, 10, 10, 1);
            store.save(v1);
            store.save(Fixtures.baseline("wf", 1, 90, 10, 2));

            store.rollback("wf", 1, 1);
            assertEquals(v1, store.current("wf", 1).orElseThrow());

            assertEquals(3, store.saveVersion(Fixtures.baseline("wf", 1, 50, 10, 3), 0));
            assertEquals(3, store.versions("wf", 1).size());
        }
    }

    @Test
    void rollback_unknownVersion_throwsAndKeepsCurrent() {
        try (SqliteStore store = Fixtures.open(dir.resolve("s.db"))) {
            Baseline v1 = Fixtures.baseline("wf", 1, 10, 10, 1);
            store.save(v1);

            StoreException e = assertThrows(StoreException.class, () -> store.rollback("wf", 1, 7));
            assertTrue(e.getMessage().contains("no baseline version 7"), e.getMessage());
            assertEquals(v1, store.current("wf", 1).orElseThrow());
        }
    }

    @Test
    void saveVersion_withHealId_linksTheHeal() {
        try (SqliteStore store = Fixtures.open(dir.resolve("s.db"))) {
            long heal = store.recordHeal(Fixtures.request("wf", 1), Fixtures.healed("wf", 1, "template",
                    dev.healing.api.Cost.FREE));
            store.saveVersion(Fixtures.baseline("wf", 1, 10, 10, 1), heal);

            assertEquals(heal, store.versions("wf", 1).get(0).healId());
        }
    }

    @Test
    void reopen_keepsEverything() {
        Path file = dir.resolve("s.db");
        Baseline b = Fixtures.baseline("wf", 2, 5, 6, 9);
        try (SqliteStore store = Fixtures.open(file)) {
            store.save(b);
        }
        try (SqliteStore store = Fixtures.open(file)) {
            assertEquals(b, store.current("wf", 2).orElseThrow());
            assertEquals(SqliteStore.SCHEMA_VERSION, store.schemaVersion());
            assertTrue(store.integrityCheck().isEmpty());
        }
    }

    @Test
    void closedStore_throwsStoreException() {
        SqliteStore store = Fixtures.open(dir.resolve("s.db"));
        store.close();
        StoreException e = assertThrows(StoreException.class, () -> store.current("wf", 0));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void builder_rejectsBadValuesWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SqliteStore.builder().busyTimeout(Duration.ofMillis(-5)));
        assertTrue(e.getMessage().contains("PT-0.005S"), e.getMessage());
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> SqliteStore.builder().build());
        assertTrue(missing.getMessage().contains("path("), missing.getMessage());
    }

    @Test
    void builder_createIfMissingFalse_refusesMissingFile() {
        Path file = dir.resolve("absent.db");
        StoreException e = assertThrows(StoreException.class,
                () -> SqliteStore.builder().path(file).createIfMissing(false).build());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertFalse(file.toFile().exists());
    }
}
