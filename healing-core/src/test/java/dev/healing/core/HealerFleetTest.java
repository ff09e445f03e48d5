package dev.healing.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.ApprovalClass;
import dev.healing.api.Baseline;
import dev.healing.api.BaselineStore;
import dev.healing.api.Candidate;
import dev.healing.api.ElementCheck;
import dev.healing.api.FailureKind;
import dev.healing.api.HealListener;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.HealingMemory;
import dev.healing.api.HealingStore;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import dev.healing.api.Proposal;
import dev.healing.api.ProposalStore;
import dev.healing.api.Revision;
import dev.healing.api.RunLog;
import dev.healing.api.StoreException;
import dev.healing.api.TrustLedger;
import dev.healing.api.VerificationResult;
import dev.healing.api.Verifier;
import dev.healing.api.VisionLocator;
import dev.healing.api.WorkflowException;
import dev.healing.api.WorkflowStep;
import dev.healing.api.WorkflowStore;
import dev.healing.core.workflow.JsonWorkflowStore;
import dev.healing.testing.Threads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Healers sharing one {@link HealingStore}: each heal runs inside the store's lock for its step. */
final class HealerFleetTest {
    private static final String WF = "login";
    private static final Point OLD = new Point(100, 100);
    private static final Point NEW = new Point(400, 250);
    private static final Point WRONG_FIX = new Point(550, 80);
    private static final String WORKFLOW = """
            {"actions": [{"type": "click", "x": 100, "y": 100, "description": "Click Sign in"}]}
            """;

