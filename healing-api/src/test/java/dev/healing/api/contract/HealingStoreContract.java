package dev.healing.api.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.ApprovalClass;
import dev.healing.api.Baseline;
import dev.healing.api.Candidate;
import dev.healing.api.FailureKind;
import dev.healing.api.HealingStore;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.Proposal;
import dev.healing.api.RememberedFix;
import dev.healing.api.StoreException;
import dev.healing.api.TrustLedger;
import dev.healing.api.store.TrustPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link HealingStore} shares: subclass it with a factory for an empty store
 * and the same tests run against the in-memory, SQLite and PostgreSQL stores. Shipped in
 * healing-api's test-jar.
 */
@Timeout(60)
public abstract class HealingStoreContract {
    /** A fixed instant the tests record at. */
    protected static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

    /** The store under test, fresh and empty for every test. */
    protected HealingStore store;

    /** For subclasses. */
    protected HealingStoreContract() {
    }

    /** @return a new, empty store; closed after the test */
    protected abstract HealingStore newStore() throws Exception;

    /**
     * @return another store on the same data as the last one {@link #newStore} or this method
     *     made (the same file opened again, a second instance on the same database and
     *     namespace), or {@code null} for stores that keep nothing beyond their instance (in
     *     memory); the caller closes it
     */
    protected HealingStore openAgain() throws Exception {
        return null;
    }

    @BeforeEach
    final void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    final void closeStore() {
        store.close();
    }

    /** A noisy image: different seeds give different pictures and appearance hashes. */
    protected static Image image(int width, int height, long seed) {
        Random r = new Random(seed);
        int[] px = new int[width * height];
        for (int i = 0; i < px.length; i++) {
            px[i] = r.nextInt(0x1000000);
        }
        return Image.wrap(width, height, px);
    }

    private static Baseline baseline(String workflow, int step, int x, long seed) {
        return new Baseline(workflow, step, Point.of(x, 20), image(12, 12, seed), null, T0, "recorded");
    }

    private static Proposal proposal(String id, String workflow) {
        return new Proposal(id, workflow, 2, "Post button", Point.of(10, 10),
                Candidate.at(Point.of(40, 50), 0.9, "template", "found"), ApprovalClass.B, FailureKind.MOVED,
                "publishing step", T0, Proposal.Status.PENDING, null);
    }

    @Test
    void baselines_unknownStep_isEmpty() {
        assertTrue(store.baselines().current("wf", 1).isEmpty());
    }

    @Test
    void baselines_saveTwice_currentIsTheLatestWithItsPixels() {
        store.baselines().save(baseline("wf", 1, 10, 1));
        store.baselines().save(baseline("wf", 1, 30, 2));

        Baseline b = store.baselines().current("wf", 1).orElseThrow();
        assertEquals(Point.of(30, 20), b.point());
        assertEquals(image(12, 12, 2), b.crop());
        assertTrue(store.baselines().current("wf", 2).isEmpty(), "another step has none");
    }

    @Test
    void memory_successRecorded_isRecalledForThatAppearanceOnly() {
        Image crop = image(12, 12, 3);
        store.memory().record("wf", 1, "hash-a", Point.of(200, 120), crop, true, T0);

        List<RememberedFix> fixes = store.memory().recall("wf", 1, "hash-a");
        assertEquals(1, fixes.size());
        assertEquals(Point.of(200, 120), fixes.get(0).point());
        assertEquals(1, fixes.get(0).successes());
        assertEquals(crop, fixes.get(0).crop());
        assertTrue(store.memory().recall("wf", 1, "hash-b").isEmpty());
        assertTrue(store.memory().recall("wf", 2, "hash-a").isEmpty());
    }

    @Test
    void memory_fixThatFailedLast_comesAfterOneThatHealed() {
        store.memory().record("wf", 1, "h", Point.of(100, 100), image(12, 12, 4), true, T0);
        store.memory().record("wf", 1, "h", Point.of(300, 300), image(12, 12, 5), true, T0.plusSeconds(1));
        store.memory().record("wf", 1, "h", Point.of(300, 300), image(12, 12, 5), false, T0.plusSeconds(2));

        List<RememberedFix> fixes = store.memory().recall("wf", 1, "h");
        assertEquals(2, fixes.size());
        assertEquals(Point.of(100, 100), fixes.get(0).point());
        assertTrue(fixes.get(1).failedLast());
        assertEquals(1, fixes.get(1).failures());
    }

    @Test
    void proposals_submitThenApprove_leavesPendingAndIsApproved() {
        store.proposals().submit(proposal("p1", "wf"));
        assertEquals(List.of("p1"), store.proposals().pending().stream().map(Proposal::id).toList());

        store.proposals().resolve("p1", Proposal.Status.APPROVED, "ok");

        assertTrue(store.proposals().pending().isEmpty());
        assertEquals(Proposal.Status.APPROVED, store.proposals().proposal("p1").orElseThrow().status());
        assertEquals(List.of("p1"), store.proposals().approved().stream().map(Proposal::id).toList());
    }

    @Test
    void proposals_usedId_isRefusedAndTheFirstKept() {
        store.proposals().submit(proposal("p1", "wf"));
        assertThrows(RuntimeException.class, () -> store.proposals().submit(proposal("p1", "other")));
        assertEquals("wf", store.proposals().proposal("p1").orElseThrow().workflowId());
    }

