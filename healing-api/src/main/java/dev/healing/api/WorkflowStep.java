package dev.healing.api;

import java.util.Objects;

/**
 * One step of a workflow as the healer needs it.
 *
 * @param index       0-based position in the workflow
 * @param type        the step type as written, e.g. {@code click}, {@code type}, {@code wait}
 * @param description what the step does in words, from {@code description} or {@code name}; may be empty
 * @param point       the click point, or {@code null} for steps without coordinates
 * @param sensitive   whether the step publishes, deletes or pays: never clicked just to verify
 */
public record WorkflowStep(int index, String type, String description, Point point, boolean sensitive) {
    /** Validates the fields. */
    public WorkflowStep {
        Objects.requireNonNull(type, "type");
        description = description == null ? "" : description;
        if (index < 0) {
            throw new IllegalArgumentException("index must be at least 0, got " + index);
        }
    }
}
