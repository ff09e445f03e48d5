package dev.healing.examples.demo;

import dev.healing.api.Baseline;
import dev.healing.api.BaselineStore;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.Image;
import dev.healing.api.MouseButton;
import dev.healing.api.SimilarityScorer;
import dev.healing.api.VerificationResult;
import dev.healing.api.WorkflowStep;
import dev.healing.api.WorkflowStore;
import dev.healing.core.Healer;
import java.io.PrintStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The host's automation runner, as users write it: it plays a workflow step by step, checks
 * each click point against its baseline before clicking, and calls the healer inline when a
 * step keeps failing. Its {@link #runFrom} is the healer's verifier.
 */
final class DemoRunner {
    static final double FAILURE_THRESHOLD = 0.70;
    static final int CROP = 100;
    private static final int MAX_TRIES_PER_STEP = 3;

    private final DemoDesktop desktop;
    private final WorkflowStore workflows;
    private final BaselineStore baselines;
    private final SimilarityScorer similarity;
    private final PrintStream out;
    private final Map<Integer, MailApp.State> before = new HashMap<>();
    private final Map<Integer, String> texts;

    DemoRunner(DemoDesktop desktop, WorkflowStore workflows, BaselineStore baselines, SimilarityScorer similarity,
               Map<Integer, String> texts, PrintStream out) {
        this.texts = Map.copyOf(texts);
        this.desktop = desktop;
        this.workflows = workflows;
        this.baselines = baselines;
        this.similarity = similarity;
        this.out = out;
    }

    /** Plays the workflow once and stores a baseline for every click step: the recording. */
    void record(String workflowId) {
        int steps = workflows.stepCount(workflowId);
        for (int i = 0; i < steps; i++) {
            WorkflowStep step = workflows.step(workflowId, i);
            if (step.point() != null) {
                Image frame = desktop.capture();
                baselines.save(new Baseline(workflowId, i, step.point(), frame.cropAround(step.point(), CROP, CROP),
                        frame, Instant.now(), "recorded"));
            }
            perform(step);
        }
    }

    /**
     * Plays the workflow, healing inline.
     *
     * @return the last heal's result, or {@code null} when nothing needed healing
     */
    HealResult run(String workflowId, Healer healer) {
        HealResult lastHeal = null;
        int steps = workflows.stepCount(workflowId);
        int i = 0;
        int failures = 0;
        while (i < steps) {
            WorkflowStep step = workflows.step(workflowId, i);
            before.put(i, desktop.app().state());
            double score = check(workflowId, step);
            if (score >= FAILURE_THRESHOLD) {
                out.printf("step %d %-6s %-34s ok%s%n", i, step.type(), quoted(step),
                        step.point() == null ? "" : String.format(" (similarity %.2f at %s)", score, step.point()));
                perform(step);
                failures = 0;
                i++;
                continue;
            }
            failures++;
            out.printf("step %d %-6s %-34s similarity %.2f < %.2f at %s: failure %d%n", i, step.type(), quoted(step),
                    score, FAILURE_THRESHOLD, step.point(), failures);
            Image crop = desktop.capture().cropAround(step.point(), CROP, CROP);
            HealResult r = healer.attemptHeal(HealRequest.of(workflowId, i, score, crop)
                    .withConsecutiveFailures(failures));
            lastHeal = r;
            switch (r.status()) {
                case SKIPPED -> {
                    out.printf("  healer: skipped (%s); retrying the step%n", r.reason());
                    if (failures >= MAX_TRIES_PER_STEP) {
                        return r;
                    }
                }
                case HEALED -> {
                    out.printf("  healer: %s %s -> %s by %s (confidence %.2f, %s); the re-run from step %d"
                            + " finished the workflow%n", r.status(), r.oldPoint().orElseThrow(), r.newPoint().orElseThrow(),
                            r.locator().orElseThrow(), r.confidence().orElseThrow(), r.failureKind(), i);
                    return r;
                }
                case PARTIAL -> {
                    out.printf("  healer: PARTIAL %s -> %s by %s; step %d fails next%n", r.oldPoint().orElseThrow(),
                            r.newPoint().orElseThrow(), r.locator().orElseThrow(), r.failedAtStep().getAsInt());
                    i = r.failedAtStep().getAsInt();
                    failures = 1;
                }
                default -> {
                    out.printf("  healer: %s (%s)%n", r.status(), r.reason());
                    return r;
                }
            }
        }
        return lastHeal;
    }

    /** The healer's verifier: go back to the state before {@code from} and play to the end. */
    VerificationResult runFrom(String workflowId, int from) {
        MailApp.State start = before.get(from);
        if (start != null) {
            desktop.app().restore(start);
        }
        int steps = workflows.stepCount(workflowId);
        for (int i = from; i < steps; i++) {
            WorkflowStep step = workflows.step(workflowId, i);
            before.put(i, desktop.app().state());
            double score = check(workflowId, step);
            if (score < FAILURE_THRESHOLD) {
                out.printf("  verify: step %d %s at %s similarity %.2f: fails%n", i, quoted(step), step.point(), score);
                return VerificationResult.failedAt(i, score);
            }
            out.printf("  verify: step %d %-34s ok%n", i, quoted(step));
            perform(step);
        }
        return VerificationResult.succeeded();
    }

    private double check(String workflowId, WorkflowStep step) {
        if (step.point() == null) {
            return 1.0;
        }
        Baseline baseline = baselines.current(workflowId, step.index()).orElse(null);
        if (baseline == null) {
            return 1.0;
        }
        Image live = desktop.capture().cropAround(step.point(), baseline.crop().width(), baseline.crop().height());
        return similarity.similarity(baseline.crop(), live);
    }

    private void perform(WorkflowStep step) {
        switch (step.type()) {
            case "click" -> desktop.click(step.point(), MouseButton.LEFT);
            case "doubleclick" -> desktop.doubleClick(step.point());
            case "rightclick" -> desktop.click(step.point(), MouseButton.RIGHT);
            case "type" -> desktop.type(texts.getOrDefault(step.index(), ""));
            default -> throw new IllegalArgumentException("the demo runner cannot play step type " + step.type());
        }
    }

    private static String quoted(WorkflowStep step) {
        return "\"" + step.description() + "\"";
    }

    static boolean finished(HealResult r, DemoDesktop desktop) {
        return desktop.app().screen() == MailApp.Screen.SENT && (r == null || r.status() == HealStatus.HEALED);
    }
}