    @Test
    void proposals_resolveUnknown_isStoreException() {
        assertThrows(StoreException.class, () -> store.proposals().resolve("nope", Proposal.Status.REJECTED, ""));
    }

    @Test
    void trust_followsTheSharedPolicy() {
        assertEquals(TrustPolicy.START, store.trust().trust("wf"), 1e-9);
        store.trust().record("wf", TrustLedger.Event.VERIFIED);
        store.trust().record("wf", TrustLedger.Event.REJECTED);
        double expected = TrustPolicy.next(TrustPolicy.next(TrustPolicy.START, TrustLedger.Event.VERIFIED),
                TrustLedger.Event.REJECTED);
        assertEquals(expected, store.trust().trust("wf"), 1e-9);
        for (int i = 0; i < 10; i++) {
            store.trust().record("wf", TrustLedger.Event.FAILED);
        }
        assertEquals(0.0, store.trust().trust("wf"), 1e-9, "clamped at 0");
        assertEquals(TrustPolicy.START, store.trust().trust("other"), 1e-9);
    }

    @Test
    void runs_startTwice_givesDistinctIdsAndFinishes() {
        long a = store.runs().startRun("wf", "runner-1");
        long b = store.runs().startRun("wf", "runner-2");
        assertNotEquals(a, b);
        store.runs().recordStepRun("wf", 0, 0.97, true);
        store.runs().finishRun(a, true, -1);
        store.runs().finishRun(b, false, 3);
    }

    @Test
    void exclusively_returnsTheHealsResult() {
        assertEquals("healed", store.exclusively("wf", 1, () -> "healed"));
    }

    @Test
    void exclusively_exceptionPassesThrough_andTheStepIsFreeAfter() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> store.exclusively("wf", 1, () -> {
                    throw new IllegalStateException("verifier broke");
                }));
        assertEquals("verifier broke", e.getMessage());
        assertEquals(1, store.exclusively("wf", 1, () -> 1));
    }

    @Test
    void exclusively_sameStepFromFourThreads_neverTwoAtOnce() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    int n = 0;
                    for (int i = 0; i < 25; i++) {
                        n += store.exclusively("wf", 7, () -> {
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.yield();
                            inside.decrementAndGet();
                            return 1;
                        });
                    }
                    return n;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get(50, TimeUnit.SECONDS);
            }
            assertEquals(100, total);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, most.get(), "two heals of one step ran at once");
    }

    @Test
    void exclusively_otherStep_doesNotWait() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> store.exclusively("wf", 1, () -> {
            holding.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holder.start();
        try {
            assertTrue(holding.await(20, TimeUnit.SECONDS));
            assertEquals("other", store.exclusively("wf", 2, () -> "other"));
            assertFalse(release.getCount() == 0, "the first heal still holds step 1");
        } finally {
            release.countDown();
            holder.join(20_000);
        }
    }

    @Test
    void calibrations_unknownKey_isEmpty() {
        assertTrue(store.calibrations().find("https://openrouter.ai/api/v1|qwen/qwen3-vl|QWEN3_VL").isEmpty());
    }

    @Test
    void calibrations_savedTwice_findReturnsTheLatestForThatKeyOnly() {
        store.calibrations().save("endpoint-a|model|P", "{\"space\":\"PIXELS\"}");
        store.calibrations().save("endpoint-b|model|P", "{\"space\":\"THOUSANDTHS\"}");
        store.calibrations().save("endpoint-a|model|P", "{\"space\":\"UNIT\",\"shrink\":1024}");

        assertEquals(Optional.of("{\"space\":\"UNIT\",\"shrink\":1024}"), store.calibrations().find("endpoint-a|model|P"));
        assertEquals(Optional.of("{\"space\":\"THOUSANDTHS\"}"), store.calibrations().find("endpoint-b|model|P"));
        assertTrue(store.calibrations().find("endpoint-c|model|P").isEmpty());
    }

    @Test
    void calibrations_nullKeyOrValue_isRefusedAndNothingStored() {
        assertThrows(NullPointerException.class, () -> store.calibrations().save(null, "v"));
        assertThrows(NullPointerException.class, () -> store.calibrations().save("k", null));
        assertThrows(NullPointerException.class, () -> store.calibrations().find(null));
        assertTrue(store.calibrations().find("k").isEmpty());
    }

    @Test
    void calibrations_savedByOneStore_areSeenByAnotherOnTheSameData() throws Exception {
        store.calibrations().save("k", "first");
        try (HealingStore other = openAgain()) {
            if (other == null) {
                assertEquals(Optional.of("first"), store.calibrations().find("k"), "a store sees its own saves");
                return;
            }
            assertEquals(Optional.of("first"), other.calibrations().find("k"));
            other.calibrations().save("k", "second");
            assertEquals(Optional.of("second"), store.calibrations().find("k"), "the later save wins for both");
        }
    }

    @Test
    void calibrations_surviveClosingAndReopeningTheStore() throws Exception {
        store.calibrations().save("k", "kept");
        store.close();
        HealingStore reopened = openAgain();
        if (reopened == null) {
            try (HealingStore fresh = newStore()) {
                assertTrue(fresh.calibrations().find("k").isEmpty(), "a store that keeps nothing starts empty");
            }
            return;
        }
        store = reopened;
        assertEquals(Optional.of("kept"), store.calibrations().find("k"));
    }
}
