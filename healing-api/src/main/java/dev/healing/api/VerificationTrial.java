package dev.healing.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A candidate on trial: the healer has written {@code candidate} provisionally into the step and
 * asks the verifier to re-run the workflow from {@code stepIndex}.
 *
 * @param workflowId          the workflow to run
 * @param stepIndex           0-based index of the first step to run (the healed step)
 * @param oldPoint            where the step clicked before the heal
 * @param candidate           where it clicks now, provisionally
 * @param provisionalBaseline the crop cut at the candidate on the current screen, to check the
 *                            healed step against while the candidate is on trial (an in-place
 *                            restyle verifies against its new look); empty when none was cut
 */
public record VerificationTrial(String workflowId, int stepIndex, Point oldPoint, Point candidate,
                                Optional<Image> provisionalBaseline) {
    /** Validates the fields. */
    public VerificationTrial {
        Objects.requireNonNull(workflowId, "workflowId");
        if (stepIndex < 0) {
            throw new IllegalArgumentException("stepIndex must be >= 0, got " + stepIndex);
        }
        Objects.requireNonNull(oldPoint, "oldPoint");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(provisionalBaseline, "provisionalBaseline");
    }
}
