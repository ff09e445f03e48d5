package dev.healing.api;

import java.util.Objects;

/**
 * One call for help from the host: a step's click no longer lands on what it used to.
 *
 * @param workflowId          the workflow, as the {@link WorkflowStore} knows it
 * @param stepIndex           0-based index of the failing step
 * @param similarity          similarity 0..1 of the live crop at the step's point to its baseline
 * @param failedCrop          the live crop the host compared, or {@code null} (the healer cuts one)
 * @param consecutiveFailures how many times in a row this step has failed including now, or 0
 *                            when the host does not count (the healer then counts its calls)
 * @param runId               the host's run this request belongs to, for per-run heal limits, or
 *                            {@code null} (then no per-run limit applies; the hourly one still does)
 */
public record HealRequest(String workflowId, int stepIndex, double similarity, Image failedCrop,
                          int consecutiveFailures, String runId) {
    /** Validates the fields. */
    public HealRequest {
        Objects.requireNonNull(workflowId, "workflowId");
        if (workflowId.isBlank()) {
            throw new IllegalArgumentException("workflowId must not be blank");
        }
        if (stepIndex < 0) {
            throw new IllegalArgumentException("stepIndex must be at least 0, got " + stepIndex);
        }
        if (!(similarity >= 0 && similarity <= 1)) {
            throw new IllegalArgumentException("similarity must be within 0..1, got " + similarity);
        }
        if (consecutiveFailures < 0) {
            throw new IllegalArgumentException("consecutiveFailures must be at least 0, got " + consecutiveFailures);
        }
    }

    /** @return a request whose consecutive failures the healer counts itself */
    public static HealRequest of(String workflowId, int stepIndex, double similarity, Image failedCrop) {
        return new HealRequest(workflowId, stepIndex, similarity, failedCrop, 0, null);
    }

    /** @return a copy stating how many times in a row the step has failed, including this time */
    public HealRequest withConsecutiveFailures(int failures) {
        return new HealRequest(workflowId, stepIndex, similarity, failedCrop, failures, runId);
    }

    /** @return a copy naming the host's run, so per-run heal limits count per run */
    public HealRequest withRun(String newRunId) {
        return new HealRequest(workflowId, stepIndex, similarity, failedCrop, consecutiveFailures, newRunId);
    }
}
