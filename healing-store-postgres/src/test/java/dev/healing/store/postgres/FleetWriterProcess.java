package dev.healing.store.postgres;

import dev.healing.api.ApprovalClass;
import dev.healing.api.Candidate;
import dev.healing.api.Cost;
import dev.healing.api.FailureKind;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.Point;
import dev.healing.api.VerificationResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A runner process for {@link FleetProcessTest}: logs {@code count} heals (each with two attempts,
 * one transaction each) into a namespace, printing its progress every 100.
 * Arguments: URL namespace runner-id count.
 */
public final class FleetWriterProcess {
    private FleetWriterProcess() {
    }

    /** @param args URL, namespace, runner id, count */
    public static void main(String[] args) {
        String url = args[0];
        String ns = args[1];
        int id = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        try (PostgresStore store = PostgresStore.builder().url(url).namespace(ns).poolSize(2)
                .retryWithin(Duration.ofMinutes(2)).build()) {
            String workflow = "runner-" + id;
            for (int i = 1; i <= count; i++) {
                store.recordHeal(HealRequest.of(workflow, i % 10, 0.3, null), healed(workflow, i % 10));
                if (i % 100 == 0) {
                    System.out.println("progress " + i);
                    System.out.flush();
                }
            }
        }
        System.out.println("done");
    }

    static HealResult healed(String workflow, int step) {
        Candidate wrong = Candidate.at(Point.of(10, 10), 0.85, "template", "first peak");
        Candidate right = Candidate.at(Point.of(200, 120), 0.93, "template", "matches");
        List<HealAttempt> history = List.of(
                new HealAttempt(1, wrong, VerificationResult.failedAt(step, 0.3), false, "still failing", null),
                new HealAttempt(2, right, VerificationResult.succeeded(), true, "verified", null));
        return HealResult.healed(new HealResult.Trace(workflow, step, Optional.of(Point.of(100, 120)), FailureKind.MOVED,
                history, List.of(), Cost.FREE, Duration.ofMillis(42), Optional.empty()), right, ApprovalClass.A,
                "verified: the workflow ran to its end");
    }
}
