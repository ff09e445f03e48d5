package dev.healing.store.sqlite;

import dev.healing.api.store.BaselineVersion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Cost;
import dev.healing.api.Point;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
final class ThreadSafetyTest {
    private static final int THREADS = 4;
    private static final int WRITES = 200;

    @TempDir
    Path dir;

    @Test
    void oneStoreManyThreads_andASecondStoreOnTheSameFile_loseNothing() throws Exception {
        Path file = dir.resolve("threads.db");
        try (SqliteStore first = Fixtures.open(file); SqliteStore second = Fixtures.open(file)) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    SqliteStore store = t % 2 == 0 ? first : second;
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < WRITES; i++) {
                            store.save(Fixtures.baseline("wf", 0, 1 + thread, 1 + i, i));
                            store.record("wf", 0, "hash", Point.of(9, 9), Fixtures.image(4, 4, 1), true,
                                    Fixtures.T0.plusMillis(i));
                            store.recordHeal(Fixtures.request("wf", thread), Fixtures.healed("wf", thread, "memory",
                                    Cost.FREE));
                            store.current("wf", 0).orElseThrow();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(50, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            List<BaselineVersion> versions = first.versions("wf", 0);
            assertEquals(THREADS * WRITES, versions.size());
            assertEquals(THREADS * WRITES, versions.get(versions.size() - 1).version());
            assertEquals(THREADS * WRITES, second.recall("wf", 0, "hash").get(0).successes());
            assertEquals(THREADS * WRITES, first.stats().overall().memoryHits());
            assertTrue(second.integrityCheck().isEmpty());
        }
    }
}
