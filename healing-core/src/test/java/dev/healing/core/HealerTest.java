package dev.healing.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Baseline;
import dev.healing.api.Candidate;
import dev.healing.api.FailureKind;
import dev.healing.api.HealListener;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Locator;
import dev.healing.api.Point;
import dev.healing.api.VerificationResult;
import dev.healing.api.Verifier;
import dev.healing.core.match.FailureClassifier;
import dev.healing.core.workflow.JsonWorkflowStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class HealerTest {
    private static final String WF = "login";
    private static final Point OLD = new Point(100, 100);
    private static final Point NEW = new Point(400, 250);
    private static final Point WRONG = new Point(500, 50);
    private static final String WORKFLOW = """
            {"actions": [
              {"type": "click", "x": 100, "y": 100, "description": "Click Sign in", "custom": {"keep": true}},
              {"type": "click", "x": 300, "y": 300, "description": "Click Compose"},
              {"type": "click", "x": 100, "y": 100, "description": "Publish the post", "sensitive": true}
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

    @BeforeEach
    void setUp() throws IOException {
        file = dir.resolve(WF + ".json");
        Files.writeString(file, WORKFLOW);
        workflows = JsonWorkflowStore.inDirectory(dir);
        before = Fixtures.screenWithButton(OLD);
        after = Fixtures.screenWithButton(NEW);
        baselines = new InMemoryBaselineStore();
        for (int step : new int[] {0, 2}) {
            baselines.save(new Baseline(WF, step, OLD, before.cropAround(OLD, 100, 100), before, Instant.EPOCH, null));
        }
    }

    /** Succeeds when step 0 now points within 5 px of {@code NEW}. */
    private Verifier verifierAcceptingNear(Point target) {
        return (id, step) -> {
            verifications.incrementAndGet();
            Point p = workflows.step(id, step).point();
            return p.distanceTo(target) <= 5 ? VerificationResult.succeeded() : VerificationResult.failedAt(step, 0.2);
        };
    }

    private static Locator fixed(String name, Candidate... candidates) {
        return new Locator() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public LocateResult locate(LocateQuery query) {
                return candidates.length == 0 ? LocateResult.notFound("nothing") : LocateResult.found(List.of(candidates));
            }
        };
    }

    private static Candidate candidate(Point p, double confidence) {
        return Candidate.at(p, confidence, "fake", "test");
    }

    private HealerBuilder healer(Verifier verifier, Locator... locators) {
        HealerBuilder b = Healer.builder().screen(() -> after).baselines(baselines).workflows(workflows)
                .verifier(verifier).sleeper(d -> { });
        for (Locator l : locators) {
            b.locator(l);
        }
        return b;
    }

    private static HealRequest failing(int step) {
        return HealRequest.of(WF, step, 0.24, null).withConsecutiveFailures(2);
    }

    @Test
    void attemptHeal_firstCandidateRight_healedAndCommitted() throws IOException {
        HealResult r = healer(verifierAcceptingNear(NEW), fixed("fake", candidate(NEW, 0.95)))
                .build().attemptHeal(failing(0));
        assertEquals(HealStatus.HEALED, r.status(), r.reason());
        assertEquals(Optional.of(OLD), r.oldPoint());
        assertEquals(Optional.of(NEW), r.newPoint());
        assertEquals(1, r.attempts());
        assertEquals(Optional.of("fake"), r.locator());
        assertEquals(NEW, workflows.step(WF, 0).point());
        assertFalse(Files.readString(file).contains("_healing_provisional"));
        assertTrue(Files.readString(file).contains("\"keep\": true"));
        assertEquals(NEW, baselines.current(WF, 0).orElseThrow().point(), "new baseline saved");
    }

    @Test
    void attemptHeal_wrongFirstCandidate_rolledBackThenSecondHealed() throws IOException {
        HealResult r = healer(verifierAcceptingNear(NEW), fixed("fake", candidate(WRONG, 0.97), candidate(NEW, 0.9)))
                .build().attemptHeal(failing(0));
        assertEquals(HealStatus.HEALED, r.status());
        assertEquals(2, r.attempts());
        assertFalse(r.history().get(0).accepted());
        assertEquals(WRONG, r.history().get(0).candidate().point());
        assertTrue(r.history().get(1).accepted());
        String text = Files.readString(file);
        assertEquals(1, text.split("\"new_x\"", -1).length - 1, "the rolled-back change left no history: " + text);
        assertEquals(NEW, workflows.step(WF, 0).point());
    }

    @Test
    void attemptHeal_laterStepFails_partialWithFixKept() {
        Verifier laterFails = (id, step) -> VerificationResult.failedAt(1, 0.3);
        HealResult r = healer(laterFails, fixed("fake", candidate(NEW, 0.95))).build().attemptHeal(failing(0));
        assertEquals(HealStatus.PARTIAL, r.status());
        assertEquals(OptionalInt.of(1), r.failedAtStep());
        assertTrue(r.healed());
        assertEquals(NEW, workflows.step(WF, 0).point(), "fix kept");
        assertEquals(OLD, baselines.current(WF, 0).orElseThrow().point(), "no new baseline before the whole run passes");
    }

    @Test
    void attemptHeal_everyAttemptFails_fileRestoredByteForByteAndNotHealed() throws IOException {
        byte[] original = Files.readAllBytes(file);
        Locator many = fixed("fake", candidate(new Point(10, 10), 0.99), candidate(new Point(200, 10), 0.98),
                candidate(new Point(10, 200), 0.97), candidate(new Point(300, 390), 0.96));
        HealResult r = healer((id, step) -> {
            verifications.incrementAndGet();
            return VerificationResult.failedAt(step, 0.1);
        }, many).build().attemptHeal(failing(0));
        assertEquals(HealStatus.NOT_HEALED, r.status());
        assertEquals(3, r.attempts(), "maxAttempts bounds the attempts");
        assertEquals(3, verifications.get());
        assertTrue(r.reason().contains("3 candidate(s) failed verification"), r.reason());
        assertArrayEquals(original, Files.readAllBytes(file));
        assertTrue(r.newPoint().isEmpty());
    }

    @Test
    void attemptHeal_noTrustworthyCandidate_notHealedWithReason() throws IOException {
        byte[] original = Files.readAllBytes(file);
        HealResult r = healer(verifierAcceptingNear(NEW), fixed("fake", candidate(NEW, 0.5))).build()
                .attemptHeal(failing(0));
        assertEquals(HealStatus.NOT_HEALED, r.status());
        assertTrue(r.reason().contains("no candidate at or above confidence 0.8"), r.reason());
        assertTrue(r.reason().contains("fake: 1 candidate(s), 0 at or above"), r.reason());
        assertEquals(0, verifications.get());
        assertArrayEquals(original, Files.readAllBytes(file));
    }

    @Test
    void attemptHeal_similarityAtOrAboveThreshold_skipped() {
        Healer h = healer(verifierAcceptingNear(NEW), fixed("fake", candidate(NEW, 0.95))).build();
        HealResult r = h.attemptHeal(HealRequest.of(WF, 0, 0.70, null).withConsecutiveFailures(5));
        assertEquals(HealStatus.SKIPPED, r.status());
        assertTrue(r.reason().contains("not below the failure threshold"), r.reason());
        assertEquals(0, verifications.get());
    }

    @Test
    void attemptHeal_tooFewConsecutiveFailures_skippedThenHealsOnSecondCall() {
        Healer h = healer(verifierAcceptingNear(NEW), fixed("fake", candidate(NEW, 0.95))).build();
        HealResult first = h.attemptHeal(HealRequest.of(WF, 0, 0.24, null));
        assertEquals(HealStatus.SKIPPED, first.status());
        assertTrue(first.reason().contains("1 consecutive failure(s); healing starts at 2"), first.reason());
        HealResult second = h.attemptHeal(HealRequest.of(WF, 0, 0.24, null));
        assertEquals(HealStatus.HEALED, second.status());
        assertEquals(HealStatus.SKIPPED, h.attemptHeal(HealRequest.of(WF, 0, 0.24, null)).status(),
                "the count starts over after a heal");
    }

    @Test
    void shouldAttemptHeal_gatesOnThresholdAndFailures() {
        Healer h = healer(verifierAcceptingNear(NEW), fixed("fake")).failureThreshold(0.7).consecutiveFailures(2)
                .build();
        assertTrue(h.shouldAttemptHeal(0.69, 2));
        assertFalse(h.shouldAttemptHeal(0.70, 2));
        assertFalse(h.shouldAttemptHeal(0.24, 1));
        assertFalse(healer(verifierAcceptingNear(NEW), fixed("fake")).enabled(false).build().shouldAttemptHeal(0.1, 9));
    }

    @Test
    void attemptHeal_disabled_skipped() {
        HealResult r = healer(verifierAcceptingNear(NEW), fixed("fake", candidate(NEW, 0.95))).enabled(false).build()
                .attemptHeal(failing(0));
        assertEquals(HealStatus.SKIPPED, r.status());
        assertEquals("healer is disabled", r.reason());
    }

    @Test
    void attemptHeal_dryRun_reportsProposalAndChangesNothing() throws IOException {
        byte[] original = Files.readAllBytes(file);
        HealResult r = healer(verifierAcceptingNear(NEW), fixed("fake", candidate(NEW, 0.95))).dryRun(true).build()
                .attemptHeal(failing(0));
        assertEquals(HealStatus.SKIPPED, r.status());
        assertEquals(Optional.of(NEW), r.newPoint());
        assertTrue(r.reason().startsWith("dry-run"));
        assertEquals(0, verifications.get());
        assertArrayEquals(original, Files.readAllBytes(file));
        assertFalse(Files.exists(dir.resolve(JsonWorkflowStore.BACKUP_DIR)));
        assertEquals(OLD, baselines.current(WF, 0).orElseThrow().point());
    }

    @Test
    void attemptHeal_sensitiveStep_neverClickedPendingApproval() throws IOException {
        byte[] original = Files.readAllBytes(file);
        HealResult r = healer(verifierAcceptingNear(NEW), fixed("fake", candidate(NEW, 0.99))).build()
                .attemptHeal(failing(2));
        assertEquals(HealStatus.PENDING_APPROVAL, r.status());
        assertEquals(Optional.of(NEW), r.newPoint());
        assertTrue(r.reason().contains("sensitive"), r.reason());
        assertEquals(0, verifications.get(), "the verifier (which clicks) was never called");
        assertArrayEquals(original, Files.readAllBytes(file));
    }

    @Test
    void attemptHeal_memoryFirst_secondHealOfSameChangeSkipsOtherLocators() throws IOException {
        InMemoryHealingMemory memory = new InMemoryHealingMemory();
        AtomicInteger templateCalls = new AtomicInteger();
        Locator counting = new Locator() {
            @Override
            public String name() {
                return "template";
            }

            @Override
            public LocateResult locate(LocateQuery query) {
                templateCalls.incrementAndGet();
                return LocateResult.found(List.of(Candidate.at(NEW, 0.95, "template", "test")));
            }
        };
        Healer h = healer(verifierAcceptingNear(NEW), counting).memory(memory).build();
        assertEquals(Optional.of("template"), h.attemptHeal(failing(0)).locator());
        assertEquals(1, templateCalls.get());

        Files.writeString(file, WORKFLOW); // the next run starts from the recorded workflow and baseline
        baselines.save(new Baseline(WF, 0, OLD, before.cropAround(OLD, 100, 100), before, Instant.EPOCH, null));
        HealResult again = h.attemptHeal(failing(0));
        assertEquals(HealStatus.HEALED, again.status());
        assertEquals(Optional.of("memory"), again.locator());
        assertEquals(Optional.of(NEW), again.newPoint());
        assertEquals(1, templateCalls.get(), "template search not run again");
    }

    @Test
    void attemptHeal_transientScreen_recapturesBoundedThenRelocates() {
        AtomicInteger classified = new AtomicInteger();
        List<Duration> waits = new ArrayList<>();
        FailureClassifier loadingTwice = (screen, baseline) -> classified.incrementAndGet() <= 2
                ? new FailureClassifier.Classification(FailureKind.TRANSIENT, "blank")
                : new FailureClassifier.Classification(FailureKind.MOVED, "moved");
        HealResult r = healer(verifierAcceptingNear(NEW), fixed("fake", candidate(NEW, 0.95)))
                .classifier(loadingTwice).sleeper(waits::add).build().attemptHeal(failing(0));
        assertEquals(HealStatus.HEALED, r.status());
        assertEquals(FailureKind.MOVED, r.failureKind());
        assertEquals(2, waits.size());

        FailureClassifier alwaysLoading = (screen, baseline) ->
                new FailureClassifier.Classification(FailureKind.TRANSIENT, "spinner");
        HealResult stuck = healer(verifierAcceptingNear(NEW), fixed("fake", candidate(NEW, 0.95)))
                .classifier(alwaysLoading).transientRetries(2, Duration.ofMillis(1)).build().attemptHeal(failing(0));
        assertEquals(HealStatus.NOT_HEALED, stuck.status());
        assertEquals(FailureKind.TRANSIENT, stuck.failureKind());
        assertTrue(stuck.reason().contains("transient after 2 recapture(s)"), stuck.reason());
    }

    @Test
    void attemptHeal_differentScreenOrGone_neverRelocates() throws IOException {
        byte[] original = Files.readAllBytes(file);
        for (FailureKind kind : new FailureKind[] {FailureKind.DIFFERENT_SCREEN, FailureKind.GONE}) {
            HealResult r = healer(verifierAcceptingNear(NEW), fixed("fake", candidate(NEW, 0.99)))
                    .classifier((s, b) -> new FailureClassifier.Classification(kind, "because")).build()
                    .attemptHeal(failing(0));
            assertEquals(HealStatus.NOT_HEALED, r.status());
            assertEquals(kind, r.failureKind());
        }
        assertEquals(0, verifications.get());
        assertArrayEquals(original, Files.readAllBytes(file));
    }

    @Test
    void attemptHeal_goneForLocalMatching_paidVisionCandidateVerifiedAndHealed() {
        Locator vision = new Locator() {
            @Override
            public String name() {
                return "vision";
            }

            @Override
            public LocateResult locate(LocateQuery query) {
                return LocateResult.found(List.of(Candidate.at(NEW, 0.9, "vision", "the Sign in button")));
            }

            @Override
            public boolean paid() {
                return true;
            }
        };
        HealResult r = healer(verifierAcceptingNear(NEW), fixed("fake", candidate(WRONG, 0.99)), vision)
                .classifier((s, b) -> new FailureClassifier.Classification(FailureKind.GONE, "no match"))
                .build().attemptHeal(failing(0));
        assertEquals(HealStatus.HEALED, r.status(), r.reason());
        assertEquals(Optional.of("vision"), r.locator());
        assertEquals(FailureKind.GONE, r.failureKind());
        assertEquals(1, verifications.get(), "the free locator's candidate was never tried");
    }

    @Test
    void attemptHeal_inPlace_verifiesOldPointAndRebaselinesWithoutMoving() throws IOException {
        byte[] original = Files.readAllBytes(file);
        HealResult r = healer(verifierAcceptingNear(OLD), fixed("fake", candidate(NEW, 0.99)))
                .classifier((s, b) -> new FailureClassifier.Classification(FailureKind.IN_PLACE, "restyled"))
                .build().attemptHeal(failing(0));
        assertEquals(HealStatus.HEALED, r.status());
        assertEquals(Optional.of(OLD), r.newPoint());
        assertEquals(Optional.of("in-place"), r.locator());
        assertArrayEquals(original, Files.readAllBytes(file), "coordinates not rewritten");
        assertEquals(after.cropAround(OLD, 100, 100), baselines.current(WF, 0).orElseThrow().crop(), "re-baselined");
    }

    @Test
    void attemptHeal_listenerThrows_healStillSucceedsAndListenersHearOnce() {
        List<HealResult> heard = new ArrayList<>();
        HealListener broken = (req, res) -> {
            throw new IllegalStateException("boom");
        };
        HealResult r = healer(verifierAcceptingNear(NEW), fixed("fake", candidate(NEW, 0.95)))
                .listener(broken).listener((req, res) -> heard.add(res)).build().attemptHeal(failing(0));
        assertEquals(HealStatus.HEALED, r.status());
        assertEquals(List.of(r), heard);
    }

    @Test
    void attemptHeal_verifierThrows_countsAsFailureAndRollsBack() throws IOException {
        byte[] original = Files.readAllBytes(file);
        HealResult r = healer((id, step) -> {
            throw new IllegalStateException("runner crashed");
        }, fixed("fake", candidate(NEW, 0.95))).build().attemptHeal(failing(0));
        assertEquals(HealStatus.NOT_HEALED, r.status());
        assertArrayEquals(original, Files.readAllBytes(file));
    }

    @Test
    void attemptHeal_missingStep_notHealedNamingIt() {
        HealResult r = healer(verifierAcceptingNear(NEW), fixed("fake", candidate(NEW, 0.95))).build()
                .attemptHeal(failing(9));
        assertEquals(HealStatus.NOT_HEALED, r.status());
        assertTrue(r.reason().contains("no step 9"), r.reason());
    }

    @Test
    void attemptHeal_captureFails_notHealedWithReason() {
        HealResult r = healer(verifierAcceptingNear(NEW), fixed("fake", candidate(NEW, 0.95)))
                .screen(() -> {
                    throw new dev.healing.api.CaptureException("vnc 127.0.0.1:5900 update: timed out");
                }).build().attemptHeal(failing(0));
        assertEquals(HealStatus.NOT_HEALED, r.status());
        assertTrue(r.reason().contains("timed out"), r.reason());
    }

    @Test
    void build_missingSettings_namesEachOne() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Healer.builder().build());
        for (String name : List.of("screen(", "locator(", "baselines(", "workflows(", "verifier(")) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void setters_badValues_rejectedWithTheValue() {
        HealerBuilder b = Healer.builder();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.maxAttempts(0)).getMessage().contains("0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.minConfidence(1.5)).getMessage()
                .contains("1.5"));
        assertThrows(IllegalArgumentException.class, () -> b.failureThreshold(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> b.consecutiveFailures(0));
        assertThrows(IllegalArgumentException.class, () -> b.cropSize(4, 100));
    }
}
