package dev.healing.api.store;

import java.util.List;
import java.util.Objects;

/**
 * Health of one workflow: the worst of its steps.
 *
 * @param workflowId the workflow
 * @param state      the worst step state, HEALTHY when no step is known
 * @param drifting   whether any step is drifting
 * @param steps      every step with recorded runs or heals, by index
 */
public record WorkflowHealth(String workflowId, HealthState state, boolean drifting, List<StepHealth> steps) {
    /** Validates and copies. */
    public WorkflowHealth {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(state, "state");
        steps = List.copyOf(steps);
    }
}
