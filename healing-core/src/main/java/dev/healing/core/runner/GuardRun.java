package dev.healing.core.runner;

import dev.healing.api.Baseline;
import dev.healing.api.CaptureException;
import dev.healing.api.FailureKind;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.StoreException;
import dev.healing.api.WorkflowStep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a workflow under a {@link StepGuard}: the consecutive failures of each step, the heals
 * done so far, and the run's row in the run log.
 *
 * <p>Not thread-safe: one run belongs to the thread playing it (a heal's verifying re-run happens on
 * that thread, inside {@link #check}).
 *
 * <p>Failures: {@link #check} never throws for anything a screen, a store or a model can do; such
 * trouble ends in a {@link StepAnswer.Stop} (or a {@link StepAnswer.Wait} while bounded retries last).
 */
public final class GuardRun {
    private static final Logger log = LoggerFactory.getLogger(GuardRun.class);

    private final StepGuard guard;
    private final String workflowId;
    private final long runId;
    private final Map<Integer, Integer> failures = new HashMap<>();
    private final Map<Integer, Integer> transientWaits = new HashMap<>();
    private final Map<Integer, Image> provisional = new HashMap<>();
    private final Map<Integer, StepAnswer.Stop> stops = new HashMap<>();
    private final List<HealResult> heals = new ArrayList<>();
    private Integer resumeAt;
    private StepAnswer last;
    private boolean finished;

    GuardRun(StepGuard guard, String workflowId, long runId) {
        this.guard = guard;
        this.workflowId = workflowId;
        this.runId = runId;
    }

    /** @return the workflow this run plays */
    public String workflowId() {
        return workflowId;
    }

    /** @return the run's id in the run log (negative when no run log took it) */
    public long runId() {
        return runId;
    }

    /** @return the heals that changed the workflow in this run (HEALED or PARTIAL), in order */
    public List<HealResult> heals() {
        return List.copyOf(heals);
    }

    /**
     * Checks a click step on a fresh capture from the guard's screen.
     *
     * @param stepIndex 0-based index of a step with a point
     * @return what to do next; never null
     */
    public StepAnswer check(int stepIndex) {
        return check(stepIndex, null);
    }

    /**
     * Checks a click step on {@code frame} (the full screen, just captured), or on a fresh capture
     * when {@code frame} is null.
     *
     * @return what to do next; never null
     */
    public StepAnswer check(int stepIndex, Image frame) {
        StepAnswer a;
        try {
            a = decide(stepIndex, frame);
        } catch (RuntimeException e) {
            log.warn("check of {} step {} failed", workflowId, stepIndex, e);
            a = stop(stepIndex, "check failed: " + e.getMessage(), null,
                    "Look at the log; the step was not clicked.");
        }
        last = a;
        return a;
    }

    /**
     * Closes the run in the run log: passed unless the last answer was a stop. Idempotent.
     */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (guard.runs != null && runId >= 0) {
            boolean passed = !(last instanceof StepAnswer.Stop);
            try {
                guard.runs.finishRun(runId, passed, passed ? -1 : last.step());
            } catch (StoreException e) {
                log.warn("could not close run {} of {}: {}", runId, workflowId, e.getMessage());
            }
        }
    }

    /** While a candidate is on trial: check {@code step} against {@code crop}, not its stored baseline. */
    void trial(int step, Image crop) {
        provisional.put(step, crop);
    }

    /** Ends a trial started with {@link #trial}. */
    void endTrial(int step) {
        provisional.remove(step);
    }

    /** A verifying re-run stopped before {@code step} without clicking it: a heal answers "continue there". */
    void resumeAt(int step) {
        resumeAt = step;
    }

    private StepAnswer decide(int index, Image given) {
        WorkflowStep step = guard.workflows.step(workflowId, index);
        Point point = step.point();
        if (point == null) {
            return stop(index, "step " + index + " (" + step.type() + ") has no point to check", null,
                    "Only click steps are checked.");
        }
        Image expected = provisional.get(index);
        if (expected == null) {
            Optional<Baseline> b = guard.baselines.current(workflowId, index);
            if (b.isEmpty()) {
                return stop(index, "step " + index + " of " + workflowId + " has no baseline", null,
                        "Record the workflow first (StepGuard.record, or the record command).");
            }
            expected = b.get().crop();
        }
        Image frame = given;
        if (frame == null) {
            if (guard.screen == null) {
                return stop(index, "no frame given and no screen configured", null,
                        "Pass a frame to check, or give the guard a ScreenCapture.");
            }
            try {
                frame = guard.screen.capture();
            } catch (CaptureException e) {
                return waitOrStop(index, "screen capture failed: " + e.getMessage());
            }
        }
        Image crop = cropOrNull(frame, point, expected);
        double similarity = crop == null ? 0 : clamp(guard.healer.similarity().similarity(expected, crop));
        boolean passed = similarity >= guard.healer.failureThreshold();
        recordStep(index, similarity, passed);
        if (passed) {
            failures.remove(index);
            transientWaits.remove(index);
            stops.remove(index);
            return new StepAnswer.Click(index, point);
        }
        int count = failures.merge(index, 1, Integer::sum);
        if (!guard.healer.shouldAttemptHeal(similarity, count)) {
            if (!guard.healer.shouldAttemptHeal(similarity, Integer.MAX_VALUE)) {
                return stop(index, String.format("similarity %.2f and the healer is disabled", similarity), null,
                        "Enable the healer, or fix step " + index + " by hand.");
            }
            log.debug("{} step {} failed {} time(s) (similarity {}); checking again", workflowId, index, count,
                    String.format("%.2f", similarity));
            return new StepAnswer.Wait(index, guard.retryWait,
                    String.format("similarity %.2f below %.2f; checking again", similarity,
                            guard.healer.failureThreshold()));
        }
        HealRequest request = new HealRequest(workflowId, index, similarity, crop, count, Long.toString(runId));
        return answer(index, guard.healer.attemptHeal(request));
    }

    private StepAnswer answer(int index, HealResult r) {
        switch (r.status()) {
            case HEALED: {
                failures.remove(index);
                heals.add(r);
                if (resumeAt != null) {
                    int next = resumeAt;
                    resumeAt = null;
                    return new StepAnswer.ContinueAt(index, next, r);
                }
                return new StepAnswer.Done(index, r);
            }
            case PARTIAL: {
                failures.remove(index);
                heals.add(r);
                int failedAt = r.failedAtStep().orElseThrow();
                StepAnswer.Stop later = stops.get(failedAt);
                if (later != null) {
                    return later;
                }
                return new StepAnswer.ContinueAt(index, failedAt, r);
            }
            case PENDING_APPROVAL:
                return stop(index, "heal needs a person's approval: " + r.reason(), r,
                        "Look at the proposal's evidence, then approve " + r.proposalId().orElse("it") + " or reject it.");
            case NOT_HEALED:
                if (r.failureKind() == FailureKind.TRANSIENT) {
                    return waitOrStop(index, r.reason());
                }
                return stop(index, r.reason(), r, suggestion(index, r.failureKind()));
            case SKIPPED:
            default:
                return stop(index, "the healer did not act: " + r.reason(), r,
                        "Fix step " + index + " by hand, or raise the healer's limits.");
        }
    }

    private StepAnswer waitOrStop(int index, String reason) {
        int waits = transientWaits.merge(index, 1, Integer::sum);
        if (waits <= guard.maxTransientWaits) {
            return new StepAnswer.Wait(index, guard.retryWait, reason);
        }
        return stop(index, reason + " (after " + guard.maxTransientWaits + " wait(s))", null,
                "Check that the application is up and the screen settles.");
    }

    private String suggestion(int index, FailureKind kind) {
        String where = "step " + index + " of " + workflowId;
        return switch (kind) {
            case GONE -> "The element is gone: check whether " + where + " is still needed, or re-record it.";
            case DIFFERENT_SCREEN -> "The screen is not the one " + where + " expects: check the steps before it.";
            default -> "Find the element by hand and update " + where + ", or re-record it.";
        };
    }

    private StepAnswer.Stop stop(int index, String reason, HealResult heal, String suggestion) {
        StepAnswer.Stop s = new StepAnswer.Stop(index, reason, Optional.ofNullable(heal), suggestion);
        stops.put(index, s);
        return s;
    }

    private void recordStep(int index, double similarity, boolean passed) {
        if (guard.runs == null) {
            return;
        }
        try {
            guard.runs.recordStepRun(workflowId, index, similarity, passed);
        } catch (StoreException e) {
            log.warn("could not record step {} of {}: {}", index, workflowId, e.getMessage());
        }
    }

    private static Image cropOrNull(Image frame, Point point, Image expected) {
        if (point.x() >= frame.width() || point.y() >= frame.height()
                || frame.width() < expected.width() || frame.height() < expected.height()) {
            return null;
        }
        return frame.cropAround(point, expected.width(), expected.height());
    }

    private static double clamp(double v) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }
}
