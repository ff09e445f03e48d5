package dev.healing.api.store;

import dev.healing.api.Point;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored version of a step's baseline, without its images (load those with
 * {@link OperationsStore#version(String, int, int)}).
 *
 * @param workflowId the workflow
 * @param stepIndex  0-based step index
 * @param version    1-based version number, increasing with every save of the step
 * @param point      the click point in screen pixels
 * @param hasFrame   whether the full frame was kept with the crop
 * @param createdAt  when the baseline was made (millisecond precision)
 * @param origin     what produced it: {@code "recorded"} or a heal's description
 * @param healId     id of the heal in the log that produced it, or 0 when none is linked
 * @param current    whether this is the step's current version
 */
public record BaselineVersion(String workflowId, int stepIndex, int version, Point point, boolean hasFrame,
                              Instant createdAt, String origin, long healId, boolean current) {
    /** Validates the fields. */
    public BaselineVersion {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(origin, "origin");
        if (stepIndex < 0 || version < 1 || healId < 0) {
            throw new IllegalArgumentException("need stepIndex >= 0, version >= 1, healId >= 0: " + stepIndex + ", "
                    + version + ", " + healId);
        }
    }
}
