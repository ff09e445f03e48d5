package dev.healing.api;

import java.util.List;
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
 * @param localCandidates candidates local matching found but could not decide between (look-alikes,
 *                      a low-confidence match), in screen pixels; a vision locator may show them to
 *                      the model as numbered marks; empty when none, never {@code null}
 */
public record LocateQuery(String workflowId, int stepIndex, Image screen, Point oldPoint, Image baselineCrop,
                          Image baselineFrame, String description, FailureKind failureKind,
                          double minConfidence, List<Candidate> localCandidates) {
    /** A query without local candidates. */
    public LocateQuery(String workflowId, int stepIndex, Image screen, Point oldPoint, Image baselineCrop,
                       Image baselineFrame, String description, FailureKind failureKind, double minConfidence) {
        this(workflowId, stepIndex, screen, oldPoint, baselineCrop, baselineFrame, description, failureKind,
                minConfidence, List.of());
    }

    /** Validates the fields; a {@code null} candidate list becomes empty. */
    public LocateQuery {
        localCandidates = localCandidates == null ? List.of() : List.copyOf(localCandidates);
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(screen, "screen");
        Objects.requireNonNull(oldPoint, "oldPoint");
        Objects.requireNonNull(failureKind, "failureKind");
        description = description == null ? "" : description;
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("minConfidence must be within 0..1, got " + minConfidence);
        }
    }

    /** @return a copy with {@code candidates} as the local candidates */
    public LocateQuery withLocalCandidates(List<Candidate> candidates) {
        return new LocateQuery(workflowId, stepIndex, screen, oldPoint, baselineCrop, baselineFrame, description,
                failureKind, minConfidence, candidates);
    }
}
