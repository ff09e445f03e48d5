package dev.healing.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Baseline;
import dev.healing.api.BaselineStore;
import dev.healing.api.Candidate;
import dev.healing.api.Escalation;
import dev.healing.api.HealListener;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.HealingMemory;
import dev.healing.api.HealingStore;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Locator;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import dev.healing.api.ProposalStore;
import dev.healing.api.Revision;
import dev.healing.api.RunLog;
import dev.healing.api.TrustLedger;
import dev.healing.api.VerificationResult;
import dev.healing.api.VerificationTrial;
import dev.healing.api.Verifier;
import dev.healing.api.WorkflowException;
import dev.healing.api.WorkflowStep;
import dev.healing.api.WorkflowStore;
import dev.healing.core.match.FailureClassifier;
import dev.healing.core.match.TemplateLocator;
import dev.healing.core.workflow.JsonWorkflowStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs and failures that must end in a result, never in a wrong click or a provisional file left behind. */
final class HealerHardeningTest {
    private static final String WF = "login";
    private static final Point OLD = new Point(100, 100);
    private static final Point NEW = new Point(400, 250);
    private static final String WORKFLOW = """
            {"actions": [
              {"type": "click", "x": 100, "y": 100, "description": "Click Sign in"},
              {"type": "click", "x": 300, "y": 300, "description": "Click Compose"}
            ]}
            """;

