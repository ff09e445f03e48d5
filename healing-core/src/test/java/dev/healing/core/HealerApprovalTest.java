package dev.healing.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.ApprovalClass;
import dev.healing.api.Baseline;
import dev.healing.api.Candidate;
import dev.healing.api.Escalation;
import dev.healing.api.HealListener;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Locator;
import dev.healing.api.Point;
import dev.healing.api.Proposal;
import dev.healing.api.TrustLedger;
import dev.healing.api.VerificationResult;
import dev.healing.api.Verifier;
import dev.healing.core.match.FailureClassifier;
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

final class HealerApprovalTest {
    private static final String WF = "post";
    private static final Point OLD = new Point(100, 100);
    private static final String WORKFLOW = """
            {"actions": [
              {"type": "click", "x": 100, "y": 100, "description": "Click Next"},
              {"type": "click", "x": 100, "y": 100, "description": "Click Publish", "sensitive": true}
            ]}
            """;

    @TempDir
    Path dir;
    Path file;
    JsonWorkflowStore workflows;
    InMemoryBaselineStore baselines;
    InMemoryProposalStore proposals;
    InMemoryTrustLedger trust;
    final AtomicInteger verifications = new AtomicInteger();
    final List<Escalation> escalations = new ArrayList<>();
    Image screen;

    @BeforeEach
    void setUp() throws IOException {
        file = dir.resolve(WF + ".json");
        Files.writeString(file, WORKFLOW);
        workflows = JsonWorkflowStore.inDirectory(dir);
        baselines = new InMemoryBaselineStore();
        proposals = new InMemoryProposalStore();
        trust = new InMemoryTrustLedger();
        Image before = Fixtures.screenWithButton(OLD);
        screen = Fixtures.screenWithButton(new Point(400, 250));
        for (int step = 0; step < 2; step++) {
            baselines.save(new Baseline(WF, step, OLD, before.cropAround(OLD, 100, 100), before, Instant.EPOCH, null));
        }
    }

    private Verifier acceptNear(Point target) {
        return (id, step) -> {
            verifications.incrementAndGet();
            return workflows.step(id, step).point().distanceTo(target) <= 5
                    ? VerificationResult.succeeded() : VerificationResult.failedAt(step, 0.2);
        };
    }

