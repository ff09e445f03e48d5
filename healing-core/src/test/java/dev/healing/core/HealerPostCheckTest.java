package dev.healing.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Baseline;
import dev.healing.api.Candidate;
import dev.healing.api.Cost;
import dev.healing.api.ElementCheck;
import dev.healing.api.FailureKind;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import dev.healing.api.VerificationResult;
import dev.healing.api.VisionLocator;
import dev.healing.core.match.FailureClassifier;
import dev.healing.core.workflow.JsonWorkflowStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A vision candidate is checked with {@link VisionLocator#verifyElement} before it is written or clicked. */
final class HealerPostCheckTest {
    private static final String WF = "login";
    private static final Point OLD = new Point(100, 100);
    private static final Point NEW = new Point(400, 250);
    private static final Point WRONG = new Point(500, 50);
    private static final Cost CHECK = new Cost(1, 1000, 50, 0.002);
    private static final Cost LOCATE = new Cost(1, 2000, 80, 0.004);

    @TempDir
    Path dir;
    Path file;
    JsonWorkflowStore workflows;
    InMemoryBaselineStore baselines = new InMemoryBaselineStore();
    Image after = Fixtures.screenWithButton(NEW);
    final List<Point> verified = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        file = dir.resolve(WF + ".json");
        Image before = Fixtures.screenWithButton(OLD);
        Files.writeString(file, """
                {"actions": [{"type": "click", "x": 100, "y": 100, "description": "Click Sign in"},
                             {"type": "click", "x": 100, "y": 100}]}
                """);
        workflows = JsonWorkflowStore.inDirectory(dir);
        for (int step : new int[] {0, 1}) {
            baselines.save(new Baseline(WF, step, OLD, before.cropAround(OLD, 100, 100), before, Instant.EPOCH, null));
        }
    }

    /** A vision locator answering fixed points and judging each point from a table (no entry: no match). */
    static final class CheckingVision implements VisionLocator {
        final List<String> checks = new CopyOnWriteArrayList<>();
        final List<Image> checkedFrames = new CopyOnWriteArrayList<>();
        private final List<Candidate> answers;
        private final Map<Point, ElementCheck> judgements;

        CheckingVision(List<Point> answers, Map<Point, ElementCheck> judgements) {
            this.answers = answers.stream().map(p -> Candidate.at(p, 0.9, "vision", "looks right")).toList();
            this.judgements = judgements;
        }

        @Override
        public String name() {
            return "vision";
        }

        @Override
        public LocateResult locate(LocateQuery query) {
            return new LocateResult(LocateResult.Status.FOUND, answers, "", LOCATE);
        }

        @Override
        public ElementCheck verifyElement(Image screen, Point point, String description) {
            checks.add(point + " " + description);
            checkedFrames.add(screen);
            return judgements.getOrDefault(point, new ElementCheck(false, 0, "budget exhausted", Cost.FREE));
        }
    }

    private HealResult heal(int step, CheckingVision vision) {
        return Healer.builder().screen(() -> after).baselines(baselines).workflows(workflows)
                .verifier((id, s) -> {
                    Point p = workflows.step(id, s).point();
                    verified.add(p);
                    return p.equals(NEW) ? VerificationResult.succeeded() : VerificationResult.failedAt(s, 0.2);
                })
                .locator(vision).sleeper(d -> { })
                .classifier((s, b) -> new FailureClassifier.Classification(FailureKind.GONE, "gone"))
                .build().attemptHeal(HealRequest.of(WF, step, 0.24, null).withConsecutiveFailures(2));
    }

    @Test
    void attemptHeal_visionCandidateNotTheElement_neverClickedAndNextOneHealed() {
        CheckingVision vision = new CheckingVision(List.of(WRONG, NEW), Map.of(
                WRONG, new ElementCheck(false, 0.9, "that is the Help link", CHECK),
                NEW, new ElementCheck(true, 0.95, "the Sign in button", CHECK)));

        HealResult r = heal(0, vision);

        assertEquals(HealStatus.HEALED, r.status(), r.reason());
        assertEquals(Optional.of(NEW), r.newPoint());
        assertEquals(List.of(NEW), verified, "the rejected candidate was never written nor verified");
        assertEquals(List.of(WRONG + " Click Sign in", NEW + " Click Sign in"), vision.checks);
        assertTrue(vision.checkedFrames.stream().allMatch(f -> f == after), "checked on the frame located on");
        HealAttempt first = r.history().get(0);
        assertEquals(WRONG, first.candidate().point());
        assertFalse(first.accepted());
        assertTrue(first.note().contains("rejected by the vision post-check") && first.note().contains("Help link"),
                first.note());
        assertEquals(LOCATE.plus(CHECK).plus(CHECK), r.cost());
    }

    @Test
    void attemptHeal_checkUnsureOrFailed_notHealedNothingWrittenTrustKept() throws IOException {
        byte[] original = Files.readAllBytes(file);
        CheckingVision vision = new CheckingVision(List.of(NEW, WRONG), Map.of(
                NEW, new ElementCheck(true, 0.6, "maybe", CHECK)));

        HealResult r = heal(0, vision);

        assertEquals(HealStatus.NOT_HEALED, r.status());
        assertTrue(r.reason().contains("2 vision candidate(s) rejected by the post-check; nothing was clicked"),
                r.reason());
        assertTrue(r.history().get(0).note().contains("too unsure") && r.history().get(0).note().contains("0.60"),
                r.history().get(0).note());
        assertTrue(r.history().get(1).note().contains("budget exhausted"), r.history().get(1).note());
        assertEquals(List.of(), verified);
        assertArrayEquals(original, Files.readAllBytes(file));
        assertEquals(LOCATE.plus(CHECK), r.cost());
    }

    @Test
    void attemptHeal_stepWithoutDescription_visionCandidateNotPostChecked() {
        CheckingVision vision = new CheckingVision(List.of(NEW), Map.of());

        HealResult r = heal(1, vision);

        assertEquals(HealStatus.HEALED, r.status(), r.reason());
        assertEquals(List.of(), vision.checks);
    }
}
