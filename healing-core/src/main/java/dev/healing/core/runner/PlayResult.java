package dev.healing.core.runner;

import dev.healing.api.HealResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a play (or a recording) of a workflow ended.
 *
 * @param workflowId the workflow
 * @param status     {@link Status#FINISHED} when every step ran, {@link Status#STOPPED} otherwise
 * @param heals      the heals that changed the workflow on the way (HEALED or PARTIAL), in order
 * @param stop       why and where it stopped; present exactly when STOPPED
 */
public record PlayResult(String workflowId, Status status, List<HealResult> heals, Optional<StepAnswer.Stop> stop) {
    /** How a play ended. */
    public enum Status {
        /** Every step ran. */
        FINISHED,
        /** It stopped at a step; nothing after it was clicked. */
        STOPPED
    }

    /** Validates the fields and copies the list. */
    public PlayResult {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(status, "status");
        heals = List.copyOf(heals);
        Objects.requireNonNull(stop, "stop");
        if ((status == Status.STOPPED) != stop.isPresent()) {
            throw new IllegalArgumentException("a stop is present exactly when the status is STOPPED, got " + status);
        }
    }

    /** @return whether every step ran */
    public boolean finished() {
        return status == Status.FINISHED;
    }
}
