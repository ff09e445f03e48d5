package dev.healing.core;

import dev.healing.api.Baseline;
import dev.healing.api.Candidate;
import dev.healing.api.Escalation;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealListener;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.HealingException;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.VerificationResult;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a heal and an approved proposal both do once a candidate is chosen: verify, remember, report. */
final class Outcomes {
    private static final Logger log = LoggerFactory.getLogger(Healer.class);

    private Outcomes() {
    }

    static VerificationResult verify(Healer healer, String workflowId, int stepIndex) {
        try {
            VerificationResult v = healer.verifier.runFrom(workflowId, stepIndex);
            return v != null ? v : VerificationResult.failedAt(stepIndex, 0);
        } catch (RuntimeException e) {
            // The host's failure, already its own to log: one line here, the stack trace only at DEBUG.
            log.warn("verifier failed for {} step {}: {}", workflowId, stepIndex, e.toString());
            log.debug("verifier failure for {} step {}", workflowId, stepIndex, e);
            return VerificationResult.failedAt(stepIndex, 0);
        }
    }

    static void remember(Healer healer, Baseline baseline, String workflowId, int stepIndex, Point point, Image screen,
                         boolean success) {
        if (healer.memory == null || baseline == null) {
            return;
        }
        try {
            Image crop = screen.cropAround(point, baseline.crop().width(), baseline.crop().height());
            healer.memory.record(workflowId, stepIndex, baseline.crop().appearanceHash(), point, crop, success,
                    healer.clock.instant());
        } catch (HealingException | IllegalArgumentException e) {
            log.warn("could not remember the outcome for {} step {}: {}", workflowId, stepIndex, e.getMessage());
        }
    }

    static void saveBaseline(Healer healer, String workflowId, int stepIndex, Candidate candidate, Point oldPoint,
                             Image screen, List<String> notes) {
        try {
            Image crop = screen.cropAround(candidate.point(), Math.min(healer.cropWidth, screen.width()),
                    Math.min(healer.cropHeight, screen.height()));
            healer.baselines.save(new Baseline(workflowId, stepIndex, candidate.point(), crop, screen,
                    healer.clock.instant(), "healed by " + candidate.source() + " from " + oldPoint));
        } catch (HealingException | IllegalArgumentException e) {
            log.warn("healed {} step {} but could not save the new baseline: {}", workflowId, stepIndex,
                    e.getMessage());
            notes.add("new baseline not saved: " + e.getMessage());
        }
    }

    static void attempted(Healer healer, HealRequest request, HealAttempt attempt) {
        for (HealListener l : healer.listeners) {
            try {
                l.onAttempt(request, attempt);
            } catch (RuntimeException e) {
                log.warn("heal listener {} failed on an attempt", l.getClass().getName(), e);
            }
        }
    }

    static void escalated(Healer healer, HealRequest request, Escalation escalation) {
        for (HealListener l : healer.listeners) {
            try {
                l.onEscalation(request, escalation);
            } catch (RuntimeException e) {
                log.warn("heal listener {} failed on an escalation", l.getClass().getName(), e);
            }
        }
    }

    static void report(Healer healer, HealRequest request, HealResult r) {
        if (r.healed()) {
            log.info("{} step {} {}: {} -> {} by {} (confidence {}, class {}, {} attempt(s), {})", r.workflowId(),
                    r.stepIndex(), r.status(), r.oldPoint(), r.newPoint(), r.locator(),
                    String.format("%.2f", r.confidence()), r.approvalClass(), r.attempts(), r.failureKind());
        } else if (r.status() == HealStatus.SKIPPED) {
            // Skips (below the failure count, dry run, disabled) are routine: every failing step says it.
            log.debug("{} step {} {}: {} ({})", r.workflowId(), r.stepIndex(), r.status(), r.reason(),
                    r.failureKind());
        } else {
            log.info("{} step {} {}: {} ({})", r.workflowId(), r.stepIndex(), r.status(), r.reason(),
                    r.failureKind());
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