    @TempDir
    Path dir;
    JsonWorkflowStore workflows;
    Image before;
    Image after;
    RecordingStore store;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve(WF + ".json"), WORKFLOW);
        workflows = JsonWorkflowStore.inDirectory(dir);
        before = Fixtures.screenWithButton(OLD);
        after = Fixtures.screenWithButton(NEW);
        store = new RecordingStore(new InMemoryStore());
        store.baselines().save(new Baseline(WF, 0, OLD, before.cropAround(OLD, 100, 100), before, Instant.EPOCH,
                null));
    }

    private Verifier verifierAcceptingNear(Point target) {
        return (id, step) -> workflows.step(id, step).point().distanceTo(target) <= 5
                ? VerificationResult.succeeded() : VerificationResult.failedAt(step, 0.2);
    }

    private HealerBuilder runner(VisionLocator vision) {
        return Healer.builder().screen(() -> after).store(store).workflows(workflows)
                .verifier(verifierAcceptingNear(NEW)).locator(vision).sleeper(d -> { });
    }

    private static HealRequest failing() {
        return HealRequest.of(WF, 0, 0.24, null).withConsecutiveFailures(2);
    }

    @Test
    void attemptHeal_twoRunnersSameStep_oneModelCallSecondHealsFromFirstFix() throws Exception {
        CountDownLatch secondWaiting = new CountDownLatch(2);
        store.onArrival = secondWaiting::countDown;
        FakeVision vision = new FakeVision(NEW, () -> {
            try {
                // hold the first heal until the second runner waits at the store's lock
                assertTrue(secondWaiting.await(10, TimeUnit.SECONDS), "second runner never reached the lock");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Healer first = runner(vision).build();
        Healer second = runner(vision).build();
        CompletableFuture<HealResult> a = CompletableFuture.supplyAsync(() -> first.attemptHeal(failing()), Threads.EACH);
        CompletableFuture<HealResult> b = CompletableFuture.supplyAsync(() -> second.attemptHeal(failing()), Threads.EACH);
        HealResult ra = a.get(30, TimeUnit.SECONDS);
        HealResult rb = b.get(30, TimeUnit.SECONDS);
        assertEquals(1, vision.calls.get(), "the model was asked once for the fleet");
        assertEquals(List.of(WF + "#0", WF + "#0"), store.calls);
        assertTrue(ra.healed() && rb.healed(), ra.reason() + " / " + rb.reason());
        assertEquals(NEW, workflows.step(WF, 0).point());
        HealResult later = ra.oldPoint().equals(Optional.of(OLD)) ? rb : ra;
        assertEquals(Optional.of(NEW), later.oldPoint(), "the later heal re-read the step inside the lock");
        assertFalse(later.locator().equals(Optional.of("vision")), later.reason());
    }

    @Test
    void attemptHeal_runnersWithOwnWorkflowFiles_laterHealsFromTheStoredFixWithoutTheModel() throws Exception {
        JsonWorkflowStore[] files = new JsonWorkflowStore[2];
        for (int i = 0; i < 2; i++) {
            Path folder = Files.createDirectories(dir.resolve("runner" + i));
            Files.writeString(folder.resolve(WF + ".json"), WORKFLOW);
            files[i] = JsonWorkflowStore.inDirectory(folder);
        }
        FakeVision vision = new FakeVision(NEW, () -> { });
        HealResult[] results = new HealResult[2];
        for (int i = 0; i < 2; i++) {
            JsonWorkflowStore mine = files[i];
            results[i] = Healer.builder().screen(() -> after).store(store).workflows(mine).locator(vision)
                    .verifier((id, step) -> mine.step(id, step).point().distanceTo(NEW) <= 5
                            ? VerificationResult.succeeded() : VerificationResult.failedAt(step, 0.2))
                    .sleeper(d -> { }).build().attemptHeal(failing());
        }
        assertTrue(results[0].healed() && results[1].healed(), results[0].reason() + " / " + results[1].reason());
        assertEquals(Optional.of("vision"), results[0].locator());
        assertEquals(Optional.of("store"), results[1].locator(), results[1].reason());
        assertEquals(Optional.of(OLD), results[1].oldPoint());
        assertEquals(NEW, files[1].step(WF, 0).point());
        assertEquals(1, vision.calls.get(), "the model was asked once for both runners");
    }

    @Test
    void attemptHeal_storedFixNoLongerOnScreen_fallsBackToTheChain() throws Exception {
        store.baselines().save(new Baseline(WF, 0, WRONG_FIX, after.cropAround(NEW, 100, 100), after,
                Instant.EPOCH, null));
        FakeVision vision = new FakeVision(NEW, () -> { });
        HealResult r = runner(vision).build().attemptHeal(failing());
        assertTrue(r.healed(), r.reason());
        assertEquals(Optional.of("vision"), r.locator());
        assertTrue(r.trace().notes().stream().anyMatch(n -> n.contains("re-saved at " + WRONG_FIX)),
                r.trace().notes().toString());
    }

    @Test
    void approve_withStore_appliesUnderTheStepLockAndRefusesOneAppliedMeanwhile() {
        Proposal p = new Proposal("p1", WF, 0, "Click Sign in", OLD, Candidate.at(NEW, 0.9, "vision", "test"),
                ApprovalClass.C, FailureKind.MOVED, "sensitive", Instant.EPOCH, Proposal.Status.PENDING, null);
        store.proposals().submit(p);
        Healer healer = runner(new FakeVision(NEW, () -> { })).build();
        // another runner applies it while this one waits for the lock
        store.onArrival = () -> store.proposals().resolve("p1", Proposal.Status.APPLIED, "by runner b");
        assertThrows(IllegalStateException.class, () -> healer.approve("p1"));
        assertEquals(List.of(WF + "#0"), store.calls);
        assertEquals(OLD, workflows.step(WF, 0).point(), "not applied twice");
    }

    @Test
    void attemptHeal_storeLockUnavailable_notHealedNamingItAndNothingAsked() throws IOException {
        store.lockError = new StoreException("connection to postgresql://fleet lost");
        FakeVision vision = new FakeVision(NEW, () -> { });
        byte[] original = Files.readAllBytes(dir.resolve(WF + ".json"));
        HealResult r = runner(vision).build().attemptHeal(failing());
        assertEquals(HealStatus.NOT_HEALED, r.status());
        assertTrue(r.reason().contains("store's lock") && r.reason().contains("connection to postgresql://fleet lost"),
                r.reason());
        assertEquals(0, vision.calls.get());
        assertEquals(List.of(WF + "#0"), store.calls);
        assertEquals(original.length, Files.readAllBytes(dir.resolve(WF + ".json")).length);
    }

    @Test
    void attemptHeal_gateSkips_storeLockNeverTaken() {
        FakeVision vision = new FakeVision(NEW, () -> { });
        HealResult r = runner(vision).build().attemptHeal(HealRequest.of(WF, 0, 0.95, null));
        assertEquals(HealStatus.SKIPPED, r.status());
        assertEquals(List.of(), store.calls);
    }

    @Test
    void attemptHeal_withoutStore_runsWithoutLock() {
        FakeVision vision = new FakeVision(NEW, () -> { });
        HealResult r = Healer.builder().screen(() -> after).baselines(store.baselines()).workflows(workflows)
                .verifier(verifierAcceptingNear(NEW)).locator(vision).build().attemptHeal(failing());
        assertTrue(r.healed(), r.reason());
        assertEquals(List.of(), store.calls);
    }

    @Test
    void attemptHeal_leftOverMarkCannotBeRestored_notHealedBeforeAnyLocatorIsAsked() {
        FakeVision vision = new FakeVision(NEW, () -> { });
        List<String> recovered = new CopyOnWriteArrayList<>();
        WorkflowStore refusing = new WorkflowStore() {
            @Override
            public WorkflowStep step(String workflowId, int stepIndex) {
                return workflows.step(workflowId, stepIndex);
            }

            @Override
            public int stepCount(String workflowId) {
                return workflows.stepCount(workflowId);
            }

            @Override
            public Revision move(String workflowId, int stepIndex, Point newPoint, String reason) {
                return workflows.move(workflowId, stepIndex, newPoint, reason);
            }

            @Override
            public void commit(Revision revision) {
                workflows.commit(revision);
            }

            @Override
            public void rollback(Revision revision) {
                workflows.rollback(revision);
            }

            @Override
            public List<Integer> recover(String workflowId) {
                recovered.add(workflowId);
                throw new WorkflowException(workflowId + ": step 0 keeps a provisional mark with no history");
            }
        };
        HealResult r = runner(vision).workflows(refusing).build().attemptHeal(failing());
        assertEquals(HealStatus.NOT_HEALED, r.status());
        assertTrue(r.reason().contains("provisional mark with no history"), r.reason());
        assertEquals(List.of(WF), recovered);
        assertEquals(0, vision.calls.get());
    }

    /** A paid locator answering one point, counting its calls. */
    static final class FakeVision implements VisionLocator {
        final AtomicInteger calls = new AtomicInteger();
        final List<LocateQuery> queries = new CopyOnWriteArrayList<>();
        private final Point answer;
        private final Runnable during;

        FakeVision(Point answer, Runnable during) {
            this.answer = answer;
            this.during = during;
        }

        @Override
        public String name() {
            return "vision";
        }

        @Override
        public LocateResult locate(LocateQuery query) {
            calls.incrementAndGet();
            queries.add(query);
            during.run();
            return LocateResult.found(List.of(Candidate.at(answer, 0.9, "vision", "the Sign in button")));
        }

        @Override
        public ElementCheck verifyElement(Image screen, Point point, String description) {
            return new ElementCheck(true, 0.95, "it is", null);
        }
    }

    /** Delegates to a store, recording each {@link #exclusively} call; may refuse the lock. */
    static final class RecordingStore implements HealingStore {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile Runnable onArrival = () -> { };
        volatile StoreException lockError;
        private final HealingStore delegate;

        RecordingStore(HealingStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public <T> T exclusively(String workflowId, int stepIndex, Supplier<T> heal) {
            calls.add(workflowId + "#" + stepIndex);
            onArrival.run();
            if (lockError != null) {
                throw lockError;
            }
            return delegate.exclusively(workflowId, stepIndex, heal);
        }

        @Override
        public BaselineStore baselines() {
            return delegate.baselines();
        }

        @Override
        public HealingMemory memory() {
            return delegate.memory();
        }

        @Override
        public ProposalStore proposals() {
            return delegate.proposals();
        }

        @Override
        public TrustLedger trust() {
            return delegate.trust();
        }

        @Override
        public HealListener log() {
            return delegate.log();
        }

        @Override
        public RunLog runs() {
            return delegate.runs();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
