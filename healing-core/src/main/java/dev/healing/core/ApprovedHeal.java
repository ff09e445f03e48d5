package dev.healing.core;

import dev.healing.api.Baseline;
import dev.healing.api.CaptureException;
import dev.healing.api.Cost;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealingException;
import dev.healing.api.Image;
import dev.healing.api.Proposal;
import dev.healing.api.TrustLedger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies one approved proposal through the same {@link CandidateTrial} as an automatic heal.
 * Single-threaded, used once, under the workflow's lock.
 */
final class ApprovedHeal {
    private final Healer healer;
    private final Proposal proposal;
    private final long startNanos = System.nanoTime();

    ApprovedHeal(Healer healer, Proposal proposal) {
        this.healer = healer;
        this.proposal = proposal;
    }

    /** Applies the proposal for a person's {@link Healer#approve} and reports the result to the listeners. */
    HealResult apply() {
        HealRequest request = new HealRequest(proposal.workflowId(), proposal.stepIndex(), 0, null, 0, null);
        HealResult result = apply(request);
        healer.events.result(request, result);
        return result;
    }

    /** Applies the proposal for {@code request} (the attempt goes to the listeners); the caller reports the result. */
    HealResult apply(HealRequest request) {
        String workflowId = proposal.workflowId();
        int step = proposal.stepIndex();
        Baseline baseline = healer.baselines.current(workflowId, step).orElse(null);
        Image screen;
        try {
            screen = healer.screen.capture();
        } catch (CaptureException e) {
            throw new HealingException("screen capture failed: " + e.getMessage(), e);
        }
        List<String> notes = new ArrayList<>();
        CandidateTrial trial = new CandidateTrial(healer, workflowId, step, proposal.oldPoint(), baseline, screen,
                proposal.failureKind(), request.failedCrop(), notes);
        CandidateTrial.Outcome outcome = trial.attempt(1, proposal.candidate(),
                "approved proposal " + proposal.id() + ": " + proposal.candidate().source(),
                TrustLedger.Event.APPROVED);
        boolean kept = outcome.verdict().kept();
        int failedAt = outcome.verification().failedAtStep();
        if (kept) {
            healer.proposals.resolve(proposal.id(), Proposal.Status.APPLIED, "verified");
        } else {
            healer.trust.record(workflowId, TrustLedger.Event.FAILED);
            healer.proposals.resolve(proposal.id(), Proposal.Status.FAILED, "failed verification at step " + failedAt
                    + outcome.rollbackError().map(e -> "; rollback failed: " + e).orElse(""));
        }
        HealAttempt attempt = outcome.attempt();
        if (attempt.evidence() == null && proposal.evidence() != null) {
            attempt = new HealAttempt(attempt.number(), attempt.candidate(), attempt.verification(),
                    attempt.accepted(), attempt.note(), proposal.evidence());
        }
        healer.events.attempted(request, attempt);
        String note = kept ? "approved and verified" : "approved, but " + attempt.note();
        HealResult.Trace trace = new HealResult.Trace(workflowId, step, Optional.of(proposal.oldPoint()),
                proposal.failureKind(), List.of(attempt), notes, Cost.FREE,
                Duration.ofNanos(System.nanoTime() - startNanos), Optional.ofNullable(attempt.evidence()));
        HealResult result = switch (outcome.verdict()) {
            case HEALED -> HealResult.healed(trace, proposal.candidate(), proposal.approvalClass(), note);
            case PARTIAL -> HealResult.partial(trace, proposal.candidate(), proposal.approvalClass(), failedAt, note);
            default -> HealResult.notHealed(trace, note);
        };
        return result.withProposal(proposal.id());
    }
}
