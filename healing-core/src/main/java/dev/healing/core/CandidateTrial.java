package dev.healing.core;

import dev.healing.api.Baseline;
import dev.healing.api.Candidate;
import dev.healing.api.FailureKind;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealingException;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.Revision;
import dev.healing.api.TrustLedger;
import dev.healing.api.VerificationResult;
import dev.healing.api.VerificationTrial;
import dev.healing.core.report.EvidenceImage;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one candidate on trial, for an automatic heal and an approved proposal alike: write it
 * provisionally (only when it moves the step), verify, then commit, remember, re-baseline and
 * raise trust, or roll back and remember the failure. Each attempt gets its evidence picture.
 * Single-threaded, under the workflow's lock.
 */
final class CandidateTrial {
    private static final Logger log = LoggerFactory.getLogger(Healer.class);

    /** What became of the candidate. */
    enum Verdict {
        /** Verified: the workflow ran to its end; kept. */
        HEALED,
        /** Verified: the step passed, a later one fails; kept. */
        PARTIAL,
        /** Failed verification; the workflow is restored. */
        ROLLED_BACK,
        /** Failed verification and the rollback failed too: the workflow may hold the candidate. */
        ROLLBACK_FAILED;

        boolean kept() {
            return this == HEALED || this == PARTIAL;
        }
    }

    /**
     * @param verdict        what became of the candidate
     * @param attempt        the attempt, for the history and the listeners
     * @param backup         where the workflow was backed up before the candidate was written
     * @param rollbackError  why the rollback failed (ROLLBACK_FAILED only)
     */
    record Outcome(Verdict verdict, HealAttempt attempt, Optional<String> backup, Optional<String> rollbackError) {
        VerificationResult verification() {
            return attempt.verification();
        }
    }

    private final Healer healer;
    private final String workflowId;
    private final int stepIndex;
    private final Point oldPoint;
    private final Baseline baseline;
    private final Image screen;
    private final FailureKind kind;
    private final Image failedCrop;
    private final List<String> notes;

    /**
     * @param baseline   the step's current baseline, or null
     * @param screen     the frame the candidate was found on
     * @param failedCrop the host's failing crop for the evidence, or null
     * @param notes      where trouble worth reporting is added (e.g. a baseline not saved)
     */
    CandidateTrial(Healer healer, String workflowId, int stepIndex, Point oldPoint, Baseline baseline, Image screen,
                   FailureKind kind, Image failedCrop, List<String> notes) {
        this.healer = healer;
        this.workflowId = workflowId;
        this.stepIndex = stepIndex;
        this.oldPoint = oldPoint;
        this.baseline = baseline;
        this.screen = screen;
        this.kind = kind;
        this.failedCrop = failedCrop;
        this.notes = notes;
    }

    /**
     * Tries the candidate.
     *
     * @param number    1-based attempt number
     * @param why       the reason written with the provisional coordinates
     * @param onSuccess the trust event of a kept candidate
     * @throws Error whatever the verifier throws as an {@code Error}, after rolling back
     */
    Outcome attempt(int number, Candidate candidate, String why, TrustLedger.Event onSuccess) {
        Revision revision = null;
        if (!candidate.point().equals(oldPoint)) {
            revision = healer.workflows.move(workflowId, stepIndex, candidate.point(), why);
        }
        Optional<String> backup = Optional.ofNullable(revision).map(Revision::backup);
        Optional<Image> provisional = cropAt(candidate.point());
        VerificationResult v;
        try {
            v = verify(candidate.point(), provisional);
        } catch (Error e) {
            // Never leave a provisional point behind, whatever the verifier did.
            if (revision != null) {
                rollback(revision).ifPresent(e::addSuppressed);
            }
            throw e;
        }
        if (v.success() || v.failedAtStep() > stepIndex) {
            if (revision != null) {
                healer.workflows.commit(revision);
            }
            remember(candidate.point(), true);
            if (v.success()) {
                saveBaseline(candidate, provisional);
            }
            healer.trust.record(workflowId, onSuccess);
            String note = v.success() ? "verified: the workflow ran to its end"
                    : "verified: step passed, step " + v.failedAtStep() + " now fails";
            return new Outcome(v.success() ? Verdict.HEALED : Verdict.PARTIAL,
                    new HealAttempt(number, candidate, v, true, note, picture(candidate, note)), backup,
                    Optional.empty());
        }
        Optional<String> rollbackError = Optional.empty();
        if (revision != null) {
            rollbackError = rollback(revision).map(e -> String.valueOf(e.getMessage()));
        }
        remember(candidate.point(), false);
        String failed = "still failing at step " + v.failedAtStep() + " (similarity "
                + String.format("%.2f", v.similarity()) + ")";
        String note = rollbackError.isEmpty() ? failed + "; rolled back"
                : failed + "; ROLLBACK FAILED (" + rollbackError.get() + "): the workflow may still hold "
                + candidate.point() + ", restore it from " + backup.orElse("its backup");
        return new Outcome(rollbackError.isEmpty() ? Verdict.ROLLED_BACK : Verdict.ROLLBACK_FAILED,
                new HealAttempt(number, candidate, v, false, note, picture(candidate, note)), backup, rollbackError);
    }

