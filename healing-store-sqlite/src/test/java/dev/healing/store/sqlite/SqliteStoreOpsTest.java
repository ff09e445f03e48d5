package dev.healing.store.sqlite;

import dev.healing.api.store.EscalationRecord;
import dev.healing.api.store.HealStats;
import dev.healing.api.store.HealthState;
import dev.healing.api.store.StepHealth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.ApprovalClass;
import dev.healing.api.Candidate;
import dev.healing.api.Cost;
import dev.healing.api.Escalation;
import dev.healing.api.FailureKind;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.Proposal;
import dev.healing.api.Rect;
import dev.healing.api.StoreException;
import dev.healing.api.TrustLedger;
import dev.healing.api.VerificationResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Proposals, trust, escalations, evidence pictures, operations stats and health in one file. */
@Timeout(30)
final class SqliteStoreOpsTest {
    @TempDir
    Path dir;

    private static Proposal proposal(String workflow, int step, long createdOffsetMs, Image evidence) {
        Candidate c = new Candidate(Point.of(1400, 900), Rect.of(1350, 880, 100, 40), 0.97, "template", "peak");
        return new Proposal(UUID.randomUUID().toString(), workflow, step, "Click Publish", Point.of(100, 100), c,
                ApprovalClass.C, FailureKind.MOVED, "a 1526 px move is larger than 900 px",
                Fixtures.T0.plusMillis(createdOffsetMs), Proposal.Status.PENDING, evidence);
    }

    private static Escalation escalation(String workflow, int step, Image picture) {
        Candidate c = Candidate.at(Point.of(30, 40), 0.81, "vision", "looks like it");
        HealAttempt a1 = new HealAttempt(1, c, VerificationResult.failedAt(step, 0.2), false,
                "still failing at step " + step, picture);
        HealAttempt a2 = new HealAttempt(2, Candidate.at(Point.of(60, 40), 0.80, "template", "second peak"), null,
                false, "not verified", null);
        return new Escalation(workflow, step, "Click Send", Point.of(100, 120), FailureKind.MOVED,
                "2 candidate(s) failed verification", List.of(a1, a2), "/runs/" + workflow + ".json",
                List.of("/runs/" + workflow + ".json.bak-1", "/runs/" + workflow + ".json.bak-2"),
                "find the element by hand", picture, Fixtures.T0);
    }

    @Test
    void proposals_submitThenApprove_roundTripWithPictureAndStatus() {
        Image picture = Fixtures.image(64, 48, 5);
        try (SqliteStore store = Fixtures.open(dir.resolve("p.db"))) {
            Proposal older = proposal("post", 0, 0, picture);
            Proposal newer = proposal("post", 1, 1000, null);
            store.submit(newer);
            store.submit(older);
            assertThrows(StoreException.class, () -> store.submit(older));

            assertEquals(List.of(older.id(), newer.id()), store.pending().stream().map(Proposal::id).toList());
            Proposal read = store.proposal(older.id()).orElseThrow();
            assertEquals(older, read, "every field, the picture included, survives the file");
            assertNull(store.proposal(newer.id()).orElseThrow().evidence());

            Proposal approved = store.approve(older.id());
            assertEquals(Proposal.Status.APPROVED, approved.status());
            assertEquals(List.of(older.id()), store.approved().stream().map(Proposal::id).toList());
            assertEquals(List.of(newer.id()), store.pending().stream().map(Proposal::id).toList());
            StoreException twice = assertThrows(StoreException.class, () -> store.approve(older.id()));
            assertTrue(twice.getMessage().contains("APPROVED"), twice.getMessage());

            store.resolve(older.id(), Proposal.Status.APPLIED, "verified");
            assertTrue(store.approved().isEmpty());
            assertEquals(Proposal.Status.APPLIED, store.proposal(older.id()).orElseThrow().status());
            assertThrows(StoreException.class, () -> store.resolve("no-such-id", Proposal.Status.REJECTED, ""));
            assertTrue(store.proposal("no-such-id").isEmpty());
            assertEquals(2, store.proposals(10).size());
        }
    }

    @Test
    void reject_pendingProposal_rejectedAndTrustFallsInTheSameFile() {
        Path file = dir.resolve("r.db");
        Proposal p = proposal("post", 0, 0, null);
        try (SqliteStore store = Fixtures.open(file)) {
            store.submit(p);
            Proposal rejected = store.reject(p.id(), "wrong button");
            assertEquals(Proposal.Status.REJECTED, rejected.status());
            assertThrows(StoreException.class, () -> store.reject(p.id(), "again"));
            assertThrows(StoreException.class, () -> store.approve(p.id()));
        }
        try (SqliteStore store = Fixtures.open(file)) {
            assertEquals(0.25, store.trust("post"), 1e-9);
            assertTrue(store.pending().isEmpty());
        }
    }

