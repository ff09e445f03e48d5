package dev.healing.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Candidate;
import dev.healing.api.Cost;
import dev.healing.api.ElementCheck;
import dev.healing.api.FailureKind;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import dev.healing.api.VisionLocator;
import dev.healing.core.match.FailureClassifier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The locate step alone (eval-corpus, {@link Healer#locate}) checks a vision candidate as attemptHeal does. */
final class StepLocatorPostCheckTest {
    private static final Image SCREEN = Image.filled(400, 300, 0x808080);
    private static final FailureClassifier MOVED = (screen, baseline) ->
            new FailureClassifier.Classification(FailureKind.MOVED, "moved (test)");
    private static final Cost CALL = new Cost(1, 1000, 50, 0.002);
    private static final Point WRONG = new Point(50, 50);
    private static final Point RIGHT = new Point(300, 200);

    /** Answers fixed candidates, judges points from a table (no entry: no match). */
    static final class Vision implements VisionLocator {
        final List<Point> checked = new CopyOnWriteArrayList<>();
        private final List<Point> answers;
        private final Map<Point, Boolean> judgements;

        Vision(List<Point> answers, Map<Point, Boolean> judgements) {
            this.answers = answers;
            this.judgements = judgements;
        }

        @Override
        public String name() {
            return "vision";
        }

        @Override
        public LocateResult locate(LocateQuery query) {
            return new LocateResult(LocateResult.Status.FOUND,
                    answers.stream().map(p -> Candidate.at(p, 0.9, "vision", "")).toList(), "", CALL);
        }

        @Override
        public ElementCheck verifyElement(Image screen, Point point, String description) {
            checked.add(point);
            boolean matches = judgements.getOrDefault(point, false);
            return new ElementCheck(matches, matches ? 0.9 : 0.1, matches ? "it is" : "a different button", CALL);
        }
    }

    private static LocateQuery query(String description) {
        return new LocateQuery("wf", 0, SCREEN, new Point(100, 100), SCREEN.cropAround(new Point(100, 100), 40, 40),
                SCREEN, description, FailureKind.UNKNOWN, 0.8);
    }

    @Test
    void locate_visionCandidateRefused_nextCandidateTakenAndCheckCounted() {
        Vision vision = new Vision(List.of(WRONG, RIGHT), Map.of(RIGHT, true));
        StepLocator.Result r = StepLocator.of(MOVED, List.of(vision)).locate(query("Save"));
        assertEquals(RIGHT, r.candidate().orElseThrow().point());
        assertEquals(List.of(WRONG, RIGHT), vision.checked);
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("rejected by the vision post-check: not \"Save\"")),
                r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("post-check of " + RIGHT + ": matches")));
        assertEquals(3, r.cost().calls(), "one locate, two checks");
    }

    @Test
    void locate_onlyCandidateRefused_abstains() {
        Vision vision = new Vision(List.of(WRONG), Map.of());
        StepLocator.Result r = StepLocator.of(MOVED, List.of(vision)).locate(query("Save"));
        assertTrue(r.candidate().isEmpty(), r.notes().toString());
        assertEquals(2, r.cost().calls());
    }

    @Test
    void locate_noDescription_nothingToCheck() {
        Vision vision = new Vision(List.of(WRONG), Map.of());
        StepLocator.Result r = StepLocator.of(MOVED, List.of(vision)).locate(query(""));
        assertEquals(WRONG, r.candidate().orElseThrow().point());
        assertTrue(vision.checked.isEmpty());
    }
}