    private static Locator fixed(Candidate... candidates) {
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

    private HealerBuilder healer(Verifier verifier, Candidate... candidates) {
        return Healer.builder().screen(() -> screen).baselines(baselines).workflows(workflows).verifier(verifier)
                .locator(fixed(candidates)).proposals(proposals).trust(trust).sleeper(d -> { })
                .classifier(FailureClassifier.alwaysRelocate())
                .listener(new HealListener() {
                    @Override
                    public void onResult(HealRequest request, HealResult result) {
                    }

                    @Override
                    public void onEscalation(HealRequest request, Escalation escalation) {
                        escalations.add(escalation);
                    }
                });
    }

    private static HealRequest failing(int step) {
        return HealRequest.of(WF, step, 0.2, null).withConsecutiveFailures(2);
    }

    @Test
    void classify_defaultPolicy_sortsIntoAbc() {
        ApprovalPolicy p = ApprovalPolicy.defaults();
        Candidate near = Candidate.at(new Point(150, 100), 0.95, "template", "");
        assertEquals(ApprovalClass.A, p.classify(near, OLD, false, false, 0.5).approvalClass());
        Candidate midConfidence = Candidate.at(new Point(150, 100), 0.85, "template", "");
        assertEquals(ApprovalClass.B, p.classify(midConfidence, OLD, false, false, 0.5).approvalClass());
        Candidate far = Candidate.at(new Point(1500, 900), 0.99, "template", "");
        assertEquals(ApprovalClass.C, p.classify(far, OLD, false, false, 0.5).approvalClass());
        assertEquals(ApprovalClass.C, p.classify(near, OLD, true, false, 0.5).approvalClass());
        assertTrue(p.classify(near, OLD, true, true, 0.5).reason().contains("vision-only"));
        assertEquals(ApprovalClass.C, p.classify(near, OLD, false, false, 0.1).approvalClass());
        assertThrows(IllegalArgumentException.class, () -> new ApprovalPolicy(0.8, 100, 0.9, 500, 0.2));
    }

    @Test
    void attemptHeal_classA_healedAndResultSaysSo() {
        Point near = new Point(180, 120);
        HealResult r = healer(acceptNear(near), Candidate.at(near, 0.97, "fake", "")).build().attemptHeal(failing(0));
        assertEquals(HealStatus.HEALED, r.status());
        assertEquals(Optional.of(ApprovalClass.A), r.approvalClass());
        assertNotNull(r.history().get(0).evidence(), "every attempt has an evidence picture");
        assertTrue(trust.trust(WF) > InMemoryTrustLedger.START);
    }

    @Test
    void attemptHeal_largeMove_pendingProposalThenApproveAppliesIt() throws IOException {
        byte[] original = Files.readAllBytes(file);
        Point far = new Point(1400, 900);
        Healer h = healer(acceptNear(far), Candidate.at(far, 0.97, "fake", "")).build();
        screen = Image.filled(1920, 1080, 0xDDDDDD);
        HealResult r = h.attemptHeal(failing(0));
        assertEquals(HealStatus.PENDING_APPROVAL, r.status());
        assertEquals(Optional.of(ApprovalClass.C), r.approvalClass());
        assertNotNull(r.proposalId().orElseThrow());
        assertTrue(r.evidence().isPresent());
        assertEquals(0, verifications.get());
        assertArrayEquals(original, Files.readAllBytes(file));
        assertEquals(1, proposals.pending().size());

        HealResult applied = h.approve(r.proposalId().orElseThrow());
        assertEquals(HealStatus.HEALED, applied.status());
        assertEquals(far, workflows.step(WF, 0).point());
        assertEquals(1, verifications.get());
        assertEquals(Proposal.Status.APPLIED, proposals.proposal(r.proposalId().orElseThrow()).orElseThrow().status());
        assertEquals(far, baselines.current(WF, 0).orElseThrow().point());
        assertThrows(IllegalStateException.class, () -> h.approve(r.proposalId().orElseThrow()));
    }

    @Test
    void attemptHeal_proposalApprovedInStore_appliedOnNextHealWithoutLocating() {
        Point far = new Point(600, 350);
        AtomicInteger locates = new AtomicInteger();
        Locator counting = new Locator() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public LocateResult locate(LocateQuery query) {
                locates.incrementAndGet();
                return LocateResult.found(List.of(Candidate.at(far, 0.97, "fake", "")));
            }
        };
        Healer h = Healer.builder().screen(() -> screen).baselines(baselines).workflows(workflows)
                .verifier(acceptNear(far)).locator(counting).proposals(proposals).trust(trust).sleeper(d -> { })
                .approval(new ApprovalPolicy(0.92, 200, 0.80, 300, 0.25))
                .classifier(FailureClassifier.alwaysRelocate()).build();
        HealResult r = h.attemptHeal(failing(0));
        assertEquals(HealStatus.PENDING_APPROVAL, r.status());
        assertEquals(1, locates.get());

        proposals.resolve(r.proposalId().orElseThrow(), Proposal.Status.APPROVED, "looks right");
        assertEquals(1, proposals.approved().size());
        HealResult applied = h.attemptHeal(failing(0));

        assertEquals(HealStatus.HEALED, applied.status());
        assertEquals(r.proposalId().orElseThrow(), applied.proposalId().orElseThrow());
        assertEquals(1, locates.get(), "an approved proposal is applied without locating again");
        assertEquals(far, workflows.step(WF, 0).point());
        assertEquals(Proposal.Status.APPLIED, proposals.proposal(r.proposalId().orElseThrow()).orElseThrow().status());
        assertTrue(proposals.approved().isEmpty());
    }

