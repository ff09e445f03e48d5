package dev.healing.core;

import dev.healing.api.Baseline;
import dev.healing.api.Cost;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.Image;
import dev.healing.api.Proposal;
import dev.healing.api.Revision;
import dev.healing.api.TrustLedger;
import dev.healing.api.VerificationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Applies one approved proposal. Single-threaded, used once, under the workflow's lock. */
final class ApprovedHeal {
    private final Healer healer;
    private final Proposal proposal;
    private final long startNanos = System.nanoTime();

    ApprovedHeal(Healer healer, Proposal proposal) {
        this.healer = healer;
        this.proposal = proposal;
    }

    /** Applies the proposal and reports the result to the listeners. */
    HealResult apply() {
        HealRequest request = HealRequest.of(proposal.workflowId(), proposal.stepIndex(), 0, null);
        HealResult result = apply(request);
        Outcomes.report(healer, request, result);
        return result;
    }

    /** Applies the proposal for {@code request} (attempts go to the listeners); the caller reports the result. */
    HealResult apply(HealRequest request) {
        String workflowId = proposal.workflowId();
        int step = proposal.stepIndex();
        Baseline baseline = healer.baselines.current(workflowId, step).orElse(null);
        Image screen = healer.screen.capture();
        Revision revision = healer.workflows.move(workflowId, step, proposal.candidate().point(),
                "approved proposal " + proposal.id() + ": " + proposal.candidate().source());
        VerificationResult v = Outcomes.verify(healer, workflowId, step, proposal.oldPoint(),
                proposal.candidate().point(), screen, baseline);
        boolean kept = v.success() || v.failedAtStep() > step;
        List<String> notes = new ArrayList<>();
        if (kept) {
            healer.workflows.commit(revision);
            Outcomes.remember(healer, baseline, workflowId, step, proposal.candidate().point(), screen, true);
            if (v.success()) {
                Outcomes.saveBaseline(healer, workflowId, step, proposal.candidate(), proposal.oldPoint(), screen,
                        notes);
            }
            healer.trust.record(workflowId, TrustLedger.Event.APPROVED);
            healer.proposals.resolve(proposal.id(), Proposal.Status.APPLIED, "verified");
        } else {
            healer.workflows.rollback(revision);
            Outcomes.remember(healer, baseline, workflowId, step, proposal.candidate().point(), screen, false);
            healer.trust.record(workflowId, TrustLedger.Event.FAILED);
            healer.proposals.resolve(proposal.id(), Proposal.Status.FAILED, "failed verification at step "
                    + v.failedAtStep());
        }
        String note = kept ? "approved and verified" : "approved, but still failing at step " + v.failedAtStep()
                + "; rolled back";
        HealAttempt attempt = new HealAttempt(1, proposal.candidate(), v, kept, note, proposal.evidence());
        Outcomes.attempted(healer, request, attempt);
        HealStatus status = !kept ? HealStatus.NOT_HEALED : v.success() ? HealStatus.HEALED : HealStatus.PARTIAL;
        HealResult result = new HealResult(status, workflowId, step, proposal.oldPoint(),
                kept ? proposal.candidate().point() : null, 1, proposal.candidate().source(),
                proposal.candidate().confidence(), proposal.candidate().reasoning(), Cost.FREE,
                Duration.ofNanos(System.nanoTime() - startNanos), kept && v.success() ? null : note,
                proposal.failureKind(), status == HealStatus.PARTIAL ? v.failedAtStep() : -1, List.of(attempt),
                proposal.approvalClass(), proposal.id(), proposal.evidence());
        return result;
    }
}
