package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.RememberedFix;
import dev.healing.api.store.OperationsStore;
import dev.healing.store.postgres.FleetEvent;
import dev.healing.store.postgres.PostgresStore;
import dev.healing.store.postgres.testing.PgCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runner processes on one PostgreSQL namespace, each with its own (embedded) desktop: runner A
 * heals the moved button with a template search; runner B, started after, heals the same step
 * from memory with no search and no model call. A third runner, already running while A heals,
 * hears A's fix pushed by the server.
 */
@Timeout(180)
final class DemoOnPostgresTest {
    @TempDir
    Path dir;

    private String demo(String url, String name) throws IOException, InterruptedException {
        Path out = dir.resolve(name + ".out");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "demo", "--db", url)
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("PGPASSWORD", PgCluster.PASSWORD);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), name + " finished");
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), name + ":\n" + text);
        assertFalse(text.contains(PgCluster.PASSWORD), "the password was printed");
        return text;
    }

    @Test
    void runnerB_afterRunnerA_healsFromMemoryWithoutSearching() throws Exception {
        PgCluster pg = PgCluster.shared();
        String ns = PgCluster.freshNamespace("demo");
        String url = pg.urlWithoutPassword() + "?namespace=" + ns;
        // A runner that is already running while A heals: it hears the fix the moment A commits it.
        try (PostgresStore running = pg.builder(ns).build()) {
            assertTrue(running.awaitFleetEvents(Duration.ofSeconds(10)));
            CountDownLatch heard = new CountDownLatch(1);
            AtomicLong heardAtMillis = new AtomicLong();
            AutoCloseable sub = running.subscribe(e -> {
                if (e.kind() == FleetEvent.Kind.FIX_REMEMBERED) {
                    heardAtMillis.set(System.currentTimeMillis());
                    heard.countDown();
                }
            });
            String a;
            try {
                a = demo(url, "runner-a");
                assertTrue(heard.await(10, TimeUnit.SECONDS), "the running runner heard A's fix");
            } finally {
                sub.close();
            }
            assertTrue(a.contains("\"status\" : \"HEALED\"") || a.contains("\"status\":\"HEALED\""), a);
            assertFalse(a.contains("[memory] healed from memory"), a);
            List<RememberedFix> fixes;
            try (OperationsStore store = StoreOpener.open(pg.url() + "?namespace=" + ns)) {
                String workflow = store.history(null, 1).get(0).result().workflowId();
                int step = store.history(null, 1).get(0).result().stepIndex();
                fixes = store.memory().recall(workflow, step,
                        store.version(workflow, step, 1).orElseThrow().crop().appearanceHash());
            }
            assertEquals(1, fixes.size(), "A remembered one fix");
            System.out.printf("runner A's fix reached the running runner %d ms after A recorded it%n",
                    heardAtMillis.get() - fixes.get(0).lastSuccess().toEpochMilli());

            String b = demo(url, "runner-b");
            assertTrue(b.contains("[memory] healed from memory: 0 template searches, 0 model calls"), b);
            try (OperationsStore store = StoreOpener.open(pg.url() + "?namespace=" + ns)) {
                assertEquals(2, store.stats().overall().healsSucceeded());
                assertEquals(1, store.stats().overall().memoryHits());
            }
        }
    }
}
