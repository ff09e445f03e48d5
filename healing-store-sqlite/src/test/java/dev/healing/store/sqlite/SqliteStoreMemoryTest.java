package dev.healing.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.RememberedFix;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
final class SqliteStoreMemoryTest {
    @TempDir
    Path dir;

    private final Image crop = Fixtures.image(10, 10, 5);
    private final String hash = Fixtures.image(20, 20, 1).appearanceHash();

    @Test
    void record_success_isRecalledWithCountsAndCrop() {
        try (SqliteStore store = Fixtures.open(dir.resolve("m.db"))) {
            store.record("wf", 2, hash, Point.of(40, 50), crop, true, Fixtures.T0);
            store.record("wf", 2, hash, Point.of(40, 50), crop, true, Fixtures.T0.plusSeconds(60));

            List<RememberedFix> fixes = store.recall("wf", 2, hash);
            assertEquals(1, fixes.size());
            RememberedFix fix = fixes.get(0);
            assertEquals(Point.of(40, 50), fix.point());
            assertEquals(crop, fix.crop());
            assertEquals(2, fix.successes());
            assertEquals(0, fix.failures());
            assertEquals(Fixtures.T0.plusSeconds(60), fix.lastSuccess());
            assertTrue(store.recall("wf", 2, "0000000000000000").isEmpty());
            assertTrue(store.recall("wf", 3, hash).isEmpty());
        }
    }

    @Test
    void recall_abVariants_mostRecentSuccessFirst() {
        try (SqliteStore store = Fixtures.open(dir.resolve("m.db"))) {
            Point a = Point.of(100, 10);
            Point b = Point.of(300, 10);
            store.record("wf", 0, hash, a, crop, true, Fixtures.T0);
            store.record("wf", 0, hash, b, crop, true, Fixtures.T0.plusSeconds(10));
            assertEquals(List.of(b, a), points(store.recall("wf", 0, hash)));

            store.record("wf", 0, hash, a, crop, true, Fixtures.T0.plusSeconds(20));
            assertEquals(List.of(a, b), points(store.recall("wf", 0, hash)));
        }
    }

    @Test
    void recall_fixThatFailedLast_comesAfterSuccesses() {
        try (SqliteStore store = Fixtures.open(dir.resolve("m.db"))) {
            Point trusted = Point.of(10, 10);
            Point broken = Point.of(20, 20);
            store.record("wf", 0, hash, broken, crop, true, Fixtures.T0.plusSeconds(5));
            store.record("wf", 0, hash, trusted, crop, true, Fixtures.T0);
            store.record("wf", 0, hash, broken, crop, false, Fixtures.T0.plusSeconds(30));

            List<RememberedFix> fixes = store.recall("wf", 0, hash);
            assertEquals(List.of(trusted, broken), points(fixes));
            assertTrue(fixes.get(1).failedLast());
            assertEquals(1, fixes.get(1).failures());
            assertEquals(Fixtures.T0.plusSeconds(30), fixes.get(1).lastFailure());
            assertFalse(fixes.get(0).failedLast());
        }
    }

    @Test
    void record_failureOfUnknownFix_isKeptAsFailed() {
        try (SqliteStore store = Fixtures.open(dir.resolve("m.db"))) {
            store.record("wf", 0, hash, Point.of(7, 7), crop, false, Fixtures.T0);

            RememberedFix fix = store.recall("wf", 0, hash).get(0);
            assertEquals(0, fix.successes());
            assertEquals(1, fix.failures());
            assertTrue(fix.failedLast());
            assertEquals(null, fix.lastSuccess());
        }
    }

    @Test
    void record_olderOutcomeArrivingLate_doesNotMoveLastSuccessBack() {
        try (SqliteStore store = Fixtures.open(dir.resolve("m.db"))) {
            store.record("wf", 0, hash, Point.of(7, 7), crop, true, Fixtures.T0.plusSeconds(100));
            store.record("wf", 0, hash, Point.of(7, 7), crop, true, Fixtures.T0);

            RememberedFix fix = store.recall("wf", 0, hash).get(0);
            assertEquals(2, fix.successes());
            assertEquals(Fixtures.T0.plusSeconds(100), fix.lastSuccess());
        }
    }

    @Test
    void memory_survivesReopen() {
        Path file = dir.resolve("m.db");
        try (SqliteStore store = Fixtures.open(file)) {
            store.record("wf", 1, hash, Point.of(3, 4), crop, true, Fixtures.T0);
        }
        try (SqliteStore store = Fixtures.open(file)) {
            assertEquals(Point.of(3, 4), store.recall("wf", 1, hash).get(0).point());
        }
    }

    private static List<Point> points(List<RememberedFix> fixes) {
        return fixes.stream().map(RememberedFix::point).toList();
    }
}
