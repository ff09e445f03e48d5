package dev.healing.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A heal that failed after all its attempts, with everything a person needs to fix the step by
 * hand: the step, every candidate tried and why it was rejected (with evidence pictures), where
 * the workflow and its backups are, and what to do next.
 *
 * @param workflowId       the workflow
 * @param stepIndex        0-based step index
 * @param description      what the step does, in words
 * @param oldPoint         where the step clicks (unchanged: the workflow was restored)
 * @param failureKind      how the failure was classified
 * @param reason           why the heal failed
 * @param attempts         every candidate tried, with its verification and evidence
 * @param workflowLocation where the workflow lives (a file path), or {@code ""}
 * @param backups          the backups written during the heal (file paths)
 * @param suggestedAction  what a person should do next
 * @param evidence         the picture of the failure (screenshot, old point, crops), or {@code null}
 * @param at               when the heal gave up
 */
public record Escalation(String workflowId, int stepIndex, String description, Point oldPoint,
                         FailureKind failureKind, String reason, List<HealAttempt> attempts, String workflowLocation,
                         List<String> backups, String suggestedAction, Image evidence, Instant at) {
    /** Validates the fields and copies the lists. */
    public Escalation {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(failureKind, "failureKind");
        Objects.requireNonNull(at, "at");
        description = description == null ? "" : description;
        reason = reason == null ? "" : reason;
        workflowLocation = workflowLocation == null ? "" : workflowLocation;
        suggestedAction = suggestedAction == null ? "" : suggestedAction;
        attempts = List.copyOf(attempts);
        backups = List.copyOf(backups);
    }
}
