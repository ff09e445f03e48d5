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
import dev.healing.api.Rect;
import dev.healing.api.StoreException;
import dev.healing.api.TrustLedger;
import dev.healing.api.VisionLocator;
import dev.healing.api.WorkflowStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Healer#attemptHeal} call: the healing loop of ARCHITECTURE.md (gate, capture,
 * classify, locate once, then try the chain's candidates in order). Single-threaded, used once,
 * under the workflow's lock.
 */
final class HealRun {
    private static final Logger log = LoggerFactory.getLogger(Healer.class);

    private final Healer healer;
    private final HealRequest request;
    private final int failures;
    private final long startNanos = System.nanoTime();
    private final List<HealAttempt> history = new ArrayList<>();
    /** The heal's own notes; the locate step's come from {@link #located}. */
    private final List<String> notes = new ArrayList<>();
    private final List<Point> tried = new ArrayList<>();
    private final List<String> backups = new ArrayList<>();
    private FailureKind kind = FailureKind.UNKNOWN;
    private Point oldPoint;
    private WorkflowStep step;
    private Baseline baseline;
    private Image lastScreen;
    private Image evidence;
    private Optional<String> rollbackError = Optional.empty();
    /** The one locate of this heal; its chain walk serves every attempt, in order. */
    private LocatePipeline.Outcome located;
    private int locateNotesSeen;
    private Optional<Candidate> first = Optional.empty();
    /** What the vision post-checks of this heal cost. */
    private Cost checkCost = Cost.FREE;
    /** Attempts the vision post-check rejected before anything was written or clicked. */
    private int rejectedByCheck;

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
        } catch (IllegalArgumentException e) {
            // Inputs that do not fit together (frame and screen sizes) are a result, not a crash.
            log.warn("heal of {} step {} stopped on bad input: {}", request.workflowId(), request.stepIndex(),
                    e.getMessage());
            result = notHealed("cannot heal with these inputs: " + e.getMessage() + " (" + sizes() + ")");
        }
        if (result.status() == HealStatus.NOT_HEALED && oldPoint != null) {
            result = result.withEscalation(escalate(result));
        }
        if (result.healed()) {
            healer.state.limits.applied(request.workflowId(), request.runId(), healer.clock.instant());
        }
        healer.events.result(request, result);
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
        if (healer.store == null) {
            return healStep();
        }
        return healExclusively();
    }

    /**
     * Runs {@link #healStep} inside the store's lock for this step, so healers sharing the store
     * produce one fix: the later one reads the step, baseline and memory again under the lock
     * and finds the earlier one's fix. A lock that cannot be taken ends the heal untried.
     */
    private HealResult healExclusively() {
        HealResult[] done = new HealResult[1];
        boolean[] entered = new boolean[1];
        try {
            return healer.store.exclusively(request.workflowId(), request.stepIndex(), () -> {
                entered[0] = true;
                done[0] = healStep();
                return done[0];
            });
        } catch (StoreException e) {
            if (done[0] != null) {
                // the heal ran to its end; only releasing the lock failed, and the lock goes with its session
                log.warn("heal of {} step {} done, but releasing the store's lock failed: {}", request.workflowId(),
                        request.stepIndex(), e.getMessage());
                return done[0];
            }
            if (entered[0]) {
                throw e;
            }
            log.warn("heal of {} step {} not tried: the store's lock could not be taken: {}", request.workflowId(),
                    request.stepIndex(), e.getMessage());
            return notHealed("the store's lock for step " + request.stepIndex() + " of " + request.workflowId()
                    + " could not be taken, so no heal was tried (StoreException: " + e.getMessage() + ")");
        }
    }

    /** The heal after the gate: recover, step, approved proposal, limits, capture, locate, trials. */
    private HealResult healStep() {
        List<Integer> restored = healer.workflows.recover(request.workflowId());
        if (!restored.isEmpty()) {
            log.warn("{}: restored step(s) {} that kept a provisional mark from an interrupted heal before healing",
                    request.workflowId(), restored);
            notes.add("restored left-over provisional mark(s) on step(s) " + restored + " before healing");
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
        Optional<String> limited = healer.state.limits.refusal(request.workflowId(), request.runId(),
                healer.clock.instant());
        if (limited.isPresent()) {
            return skipped(limited.get());
        }
        oldPoint = step.point();
        baseline = healer.baselines.current(request.workflowId(), request.stepIndex()).orElse(null);
        if (baseline == null) {
            notes.add("no stored baseline: classification and template matching cannot help");
        }
        Optional<String> unusable = observe();
        if (unusable.isPresent()) {
            return notHealed(unusable.get());
        }
        switch (kind) {
            case TRANSIENT:
                return notHealed("screen still transient after " + healer.transientRetries + " recapture(s): "
                        + located.detail());
            case DIFFERENT_SCREEN:
                return notHealed("not the screen this step expects: " + located.detail());
            case GONE:
                if (first.isEmpty()) {
                    return notHealed("element is gone: " + located.detail());
                }
                break;
            default:
                break;
        }
        CandidateTrial trial = new CandidateTrial(healer, request.workflowId(), request.stepIndex(), oldPoint,
                baseline, lastScreen, kind, request.failedCrop(), notes);
        while (history.size() < healer.maxAttempts) {
            Optional<Candidate> next = nextCandidate();
            if (next.isEmpty()) {
                break;
            }
            Candidate candidate = next.get();
            tried.add(candidate.point());
            Optional<String> refused = postCheck(candidate);
            if (refused.isPresent()) {
                rejectedByCheck++;
                HealAttempt rejected = new HealAttempt(history.size() + 1, candidate, null, false, refused.get(),
                        null);
                history.add(rejected);
                healer.events.attempted(request, rejected);
                continue;
            }
            ApprovalPolicy.Verdict verdict = healer.approval.classify(candidate, oldPoint, step.sensitive(),
                    isPaid(candidate), healer.trust.trust(request.workflowId()));
            if (healer.dryRun) {
                evidence = trial.picture(candidate, "dry-run proposal, class " + verdict.approvalClass());
                return HealResult.dryRun(trace(), candidate, verdict.approvalClass(), "dry-run: proposal not applied"
                        + " (class " + verdict.approvalClass() + ": " + verdict.reason() + ")");
            }
            if (verdict.approvalClass() == ApprovalClass.C) {
                return propose(trial, candidate, verdict);
            }
            CandidateTrial.Outcome outcome = trial.attempt(history.size() + 1, candidate,
                    String.format("healed by %s (confidence %.2f, %s)", candidate.source(), candidate.confidence(),
                            kind), TrustLedger.Event.VERIFIED);
            record(outcome);
            switch (outcome.verdict()) {
                case HEALED:
                    return HealResult.healed(trace(), candidate, verdict.approvalClass(), outcome.attempt().note());
                case PARTIAL:
                    return HealResult.partial(trace(), candidate, verdict.approvalClass(),
                            outcome.verification().failedAtStep(), "step " + outcome.verification().failedAtStep()
                            + " now fails (similarity " + String.format("%.2f", outcome.verification().similarity())
                            + ")");
                case ROLLBACK_FAILED:
                    healer.trust.record(request.workflowId(), TrustLedger.Event.FAILED);
                    rollbackError = outcome.rollbackError();
                    return notHealed("candidate " + candidate.point() + " failed verification and the rollback"
                            + " failed: " + rollbackError.orElse("") + "; the workflow may still hold the candidate,"
                            + " restore it from " + outcome.backup().orElse("its backup"));
                default:
                    break;
            }
        }
        int failedTrials = history.size() - rejectedByCheck;
        if (failedTrials > 0) {
            healer.trust.record(request.workflowId(), TrustLedger.Event.FAILED);
        }
        String why = history.isEmpty()
                ? "no candidate at or above confidence " + healer.minConfidence
                : failedTrials == 0
                ? rejectedByCheck + " vision candidate(s) rejected by the post-check; nothing was clicked"
                : failedTrials + " candidate(s) failed verification; the workflow is restored"
                + (rejectedByCheck == 0 ? "" : " (" + rejectedByCheck + " more rejected by the vision post-check)");
        List<String> all = allNotes();
        return notHealed(why + (all.isEmpty() ? "" : " (" + String.join("; ", all) + ")"));
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
        evidence = r.evidence().orElse(null);
        return r;
    }

    /**
     * Captures (recapturing a bounded number of times while the screen is transient), checks that
     * the inputs fit together, and runs the locate step once: classify, then the chain.
     *
     * @return why the inputs cannot be healed with, naming the sizes; empty when they can
     */
    private Optional<String> observe() {
        for (int retry = 0; ; retry++) {
            try {
                lastScreen = healer.screen.capture();
            } catch (CaptureException e) {
                throw new HealingException("screen capture failed: " + e.getMessage(), e);
            }
            Optional<String> unusable = unusable(lastScreen);
            if (unusable.isPresent()) {
                return unusable;
            }
            // A baseline saved at another point than the step's is another healer's verified fix of
            // this step (a runner sharing the store healed it first): try that point first. Its frame
            // shows the element at the fix, so it cannot tell what used to be at the old point.
            boolean movedBaseline = baseline != null && !baseline.point().equals(oldPoint);
            if (movedBaseline) {
                Optional<Candidate> fix = storedFix(lastScreen);
                if (fix.isPresent()) {
                    kind = FailureKind.MOVED;
                    first = fix;
                    notes.add(fix.get().reasoning());
                    return Optional.empty();
                }
            }
            LocateQuery query = new LocateQuery(request.workflowId(), request.stepIndex(), lastScreen, oldPoint,
                    baseline == null ? null : baseline.crop(), baseline == null || movedBaseline ? null
                    : baseline.frame(), step.description(), FailureKind.UNKNOWN, healer.minConfidence);
            located = LocatePipeline.locate(query, healer.classifier, healer.chain);
            kind = located.kind();
            first = located.candidate();
            locateNotesSeen = located.search() == null ? 0 : located.search().notes().size();
            log.debug("{} step {} classified {}: {}", request.workflowId(), request.stepIndex(), kind,
                    located.detail());
            if (kind != FailureKind.TRANSIENT || retry >= healer.transientRetries) {
                return Optional.empty();
            }
            try {
                healer.sleeper.sleep(healer.transientWait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HealingException("interrupted while waiting for a transient screen to settle", e);
            }
        }
    }

    /**
     * The point the stored baseline was re-saved at, when the live screen still shows the baseline
     * crop there at least as well as {@code minConfidence} (the similarity is the confidence).
     */
    private Optional<Candidate> storedFix(Image screen) {
        Point at = baseline.point();
        Image crop = baseline.crop();
        if (at.x() >= screen.width() || at.y() >= screen.height()) {
            return Optional.empty();
        }
        double score = healer.similarity.similarity(crop, screen.cropAround(at, crop.width(), crop.height()));
        double confidence = Math.max(0, Math.min(1, score));
        if (confidence < healer.minConfidence) {
            notes.add(String.format("the stored baseline was re-saved at %s, but the screen shows it there only"
                    + " at %.2f", at, confidence));
            return Optional.empty();
        }
        return Optional.of(new Candidate(at, Rect.centeredWithin(at, crop.width(), crop.height(), screen.width(),
                screen.height()), confidence, "store", String.format("the store's baseline of this step was"
                + " re-saved at %s by an earlier heal; the screen shows it there (similarity %.2f)", at, score)));
    }

    /** Why the step, its baseline and this screen cannot be compared, naming the sizes. */
    private Optional<String> unusable(Image screen) {
        if (oldPoint.x() >= screen.width() || oldPoint.y() >= screen.height()) {
            return Optional.of("the step's point " + oldPoint + " lies outside the " + size(screen) + " screen");
        }
        if (baseline == null) {
            return Optional.empty();
        }
        Image crop = baseline.crop();
        if (crop.width() > screen.width() || crop.height() > screen.height()) {
            return Optional.of("the " + size(crop) + " baseline crop is larger than the " + size(screen) + " screen");
        }
        Image frame = baseline.frame();
        if (frame != null && (oldPoint.x() >= frame.width() || oldPoint.y() >= frame.height())) {
            return Optional.of("the step's point " + oldPoint + " lies outside the " + size(frame)
                    + " baseline frame (screen " + size(screen) + ")");
        }
        return Optional.empty();
    }

    private static String size(Image image) {
        return image.width() + "x" + image.height();
    }

    private String sizes() {
        return "screen " + (lastScreen == null ? "not captured" : size(lastScreen))
                + (baseline == null ? ", no baseline" : ", baseline crop " + size(baseline.crop())
                + (baseline.frame() == null ? "" : ", baseline frame " + size(baseline.frame())))
                + (oldPoint == null ? "" : ", point " + oldPoint);
    }

    /**
     * The next candidate to try: the locate step's first (the old point when restyled in place),
     * then the chain's further ones in order; each asked for once per heal. Candidates already
     * tried, and candidates outside the captured frame, are passed over.
     */
    private Optional<Candidate> nextCandidate() {
        while (true) {
            Optional<Candidate> c;
            if (first.isPresent()) {
                c = first;
                first = Optional.empty();
            } else if (located != null && located.search() != null) {
                c = located.search().next();
            } else {
                return Optional.empty();
            }
            if (c.isEmpty()) {
                return c;
            }
            Point p = c.get().point();
            if (p.x() >= lastScreen.width() || p.y() >= lastScreen.height()) {
                notes.add(c.get().source() + " proposed " + p + ", outside the " + size(lastScreen)
                        + " screen: rejected");
                continue;
            }
            if (tried.stream().noneMatch(t -> t.distanceTo(p) < LocatorChain.SAME_PLACE_PX)) {
                return c;
            }
        }
    }

    /**
     * Asks the vision locator that proposed {@code c} whether the element at it is the step's
     * described one, on the frame it was found on, before anything is written or clicked. Other
     * candidates, and steps without a description, pass unchecked.
     *
     * @return why the candidate is rejected; empty when it passes
     */
    private Optional<String> postCheck(Candidate c) {
        if (located == null || located.search() == null || step.description().isBlank()) {
            return Optional.empty();
        }
        Optional<VisionLocator> vision = located.search().visionSourceOf(c);
        if (vision.isEmpty()) {
            return Optional.empty();
        }
        VisionPostCheck.Verdict verdict = VisionPostCheck.ask(vision.get(), lastScreen, c, step.description(),
                healer.minConfidence);
        checkCost = checkCost.plus(verdict.cost());
        if (verdict.passed()) {
            notes.add(verdict.note());
            return Optional.empty();
        }
        log.info("{} step {} candidate {} {}", request.workflowId(), request.stepIndex(), c.point(), verdict.note());
        return Optional.of(verdict.note());
    }

    private boolean isPaid(Candidate c) {
        return located != null && located.search() != null && located.search().isPaid(c);
    }

    /** Notes of the locate step (classification, each locator asked, however late) then the heal's own. */
    private List<String> allNotes() {
        List<String> all = new ArrayList<>();
        if (located != null) {
            all.addAll(located.notes());
            if (located.search() != null) {
                List<String> walk = located.search().notes();
                all.addAll(walk.subList(Math.min(locateNotesSeen, walk.size()), walk.size()));
            }
        }
        all.addAll(notes);
        return all;
    }

    private Cost cost() {
        if (located == null) {
            return Cost.FREE;
        }
        return (located.search() != null ? located.search().cost() : located.cost()).plus(checkCost);
    }

    /** Files a class C proposal: nothing is clicked or written until a person approves it. */
    private HealResult propose(CandidateTrial trial, Candidate candidate, ApprovalPolicy.Verdict verdict) {
        evidence = trial.picture(candidate, "awaiting approval: " + verdict.reason());
        String id = UUID.randomUUID().toString();
        String why = verdict.reason() + "; approve proposal " + id + " to apply it";
        healer.proposals.submit(new Proposal(id, request.workflowId(), request.stepIndex(), step.description(),
                oldPoint, candidate, verdict.approvalClass(), kind, verdict.reason(), healer.clock.instant(),
                Proposal.Status.PENDING, evidence));
        return HealResult.pendingApproval(trace(), candidate, verdict.approvalClass(), id, why);
    }

    private void record(CandidateTrial.Outcome outcome) {
        outcome.backup().ifPresent(backups::add);
        HealAttempt attempt = outcome.attempt();
        if (attempt.evidence() != null) {
            evidence = attempt.evidence();
        }
        history.add(attempt);
        healer.events.attempted(request, attempt);
    }

    /** Tells the listeners the escalation (they hear it again, complete, with the result). */
    private Escalation escalate(HealResult result) {
        if (evidence == null && lastScreen != null && healer.evidence
                && oldPoint.x() < lastScreen.width() && oldPoint.y() < lastScreen.height()) {
            evidence = new CandidateTrial(healer, request.workflowId(), request.stepIndex(), oldPoint, baseline,
                    lastScreen, kind, request.failedCrop(), notes).picture(null, "not healed: " + result.reason());
        }
        Escalation e = new Escalation(request.workflowId(), request.stepIndex(),
                step == null ? "" : step.description(), oldPoint, kind, result.reason(), history,
                healer.workflows.locationOf(request.workflowId()), backups, suggestion(), evidence,
                healer.clock.instant());
        healer.events.escalated(request, e);
        return e;
    }

    private String suggestion() {
        String where = "step " + request.stepIndex() + " of " + request.workflowId();
        if (rollbackError.isPresent()) {
            return "The rollback failed: restore the workflow of " + where + " from its backup (listed) before the"
                    + " next run; it may still hold a rejected candidate.";
        }
        if (history.size() > rejectedByCheck) {
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
        return HealResult.skipped(trace(), reason);
    }

    private HealResult notHealed(String reason) {
        return HealResult.notHealed(trace(), reason);
    }

    private HealResult.Trace trace() {
        return new HealResult.Trace(request.workflowId(), request.stepIndex(), Optional.ofNullable(oldPoint), kind,
                history, allNotes(), cost(), Duration.ofNanos(System.nanoTime() - startNanos),
                Optional.ofNullable(evidence));
    }
}
