package dev.healing.api;

import java.util.Objects;

/**
 * Everything a locator may use to find a step's element on the live screen.
 *
 * @param workflowId    the workflow
 * @param stepIndex     0-based step index
 * @param screen        the live full frame
 * @param oldPoint      where the step used to click, in pixels of the baseline frame
 * @param baselineCrop  the stored crop around {@code oldPoint}, or {@code null} when none is stored
 * @param baselineFrame the full frame the baseline was cut from, or {@code null} when not stored
 * @param description   what the step clicks, in words ({@code ""} when the workflow has none)
 * @param failureKind   how the failure was classified
 * @param minConfidence the confidence 0..1 below which the healer will not use a candidate
 */
public record LocateQuery(String workflowId, int stepIndex, Image screen, Point oldPoint, Image baselineCrop,
                          Image baselineFrame, String description, FailureKind failureKind,
                          double minConfidence) {
    /** Validates the fields. */
    public LocateQuery {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(screen, "screen");
        Objects.requireNonNull(oldPoint, "oldPoint");
        Objects.requireNonNull(failureKind, "failureKind");
        description = description == null ? "" : description;
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("minConfidence must be within 0..1, got " + minConfidence);
        }
    }
}
