package dev.healing.core;

import dev.healing.api.Baseline;
import dev.healing.api.Candidate;
import dev.healing.api.CaptureException;
import dev.healing.api.Cost;
import dev.healing.api.FailureKind;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealListener;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.HealingException;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import dev.healing.api.Revision;
import dev.healing.api.VerificationResult;
import dev.healing.api.WorkflowStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One {@link Healer#attemptHeal} call: the healing loop of DESIGN.md. Single-threaded, used once. */
final class HealRun {
    /** Confidence given to "the element is still there, restyled", when the classifier says so. */
    static final double IN_PLACE_CONFIDENCE = 0.90;

    private static final Logger log = LoggerFactory.getLogger(Healer.class);

    private final Healer healer;
    private final HealRequest request;
    private final int failures;
    private final long startNanos = System.nanoTime();
    private final List<HealAttempt> history = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Point> tried = new ArrayList<>();
    private Cost cost = Cost.FREE;
    private FailureKind kind = FailureKind.UNKNOWN;
    private Point oldPoint;

    private record Observation(Image screen, FailureKind kind, String detail) {
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
            result = result(HealStatus.NOT_HEALED, null, null, e.getMessage(), -1);
        }
        report(result);
        return result;
    }

    private HealResult heal() {
        if (!healer.enabled) {
            return result(HealStatus.SKIPPED, null, null, "healer is disabled", -1);
        }
        if (request.similarity() >= healer.failureThreshold) {
            return result(HealStatus.SKIPPED, null, null, String.format(
                    "similarity %.2f is not below the failure threshold %.2f", request.similarity(),
                    healer.failureThreshold), -1);
        }
        if (failures < healer.consecutiveFailures) {
            return result(HealStatus.SKIPPED, null, null, failures + " consecutive failure(s); healing starts at "
                    + healer.consecutiveFailures, -1);
        }
        WorkflowStep step = healer.workflows.step(request.workflowId(), request.stepIndex());
        if (step.point() == null) {
            return result(HealStatus.NOT_HEALED, null, null, "step " + request.stepIndex() + " of "
                    + request.workflowId() + " has no coordinates to heal", -1);
        }
        oldPoint = step.point();
        Baseline baseline = healer.baselines.current(request.workflowId(), request.stepIndex()).orElse(null);
        if (baseline == null) {
            notes.add("no stored baseline: classification and template matching cannot help");
        }

        while (history.size() < healer.maxAttempts) {
            Observation seen = observe(baseline);
            switch (seen.kind()) {
                case TRANSIENT:
                    return result(HealStatus.NOT_HEALED, null, null, "screen still transient after "
                            + healer.transientRetries + " recapture(s): " + seen.detail(), -1);
                case DIFFERENT_SCREEN:
                    return result(HealStatus.NOT_HEALED, null, null,
                            "not the screen this step expects: " + seen.detail(), -1);
                case GONE:
                    return result(HealStatus.NOT_HEALED, null, null, "element is gone: " + seen.detail(), -1);
                default:
                    break;
            }
            Optional<Candidate> next = nextCandidate(seen, baseline, step);
            if (next.isEmpty()) {
                break;
            }
            Candidate candidate = next.get();
            tried.add(candidate.point());
            if (step.sensitive()) {
                return result(HealStatus.PENDING_APPROVAL, candidate, candidate.point(), "step "
                        + request.stepIndex() + " is marked sensitive: it is never clicked to verify;"
                        + " approve the proposal to apply it", -1);
            }
            if (healer.dryRun) {
                return result(HealStatus.SKIPPED, candidate, candidate.point(), "dry-run: proposal not applied", -1);
            }
            HealResult done = tryCandidate(candidate, seen, baseline);
            if (done != null) {
                return done;
            }
        }
        String why = history.isEmpty()
                ? "no candidate at or above confidence " + healer.minConfidence
                : history.size() + " candidate(s) failed verification; the workflow is restored";
        return result(HealStatus.NOT_HEALED, null, null, why + (notes.isEmpty() ? "" : " (" + String.join("; ", notes)
                + ")"), -1);
    }

    /** Captures, classifies, and recaptures a bounded number of times while the screen is transient. */
    private Observation observe(Baseline baseline) {
        for (int retry = 0; ; retry++) {
            Image screen;
            try {
                screen = healer.screen.capture();
            } catch (CaptureException e) {
                throw new HealingException("screen capture failed: " + e.getMessage(), e);
            }
            if (baseline == null) {
                kind = FailureKind.UNKNOWN;
                return new Observation(screen, kind, "no baseline");
            }
            FailureClassifier.Classification c = healer.classifier.classify(screen, baseline);
            kind = c.kind();
            log.debug("{} step {} classified {}: {}", request.workflowId(), request.stepIndex(), c.kind(), c.detail());
            if (c.kind() != FailureKind.TRANSIENT || retry >= healer.transientRetries) {
                return new Observation(screen, c.kind(), c.detail());
            }
            healer.sleeper.sleep(healer.transientWait);
        }
    }

    private Optional<Candidate> nextCandidate(Observation seen, Baseline baseline, WorkflowStep step) {
        if (seen.kind() == FailureKind.IN_PLACE && notTried(oldPoint)) {
            Rect box = Rect.centeredWithin(oldPoint, Math.min(healer.cropWidth, seen.screen().width()),
                    Math.min(healer.cropHeight, seen.screen().height()), seen.screen().width(), seen.screen().height());
            return Optional.of(new Candidate(oldPoint, box, Math.max(healer.minConfidence, IN_PLACE_CONFIDENCE),
                    "in-place", "restyled in place: " + seen.detail()));
        }
        LocateQuery query = new LocateQuery(request.workflowId(), request.stepIndex(), seen.screen(), oldPoint,
                baseline == null ? null : baseline.crop(), baseline == null ? null : baseline.frame(),
                step.description(), seen.kind(), healer.minConfidence);
        LocatorChain.Search search = healer.chain.search(query, locator -> {
            if (!locator.paid()) {
                return true;
            }
            String spent = healer.budget.exhaustedReason();
            if (spent != null) {
                notes.add(locator.name() + " skipped: " + spent);
            }
            return spent == null;
        });
        try {
            Optional<Candidate> c;
            do {
                c = search.next();
            } while (c.isPresent() && !notTried(c.get().point()));
            return c;
        } finally {
            cost = cost.plus(search.cost());
            healer.budget.spend(search.cost());
            notes.addAll(search.notes());
        }
    }

    private boolean notTried(Point p) {
        return tried.stream().noneMatch(t -> t.distanceTo(p) < LocatorChain.SAME_PLACE_PX);
    }

    /** Applies, verifies, and keeps or rolls back one candidate; null means "try the next one". */
    private HealResult tryCandidate(Candidate candidate, Observation seen, Baseline baseline) {
        int number = history.size() + 1;
        boolean moves = !candidate.point().equals(oldPoint);
        Revision revision = moves
                ? healer.workflows.move(request.workflowId(), request.stepIndex(), candidate.point(),
                String.format("healed by %s (confidence %.2f, %s)", candidate.source(), candidate.confidence(),
                        kind))
                : null;
        VerificationResult verification = verify();
        int step = request.stepIndex();
        if (verification.success() || verification.failedAtStep() > step) {
            if (revision != null) {
                healer.workflows.commit(revision);
            }
            remember(baseline, candidate.point(), seen.screen(), true);
            if (verification.success()) {
                saveBaseline(candidate.point(), seen.screen(), candidate);
            }
            record(new HealAttempt(number, candidate, verification, true, verification.success()
                    ? "verified: the workflow ran to its end"
                    : "verified: step passed, step " + verification.failedAtStep() + " now fails"));
            return verification.success()
                    ? result(HealStatus.HEALED, candidate, candidate.point(), null, -1)
                    : result(HealStatus.PARTIAL, candidate, candidate.point(), "step " + verification.failedAtStep()
                    + " now fails (similarity " + String.format("%.2f", verification.similarity()) + ")",
                    verification.failedAtStep());
        }
        if (revision != null) {
            healer.workflows.rollback(revision);
        }
        remember(baseline, candidate.point(), seen.screen(), false);
        record(new HealAttempt(number, candidate, verification, false, "still failing at step "
                + verification.failedAtStep() + " (similarity " + String.format("%.2f", verification.similarity())
                + "); rolled back"));
        return null;
    }

    private VerificationResult verify() {
        try {
            VerificationResult v = healer.verifier.runFrom(request.workflowId(), request.stepIndex());
            return v != null ? v : VerificationResult.failedAt(request.stepIndex(), 0);
        } catch (RuntimeException e) {
            log.warn("verifier failed for {} step {}", request.workflowId(), request.stepIndex(), e);
            return VerificationResult.failedAt(request.stepIndex(), 0);
        }
    }

    private void remember(Baseline baseline, Point point, Image screen, boolean success) {
        if (healer.memory == null || baseline == null) {
            return;
        }
        try {
            Image crop = screen.cropAround(point, baseline.crop().width(), baseline.crop().height());
            healer.memory.record(request.workflowId(), request.stepIndex(), baseline.crop().appearanceHash(), point,
                    crop, success, healer.clock.instant());
        } catch (HealingException e) {
            log.warn("could not remember the outcome for {} step {}: {}", request.workflowId(), request.stepIndex(),
                    e.getMessage());
        }
    }

    private void saveBaseline(Point point, Image screen, Candidate candidate) {
        try {
            Image crop = screen.cropAround(point, Math.min(healer.cropWidth, screen.width()),
                    Math.min(healer.cropHeight, screen.height()));
            healer.baselines.save(new Baseline(request.workflowId(), request.stepIndex(), point, crop, screen,
                    healer.clock.instant(), "healed by " + candidate.source() + " from " + oldPoint));
        } catch (HealingException e) {
            log.warn("healed {} step {} but could not save the new baseline: {}", request.workflowId(),
                    request.stepIndex(), e.getMessage());
            notes.add("new baseline not saved: " + e.getMessage());
        }
    }

    private void record(HealAttempt attempt) {
        history.add(attempt);
        for (HealListener l : healer.listeners) {
            try {
                l.onAttempt(request, attempt);
            } catch (RuntimeException e) {
                log.warn("heal listener {} failed on an attempt", l.getClass().getName(), e);
            }
        }
    }

    private HealResult result(HealStatus status, Candidate winner, Point newPoint, String reason, int failedAt) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        return new HealResult(status, request.workflowId(), request.stepIndex(), oldPoint, newPoint, history.size(),
                winner == null ? null : winner.source(), winner == null ? 0 : winner.confidence(),
                winner == null ? String.join("; ", notes) : winner.reasoning(), cost, took, reason, kind, failedAt,
                history);
    }

    private void report(HealResult r) {
        if (r.healed()) {
            log.info("{} step {} {}: {} -> {} by {} (confidence {}, {} attempt(s), {})", r.workflowId(),
                    r.stepIndex(), r.status(), r.oldPoint(), r.newPoint(), r.locator(),
                    String.format("%.2f", r.confidence()), r.attempts(), r.failureKind());
        } else {
            log.info("{} step {} {}: {} ({})", r.workflowId(), r.stepIndex(), r.status(), r.reason(), r.failureKind());
        }
        for (HealListener l : healer.listeners) {
            try {
                l.onResult(request, r);
            } catch (RuntimeException e) {
                log.warn("heal listener {} failed on the result", l.getClass().getName(), e);
            }
        }
    }
}