    /**
     * Asks the host's verifier, telling it the candidate on trial and the crop cut there; a
     * verifier that throws (a {@code RuntimeException}) or answers null failed at this step.
     */
    VerificationResult verify(Point candidate, Optional<Image> provisionalBaseline) {
        try {
            VerificationResult v = healer.verifier.verify(
                    new VerificationTrial(workflowId, stepIndex, oldPoint, candidate, provisionalBaseline));
            return v != null ? v : VerificationResult.failedAt(stepIndex, 0);
        } catch (RuntimeException e) {
            log.warn("verifier failed for {} step {}", workflowId, stepIndex, e);
            return VerificationResult.failedAt(stepIndex, 0);
        }
    }

    /** Restores the workflow; returns the failure instead of throwing it. */
    private Optional<RuntimeException> rollback(Revision revision) {
        try {
            healer.workflows.rollback(revision);
            return Optional.empty();
        } catch (RuntimeException e) {
            log.error("rollback of {} step {} to {} failed; restore it from {}", workflowId, stepIndex,
                    revision.oldPoint(), revision.backup(), e);
            return Optional.of(e);
        }
    }

    /** The crop a step at {@code point} is checked with: the configured crop size, within the screen. */
    private Optional<Image> cropAt(Point point) {
        if (screen == null || point.x() >= screen.width() || point.y() >= screen.height()) {
            return Optional.empty();
        }
        return Optional.of(screen.cropAround(point, Math.min(healer.cropWidth, screen.width()),
                Math.min(healer.cropHeight, screen.height())));
    }

    private void remember(Point point, boolean success) {
        if (healer.memory == null || baseline == null || screen == null) {
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

    private void saveBaseline(Candidate candidate, Optional<Image> crop) {
        if (crop.isEmpty()) {
            notes.add("new baseline not saved: no screen crop at " + candidate.point());
            return;
        }
        try {
            healer.baselines.save(new Baseline(workflowId, stepIndex, candidate.point(), crop.get(), screen,
                    healer.clock.instant(), "healed by " + candidate.source() + " from " + oldPoint));
        } catch (HealingException | IllegalArgumentException e) {
            log.warn("healed {} step {} but could not save the new baseline: {}", workflowId, stepIndex,
                    e.getMessage());
            notes.add("new baseline not saved: " + e.getMessage());
        }
    }

    /** The evidence picture of this moment, or null when switched off or impossible. */
    Image picture(Candidate candidate, String verdict) {
        if (!healer.evidence || screen == null || oldPoint == null
                || oldPoint.x() >= screen.width() || oldPoint.y() >= screen.height()) {
            return null;
        }
        return EvidenceImage.render(screen, oldPoint, candidate, baseline == null ? null : baseline.crop(),
                failedCrop, kind, verdict);
    }
}
