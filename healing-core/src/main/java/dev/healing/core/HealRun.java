package dev.healing.core;

import dev.healing.api.ApprovalClass;
import dev.healing.api.Baseline;
import dev.healing.api.Candidate;
import dev.healing.api.CaptureException;
import dev.healing.api.Cost;
import dev.healing.api.Escalation;
import dev.healing.api.FailureKind;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.HealingException;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.Point;
import dev.healing.api.Proposal;
import dev.healing.api.Revision;
import dev.healing.api.TrustLedger;
import dev.healing.api.VerificationResult;
import dev.healing.api.WorkflowStep;
import dev.healing.core.match.LocatePipeline;
import dev.healing.core.report.EvidenceImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One {@link Healer#attemptHeal} call: the healing loop of DESIGN.md. Single-threaded, used once. */
final class HealRun {
    private static final Logger log = LoggerFactory.getLogger(Healer.class);

    private final Healer healer;
    private final HealRequest request;
    private final int failures;
    private final long startNanos = System.nanoTime();
    private final List<HealAttempt> history = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Point> tried = new ArrayList<>();
    private final List<String> backups = new ArrayList<>();
    private Cost cost = Cost.FREE;
    private FailureKind kind = FailureKind.UNKNOWN;
    private Point oldPoint;
    private WorkflowStep step;
    private Baseline baseline;
    private Image lastScreen;
    private Image evidence;

    private record Observation(Image screen, FailureKind kind, String detail, LocatePipeline.Outcome located) {
    }

    HealRun(Healer healer, HealRequest request, int failures) {
        this.healer = healer;
        this.request = request;
        this.failures = failures;
    }

    HealResult run() {
        HealResult result;
        try {
            result = heal();
        } catch (HealingException e) {
            // Broken transports or stores end the heal with a reason, never in the host's loop.
            log.warn("heal of {} step {} stopped: {}", request.workflowId(), request.stepIndex(), e.getMessage());
            result = notHealed(e.getMessage());
        }
        if (result.status() == HealStatus.NOT_HEALED && oldPoint != null) {
            escalate(result);
        }
        Outcomes.report(healer, request, result);
        return result;
    }

    private HealResult heal() {
        if (!healer.enabled) {
            return skipped("healer is disabled");
        }
        if (request.similarity() >= healer.failureThreshold) {
            return skipped(String.format("similarity %.2f is not below the failure threshold %.2f",
                    request.similarity(), healer.failureThreshold));
        }
        if (failures < healer.consecutiveFailures) {
            return skipped(failures + " consecutive failure(s); healing starts at " + healer.consecutiveFailures);
        }
        step = healer.workflows.step(request.workflowId(), request.stepIndex());
        if (step.point() == null) {
            return notHealed("step " + request.stepIndex() + " of " + request.workflowId()
                    + " has no coordinates to heal");
        }
        HealResult approved = healer.dryRun ? null : applyApproved();
        if (approved != null) {
            return approved;
        }
        String limited = healer.rateLimits.tryAcquire(request.workflowId(), request.runId(), healer.clock.instant());
        if (limited != null) {
            return skipped(limited);
        }
        oldPoint = step.point();
        baseline = healer.baselines.current(request.workflowId(), request.stepIndex()).orElse(null);
        if (baseline == null) {
            notes.add("no stored baseline: classification and template matching cannot help");
        }

        while (history.size() < healer.maxAttempts) {
            Observation seen = observe();
            switch (seen.kind()) {
                case TRANSIENT:
                    return notHealed("screen still transient after " + healer.transientRetries + " recapture(s): "
                            + seen.detail());
                case DIFFERENT_SCREEN:
                    return notHealed("not the screen this step expects: " + seen.detail());
                case GONE:
                    if (seen.located().candidate().isEmpty()) {
                        account(seen);
                        return notHealed("element is gone: " + seen.detail());
                    }
                    break;
                default:
                    break;
            }
            Optional<Candidate> next = nextCandidate(seen);
            account(seen);
            if (next.isEmpty()) {
                break;
            }
            Candidate candidate = next.get();
            tried.add(candidate.point());
            ApprovalPolicy.Verdict verdict = healer.approval.classify(candidate, oldPoint, step.sensitive(),
                    isPaid(candidate), healer.trust.trust(request.workflowId()));
            if (healer.dryRun) {
                evidence = picture(seen.screen(), candidate, "dry-run proposal, class " + verdict.approvalClass());
                return result(HealStatus.SKIPPED, candidate, "dry-run: proposal not applied (class "
                        + verdict.approvalClass() + ": " + verdict.reason() + ")", -1, verdict.approvalClass(), null);
            }
            if (verdict.approvalClass() == ApprovalClass.C) {
                return propose(candidate, seen, verdict);
            }
            HealResult done = tryCandidate(candidate, seen, verdict.approvalClass());
            if (done != null) {
                return done;
            }
        }
        if (!history.isEmpty()) {
            healer.trust.record(request.workflowId(), TrustLedger.Event.FAILED);
        }
        String why = history.isEmpty()
                ? "no candidate at or above confidence " + healer.minConfidence
                : history.size() + " candidate(s) failed verification; the workflow is restored";
        return notHealed(why + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")"));
    }

    /**
     * Applies a proposal a person approved for this step (status APPROVED), exactly as
     * {@link Healer#approve} would, without locating again; null when there is none. A proposal
     * filed for other coordinates than the step has now is stale and left alone.
     */
    private HealResult applyApproved() {
        Proposal approved = healer.proposals.approved().stream()
                .filter(p -> p.workflowId().equals(request.workflowId()) && p.stepIndex() == request.stepIndex())
                .reduce((a, b) -> b).orElse(null);
        if (approved == null) {
            return null;
        }
        if (!approved.oldPoint().equals(step.point())) {
            log.info("approved proposal {} for {} step {} was filed at {}, the step is now at {}: not applied",
                    approved.id(), request.workflowId(), request.stepIndex(), approved.oldPoint(), step.point());
            return null;
        }
        oldPoint = step.point();
        kind = approved.failureKind();
        HealResult r = new ApprovedHeal(healer, approved).apply(request);
        history.addAll(r.history());
        evidence = r.evidence();
        return r;
    }

    /**
     * Captures and runs the locate pipeline (classify, then the locator chain) that the corpus
     * evaluation runs too; recaptures a bounded number of times while the screen is transient.
     */
    private Observation observe() {
        for (int retry = 0; ; retry++) {
            try {
                lastScreen = healer.screen.capture();
            } catch (CaptureException e) {
                throw new HealingException("screen capture failed: " + e.getMessage(), e);
            }
            LocateQuery query = new LocateQuery(request.workflowId(), request.stepIndex(), lastScreen, oldPoint,
                    baseline == null ? null : baseline.crop(), baseline == null ? null : baseline.frame(),
                    step.description(), FailureKind.UNKNOWN, healer.minConfidence);
            LocatePipeline.Outcome located = LocatePipeline.locate(query, healer.classifier, healer.chain);
            kind = located.kind();
            log.debug("{} step {} classified {}: {}", request.workflowId(), request.stepIndex(), kind,
                    located.detail());
            if (kind != FailureKind.TRANSIENT || retry >= healer.transientRetries) {
                return new Observation(lastScreen, kind, located.detail(), located);
            }
            try {
                healer.sleeper.sleep(healer.transientWait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HealingException("interrupted while waiting for a transient screen to settle", e);
            }
        }
    }

    /** The next untried candidate of this observation (the old point first when restyled in place). */
    private Optional<Candidate> nextCandidate(Observation seen) {
        LocatePipeline.Outcome located = seen.located();
        Optional<Candidate> c = located.candidate();
        while (c.isPresent() && !notTried(c.get().point()) && located.search() != null) {
            c = located.search().next();
        }
        return c.filter(x -> notTried(x.point()));
    }

    /** Adds what an observation's locators cost and said to the heal's totals, once. */
    private void account(Observation seen) {
        LocatePipeline.Outcome located = seen.located();
        LocatorChain.Search search = located.search();
        cost = cost.plus(search != null ? search.cost() : located.cost());
        notes.addAll(search != null ? search.notes() : located.notes());
    }

    private boolean isPaid(Candidate c) {
        return healer.chain.locators().stream().anyMatch(l -> l.paid() && l.name().equals(c.source()));
    }

    private boolean notTried(Point p) {
        return tried.stream().noneMatch(t -> t.distanceTo(p) < LocatorChain.SAME_PLACE_PX);
    }

    /** Files a class C proposal: nothing is clicked or written until a person approves it. */
    private HealResult propose(Candidate candidate, Observation seen, ApprovalPolicy.Verdict verdict) {
        evidence = picture(seen.screen(), candidate, "awaiting approval: " + verdict.reason());
        String id = UUID.randomUUID().toString();
        String why = verdict.reason() + "; approve proposal " + id + " to apply it";
        healer.proposals.submit(new Proposal(id, request.workflowId(), request.stepIndex(), step.description(),
                oldPoint, candidate, verdict.approvalClass(), kind, verdict.reason(), healer.clock.instant(),
                Proposal.Status.PENDING, evidence));
        return result(HealStatus.PENDING_APPROVAL, candidate, why, -1, verdict.approvalClass(), id);
    }

    /** Applies, verifies, and keeps or rolls back one candidate; null means "try the next one". */
    private HealResult tryCandidate(Candidate candidate, Observation seen, ApprovalClass approvalClass) {
        int number = history.size() + 1;
        Revision revision = null;
        if (!candidate.point().equals(oldPoint)) {
            revision = healer.workflows.move(request.workflowId(), request.stepIndex(), candidate.point(),
                    String.format("healed by %s (confidence %.2f, %s)", candidate.source(), candidate.confidence(),
                            kind));
            backups.add(revision.backup());
        }
        VerificationResult verification = Outcomes.verify(healer, request.workflowId(), request.stepIndex(), oldPoint,
                candidate.point(), seen.screen(), baseline);
        int index = request.stepIndex();
        if (verification.success() || verification.failedAtStep() > index) {
            if (revision != null) {
                healer.workflows.commit(revision);
            }
            Outcomes.remember(healer, baseline, request.workflowId(), index, candidate.point(), seen.screen(), true);
            if (verification.success()) {
                Outcomes.saveBaseline(healer, request.workflowId(), index, candidate, oldPoint, seen.screen(), notes);
            }
            healer.trust.record(request.workflowId(), TrustLedger.Event.VERIFIED);
            String note = verification.success()
                    ? "verified: the workflow ran to its end"
                    : "verified: step passed, step " + verification.failedAtStep() + " now fails";
            record(new HealAttempt(number, candidate, verification, true, note, picture(seen.screen(), candidate,
                    note)));
            return verification.success()
                    ? result(HealStatus.HEALED, candidate, null, -1, approvalClass, null)
                    : result(HealStatus.PARTIAL, candidate, "step " + verification.failedAtStep()
                    + " now fails (similarity " + String.format("%.2f", verification.similarity()) + ")",
                    verification.failedAtStep(), approvalClass, null);
        }
        if (revision != null) {
            healer.workflows.rollback(revision);
        }
        Outcomes.remember(healer, baseline, request.workflowId(), index, candidate.point(), seen.screen(), false);
        String note = "still failing at step " + verification.failedAtStep() + " (similarity "
                + String.format("%.2f", verification.similarity()) + "); rolled back";
        record(new HealAttempt(number, candidate, verification, false, note, picture(seen.screen(), candidate, note)));
        return null;
    }

    private Image picture(Image screen, Candidate candidate, String verdict) {
        if (!healer.evidence || screen == null || oldPoint == null
                || oldPoint.x() >= screen.width() || oldPoint.y() >= screen.height()) {
            return null;
        }
        Image picture = EvidenceImage.render(screen, oldPoint, candidate, baseline == null ? null : baseline.crop(),
                request.failedCrop(), kind, verdict);
        evidence = picture;
        return picture;
    }

    private void record(HealAttempt attempt) {
        history.add(attempt);
        Outcomes.attempted(healer, request, attempt);
    }

    private void escalate(HealResult result) {
        if (evidence == null) {
            evidence = picture(lastScreen, null, "not healed: " + result.reason());
        }
        Escalation e = new Escalation(request.workflowId(), request.stepIndex(),
                step == null ? "" : step.description(), oldPoint, kind, result.reason(), history,
                healer.workflows.locationOf(request.workflowId()), backups, suggestion(), evidence,
                healer.clock.instant());
        Outcomes.escalated(healer, request, e);
    }

    private String suggestion() {
        String where = "step " + request.stepIndex() + " of " + request.workflowId();
        if (!history.isEmpty()) {
            return "Every candidate failed verification: look at the evidence, find the element by hand and update"
                    + " the coordinates of " + where + " (the workflow file was restored; backups are listed).";
        }
        return switch (kind) {
            case GONE -> "The element is gone: check whether " + where + " is still needed, or re-record it.";
            case DIFFERENT_SCREEN -> "The screen is not the one " + where
                    + " expects: check the steps before it, a popup, or a login prompt.";
            case TRANSIENT -> "The screen never settled: check that the application loads, then re-run.";
            default -> "No trustworthy candidate: re-record " + where
                    + ", or give it a description so the vision locator can find it.";
        };
    }

    private HealResult skipped(String reason) {
        return result(HealStatus.SKIPPED, null, reason, -1, null, null);
    }

    private HealResult notHealed(String reason) {
        return result(HealStatus.NOT_HEALED, null, reason, -1, null, null);
    }

    private HealResult result(HealStatus status, Candidate winner, String reason, int failedAt,
                              ApprovalClass approvalClass, String proposalId) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        return new HealResult(status, request.workflowId(), request.stepIndex(), oldPoint,
                winner == null ? null : winner.point(), history.size(), winner == null ? null : winner.source(),
                winner == null ? 0 : winner.confidence(),
                winner == null ? String.join("; ", notes) : winner.reasoning(), cost, took, reason, kind, failedAt,
                history, approvalClass, proposalId, evidence);
    }
}
