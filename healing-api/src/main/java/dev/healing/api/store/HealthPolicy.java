package dev.healing.api.store;

import dev.healing.api.FailureKind;
import dev.healing.api.HealStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides a step's health from its recent runs and heals: one definition for every store, which
 * only reads the rows.
 *
 * <ul>
 *   <li>BROKEN: the latest runs failed ({@value #BROKEN_FAILURES} in a row) with no successful
 *       heal since, or it failed and the heal after it did not heal.</li>
 *   <li>DEGRADED: a recent failure, mean similarity below {@value #DEGRADED_MEAN}, failed heals,
 *       or drift.</li>
 *   <li>Drift: over at least {@value #DRIFT_MIN_RUNS} runs the similarity falls by
 *       {@value #DRIFT_SLOPE} or more per run (least squares) while the step still passes.</li>
 * </ul>
 */
public final class HealthPolicy {
    /** Runs considered, most recent. */
    public static final int WINDOW = 10;
    /** Mean similarity below this is degraded. */
    public static final double DEGRADED_MEAN = 0.85;
    /** Slope of similarity per run at or below which a passing step is drifting. */
    public static final double DRIFT_SLOPE = -0.01;
    /** Fewest runs that can show drift. */
    public static final int DRIFT_MIN_RUNS = 4;
    /** Failed runs in a row that make a step broken unless healed since. */
    public static final int BROKEN_FAILURES = 2;

    /**
     * One heal of the step, as the policy needs it.
     *
     * @param status     how it ended
     * @param finishedAt when it ended
     * @param kind       the failure it answered
     */
    public record HealOutcome(HealStatus status, Instant finishedAt, FailureKind kind) {
        /** Validates the fields. */
        public HealOutcome {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(finishedAt, "finishedAt");
            Objects.requireNonNull(kind, "kind");
        }
    }

    private HealthPolicy() {
    }

    /**
     * @param runs    the step's last {@link #WINDOW} runs, oldest first
     * @param heals   the step's last {@link #WINDOW} heals, oldest first
     * @param waiting proposals of the step waiting for a person (pending or approved)
     * @return the step's health
     */
    public static StepHealth decide(String workflowId, int stepIndex, List<StepRun> runs, List<HealOutcome> heals,
                                    int waiting) {
        return decideImpl(workflowId, stepIndex, runs, heals, waiting);
    }

    private static StepHealth decideImpl(String workflowId, int stepIndex, List<StepRun> runs, List<HealOutcome> all,
                                     int waiting) {
        Instant since = runs.isEmpty() ? Instant.MIN : runs.get(0).at();
        List<HealOutcome> heals = all.stream().filter(h -> !h.finishedAt().isBefore(since)).toList();
        int tried = 0;
        int succeeded = 0;
        for (HealOutcome h : heals) {
            if (tried(h.status())) {
                tried++;
                succeeded += succeeded(h.status()) ? 1 : 0;
            }
        }
        int n = runs.size();
        double last = n == 0 ? -1 : runs.get(n - 1).similarity();
        double mean = n == 0 ? -1 : runs.stream().mapToDouble(StepRun::similarity).average().orElse(-1);
        double slope = slope(runs);
        int failuresInRow = 0;
        for (int i = n - 1; i >= 0 && !runs.get(i).passed(); i--) {
            failuresInRow++;
        }
        Instant lastFailure = failuresInRow == 0 ? null : runs.get(n - 1).at();
        HealOutcome latestHeal = heals.stream().filter(h -> tried(h.status())).reduce((a, b) -> b).orElse(null);
        boolean healedSinceFailure = latestHeal != null && lastFailure != null && succeeded(latestHeal.status())
                && !latestHeal.finishedAt().isBefore(lastFailure);
        boolean healFailedSinceFailure = latestHeal != null && lastFailure != null
                && latestHeal.status() == HealStatus.NOT_HEALED && !latestHeal.finishedAt().isBefore(lastFailure);
        boolean drifting = n >= DRIFT_MIN_RUNS && slope <= DRIFT_SLOPE && failuresInRow == 0;

        List<String> issues = new ArrayList<>();
        HealthState state = HealthState.HEALTHY;
        if (failuresInRow >= BROKEN_FAILURES && !healedSinceFailure) {
            state = HealthState.BROKEN;
            issues.add(failuresInRow + " failed runs in a row, not healed since");
        } else if (healFailedSinceFailure) {
            state = HealthState.BROKEN;
            issues.add("failed in the latest run and the heal after it did not heal");
        } else if (n == 0 && latestHeal != null && latestHeal.status() == HealStatus.NOT_HEALED) {
            state = HealthState.BROKEN;
            issues.add("the latest heal did not heal");
        }
        if (state != HealthState.BROKEN) {
            if (failuresInRow > 0) {
                issues.add(failuresInRow + " failed run(s) in a row" + (healedSinceFailure ? ", healed since" : ""));
            }
            if (n > 0 && mean < DEGRADED_MEAN) {
                issues.add(String.format(Locale.ROOT, "mean similarity %.2f over %d runs is below %.2f", mean, n,
                        DEGRADED_MEAN));
            }
            if (drifting) {
                issues.add(String.format(Locale.ROOT, "similarity drifting down %.3f per run over %d runs (last %.2f)",
                        -slope, n, last));
            }
            if (tried > succeeded) {
                issues.add((tried - succeeded) + " of " + tried + " recent heals failed");
            }
            state = issues.isEmpty() ? HealthState.HEALTHY : HealthState.DEGRADED;
        }
        if (waiting > 0) {
            issues.add(waiting + " proposal(s) waiting for a person");
            if (state == HealthState.HEALTHY) {
                state = HealthState.DEGRADED;
            }
        }
        HealOutcome latest = all.isEmpty() ? null : all.get(all.size() - 1);
        FailureKind cause = latest != null && state != HealthState.HEALTHY ? latest.kind()
                : drifting ? FailureKind.IN_PLACE : null;
        boolean allFailed = tried > 0 && succeeded == 0;
        boolean selfHealable = waiting == 0 && !allFailed && cause != FailureKind.GONE
                && cause != FailureKind.DIFFERENT_SCREEN;
        String action = action(state, cause, drifting, waiting, allFailed, stepIndex);
        return new StepHealth(workflowId, stepIndex, state, n, last, mean, slope, drifting, failuresInRow, tried,
                succeeded, issues, cause, action, selfHealable);
    }

    /** @return what a person should do about a step in this state, in words. */
    public static String action(HealthState state, FailureKind cause, boolean drifting, int waiting, boolean allFailed,
                         int stepIndex) {
        if (waiting > 0) {
            return "approve or reject the waiting proposal (examples: approve --db FILE ID / reject --db FILE ID)";
        }
        if (allFailed) {
            return "every recent heal failed: open the escalation (escalations --db FILE), find the element by hand"
                    + " and update step " + stepIndex + "'s coordinates";
        }
        if (cause == FailureKind.GONE) {
            return "the element is gone: check whether step " + stepIndex + " is still needed, or re-record it";
        }
        if (cause == FailureKind.DIFFERENT_SCREEN) {
            return "the step runs on an unexpected screen: check the steps before it, popups or a login prompt";
        }
        if (drifting) {
            return "similarity is sliding down: re-record step " + stepIndex + "'s baseline before it breaks"
                    + " (the healer would re-baseline it when it fails)";
        }
        if (state == HealthState.HEALTHY) {
            return "nothing";
        }
        if (cause == FailureKind.TRANSIENT) {
            return "the screen was still loading: lengthen the wait before step " + stepIndex;
        }
        if (state == HealthState.BROKEN) {
            return "not healed since it broke: look at the evidence and fix step " + stepIndex + " by hand";
        }
        return "none needed: the healer fixes it by itself; review the evidence of its heals";
    }

    private static boolean tried(HealStatus s) {
        return s == HealStatus.HEALED || s == HealStatus.PARTIAL || s == HealStatus.NOT_HEALED;
    }

    private static boolean succeeded(HealStatus s) {
        return s == HealStatus.HEALED || s == HealStatus.PARTIAL;
    }

    /** Least-squares slope of similarity against run number; 0 for fewer than two runs. */
    public static double slope(List<StepRun> runs) {
        int n = runs.size();
        if (n < 2) {
            return 0;
        }
        double meanX = (n - 1) / 2.0;
        double meanY = runs.stream().mapToDouble(StepRun::similarity).average().orElse(0);
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (i - meanX) * (runs.get(i).similarity() - meanY);
            den += (i - meanX) * (i - meanX);
        }
        return num / den;
    }
}
