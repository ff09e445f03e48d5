package dev.healing.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A provisional change to a step's coordinates, with what is needed to undo it.
 *
 * @param workflowId the workflow
 * @param stepIndex  0-based step index
 * @param oldPoint   the point before the change
 * @param newPoint   the point written
 * @param backup     where the previous version was kept (a file path, a row id)
 * @param at         when the change was written
 */
public record Revision(String workflowId, int stepIndex, Point oldPoint, Point newPoint, String backup, Instant at) {
    /** Validates the fields. */
    public Revision {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(oldPoint, "oldPoint");
        Objects.requireNonNull(newPoint, "newPoint");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(at, "at");
    }
}