    @TempDir
    Path dir;
    Path file;
    JsonWorkflowStore workflows;
    InMemoryBaselineStore baselines;
    Image before;
    Image after;
    final AtomicInteger verifications = new AtomicInteger();
    final List<HealResult> results = new ArrayList<>();
    final List<Escalation> escalations = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        file = dir.resolve(WF + ".json");
        Files.writeString(file, WORKFLOW);
        workflows = JsonWorkflowStore.inDirectory(dir);
        before = Fixtures.screenWithButton(OLD);
        after = Fixtures.screenWithButton(NEW);
        baselines = new InMemoryBaselineStore();
        baselines.save(new Baseline(WF, 0, OLD, before.cropAround(OLD, 100, 100), before, Instant.EPOCH, null));
    }

    private static Locator answering(Candidate... candidates) {
        return new Locator() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public LocateResult locate(LocateQuery query) {
                return LocateResult.found(List.of(candidates));
            }
        };
    }

    private final HealListener recorder = new HealListener() {
        @Override
        public void onResult(HealRequest request, HealResult result) {
            results.add(result);
        }

        @Override
        public void onEscalation(HealRequest request, Escalation escalation) {
            escalations.add(escalation);
        }
    };

    private HealerBuilder healer(Image screen, WorkflowStore store, Verifier verifier, Locator locator) {
        return Healer.builder().screen(() -> screen).baselines(baselines).workflows(store).verifier(verifier)
                .locator(locator).classifier(FailureClassifier.alwaysRelocate()).sleeper(d -> { })
                .listener(recorder);
    }

    private Verifier accepting() {
        return (id, step) -> {
            verifications.incrementAndGet();
            return VerificationResult.succeeded();
        };
    }

    private static HealRequest failing() {
        return HealRequest.of(WF, 0, 0.2, null).withConsecutiveFailures(2);
    }

    @Test
    void attemptHeal_candidateOutsideTheCapturedFrame_rejectedNeverWrittenNorVerified() throws IOException {
        HealResult r = healer(after, workflows, accepting(), answering(Candidate.at(new Point(950, 300), 0.99, "fake",
                ""))).build().attemptHeal(failing());

        assertEquals(HealStatus.NOT_HEALED, r.status(), r.reason());
        assertTrue(r.reason().contains("outside the 640x400 screen"), r.reason());
        assertEquals(0, verifications.get(), "nothing off-screen is ever verified");
        assertEquals(WORKFLOW, Files.readString(file));
        assertEquals(1, escalations.size());
        assertEquals(escalations.get(0), r.escalation().orElseThrow(), "the result carries its escalation");
    }

    @Test
    void attemptHeal_offScreenCandidateThenOnScreenOne_healsWithTheOnScreenOne() {
        HealResult r = healer(after, workflows, accepting(), answering(Candidate.at(new Point(950, 300), 0.99, "fake",
                ""), Candidate.at(NEW, 0.95, "fake", ""))).build().attemptHeal(failing());

        assertEquals(HealStatus.HEALED, r.status(), r.reason());
        assertEquals(Optional.of(NEW), r.newPoint());
        assertEquals(1, r.attempts());
    }

    @Test
    void attemptHeal_rollbackFails_resultStoreAndEscalationSayTheWorkflowMayHoldTheCandidate() {
        WorkflowStore brokenRollback = new WorkflowStore() {
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
                throw new WorkflowException("backup " + revision.backup() + " is gone");
            }
        };
        List<HealResult> logged = new ArrayList<>();
        HealingStore store = store(logged);
        HealResult r = Healer.builder().screen(() -> after).store(store).workflows(brokenRollback)
                .verifier((id, step) -> VerificationResult.failedAt(step, 0.1))
                .locator(answering(Candidate.at(NEW, 0.95, "fake", ""), Candidate.at(new Point(300, 80), 0.94, "fake",
                        ""))).classifier(FailureClassifier.alwaysRelocate()).listener(recorder).build()
                .attemptHeal(failing());

        assertEquals(HealStatus.NOT_HEALED, r.status());
        assertTrue(r.reason().contains("rollback failed") && r.reason().contains("is gone"), r.reason());
        assertEquals(1, r.attempts(), "no further candidate is written over a failed rollback");
        assertTrue(r.history().get(0).note().contains("ROLLBACK FAILED"), r.history().get(0).note());
        assertEquals(1, logged.size(), "the store's heal log heard the result");
        assertTrue(logged.get(0).reason().contains("rollback failed"), logged.get(0).reason());
        assertEquals(1, escalations.size());
        assertTrue(escalations.get(0).suggestedAction().contains("rollback failed"),
                escalations.get(0).suggestedAction());
    }

    @Test
    void attemptHeal_cropLargerThanScreen_notHealedNamingTheSizesAndEscalated() {
        Image tiny = Image.filled(64, 48, 0xFFFFFF);
        baselines.save(new Baseline(WF, 0, new Point(10, 10), before.cropAround(OLD, 100, 100), null, Instant.EPOCH,
                null));
        HealResult r = healer(tiny, workflows, accepting(), answering(Candidate.at(new Point(10, 10), 0.99, "fake", "")))
                .build().attemptHeal(HealRequest.of(WF, 0, 0.2, null).withConsecutiveFailures(2));

        // The step's point (100, 100) is outside the 64x48 screen: checked first.
        assertEquals(HealStatus.NOT_HEALED, r.status());
        assertTrue(r.reason().contains("64x48"), r.reason());
        assertEquals(1, results.size(), "listeners heard the result");
        assertEquals(1, escalations.size());
    }

    @Test
    void attemptHeal_cropLargerThanScreenAroundAnOnScreenPoint_notHealedNamingBothSizes() throws IOException {
        Files.writeString(file, WORKFLOW.replace("\"x\": 100, \"y\": 100", "\"x\": 20, \"y\": 20"));
        Image tiny = Image.filled(64, 48, 0xFFFFFF);
        baselines.save(new Baseline(WF, 0, new Point(20, 20), before.cropAround(OLD, 100, 100), null, Instant.EPOCH,
                null));
        HealResult r = Healer.builder().screen(() -> tiny).baselines(baselines).workflows(workflows)
                .verifier(accepting()).locator(answering(Candidate.at(new Point(30, 30), 0.99, "fake", "")))
                .listener(recorder).build().attemptHeal(failing());

        assertEquals(HealStatus.NOT_HEALED, r.status());
        assertTrue(r.reason().contains("100x100") && r.reason().contains("64x48"), r.reason());
        assertEquals(1, escalations.size());
        assertEquals(0, verifications.get());
    }

    @Test
    void attemptHeal_pointOutsideTheBaselineFrame_notHealedNamingTheFrameSize() {
        Image smallFrame = Image.filled(80, 60, 0xFFFFFF);
        baselines.save(new Baseline(WF, 0, new Point(40, 30), smallFrame.cropAround(new Point(40, 30), 40, 40),
                smallFrame, Instant.EPOCH, null));
        HealResult r = Healer.builder().screen(() -> after).baselines(baselines).workflows(workflows)
                .verifier(accepting()).locator(answering(Candidate.at(NEW, 0.99, "fake", ""))).listener(recorder)
                .build().attemptHeal(failing());

        assertEquals(HealStatus.NOT_HEALED, r.status());
        assertTrue(r.reason().contains("80x60"), r.reason());
        assertEquals(1, escalations.size());
    }

    @Test
    void attemptHeal_baselineFrameAndScreenDifferInSize_alwaysAResult() {
        Image[] frames = {before.crop(new Rect(0, 0, 320, 200)), Image.filled(320, 200, 0x808080)};
        Image[] screens = {after, after.crop(new Rect(150, 100, 320, 200)), Image.filled(640, 400, 0x808080)};
        for (Image frame : frames) {
            for (Image screen : screens) {
                baselines.save(new Baseline(WF, 0, OLD, before.cropAround(OLD, 100, 100), frame, Instant.EPOCH, null));
                HealResult r = Healer.builder().screen(() -> screen).baselines(baselines).workflows(workflows)
                        .verifier((id, step) -> VerificationResult.failedAt(step, 0.1))
                        .locator(TemplateLocator.create()).sleeper(d -> { }).build().attemptHeal(failing());
                assertEquals(HealStatus.NOT_HEALED, r.status(), r.reason());
            }
        }
    }

    @Test
    void attemptHeal_classifierRejectsTheInputs_notHealedNamingTheSizesWithEscalationAndListeners() {
        FailureClassifier strict = (screen, baseline) -> {
            throw new IllegalArgumentException("cannot compare a 80x50 region with a 40x25 region");
        };
        HealResult r = healer(after, workflows, accepting(), answering(Candidate.at(NEW, 0.95, "fake", "")))
                .classifier(strict).build().attemptHeal(failing());

        assertEquals(HealStatus.NOT_HEALED, r.status());
        assertTrue(r.reason().contains("80x50") && r.reason().contains("screen 640x400")
                && r.reason().contains("baseline frame 640x400"), r.reason());
        assertEquals(1, results.size());
        assertEquals(1, escalations.size());
        assertEquals(0, verifications.get());
    }

    @Test
    void attemptHeal_verifierThrowsAnError_fileRolledBackAndTheErrorPropagates() throws IOException {
        Healer h = healer(after, workflows, (id, step) -> {
            throw new StackOverflowError("verifier recursed");
        }, answering(Candidate.at(NEW, 0.95, "fake", ""))).build();

        assertThrows(StackOverflowError.class, () -> h.attemptHeal(failing()));

        assertEquals(OLD, workflows.step(WF, 0).point());
        assertFalse(Files.readString(file).contains("_healing_provisional"), Files.readString(file));
    }

    @Test
    void attemptHeal_verifierIsToldTheCandidateAndTheCropCutThere() {
        List<VerificationTrial> trials = new ArrayList<>();
        Verifier v = new Verifier() {
            @Override
            public VerificationResult runFrom(String workflowId, int stepIndex) {
                throw new AssertionError("verify(trial) is the call");
            }

            @Override
            public VerificationResult verify(VerificationTrial trial) {
                trials.add(trial);
                return VerificationResult.succeeded();
            }
        };
        HealResult r = healer(after, workflows, v, answering(Candidate.at(NEW, 0.95, "fake", ""))).build()
                .attemptHeal(failing());

        assertEquals(HealStatus.HEALED, r.status(), r.reason());
        assertEquals(1, trials.size());
        VerificationTrial t = trials.get(0);
        assertEquals(OLD, t.oldPoint());
        assertEquals(NEW, t.candidate());
        Image crop = t.provisionalBaseline().orElseThrow();
        assertEquals(after.cropAround(NEW, 100, 100), crop);
        assertEquals(crop, baselines.current(WF, 0).orElseThrow().crop(), "the crop verified is the new baseline");
    }

    private HealingStore store(List<HealResult> logged) {
        InMemoryHealingMemory memory = new InMemoryHealingMemory();
        InMemoryProposalStore proposals = new InMemoryProposalStore();
        InMemoryTrustLedger trust = new InMemoryTrustLedger();
        HealListener log = (request, result) -> logged.add(result);
        return new HealingStore() {
            @Override
            public BaselineStore baselines() {
                return baselines;
            }

            @Override
            public HealingMemory memory() {
                return memory;
            }

            @Override
            public ProposalStore proposals() {
                return proposals;
            }

            @Override
            public TrustLedger trust() {
                return trust;
            }

            @Override
            public HealListener log() {
                return log;
            }

            @Override
            public RunLog runs() {
                throw new UnsupportedOperationException("the healer never writes the run log");
            }

            @Override
            public void close() {
            }
        };
    }
}
