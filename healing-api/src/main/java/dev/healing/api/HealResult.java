package dev.healing.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Outcome of one {@code attemptHeal} (or {@code approve}) call. Immutable. Built through the
 * factory of its status: {@link #healed}, {@link #partial}, {@link #notHealed}, {@link #skipped},
 * {@link #dryRun} and {@link #pendingApproval}.
 *
 * @param status        what happened
 * @param trace         what every outcome carries: the step, the failure kind, the attempts, the
 *                      notes of the locate step, cost, time and evidence
 * @param candidate     the candidate kept (HEALED, PARTIAL) or proposed (PENDING_APPROVAL, a
 *                      dry-run SKIPPED); empty otherwise
 * @param reason        why this outcome, in words; never {@code null}
 * @param failedAtStep  for PARTIAL, the later step that now fails; empty otherwise
 * @param approvalClass how much a person must be involved in the kept or proposed candidate
 * @param proposalId    the proposal to approve or reject (PENDING_APPROVAL), or the approved
 *                      proposal that was applied
 * @param escalation    for NOT_HEALED, what a person needs to fix the step by hand
 */
public record HealResult(HealStatus status, Trace trace, Optional<Candidate> candidate, String reason,
                         OptionalInt failedAtStep, Optional<ApprovalClass> approvalClass,
                         Optional<String> proposalId, Optional<Escalation> escalation) {
    /** Validates that the fields fit the status. */
    public HealResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(failedAtStep, "failedAtStep");
        Objects.requireNonNull(approvalClass, "approvalClass");
        Objects.requireNonNull(proposalId, "proposalId");
        Objects.requireNonNull(escalation, "escalation");
        reason = reason == null ? "" : reason;
        boolean kept = status == HealStatus.HEALED || status == HealStatus.PARTIAL;
        if ((kept || status == HealStatus.PENDING_APPROVAL) && candidate.isEmpty()) {
            throw new IllegalArgumentException(status + " needs the candidate");
        }
        if (status == HealStatus.NOT_HEALED && candidate.isPresent()) {
            throw new IllegalArgumentException("NOT_HEALED keeps no candidate, got " + candidate.get().point());
        }
        if ((status == HealStatus.PARTIAL) != failedAtStep.isPresent()) {
            throw new IllegalArgumentException("the step that now fails belongs to PARTIAL only, got " + status
                    + " with " + failedAtStep);
        }
        if (status == HealStatus.PENDING_APPROVAL && proposalId.isEmpty()) {
            throw new IllegalArgumentException("PENDING_APPROVAL needs the proposal id");
        }
    }

    /** The verified candidate; the workflow ran to its end. */
    public static HealResult healed(Trace trace, Candidate winner, ApprovalClass approvalClass, String reason) {
        return new HealResult(HealStatus.HEALED, trace, Optional.of(winner), reason, OptionalInt.empty(),
                Optional.of(approvalClass), Optional.empty(), Optional.empty());
    }

    /** The verified candidate is kept; step {@code failedAtStep}, later than the healed one, now fails. */
    public static HealResult partial(Trace trace, Candidate winner, ApprovalClass approvalClass, int failedAtStep,
                                     String reason) {
        if (failedAtStep <= trace.stepIndex()) {
            throw new IllegalArgumentException("PARTIAL fails at a later step than " + trace.stepIndex() + ", got "
                    + failedAtStep);
        }
        return new HealResult(HealStatus.PARTIAL, trace, Optional.of(winner), reason, OptionalInt.of(failedAtStep),
                Optional.of(approvalClass), Optional.empty(), Optional.empty());
    }

    /** Nothing worked or nothing was trustworthy; the workflow is as it was (or the reason says otherwise). */
    public static HealResult notHealed(Trace trace, String reason) {
        return new HealResult(HealStatus.NOT_HEALED, trace, Optional.empty(), reason, OptionalInt.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The healer chose not to act (gate, disabled, limits). */
    public static HealResult skipped(Trace trace, String reason) {
        return new HealResult(HealStatus.SKIPPED, trace, Optional.empty(), reason, OptionalInt.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A dry run found {@code proposal} and applied nothing (status SKIPPED). */
    public static HealResult dryRun(Trace trace, Candidate proposal, ApprovalClass approvalClass, String reason) {
        return new HealResult(HealStatus.SKIPPED, trace, Optional.of(proposal), reason, OptionalInt.empty(),
                Optional.of(approvalClass), Optional.empty(), Optional.empty());
    }

    /** {@code proposal} waits for a person's approval under {@code proposalId}. */
    public static HealResult pendingApproval(Trace trace, Candidate proposal, ApprovalClass approvalClass,
                                             String proposalId, String reason) {
        return new HealResult(HealStatus.PENDING_APPROVAL, trace, Optional.of(proposal), reason, OptionalInt.empty(),
                Optional.of(approvalClass), Optional.of(proposalId), Optional.empty());
    }

    /** @return a copy naming the approved proposal this result applied */
    public HealResult withProposal(String id) {
        return new HealResult(status, trace, candidate, reason, failedAtStep, approvalClass,
                Optional.of(Objects.requireNonNull(id, "id")), escalation);
    }

    /** @return a copy carrying the escalation of a NOT_HEALED result */
    public HealResult withEscalation(Escalation e) {
        return new HealResult(status, trace, candidate, reason, failedAtStep, approvalClass, proposalId,
                Optional.of(e));
    }

    /** @return whether the workflow now holds a verified fix (HEALED or PARTIAL) */
    public boolean healed() {
        return status == HealStatus.HEALED || status == HealStatus.PARTIAL;
    }

    /** @return the workflow */
    public String workflowId() {
        return trace.workflowId();
    }

    /** @return 0-based index of the step that failed */
    public int stepIndex() {
        return trace.stepIndex();
    }

    /** @return the step's point before the heal; empty when it was never read */
    public Optional<Point> oldPoint() {
        return trace.oldPoint();
    }

    /** @return the step's point now (HEALED, PARTIAL) or the proposed one (PENDING_APPROVAL, dry run) */
    public Optional<Point> newPoint() {
        return candidate.map(Candidate::point);
    }

    /** @return the locator of the kept or proposed candidate */
    public Optional<String> locator() {
        return candidate.map(Candidate::source);
    }

    /** @return the confidence 0..1 of the kept or proposed candidate */
    public OptionalDouble confidence() {
        return candidate.isPresent() ? OptionalDouble.of(candidate.get().confidence()) : OptionalDouble.empty();
    }

    /** @return how the failure was classified */
    public FailureKind failureKind() {
        return trace.failureKind();
    }

    /** @return every candidate tried, in order */
    public List<HealAttempt> history() {
        return trace.history();
    }

    /** @return how many candidates were tried (verified) */
    public int attempts() {
        return trace.history().size();
    }

    /** @return what model calls cost */
    public Cost cost() {
        return trace.cost();
    }

    /** @return wall time of the call */
    public Duration duration() {
        return trace.duration();
    }

    /** @return the picture of the decisive moment */
    public Optional<Image> evidence() {
        return trace.evidence();
    }

    /**
     * What every outcome carries.
     *
     * @param workflowId  the workflow
     * @param stepIndex   0-based index of the step that failed
     * @param oldPoint    the step's point before the heal; empty when it was never read
     * @param failureKind how the failure was classified
     * @param history     every candidate tried, in order
     * @param notes       one line per step of the locate (classification, each locator asked) and
     *                    anything else worth knowing, in order
     * @param cost        what model calls cost
     * @param duration    wall time of the call
     * @param evidence    the picture of the decisive moment
     */
    public record Trace(String workflowId, int stepIndex, Optional<Point> oldPoint, FailureKind failureKind,
                        List<HealAttempt> history, List<String> notes, Cost cost, Duration duration,
                        Optional<Image> evidence) {
        /** Validates the fields and copies the lists. */
        public Trace {
            Objects.requireNonNull(workflowId, "workflowId");
            if (stepIndex < 0) {
                throw new IllegalArgumentException("stepIndex must be at least 0, got " + stepIndex);
            }
            Objects.requireNonNull(oldPoint, "oldPoint");
            Objects.requireNonNull(failureKind, "failureKind");
            history = List.copyOf(history);
            notes = List.copyOf(notes);
            Objects.requireNonNull(cost, "cost");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(evidence, "evidence");
        }

        /** @return a trace of a call that got no further than the gate */
        public static Trace of(String workflowId, int stepIndex) {
            return new Trace(workflowId, stepIndex, Optional.empty(), FailureKind.UNKNOWN, List.of(), List.of(),
                    Cost.FREE, Duration.ZERO, Optional.empty());
        }
    }
}