    @Test
    void trust_sameStepsAsInMemoryLedger_clampedAndKeptAcrossOpens() {
        Path file = dir.resolve("t.db");
        try (SqliteStore store = Fixtures.open(file)) {
            assertEquals(0.5, store.trust("never-seen"), 1e-9);
            store.record("wf", TrustLedger.Event.VERIFIED);
            assertEquals(0.55, store.trust("wf"), 1e-9);
            store.record("wf", TrustLedger.Event.APPROVED);
            assertEquals(0.60, store.trust("wf"), 1e-9);
            store.record("wf", TrustLedger.Event.FAILED);
            assertEquals(0.45, store.trust("wf"), 1e-9);
            store.record("wf", TrustLedger.Event.REJECTED);
            assertEquals(0.20, store.trust("wf"), 1e-9);
            store.record("low", TrustLedger.Event.REJECTED);
            store.record("low", TrustLedger.Event.REJECTED);
            store.record("low", TrustLedger.Event.REJECTED);
            assertEquals(0.0, store.trust("low"), 1e-9);
            for (int i = 0; i < 20; i++) {
                store.record("high", TrustLedger.Event.VERIFIED);
            }
            assertEquals(1.0, store.trust("high"), 1e-9);
        }
        try (SqliteStore store = Fixtures.open(file)) {
            assertEquals(0.20, store.trust("wf"), 1e-9);
            assertEquals(List.of("high", "low", "wf"), List.copyOf(store.trustLevels().keySet()));
        }
    }

    @Test
    void onEscalation_everythingStoredAndListedNewestFirst() {
        Image picture = Fixtures.image(40, 30, 9);
        try (SqliteStore store = Fixtures.open(dir.resolve("e.db"))) {
            store.onEscalation(Fixtures.request("mail", 4), escalation("mail", 4, picture));
            long second = store.recordEscalation(escalation("post", 2, null));

            List<EscalationRecord> all = store.escalations(null, 10);
            assertEquals(2, all.size());
            assertEquals(second, all.get(0).id());
            assertEquals(List.of(), all.get(0).pictures());
            EscalationRecord mail = store.escalations("mail", 10).get(0);
            assertEquals(List.of(0, 1), mail.pictures());
            Escalation e = mail.escalation();
            assertEquals("Click Send", e.description());
            assertEquals(Point.of(100, 120), e.oldPoint());
            assertEquals("/runs/mail.json", e.workflowLocation());
            assertEquals(List.of("/runs/mail.json.bak-1", "/runs/mail.json.bak-2"), e.backups());
            assertEquals("find the element by hand", e.suggestedAction());
            assertEquals(2, e.attempts().size());
            assertEquals("still failing at step 4", e.attempts().get(0).note());
            assertEquals(Point.of(30, 40), e.attempts().get(0).candidate().point());
            assertEquals(0.2, e.attempts().get(0).verification().similarity(), 1e-9);
            assertNull(e.attempts().get(1).verification());
            assertNull(e.evidence(), "listing does not load pictures");

            Escalation full = store.escalation(mail.id()).orElseThrow().escalation();
            assertEquals(picture, full.evidence());
            assertEquals(picture, full.attempts().get(0).evidence());
            assertNull(full.attempts().get(1).evidence());
            assertEquals(picture, Image.fromPng(store.escalationPng(mail.id(), 1).orElseThrow()));
            assertTrue(store.escalationPng(mail.id(), 2).isEmpty());
        }
    }

    @Test
    void recordHeal_evidenceAndApprovalClass_storedWithHealAndAttempts() {
        Image shot = Fixtures.image(96, 54, 3);
        Image attemptShot = Fixtures.image(96, 54, 4);
        Candidate c = Candidate.at(Point.of(200, 120), 0.95, "template", "peak");
        HealResult r = HealResult.healed(new HealResult.Trace("wf", 1, Optional.of(Point.of(100, 120)),
                FailureKind.MOVED, List.of(new HealAttempt(1, c, VerificationResult.succeeded(), true, "verified",
                attemptShot)), List.of(), Cost.FREE, Duration.ofMillis(30), Optional.of(shot)), c, ApprovalClass.B,
                "verified");
        try (SqliteStore store = Fixtures.open(dir.resolve("h.db"))) {
            long id = store.recordHeal(Fixtures.request("wf", 1), r);
            assertEquals(shot, store.evidence(id, 0).orElseThrow());
            assertEquals(attemptShot, store.evidence(id, 1).orElseThrow());
            assertTrue(store.evidencePng(id, 2).isEmpty());
            assertThrows(IllegalArgumentException.class, () -> store.evidencePng(id, -1));
            HealResult read = store.history("wf", 1).get(0).result();
            assertEquals(Optional.of(ApprovalClass.B), read.approvalClass());
            assertTrue(read.proposalId().isEmpty());
        }
    }

