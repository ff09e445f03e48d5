package dev.healing.store.postgres;

import java.util.Objects;

/**
 * Something another runner (or this one) committed to the shared store, pushed by the server
 * (LISTEN/NOTIFY) to every store of the same namespace.
 *
 * @param kind       what changed
 * @param workflowId the workflow
 * @param stepIndex  0-based step index, or -1 when the event is not about one step
 * @param id         the proposal's id for {@link Kind#PROPOSAL_RESOLVED}, else ""
 */
public record FleetEvent(Kind kind, String workflowId, int stepIndex, String id) {
    /** What changed. */
    public enum Kind {
        /** A verified fix was remembered: the step now heals from memory everywhere. */
        FIX_REMEMBERED,
        /** A person rolled a step's current baseline back to an earlier version. */
        BASELINE_SAVED,
        /** A person approved or rejected a proposal, or a healer applied it. */
        PROPOSAL_RESOLVED
    }

    /** Validates the fields. */
    public FleetEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(workflowId, "workflowId");
        id = id == null ? "" : id;
    }

    /** @return the NOTIFY payload */
    String payload() {
        return kind.name() + '\u001f' + workflowId + '\u001f' + stepIndex + '\u001f' + id;
    }

    /** @return the event in a NOTIFY payload, or null when it is not one of ours */
    static FleetEvent parse(String payload) {
        String[] parts = payload == null ? new String[0] : payload.split("\u001f", -1);
        if (parts.length != 4) {
            return null;
        }
        try {
            return new FleetEvent(Kind.valueOf(parts[0]), parts[1], Integer.parseInt(parts[2]), parts[3]);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