    @Test
    void approve_proposalAlreadyApprovedElsewhere_appliedAtOnceAndRejectRefusedAfter() {
        Point far = new Point(1400, 900);
        Healer h = healer(acceptNear(far), Candidate.at(far, 0.97, "fake", "")).build();
        screen = Image.filled(1920, 1080, 0xDDDDDD);
        HealResult r = h.attemptHeal(failing(0));
        proposals.resolve(r.proposalId().orElseThrow(), Proposal.Status.APPROVED, "approved from the command line");

        HealResult applied = h.approve(r.proposalId().orElseThrow());

        assertEquals(HealStatus.HEALED, applied.status());
        assertEquals(far, workflows.step(WF, 0).point());
        assertEquals(Proposal.Status.APPLIED, proposals.proposal(r.proposalId().orElseThrow()).orElseThrow().status());
        assertThrows(IllegalStateException.class, () -> h.reject(r.proposalId().orElseThrow(), "too late"));
    }

    @Test
    void reject_approvedNotYetApplied_neverApplied() throws IOException {
        byte[] original = Files.readAllBytes(file);
        Point far = new Point(1400, 900);
        Healer h = healer(acceptNear(far), Candidate.at(far, 0.97, "fake", "")).build();
        screen = Image.filled(1920, 1080, 0xDDDDDD);
        HealResult r = h.attemptHeal(failing(0));
        proposals.resolve(r.proposalId().orElseThrow(), Proposal.Status.APPROVED, "approved");
        h.reject(r.proposalId().orElseThrow(), "changed my mind");

        HealResult next = h.attemptHeal(failing(0));

        assertEquals(HealStatus.PENDING_APPROVAL, next.status(), "a new proposal, the rejected one is not applied");
        assertEquals(0, verifications.get());
        assertArrayEquals(original, Files.readAllBytes(file));
    }

    @Test
    void reject_lowersTrustAndAppliesNothing() throws IOException {
        byte[] original = Files.readAllBytes(file);
        Healer h = healer(acceptNear(OLD), Candidate.at(new Point(150, 100), 0.99, "fake", "")).build();
        HealResult r = h.attemptHeal(failing(1));
        assertEquals(HealStatus.PENDING_APPROVAL, r.status(), "sensitive step waits");
        h.reject(r.proposalId().orElseThrow(), "wrong button");
        assertEquals(Proposal.Status.REJECTED, proposals.proposal(r.proposalId().orElseThrow()).orElseThrow().status());
        assertTrue(trust.trust(WF) < InMemoryTrustLedger.START);
        assertArrayEquals(original, Files.readAllBytes(file));
        assertThrows(IllegalArgumentException.class, () -> h.approve("no-such-id"));
    }

    @Test
    void attemptHeal_trustBelowFloor_waitsForApproval() {
        for (int i = 0; i < 3; i++) {
            trust.record(WF, TrustLedger.Event.REJECTED);
        }
        Point near = new Point(150, 100);
        HealResult r = healer(acceptNear(near), Candidate.at(near, 0.99, "fake", "")).build().attemptHeal(failing(0));
        assertEquals(HealStatus.PENDING_APPROVAL, r.status());
        assertTrue(r.reason().contains("trust"), r.reason());
    }

    @Test
    void attemptHeal_beyondRateLimitOfAnExplicitRun_skippedWithReasonAndANewRunHealsAgain() {
        Point near = new Point(150, 100);
        Healer h = healer(acceptNear(near), Candidate.at(near, 0.99, "fake", "")).maxHealsPerRun(2).build();
        assertEquals(HealStatus.HEALED, h.attemptHeal(failing(0).withRun("run-1")).status());
        assertEquals(HealStatus.HEALED, h.attemptHeal(failing(0).withRun("run-1")).status());
        HealResult third = h.attemptHeal(failing(0).withRun("run-1"));
        assertEquals(HealStatus.SKIPPED, third.status());
        assertTrue(third.reason().contains("heal limit reached") && third.reason().contains("run-1"), third.reason());
        HealResult nextRun = h.attemptHeal(failing(0).withRun("run-2"));
        assertEquals(HealStatus.HEALED, nextRun.status(), "a new run heals again: " + nextRun.reason());
        h.resetState();
        assertEquals(HealStatus.HEALED, h.attemptHeal(failing(0).withRun("run-1")).status(), "reset forgets counts");
    }

