package dev.healing.core.runner;

import dev.healing.api.BaselineStore;
import dev.healing.api.CaptureException;
import dev.healing.api.HealingStore;
import dev.healing.api.Image;
import dev.healing.api.InputInjector;
import dev.healing.api.MouseButton;
import dev.healing.api.Point;
import dev.healing.api.RunLog;
import dev.healing.api.ScreenCapture;
import dev.healing.api.Sleeper;
import dev.healing.api.VerificationResult;
import dev.healing.api.VerificationTrial;
import dev.healing.api.Verifier;
import dev.healing.core.Healer;
import dev.healing.core.workflow.JsonWorkflowStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference player: plays JSON workflows through a {@link ScreenCapture} and an
 * {@link InputInjector} with the {@link StepGuard} at every click step, and is the healer's
 * {@link Verifier} (a heal's re-run from step N is a nested play on the same thread).
 *
 * <p>Step types: {@code click}, {@code double_click}, {@code right_click} ({@code x}, {@code y}),
 * {@code type} ({@code text}), {@code key} ({@code keys}), {@code wait} ({@code seconds}); any
 * step may have {@code wait_after} (seconds), {@code description} and {@code sensitive}.
 *
 * <p>Before each check it parks the pointer at the parking spot and waits, at most the settle
 * limit, until two captures in a row are equal, so neither the pointer nor a hover state is in the
 * crop. Sensitive steps are never clicked to verify: a verifying re-run ends at them (checked,
 * not clicked), and an approved heal of a sensitive step is applied to the file only.
 *
 * <p>Threading: one play at a time per thread; plays of different workflows may run on different
 * threads when the input and screen allow it. Failures: {@link #play} never throws for what the
 * screen, the input, a store or a model can do; the result says where and why it stopped.
 */
public final class WorkflowPlayer implements Verifier {
    /** Default parking spot of the pointer: the top-left pixel. */
    public static final Point DEFAULT_PARKING_SPOT = new Point(0, 0);
    /** Default time between two captures while waiting for the screen to settle. */
    public static final Duration DEFAULT_SETTLE_INTERVAL = Duration.ofMillis(100);
    /** Default longest wait for the screen to settle before a check. */
    public static final Duration DEFAULT_SETTLE_LIMIT = Duration.ofSeconds(3);

    private static final Logger log = LoggerFactory.getLogger(WorkflowPlayer.class);

    private final ScreenCapture screen;
    private final InputInjector input;
    private final PlaySteps steps;
    private final JsonWorkflowStore workflows;
    private final Point parkingSpot;
    private final Duration settleInterval;
    private final Duration settleLimit;
    private final Sleeper sleeper;
    private final Consumer<PlayEvent> listener;
    private final StepGuard guard;
    private final ThreadLocal<GuardRun> current = new ThreadLocal<>();

    private WorkflowPlayer(Builder b) {
        this.screen = b.screen;
        this.input = b.input;
        this.steps = new PlaySteps(b.workflows);
        this.workflows = b.workflows;
        this.parkingSpot = b.parkingSpot;
        this.settleInterval = b.settleInterval;
        this.settleLimit = b.settleLimit;
        this.sleeper = b.sleeper;
        this.listener = b.listener;
        Healer healer = Objects.requireNonNull(b.healer.apply(this), "the healer factory returned null");
        StepGuard.Builder g = StepGuard.builder().healer(healer).workflows(b.workflows).baselines(b.baselines)
                .screen(b.screen).runner(b.runner).cropSize(b.cropSize, b.cropSize).retryWait(b.retryWait);
        if (b.runs != null) {
            g.runs(b.runs);
        }
        this.guard = g.build();
    }

    /** @return a builder with the documented defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the guard checking every click step */
    public StepGuard guard() {
        return guard;
    }

    /**
     * Plays the workflow from its first step, checking, healing and going on.
     *
     * <p>Before anything is clicked, a provisional mark left over by a heal whose writer died is
     * restored ({@link JsonWorkflowStore#recover}); a mark that can be neither restored nor ignored
     * stops the play at once, with nothing clicked.
     *
     * @return FINISHED, or STOPPED with the step and the reason
     */
    public PlayResult play(String workflowId) {
        Optional<StepAnswer.Stop> refused = recover(workflowId);
        if (refused.isPresent()) {
            return new PlayResult(workflowId, PlayResult.Status.STOPPED, List.of(), refused);
        }
        GuardRun run = guard.start(workflowId);
        current.set(run);
        try {
            Optional<StepAnswer.Stop> stop = playFrom(run, workflowId, 0, false);
            run.finish();
            return new PlayResult(workflowId, stop.isEmpty() ? PlayResult.Status.FINISHED : PlayResult.Status.STOPPED,
                    run.heals(), stop);
        } finally {
            current.remove();
        }
    }

    /**
     * Plays the workflow on the current UI without checking and stores the baseline of every click
     * step just before clicking it. Left-over provisional marks are first restored, as by {@link #play}.
     *
     * @return FINISHED, or STOPPED with the step that could not be recorded or performed
     */
    public PlayResult record(String workflowId) {
        Optional<StepAnswer.Stop> refused = recover(workflowId);
        if (refused.isPresent()) {
            return new PlayResult(workflowId, PlayResult.Status.STOPPED, List.of(), refused);
        }
        int index = 0;
        try {
            int count = steps.count(workflowId);
            for (; index < count; index++) {
                PlayStep step = steps.step(workflowId, index);
                if (step.clicks()) {
                    Image frame = settledFrame();
                    if (frame == null) {
                        frame = screen.capture();
                    }
                    guard.record(workflowId, index, step.point(), frame);
                    emit(workflowId, step, "recorded", step.point(), false, "");
                }
                perform(workflowId, step, step.point(), false);
            }
            return new PlayResult(workflowId, PlayResult.Status.FINISHED, List.of(), Optional.empty());
        } catch (RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String reason = "recording failed: " + e.getMessage();
            log.warn("recording of {} stopped at step {}: {}", workflowId, index, e.getMessage());
            return new PlayResult(workflowId, PlayResult.Status.STOPPED, List.of(),
                    Optional.of(new StepAnswer.Stop(index, reason, Optional.empty(),
                            "Fix the step, then record again.")));
        }
    }

    /**
     * Re-runs the workflow from the trial's step, checking that step against the trial's provisional
     * baseline. Inside a {@link #play} the re-run shares the play's run (failure counts, heals), so a
     * later failing step is healed in the same pass. A sensitive trial step is not clicked: the
     * result is success, the heal is applied to the file, and the step is clicked when it is played.
     */
    @Override
    public VerificationResult verify(VerificationTrial trial) {
        GuardRun run = current.get();
        boolean own = run == null;
        if (own) {
            run = guard.start(trial.workflowId());
            current.set(run);
        }
        int index = trial.stepIndex();
        try {
            PlayStep step = steps.step(trial.workflowId(), index);
            if (step.sensitive()) {
                run.resumeAt(index);
                emit(trial.workflowId(), step, "checked", trial.candidate(), true,
                        "sensitive: the heal is applied to the file, the step is clicked when played");
                return VerificationResult.succeeded();
            }
            Optional<Image> provisional = trial.provisionalBaseline();
            if (provisional.isPresent()) {
                run.trial(index, provisional.get());
            }
            Optional<StepAnswer.Stop> stop = playFrom(run, trial.workflowId(), index, true);
            return stop.isEmpty() ? VerificationResult.succeeded() : VerificationResult.failedAt(stop.get().step(), 0);
        } catch (RuntimeException e) {
            log.warn("verifying re-run of {} from step {} failed: {}", trial.workflowId(), index, e.getMessage());
            return VerificationResult.failedAt(index, 0);
        } finally {
            run.endTrial(index);
            if (own) {
                run.finish();
                current.remove();
            }
        }
    }

    /** Re-runs the workflow from {@code stepIndex} against the stored baselines. */
    @Override
    public VerificationResult runFrom(String workflowId, int stepIndex) {
        return verify(new VerificationTrial(workflowId, stepIndex, new Point(0, 0), new Point(0, 0),
                Optional.empty()));
    }

    /** Restores left-over provisional marks; a stop naming the refusal when one cannot be restored. */
    private Optional<StepAnswer.Stop> recover(String workflowId) {
        try {
            List<Integer> restored = workflows.recover(workflowId);
            if (!restored.isEmpty()) {
                log.warn("{}: restored step(s) {} left provisional by an interrupted heal before playing", workflowId,
                        restored);
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            log.error("play of {} refused: {}", workflowId, e.getMessage());
            return Optional.of(new StepAnswer.Stop(0, "left-over provisional mark not restored, nothing clicked: "
                    + e.getMessage(), Optional.empty(), "Restore the workflow file from its backup under "
                    + ".healing-backups, then play again."));
        }
    }

    /** Plays from {@code from} to the end; empty when it got there, else where and why it stopped. */
    private Optional<StepAnswer.Stop> playFrom(GuardRun run, String workflowId, int from, boolean verifying) {
        int index = from;
        PlayStep step = null;
        try {
            int count = steps.count(workflowId);
            while (index < count) {
                step = steps.step(workflowId, index);
                if (!step.clicks()) {
                    perform(workflowId, step, null, verifying);
                    index++;
                    continue;
                }
                StepAnswer a = run.check(index, settledFrame());
                if (a instanceof StepAnswer.Click c) {
                    if (verifying && step.sensitive()) {
                        run.resumeAt(index);
                        emit(workflowId, step, "checked", c.point(), true, "sensitive: not clicked to verify");
                        return Optional.empty();
                    }
                    perform(workflowId, step, c.point(), verifying);
                    index++;
                } else if (a instanceof StepAnswer.Wait w) {
                    emit(workflowId, step, "waiting", null, verifying, w.reason());
                    sleeper.sleep(w.duration());
                } else if (a instanceof StepAnswer.ContinueAt c) {
                    emit(workflowId, step, "continued", null, verifying, "healed; going on at step " + c.next());
                    index = c.next();
                } else if (a instanceof StepAnswer.Done) {
                    emit(workflowId, step, "continued", null, verifying, "healed; the re-run reached the end");
                    return Optional.empty();
                } else {
                    StepAnswer.Stop s = (StepAnswer.Stop) a;
                    emit(workflowId, step, "stopped", null, verifying, s.reason());
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        } catch (RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String reason = "step " + index + " failed: " + e.getMessage();
            log.warn("play of {} stopped at step {}: {}", workflowId, index, e.getMessage());
            if (step != null) {
                emit(workflowId, step, "stopped", null, verifying, reason);
            }
            return Optional.of(new StepAnswer.Stop(index, reason, Optional.empty(),
                    "Check the workflow file and the connection to the target."));
        }
    }

    private void perform(String workflowId, PlayStep step, Point at, boolean verifying) throws InterruptedException {
        String outcome;
        switch (step.type()) {
            case "click" -> {
                input.click(at, MouseButton.LEFT);
                outcome = "clicked";
            }
            case "double_click" -> {
                input.doubleClick(at);
                outcome = "clicked";
            }
            case "right_click" -> {
                input.click(at, MouseButton.RIGHT);
                outcome = "clicked";
            }
            case "type" -> {
                input.type(step.text());
                outcome = "typed";
            }
            case "key" -> {
                input.keys(step.keys());
                outcome = "pressed";
            }
            case "wait" -> {
                sleeper.sleep(step.pause());
                outcome = "waited";
            }
            default -> throw new IllegalArgumentException("unknown step type " + step.type());
        }
        emit(workflowId, step, outcome, at, verifying, "");
        sleeper.sleep(step.waitAfter());
    }

    /**
     * Parks the pointer and captures until two frames in a row are equal or the settle limit passes;
     * null when the screen cannot be read (the guard then captures and reports it).
     */
    private Image settledFrame() throws InterruptedException {
        try {
            input.move(parkingSpot);
            Image previous = screen.capture();
            long deadline = System.nanoTime() + settleLimit.toNanos();
            while (System.nanoTime() < deadline) {
                sleeper.sleep(settleInterval);
                Image next = screen.capture();
                if (next.equals(previous)) {
                    return next;
                }
                previous = next;
            }
            log.debug("screen did not settle within {}", settleLimit);
            return previous;
        } catch (CaptureException e) {
            log.debug("capture failed while settling: {}", e.getMessage());
            return null;
        }
    }

    private void emit(String workflowId, PlayStep step, String outcome, Point point, boolean verifying,
                      String detail) {
        try {
            listener.accept(new PlayEvent(workflowId, step.index(), step.type(), outcome, point, verifying, detail));
        } catch (RuntimeException e) {
            log.warn("play listener failed", e);
        }
    }

    /** Collects the player's settings; not thread-safe. */
    public static final class Builder {
        private ScreenCapture screen;
        private InputInjector input;
        private JsonWorkflowStore workflows;
        private BaselineStore baselines;
        private RunLog runs;
        private Function<Verifier, Healer> healer;
        private Point parkingSpot = DEFAULT_PARKING_SPOT;
        private Duration settleInterval = DEFAULT_SETTLE_INTERVAL;
        private Duration settleLimit = DEFAULT_SETTLE_LIMIT;
        private Duration retryWait = StepGuard.DEFAULT_RETRY_WAIT;
        private int cropSize = StepGuard.DEFAULT_CROP_SIZE;
        private String runner = "player";
        private Sleeper sleeper = Sleeper.system();
        private Consumer<PlayEvent> listener = e -> { };

        private Builder() {
        }

        /** Where frames come from (required). */
        public Builder screen(ScreenCapture screen) {
            this.screen = Objects.requireNonNull(screen, "screen");
            return this;
        }

        /** Where clicks and keys go (required). */
        public Builder input(InputInjector input) {
            this.input = Objects.requireNonNull(input, "input");
            return this;
        }

        /** The workflow files (required). */
        public Builder workflows(JsonWorkflowStore workflows) {
            this.workflows = Objects.requireNonNull(workflows, "workflows");
            return this;
        }

        /** Baselines and the run log of one store. */
        public Builder store(HealingStore store) {
            this.baselines = store.baselines();
            this.runs = store.runs();
            return this;
        }

        /** Where baselines live (required, or {@link #store}). */
        public Builder baselines(BaselineStore baselines) {
            this.baselines = Objects.requireNonNull(baselines, "baselines");
            return this;
        }

        /** Where runs are recorded; optional. */
        public Builder runs(RunLog runs) {
            this.runs = Objects.requireNonNull(runs, "runs");
            return this;
        }

        /**
         * Builds the healer, given the player as its verifier (required), e.g.
         * {@code v -> Healer.builder().screen(vnc).baselines(store).workflows(files).verifier(v).build()}.
         */
        public Builder healer(Function<Verifier, Healer> healerWithVerifier) {
            this.healer = Objects.requireNonNull(healerWithVerifier, "healerWithVerifier");
            return this;
        }

        /** Where the pointer waits during checks, screen pixels; default the top-left pixel. */
        public Builder parkingSpot(Point spot) {
            this.parkingSpot = Objects.requireNonNull(spot, "spot");
            return this;
        }

        /**
         * How often to capture and how long at most to wait for the screen to settle before a check.
         *
         * @param interval 1 ms..10 s, default 100 ms
         * @param limit    0..1 minute, default 3 s
         */
        public Builder settle(Duration interval, Duration limit) {
            if (interval.toMillis() < 1 || interval.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("settle interval must be 1 ms..10 s, got " + interval);
            }
            if (limit.isNegative() || limit.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("settle limit must be 0..1 minute, got " + limit);
            }
            this.settleInterval = interval;
            this.settleLimit = limit;
            return this;
        }

        /** Wait after a step's first failure before checking it again, 0..1 minute; default 500 ms. */
        public Builder retryWait(Duration wait) {
            this.retryWait = StepGuard.checkRetryWait(wait);
            return this;
        }

        /** Side of recorded baseline crops, pixels; default {@value StepGuard#DEFAULT_CROP_SIZE}. */
        public Builder cropSize(int size) {
            StepGuard.checkCropSize(size, size);
            this.cropSize = size;
            return this;
        }

        /** Who runs, for the run log; default {@code "player"}. */
        public Builder runner(String runner) {
            this.runner = Objects.requireNonNull(runner, "runner");
            return this;
        }

        /** How to wait; default {@link Sleeper#system()}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Told of every step as it is played, on the playing thread; must not throw. */
        public Builder listener(Consumer<PlayEvent> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @throws IllegalStateException naming every missing setting
         */
        public WorkflowPlayer build() {
            StringBuilder missing = new StringBuilder();
            if (screen == null) {
                missing.append(" screen(vnc)");
            }
            if (input == null) {
                missing.append(" input(vnc or hid)");
            }
            if (workflows == null) {
                missing.append(" workflows(JsonWorkflowStore.inDirectory(dir))");
            }
            if (baselines == null) {
                missing.append(" store(store) or baselines(...)");
            }
            if (healer == null) {
                missing.append(" healer(v -> Healer.builder()...verifier(v).build())");
            }
            if (missing.length() > 0) {
                throw new IllegalStateException("WorkflowPlayer needs:" + missing);
            }
            return new WorkflowPlayer(this);
        }
    }
}