    @Test
    void stats_escalationsProposalsAndApprovedApplications_ratesPerWorkflowAndOverall() {
        try (SqliteStore store = Fixtures.open(dir.resolve("s.db"))) {
            // wf: two automatic heals, one failure that escalated, one proposal later approved and applied.
            store.recordHeal(Fixtures.request("wf", 0), Fixtures.healed("wf", 0, "template", Cost.FREE));
            store.recordHeal(Fixtures.request("wf", 0), Fixtures.healed("wf", 0, "memory", Cost.FREE));
            store.recordHeal(Fixtures.request("wf", 1), Fixtures.notHealed("wf", 1));
            store.recordEscalation(escalation("wf", 1, null));
            HealResult.Trace trace = new HealResult.Trace("wf", 2, Optional.of(Point.of(1, 1)), FailureKind.MOVED,
                    List.of(), List.of(), Cost.FREE, Duration.ZERO, Optional.empty());
            Candidate far = Candidate.at(Point.of(1500, 900), 0.97, "template", "");
            HealResult pending = HealResult.pendingApproval(trace, far, ApprovalClass.C, "p-1", "large move");
            store.recordHeal(Fixtures.request("wf", 2), pending);
            HealResult applied = HealResult.healed(trace, far, ApprovalClass.C, "approved and verified")
                    .withProposal("p-1");
            store.recordHeal(Fixtures.request("wf", 2), applied);
            // other: one escalation only, one paid heal.
            store.recordHeal(Fixtures.request("other", 0), Fixtures.healed("other", 0, "vision",
                    new Cost(2, 100, 10, 0.01)));

            HealStats wf = store.stats("wf");
            assertEquals(4, wf.decided(), "approved application is not the healer's own decision");
            assertEquals(2, wf.autoFixed());
            assertEquals(1, wf.escalated());
            assertEquals(0.5, wf.autoFixRate(), 1e-9);
            assertEquals(0.25, wf.escalationRate(), 1e-9);
            assertEquals(1, wf.memoryHits());
            assertEquals(1, wf.pendingApproval());

            HealStats all = store.stats().overall();
            assertEquals(5, all.decided());
            assertEquals(3, all.autoFixed());
            assertEquals(0.6, all.autoFixRate(), 1e-9);
            assertEquals(0.2, all.escalationRate(), 1e-9);
            assertEquals(3, all.modelCalls(), "one in the failed heal, two in the paid one");
            assertEquals(0.012, all.costUsd(), 1e-9);
            assertEquals(0, store.stats("nothing").escalationRate(), 1e-9);
        }
    }

    @Test
    void health_driftingStep_reportedBeforeItBreaksWithCauseAndAction() {
        try (SqliteStore store = Fixtures.open(dir.resolve("d.db"))) {
            double[] similarity = {0.97, 0.95, 0.92, 0.90, 0.87, 0.85};
            for (double s : similarity) {
                store.recordStepRun("wf", 3, s, true);
                store.recordStepRun("wf", 4, 0.98, true);
            }
            StepHealth drifting = store.health("wf", 3);
            assertEquals(HealthState.DEGRADED, drifting.state());
            assertTrue(drifting.drifting());
            assertEquals(0, drifting.consecutiveFailures(), "reported while the step still passes");
            assertEquals(FailureKind.IN_PLACE, drifting.probableCause());
            assertTrue(drifting.recommendedAction().contains("before it breaks"), drifting.recommendedAction());
            assertTrue(drifting.selfHealable());

            StepHealth fine = store.health("wf", 4);
            assertEquals(HealthState.HEALTHY, fine.state());
            assertNull(fine.probableCause());
            assertEquals("nothing", fine.recommendedAction());
        }
    }

    @Test
    void health_failedHealsAndWaitingProposal_notSelfHealable() {
        try (SqliteStore store = Fixtures.open(dir.resolve("b.db"))) {
            store.recordStepRun("wf", 1, 0.3, false);
            store.recordHeal(Fixtures.request("wf", 1), Fixtures.notHealed("wf", 1));
            StepHealth broken = store.health("wf", 1);
            assertEquals(HealthState.BROKEN, broken.state());
            assertEquals(FailureKind.MOVED, broken.probableCause());
            assertFalse(broken.selfHealable());
            assertTrue(broken.recommendedAction().contains("escalation"), broken.recommendedAction());

            store.submit(proposal("wf", 2, 0, null));
            StepHealth waiting = store.health("wf", 2);
            assertEquals(HealthState.DEGRADED, waiting.state());
            assertFalse(waiting.selfHealable());
            assertTrue(waiting.recommendedAction().contains("approve"), waiting.recommendedAction());
            assertNotNull(store.health("wf").steps());
        }
    }
}
