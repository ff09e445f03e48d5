package dev.healing.api.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What one step looked like in one run: the input of health and drift.
 *
 * @param workflowId the workflow
 * @param stepIndex  0-based step index
 * @param similarity similarity 0..1 of the live crop to the step's baseline
 * @param passed     whether the step passed
 * @param at         when it ran, or {@code null} for the store's clock when recorded
 * @param runId      the run it belongs to (see {@link dev.healing.api.RunLog#startRun}), or 0 for none
 */
public record StepRun(String workflowId, int stepIndex, double similarity, boolean passed, Instant at, long runId) {
    /** Validates the fields. */
    public StepRun {
        Objects.requireNonNull(workflowId, "workflowId");
        if (stepIndex < 0) {
            throw new IllegalArgumentException("stepIndex must be at least 0, got " + stepIndex);
        }
        if (!(similarity >= 0 && similarity <= 1)) {
            throw new IllegalArgumentException("similarity must be within 0..1, got " + similarity);
        }
        if (runId < 0) {
            throw new IllegalArgumentException("runId must be 0 (none) or a run's id, got " + runId);
        }
    }
}
