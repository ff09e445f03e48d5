package dev.healing.core.runner;

import dev.healing.api.Baseline;
import dev.healing.api.BaselineStore;
import dev.healing.api.HealingStore;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.RunLog;
import dev.healing.api.ScreenCapture;
import dev.healing.api.StoreException;
import dev.healing.api.WorkflowStep;
import dev.healing.api.WorkflowStore;
import dev.healing.core.Healer;
import dev.healing.core.HealerBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner guard: called once per click step from the host's loop, it crops the live screen at
 * the step's point, scores it against the step's baseline, counts consecutive failures, records
 * the step run, heals when the healer's gate says so, and answers what the host does next.
 *
 * <pre>{@code
 * GuardRun run = guard.start("checkout");
 * for (int i = 0; i < steps; ) {
 *     StepAnswer a = run.check(i);
 *     if (a instanceof StepAnswer.Click c) { input.click(c.point(), LEFT); i++; }
 *     else if (a instanceof StepAnswer.Wait w) Thread.sleep(w.duration().toMillis());
 *     else if (a instanceof StepAnswer.ContinueAt c) i = c.next();
 *     else break; // Done, or Stop: report ((StepAnswer.Stop) a).reason()
 * }
 * run.finish();
 * }</pre>
 *
 * <p>Immutable and thread-safe; each {@link GuardRun} belongs to one thread. Recording a baseline
 * ({@link #record}) is the other half: one call per click step when the workflow is recorded.
 */
public final class StepGuard {
    /** Default side of a recorded baseline crop, pixels. */
    public static final int DEFAULT_CROP_SIZE = HealerBuilder.DEFAULT_CROP_SIZE;
    /** Default wait before checking a failed step again. */
    public static final Duration DEFAULT_RETRY_WAIT = Duration.ofMillis(500);
    /** Default number of waits for a screen the healer found transient, per step and run. */
    public static final int DEFAULT_MAX_TRANSIENT_WAITS = 3;

    private static final Logger log = LoggerFactory.getLogger(StepGuard.class);
    private static final AtomicLong LOCAL_RUN_IDS = new AtomicLong(-1);

    final Healer healer;
    final WorkflowStore workflows;
    final BaselineStore baselines;
    final RunLog runs;
    final ScreenCapture screen;
    final String runner;
    final int cropWidth;
    final int cropHeight;
    final Duration retryWait;
    final int maxTransientWaits;
    final Clock clock;

    private StepGuard(Builder b) {
        this.healer = b.healer;
        this.workflows = b.workflows;
        this.baselines = b.baselines;
        this.runs = b.runs;
        this.screen = b.screen;
        this.runner = b.runner;
        this.cropWidth = b.cropWidth;
        this.cropHeight = b.cropHeight;
        this.retryWait = b.retryWait;
        this.maxTransientWaits = b.maxTransientWaits;
        this.clock = b.clock;
    }

    /** @return a builder with the documented defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens a run of the workflow in the run log (when one is configured). The run's id is also the
     * heal requests' run id, so per-run heal limits count per run.
     *
     * @return the run; use it from one thread and {@link GuardRun#finish()} it
     */
    public GuardRun start(String workflowId) {
        Objects.requireNonNull(workflowId, "workflowId");
        long id = LOCAL_RUN_IDS.getAndDecrement();
        if (runs != null) {
            try {
                id = runs.startRun(workflowId, runner);
            } catch (StoreException e) {
                log.warn("could not open a run of {} in the run log: {}", workflowId, e.getMessage());
            }
        }
        return new GuardRun(this, workflowId, id);
    }

    /**
     * Records the step's baseline from {@code frame}: a crop of the configured size around the
     * step's point, the full frame, and the frame's size as the screen size.
     *
     * @return the saved baseline
     * @throws IllegalArgumentException if the step has no point or the point is outside the frame
     * @throws dev.healing.api.WorkflowException if the step cannot be read
     * @throws StoreException if the baseline cannot be stored
     */
    public Baseline record(String workflowId, int stepIndex, Image frame) {
        WorkflowStep step = workflows.step(workflowId, stepIndex);
        if (step.point() == null) {
            throw new IllegalArgumentException("step " + stepIndex + " of " + workflowId + " (" + step.type()
                    + ") has no point: only click steps have baselines");
        }
        return record(workflowId, stepIndex, step.point(), frame);
    }

    /**
     * Records a baseline at {@code point}: a crop of the configured size cut from {@code frame}.
     *
     * @throws IllegalArgumentException if the point is outside the frame or the frame is smaller than the crop
     */
    public Baseline record(String workflowId, int stepIndex, Point point, Image frame) {
        checkInside(point, frame);
        if (frame.width() < cropWidth || frame.height() < cropHeight) {
            throw new IllegalArgumentException("the " + frame.width() + "x" + frame.height() + " frame is smaller"
                    + " than the " + cropWidth + "x" + cropHeight + " baseline crop");
        }
        return record(workflowId, stepIndex, point, frame.cropAround(point, cropWidth, cropHeight), frame);
    }

    /**
     * Records a baseline the host cut itself.
     *
     * @param crop  the crop around {@code point}; must have the configured size
     * @param frame the full screen it was cut from
     * @throws IllegalArgumentException if the crop has another size or the point is outside the frame
     */
    public Baseline record(String workflowId, int stepIndex, Point point, Image crop, Image frame) {
        Objects.requireNonNull(crop, "crop");
        checkInside(point, frame);
        if (crop.width() != cropWidth || crop.height() != cropHeight) {
            throw new IllegalArgumentException("baseline crop of step " + stepIndex + " of " + workflowId + " is "
                    + crop.width() + "x" + crop.height() + ", expected " + cropWidth + "x" + cropHeight);
        }
        Baseline b = new Baseline(workflowId, stepIndex, point, crop, frame, clock.instant(), "recorded");
        baselines.save(b);
        return b;
    }

    private static void checkInside(Point point, Image frame) {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(frame, "frame");
        if (point.x() >= frame.width() || point.y() >= frame.height()) {
            throw new IllegalArgumentException("point " + point + " is outside the " + frame.width() + "x"
                    + frame.height() + " frame");
        }
    }

    /** @return the healer the guard heals with */
    public Healer healer() {
        return healer;
    }

    /** The crop-size bound shared by the guard's and the player's builders. */
    static void checkCropSize(int width, int height) {
        if (width < 1 || height < 1 || width > 10_000 || height > 10_000) {
            throw new IllegalArgumentException("crop size must be 1..10000 each, got " + width + "x" + height);
        }
    }

    /** The retry-wait bound shared by the guard's and the player's builders. */
    static Duration checkRetryWait(Duration wait) {
        if (wait.isNegative() || wait.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("retry wait must be 0..1 minute, got " + wait);
        }
        return wait;
    }

    /** Collects the guard's settings; not thread-safe. */
    public static final class Builder {
        private Healer healer;
        private WorkflowStore workflows;
        private BaselineStore baselines;
        private RunLog runs;
        private ScreenCapture screen;
        private String runner = "runner";
        private int cropWidth = DEFAULT_CROP_SIZE;
        private int cropHeight = DEFAULT_CROP_SIZE;
        private Duration retryWait = DEFAULT_RETRY_WAIT;
        private int maxTransientWaits = DEFAULT_MAX_TRANSIENT_WAITS;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The healer to heal with (required); its failure threshold and gate decide. */
        public Builder healer(Healer healer) {
            this.healer = Objects.requireNonNull(healer, "healer");
            return this;
        }

        /** Where step points live (required). */
        public Builder workflows(WorkflowStore workflows) {
            this.workflows = Objects.requireNonNull(workflows, "workflows");
            return this;
        }

        /** Where baselines live (required). */
        public Builder baselines(BaselineStore baselines) {
            this.baselines = Objects.requireNonNull(baselines, "baselines");
            return this;
        }

        /** Where runs and step checks are recorded; optional, none by default. */
        public Builder runs(RunLog runs) {
            this.runs = Objects.requireNonNull(runs, "runs");
            return this;
        }

        /** Baselines and the run log of one store. */
        public Builder store(HealingStore store) {
            return baselines(store.baselines()).runs(store.runs());
        }

        /** Takes the frame when {@link GuardRun#check(int)} is called without one; optional. */
        public Builder screen(ScreenCapture screen) {
            this.screen = Objects.requireNonNull(screen, "screen");
            return this;
        }

        /** Who runs, for the run log; default {@code "runner"}. */
        public Builder runner(String runner) {
            this.runner = Objects.requireNonNull(runner, "runner");
            return this;
        }

        /**
         * Size of recorded baseline crops, pixels, 1..10000 each;
         * default {@value StepGuard#DEFAULT_CROP_SIZE}.
         */
        public Builder cropSize(int width, int height) {
            checkCropSize(width, height);
            this.cropWidth = width;
            this.cropHeight = height;
            return this;
        }

        /** Wait answered after a first failure, 0..1 minute; default 500 ms. */
        public Builder retryWait(Duration wait) {
            this.retryWait = checkRetryWait(wait);
            return this;
        }

        /**
         * Waits for a transient screen per step and run, 0..100; default
         * {@value StepGuard#DEFAULT_MAX_TRANSIENT_WAITS}.
         */
        public Builder maxTransientWaits(int waits) {
            if (waits < 0 || waits > 100) {
                throw new IllegalArgumentException("max transient waits must be 0..100, got " + waits);
            }
            this.maxTransientWaits = waits;
            return this;
        }

        /** The clock stamped on recorded baselines; default UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @throws IllegalStateException naming every missing setting
         */
        public StepGuard build() {
            StringBuilder missing = new StringBuilder();
            if (healer == null) {
                missing.append(" healer(Healer.builder()...build())");
            }
            if (workflows == null) {
                missing.append(" workflows(JsonWorkflowStore.inDirectory(dir))");
            }
            if (baselines == null) {
                missing.append(" baselines(store.baselines()) or store(store)");
            }
            if (missing.length() > 0) {
                throw new IllegalStateException("StepGuard needs:" + missing);
            }
            return new StepGuard(this);
        }
    }
}
