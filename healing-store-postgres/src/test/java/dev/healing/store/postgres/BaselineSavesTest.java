package dev.healing.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Group commit of baseline saves, against a writer that records what it was asked to write. */
@Timeout(30)
final class BaselineSavesTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** Versions are the step index times 10; a save of step 13 fails; {@code together} fails when told to. */
    private static final class RecordingWriter implements BaselineSaves.Writer {
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch releaseFirst = new CountDownLatch(1);
        final List<List<Integer>> groups = new ArrayList<>();
        final AtomicInteger alone = new AtomicInteger();
        volatile boolean groupsFail;

        @Override
        public int alone(BaselineSaves.Save save) {
            if (alone.incrementAndGet() == 1) {
                firstStarted.countDown();
                try {
                    assertTrue(releaseFirst.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return version(save);
        }

        @Override
        public int[] together(List<BaselineSaves.Save> saves) {
            List<Integer> steps = new ArrayList<>();
            for (BaselineSaves.Save s : saves) {
                steps.add(s.baseline.stepIndex());
            }
            groups.add(steps);
            if (groupsFail) {
                throw new StoreException("the group's transaction failed");
            }
            int[] out = new int[saves.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = version(saves.get(i));
            }
            return out;
        }

        private static int version(BaselineSaves.Save save) {
            if (save.baseline.stepIndex() == 13) {
                throw new StoreException("step 13 cannot be saved");
            }
            return save.baseline.stepIndex() * 10;
        }
    }

    private static BaselineSaves.Save save(int step) {
        return new BaselineSaves.Save(Fixtures.baseline("wf", step, 10, step), new byte[] {1}, null, 0);
    }

    /** Starts a save of {@code step} on a thread of its own. */
    private Future<Integer> saveBehind(BaselineSaves saves, int step) {
        return threads.submit(() -> saves.save(save(step)));
    }

    @Test
    void save_alone_isOneStatementWithItsVersion() {
        RecordingWriter writer = new RecordingWriter();
        writer.releaseFirst.countDown();
        BaselineSaves saves = new BaselineSaves(writer);

        assertEquals(30, saves.save(save(3)));
        assertEquals(1, writer.alone.get());
        assertTrue(writer.groups.isEmpty());
    }

    @Test
    void save_arrivingWhileAnotherCommits_areCommittedTogetherInStepOrder() throws Exception {
        RecordingWriter writer = new RecordingWriter();
        BaselineSaves saves = new BaselineSaves(writer);
        Future<Integer> first = threads.submit(() -> saves.save(save(1)));
        assertTrue(writer.firstStarted.await(10, TimeUnit.SECONDS));
        List<Future<Integer>> later = List.of(saveBehind(saves, 7), saveBehind(saves, 5),
                saveBehind(saves, 6));
        awaitQueued(saves, 3);
        writer.releaseFirst.countDown();

        assertEquals(10, first.get(10, TimeUnit.SECONDS));
        assertEquals(70, later.get(0).get(10, TimeUnit.SECONDS));
        assertEquals(50, later.get(1).get(10, TimeUnit.SECONDS));
        assertEquals(60, later.get(2).get(10, TimeUnit.SECONDS));
        assertEquals(List.of(List.of(5, 6, 7)), writer.groups, "one transaction for the three");
        assertEquals(1, writer.alone.get());
    }

    @Test
    void save_groupFails_eachSaveIsRetriedAloneAndOnlyTheBadOneFails() throws Exception {
        RecordingWriter writer = new RecordingWriter();
        writer.groupsFail = true;
        BaselineSaves saves = new BaselineSaves(writer);
        Future<Integer> first = threads.submit(() -> saves.save(save(1)));
        assertTrue(writer.firstStarted.await(10, TimeUnit.SECONDS));
        Future<Integer> good = saveBehind(saves, 4);
        Future<Integer> bad = saveBehind(saves, 13);
        awaitQueued(saves, 2);
        writer.releaseFirst.countDown();

        assertEquals(10, first.get(10, TimeUnit.SECONDS));
        assertEquals(40, good.get(10, TimeUnit.SECONDS));
        ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
        assertSame(StoreException.class, e.getCause().getClass());
        assertTrue(e.getCause().getMessage().contains("step 13"), e.getCause().getMessage());
        assertEquals(1, writer.groups.size());
        assertEquals(3, writer.alone.get(), "the first, then each of the failed group alone");
    }

    @Test
    void save_moreThanAGroupWaiting_everySaveCompletes() throws Exception {
        RecordingWriter writer = new RecordingWriter();
        BaselineSaves saves = new BaselineSaves(writer);
        Future<Integer> first = threads.submit(() -> saves.save(save(1)));
        assertTrue(writer.firstStarted.await(10, TimeUnit.SECONDS));
        List<Future<Integer>> later = new ArrayList<>();
        int count = BaselineSaves.MAX_GROUP + 6;
        for (int i = 0; i < count; i++) {
            later.add(saveBehind(saves, 100 + i));
        }
        awaitQueued(saves, count);
        writer.releaseFirst.countDown();

        assertEquals(10, first.get(10, TimeUnit.SECONDS));
        for (int i = 0; i < count; i++) {
            assertEquals((100 + i) * 10, later.get(i).get(10, TimeUnit.SECONDS));
        }
        assertTrue(writer.groups.size() >= 2, "at most " + BaselineSaves.MAX_GROUP + " a group: " + writer.groups.size());
        assertEquals(count, writer.groups.stream().mapToInt(List::size).sum());
    }

    private static void awaitQueued(BaselineSaves saves, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (saves.waiting() < n) {
            assertTrue(System.nanoTime() < deadline, "saves queued: " + saves.waiting() + " of " + n);
            Thread.sleep(5);
        }
    }
}
