package dev.healing.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A heal that waits for a person: where the step's element is believed to be now, and why it was
 * not applied by itself.
 *
 * @param id            stable id, used to approve or reject
 * @param workflowId    the workflow
 * @param stepIndex     0-based step index
 * @param description   what the step does, in words
 * @param oldPoint      where the step clicks now
 * @param candidate     the proposed new position
 * @param approvalClass why it waits ({@link ApprovalClass#C} for proposals the healer files)
 * @param failureKind   how the failure was classified
 * @param reason        why it waits, in words
 * @param createdAt     when it was proposed
 * @param status        where it stands
 * @param evidence      the picture of the proposal, or {@code null}
 */
public record Proposal(String id, String workflowId, int stepIndex, String description, Point oldPoint,
                       Candidate candidate, ApprovalClass approvalClass, FailureKind failureKind, String reason,
                       Instant createdAt, Status status, Image evidence) {
    /** Where a proposal stands. */
    public enum Status {
        /** Waiting for a person. */
        PENDING,
        /**
         * A person approved it and it is not applied yet: the healer applies it (verifying it as an
         * automatic heal) on its next heal of that workflow step, or at once through {@code Healer.approve}.
         */
        APPROVED,
        /** Approved and applied (verified). */
        APPLIED,
        /** Approved, but applying it failed verification; the workflow was restored. */
        FAILED,
        /** Rejected by a person. */
        REJECTED
    }

    /** Validates the fields. */
    public Proposal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(oldPoint, "oldPoint");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(approvalClass, "approvalClass");
        Objects.requireNonNull(failureKind, "failureKind");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
        description = description == null ? "" : description;
        reason = reason == null ? "" : reason;
    }

    /** @return a copy with another status */
    public Proposal withStatus(Status newStatus) {
        return new Proposal(id, workflowId, stepIndex, description, oldPoint, candidate, approvalClass, failureKind,
                reason, createdAt, newStatus, evidence);
    }
}