    @Test
    void attemptHeal_sharedHealerWithoutRunIds_neverBlockedByTheRunLimit() {
        Point near = new Point(150, 100);
        Healer h = healer(acceptNear(near), Candidate.at(near, 0.99, "fake", "")).maxHealsPerRun(2).build();
        for (int i = 0; i < 6; i++) {
            HealResult r = h.attemptHeal(failing(0));
            assertEquals(HealStatus.HEALED, r.status(), "heal " + (i + 1) + ": " + r.reason());
        }
    }

    @Test
    void attemptHeal_failedHealsOfARun_notCountedAgainstItsLimit() {
        Healer h = healer((id, step) -> VerificationResult.failedAt(step, 0.1), Candidate.at(new Point(150, 100), 0.99,
                "fake", "")).maxHealsPerRun(1).trust(new InMemoryTrustLedger()).approval(
                new ApprovalPolicy(0.92, 200, 0.80, 900, 0.0)).build();
        for (int i = 0; i < 3; i++) {
            HealResult r = h.attemptHeal(failing(0).withRun("run-1"));
            assertEquals(HealStatus.NOT_HEALED, r.status(), "attempt " + (i + 1) + ": " + r.reason());
        }
    }

    @Test
    void toBuilder_changedCopy_keepsTheSettingsAndStartsWithFreshState() {
        Point near = new Point(150, 100);
        Healer h = healer(acceptNear(near), Candidate.at(near, 0.99, "fake", "")).maxHealsPerRun(1).build();
        assertEquals(HealStatus.HEALED, h.attemptHeal(failing(0).withRun("r")).status());
        assertEquals(HealStatus.SKIPPED, h.attemptHeal(failing(0).withRun("r")).status());

        Healer copy = h.toBuilder().maxHealsPerRun(2).build();
        assertEquals(HealStatus.HEALED, copy.attemptHeal(failing(0).withRun("r")).status());
        assertEquals(HealStatus.HEALED, copy.attemptHeal(failing(0).withRun("r")).status());
        assertEquals(HealStatus.SKIPPED, copy.attemptHeal(failing(0).withRun("r")).status());
        assertEquals(HealStatus.SKIPPED, h.attemptHeal(failing(0).withRun("r")).status(), "the original is unchanged");
        assertEquals(HealStatus.SKIPPED, h.toBuilder().enabled(false).build().attemptHeal(failing(0)).status());
    }

    @Test
    void attemptHeal_allAttemptsFail_escalatesWithEverythingAPersonNeeds() {
        Healer h = healer((id, step) -> VerificationResult.failedAt(step, 0.1),
                Candidate.at(new Point(150, 100), 0.99, "fake", ""), Candidate.at(new Point(300, 100), 0.98, "fake", ""))
                .build();
        HealResult r = h.attemptHeal(failing(0));
        assertEquals(HealStatus.NOT_HEALED, r.status());
        assertEquals(1, escalations.size());
        Escalation e = escalations.get(0);
        assertEquals(2, e.attempts().size());
        assertTrue(e.attempts().stream().allMatch(a -> a.evidence() != null && a.note().contains("rolled back")));
        assertEquals("Click Next", e.description());
        assertEquals(file.toAbsolutePath().toString(), e.workflowLocation());
        assertEquals(2, e.backups().size());
        assertTrue(e.backups().stream().allMatch(b -> Files.exists(Path.of(b))));
        assertTrue(e.suggestedAction().contains("failed verification"), e.suggestedAction());
        assertNotNull(e.evidence());
        assertTrue(trust.trust(WF) < InMemoryTrustLedger.START);
    }
}
