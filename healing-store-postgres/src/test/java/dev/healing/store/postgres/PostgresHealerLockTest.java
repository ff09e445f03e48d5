package dev.healing.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Baseline;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.VerificationResult;
import dev.healing.core.Healer;
import dev.healing.core.match.TemplateLocator;
import dev.healing.core.workflow.JsonWorkflowStore;
import dev.healing.store.postgres.testing.PgCluster;
import dev.healing.testing.Threads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Healers of two runners sharing a PostgreSQL store take turns on a step (the store's advisory lock). */
@Timeout(60)
final class PostgresHealerLockTest {
    private static final String WF = "login";
    private static final Point OLD = new Point(100, 100);
    private static final Point NEW = new Point(400, 250);
    private static final int W = 640;
    private static final int H = 400;

    @TempDir
    Path dir;

    /** A textured screen with a striped 60x30 button centred on {@code button}. */
    private static Image screenWithButton(Point button) {
        int[] px = new int[W * H];
        Random r = new Random(7);
        for (int i = 0; i < px.length; i++) {
            int g = 200 + r.nextInt(20);
            px[i] = g << 16 | g << 8 | g;
        }
        for (int y = -15; y < 15; y++) {
            for (int x = -30; x < 30; x++) {
                boolean stripe = ((x + 30) / 6 + (y + 15) / 5) % 2 == 0;
                px[(button.y() + y) * W + button.x() + x] = stripe ? 0x1E5AA8 : 0x3C78D8;
            }
        }
        return Image.wrap(W, H, px);
    }

    private JsonWorkflowStore runnerFolder(String runner) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(runner));
        Files.writeString(folder.resolve(WF + ".json"),
                "{\"actions\": [{\"type\": \"click\", \"x\": 100, \"y\": 100, \"description\": \"Sign in\"}]}");
        return JsonWorkflowStore.inDirectory(folder);
    }

    @Test
    void attemptHeal_twoRunnersOneStore_healsTakeTurnsAndBothEndAtTheFix() throws Exception {
        String ns = PgCluster.freshNamespace("heal_lock");
        Image before = screenWithButton(OLD);
        Image after = screenWithButton(NEW);
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch bothStarted = new CountDownLatch(2);
        try (PostgresStore a = PgCluster.shared().builder(ns).build();
             PostgresStore b = PgCluster.shared().builder(ns).build()) {
            a.save(new Baseline(WF, 0, OLD, before.cropAround(OLD, 100, 100), before, Instant.EPOCH, null));
            JsonWorkflowStore filesA = runnerFolder("a");
            JsonWorkflowStore filesB = runnerFolder("b");
            Healer healerA = runner(a, filesA, after, "a", events);
            Healer healerB = runner(b, filesB, after, "b", events);
            CompletableFuture<HealResult> ra = CompletableFuture.supplyAsync(() -> {
                bothStarted.countDown();
                return healerA.attemptHeal(failing());
            }, Threads.EACH);
            CompletableFuture<HealResult> rb = CompletableFuture.supplyAsync(() -> {
                bothStarted.countDown();
                return healerB.attemptHeal(failing());
            }, Threads.EACH);
            HealResult first = ra.get(50, TimeUnit.SECONDS);
            HealResult second = rb.get(50, TimeUnit.SECONDS);

            assertTrue(first.healed() && second.healed(), first.reason() + " / " + second.reason());
            assertEquals(NEW, filesA.step(WF, 0).point());
            assertEquals(NEW, filesB.step(WF, 0).point());
            assertEquals(4, events.size(), events.toString());
            // the verifications never interleave: one heal's start and end, then the other's
            assertEquals(events.get(0).charAt(0), events.get(1).charAt(0), events.toString());
            assertTrue(events.get(0).endsWith("start") && events.get(1).endsWith("end"), events.toString());
            assertEquals(Optional.of(NEW), a.current(WF, 0).map(Baseline::point), "re-baselined at the fix");
            HealResult later = events.get(0).startsWith("a") ? second : first;
            assertEquals(Optional.of("store"), later.locator(), "the later runner healed from the first one's fix");
        }
    }

    @Test
    void attemptHeal_storeClosed_notHealedNamingTheLockAndNothingWritten() throws Exception {
        PostgresStore closed = PgCluster.shared().builder(PgCluster.freshNamespace("heal_closed")).build();
        closed.close();
        JsonWorkflowStore files = runnerFolder("c");
        byte[] original = Files.readAllBytes(dir.resolve("c").resolve(WF + ".json"));
        HealResult r = runner(closed, files, screenWithButton(NEW), "c", new CopyOnWriteArrayList<>())
                .attemptHeal(failing());
        assertEquals(HealStatus.NOT_HEALED, r.status());
        assertTrue(r.reason().contains("store's lock"), r.reason());
        assertEquals(new String(original), Files.readString(dir.resolve("c").resolve(WF + ".json")));
    }

    private static Healer runner(PostgresStore store, JsonWorkflowStore files, Image screen, String name,
                                 List<String> events) {
        return Healer.builder().screen(() -> screen).store(store).workflows(files)
                .locator(TemplateLocator.create()).sleeper(d -> { })
                .verifier((id, step) -> {
                    events.add(name + " start");
                    // give the other runner time to reach the lock while this heal holds it
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    events.add(name + " end");
                    return files.step(id, step).point().distanceTo(NEW) <= 5
                            ? VerificationResult.succeeded() : VerificationResult.failedAt(step, 0.2);
                }).build();
    }

    private static HealRequest failing() {
        return HealRequest.of(WF, 0, 0.24, null).withConsecutiveFailures(2);
    }
}
