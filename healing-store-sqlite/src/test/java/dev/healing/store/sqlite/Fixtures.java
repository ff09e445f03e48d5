package dev.healing.store.sqlite;

import dev.healing.api.ApprovalClass;
import dev.healing.api.Baseline;
import dev.healing.api.Candidate;
import dev.healing.api.Cost;
import dev.healing.api.FailureKind;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import dev.healing.api.VerificationResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Test data: images, baselines and heal results. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

    private Fixtures() {
    }

    /** A noisy image: different seeds give different pictures and appearance hashes. */
    static Image image(int width, int height, long seed) {
        Random r = new Random(seed);
        int[] px = new int[width * height];
        for (int i = 0; i < px.length; i++) {
            px[i] = r.nextInt(0x1000000);
        }
        return Image.wrap(width, height, px);
    }

    static Baseline baseline(String workflow, int step, int x, int y, long seed) {
        return new Baseline(workflow, step, Point.of(x, y), image(20, 20, seed), null, T0, "recorded");
    }

    static SqliteStore open(Path file) {
        return SqliteStore.builder().path(file).build();
    }

    static HealRequest request(String workflow, int step) {
        return HealRequest.of(workflow, step, 0.24, null).withConsecutiveFailures(2);
    }

    /** A heal where the first candidate was rejected and the second, from {@code locator}, healed. */
    static HealResult healed(String workflow, int step, String locator, Cost cost) {
        Candidate wrong = new Candidate(Point.of(10, 10), Rect.of(5, 5, 10, 10), 0.85, "template", "first peak");
        Candidate right = Candidate.at(Point.of(200, 120), 0.93, locator, "matches the baseline");
        List<HealAttempt> history = List.of(
                new HealAttempt(1, wrong, VerificationResult.failedAt(step, 0.3), false, "still failing", null),
                new HealAttempt(2, right, VerificationResult.succeeded(), true, "verified", null));
        return HealResult.healed(new HealResult.Trace(workflow, step, Optional.of(Point.of(100, 120)), FailureKind.MOVED,
                history, List.of(), cost, Duration.ofMillis(420), Optional.empty()), right, ApprovalClass.A,
                "verified: the workflow ran to its end");
    }

    static HealResult notHealed(String workflow, int step) {
        Candidate c = Candidate.at(Point.of(30, 40), 0.81, "vision", "looks like it");
        return HealResult.notHealed(new HealResult.Trace(workflow, step, Optional.of(Point.of(100, 120)),
                FailureKind.MOVED, List.of(new HealAttempt(1, c, VerificationResult.failedAt(step, 0.2), false,
                        "rejected", null)), List.of(), new Cost(1, 1000, 50, 0.002), Duration.ofMillis(900),
                Optional.empty()), "every candidate failed verification");
    }

    static HealResult skipped(String workflow, int step) {
        return HealResult.skipped(HealResult.Trace.of(workflow, step), "similarity 0.90 is above the threshold 0.70");
    }
}
