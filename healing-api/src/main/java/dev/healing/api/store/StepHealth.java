package dev.healing.api.store;

import dev.healing.api.FailureKind;
import java.util.List;
import java.util.Objects;

/**
 * Health of one step, from its recent runs' similarity and its heal history.
 *
 * @param workflowId          the workflow
 * @param stepIndex           0-based step index
 * @param state               healthy, degraded or broken
 * @param runs                runs considered (the most recent, at most the window)
 * @param lastSimilarity      similarity 0..1 in the latest run, or -1 when no run is recorded
 * @param meanSimilarity      mean similarity 0..1 over the runs considered, or -1 with no runs
 * @param trendPerRun         least-squares slope of similarity per run (negative: sliding down)
 * @param drifting            similarity is trending down while the step still passes: a break is coming
 * @param consecutiveFailures failed runs in a row, most recent first
 * @param healsTried          heals of this step in the same period
 * @param healsSucceeded      of which left a verified fix
 * @param issues              symptoms: what made the state what it is, in words; empty when healthy
 * @param probableCause       the probable cause: the failure kind of the latest heal, {@code IN_PLACE}
 *                            (slow restyle) for a drifting step never healed, {@code null} when healthy
 *                            with nothing to go on
 * @param recommendedAction   what a person should do, in words ("nothing" when healthy)
 * @param selfHealable        whether the healer can be expected to fix it by itself (false when it
 *                            waits for approval, every recent heal failed, or the element is gone or
 *                            the screen is another)
 */
public record StepHealth(String workflowId, int stepIndex, HealthState state, int runs, double lastSimilarity,
                         double meanSimilarity, double trendPerRun, boolean drifting, int consecutiveFailures,
                         int healsTried, int healsSucceeded, List<String> issues,
                         FailureKind probableCause, String recommendedAction, boolean selfHealable) {
    /** Validates and copies. */
    public StepHealth {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(state, "state");
        issues = List.copyOf(issues);
        Objects.requireNonNull(recommendedAction, "recommendedAction");
    }
}
