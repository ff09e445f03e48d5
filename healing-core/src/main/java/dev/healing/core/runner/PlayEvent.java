package dev.healing.core.runner;

import dev.healing.api.Point;
import java.util.Objects;

/**
 * What the player did at one step, reported to the player's listener as it happens.
 *
 * @param workflowId the workflow
 * @param step       0-based step index
 * @param type       the step's type
 * @param outcome    what happened: {@code clicked}, {@code typed}, {@code pressed}, {@code waited},
 *                   {@code recorded}, {@code waiting} (failed once, checking again), {@code checked}
 *                   (a sensitive step verified but not clicked), {@code continued} (a heal's
 *                   re-run played on), or {@code stopped}
 * @param point      where it clicked or recorded, or null
 * @param verifying  whether this happened inside a heal's verifying re-run
 * @param detail     more in words, may be empty
 */
public record PlayEvent(String workflowId, int step, String type, String outcome, Point point, boolean verifying,
                        String detail) {
    /** Validates the fields. */
    public PlayEvent {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail;
    }
}
