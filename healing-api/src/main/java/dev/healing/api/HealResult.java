package dev.healing.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Outcome of one {@code attemptHeal} call. Immutable.
 *
 * @param status       what happened
 * @param workflowId   the workflow
 * @param stepIndex    0-based index of the step that failed
 * @param oldPoint     the step's point before the heal, or {@code null} when it was never read
 * @param newPoint     the step's point now (HEALED, PARTIAL), or the proposal (PENDING_APPROVAL,
 *                     dry-run); {@code null} otherwise
 * @param attempts     candidates verified, 0..maxAttempts
 * @param locator      the locator whose candidate won or was proposed, or {@code null}
 * @param confidence   that candidate's confidence 0..1, or 0 when there is none
 * @param reasoning    why that candidate, in the locator's words; never {@code null}
 * @param cost         what model calls cost during this heal
 * @param duration     wall time of the call
 * @param reason       why the heal did not happen (NOT_HEALED, SKIPPED, PENDING_APPROVAL), or {@code null}
 * @param failureKind  how the failure was classified
 * @param failedAtStep for PARTIAL, the later step that now fails; -1 otherwise
 * @param history      every candidate tried, in order
 * @param approvalClass how much a person must be involved (for a proposal or an applied heal), or
 *                     {@code null} when nothing was proposed
 * @param proposalId   for PENDING_APPROVAL, the id to approve or reject; {@code null} otherwise
 * @param evidence     the picture of the decisive moment (see {@code EvidenceImage}), or {@code null}
 */
public record HealResult(HealStatus status, String workflowId, int stepIndex, Point oldPoint, Point newPoint,
                         int attempts, String locator, double confidence, String reasoning, Cost cost,
                         Duration duration, String reason, FailureKind failureKind, int failedAtStep,
                         List<HealAttempt> history, ApprovalClass approvalClass, String proposalId,
                         Image evidence) {
    /** Validates the fields and copies the history. */
    public HealResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(failureKind, "failureKind");
        reasoning = reasoning == null ? "" : reasoning;
        history = List.copyOf(history);
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be at least 0, got " + attempts);
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be within 0..1, got " + confidence);
        }
        if ((status == HealStatus.HEALED || status == HealStatus.PARTIAL) && newPoint == null) {
            throw new IllegalArgumentException(status + " needs the new point");
        }
        if (status == HealStatus.PARTIAL && failedAtStep < 0) {
            throw new IllegalArgumentException("PARTIAL needs the step that now fails");
        }
    }

    /** @return whether the workflow now holds a verified fix (HEALED or PARTIAL) */
    public boolean healed() {
        return status == HealStatus.HEALED || status == HealStatus.PARTIAL;
    }
}
