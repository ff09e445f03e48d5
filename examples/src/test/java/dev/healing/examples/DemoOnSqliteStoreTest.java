package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.HealStatus;
import dev.healing.examples.demo.Demo;
import dev.healing.store.sqlite.SqliteStore;
import dev.healing.api.store.StoreStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The demo's healer on the SQLite store: the second run on one file heals from memory, searching nothing. */
@Timeout(60)
final class DemoOnSqliteStoreTest {
    @TempDir
    Path dir;

    private static Demo.Outcome demo(Path work, Path db) throws Exception {
        try (SqliteStore store = SqliteStore.builder().path(db).build()) {
            return Demo.run(work, store, store, java.util.List.of(store),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        }
    }

    @Test
    void demoTwiceOnOneDb_secondHealComesFromMemoryWithoutSearching() throws Exception {
        Path db = dir.resolve("demo.db");
        Demo.Outcome first = demo(dir.resolve("run1"), db);
        Demo.Outcome second = demo(dir.resolve("run2"), db);

        assertEquals(HealStatus.HEALED, first.heal().status());
        assertNotEquals(Optional.of("memory"), first.heal().locator());
        assertTrue(first.templateSearches() > 0);
        assertEquals(HealStatus.HEALED, second.heal().status());
        assertEquals(Optional.of("memory"), second.heal().locator());
        assertEquals(0, second.templateSearches());
        assertEquals(first.heal().newPoint(), second.heal().newPoint());
        try (SqliteStore store = SqliteStore.builder().path(db).build()) {
            StoreStats stats = store.stats();
            assertEquals(2, stats.overall().healsSucceeded());
            assertEquals(1, stats.overall().memoryHits());
            assertTrue(store.versions(first.heal().workflowId(), first.heal().stepIndex()).size() >= 2);
        }
    }
}
