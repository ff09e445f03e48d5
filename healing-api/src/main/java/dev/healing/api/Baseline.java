package dev.healing.api;

import java.time.Instant;
import java.util.Objects;

/**
 * What a step looked like when it last worked.
 *
 * @param workflowId the workflow
 * @param stepIndex  0-based step index
 * @param point      the click point in screen pixels
 * @param crop       the crop around {@code point} (100x100 by default)
 * @param frame      the full screen the crop was cut from, or {@code null} when not kept
 * @param createdAt  when it was saved
 * @param origin     what produced it: {@code "recorded"}, or a heal's description
 */
public record Baseline(String workflowId, int stepIndex, Point point, Image crop, Image frame, Instant createdAt,
                       String origin) {
    /** Validates the fields. */
    public Baseline {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(crop, "crop");
        Objects.requireNonNull(createdAt, "createdAt");
        origin = origin == null ? "recorded" : origin;
        if (stepIndex < 0) {
            throw new IllegalArgumentException("stepIndex must be at least 0, got " + stepIndex);
        }
        if (frame != null && (point.x() >= frame.width() || point.y() >= frame.height())) {
            throw new IllegalArgumentException("point " + point + " is outside the " + frame.width() + "x"
                    + frame.height() + " frame");
        }
    }
}
