package dev.healing.jmh;

import dev.healing.api.Baseline;
import dev.healing.api.BaselineStore;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.Revision;
import dev.healing.api.RunLog;
import dev.healing.api.SimilarityScorer;
import dev.healing.api.VerificationResult;
import dev.healing.api.WorkflowStep;
import dev.healing.api.WorkflowStore;
import dev.healing.core.Healer;
import dev.healing.core.InMemoryStore;
import dev.healing.core.match.SimilarityScorers;
import dev.healing.core.match.TemplateLocator;
import dev.healing.core.runner.GuardRun;
import dev.healing.core.runner.StepAnswer;
import dev.healing.core.runner.StepGuard;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One runner-guard check of a passing step on a 1920x1080 frame already captured (capture
 * excluded: crop, score, failure count, run-log call, answer), beside the bare similarity call of
 * two 100x100 crops it contains. Stores are in memory, so store I/O is excluded too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GuardCheckBenchmark {
    private static final String WF = "bench";
    private static final Point POINT = new Point(730, 205);

    private final SimilarityScorer ncc = SimilarityScorers.ncc();
    private Image frame;
    private Image baselineCrop;
    private Image liveCrop;
    private GuardRun run;

    /** Records the step on one frame and checks it on the same screen. */
    @Setup
    public void setup() {
        frame = RealisticFrame.render(0, 0);
        baselineCrop = frame.cropAround(POINT, 100, 100);
        liveCrop = frame.cropAround(POINT, 100, 100);
        BaselineStore baselines = new InMemoryStore().baselines();
        baselines.save(new Baseline(WF, 0, POINT, baselineCrop, frame, Instant.EPOCH, "recorded"));
        WorkflowStore workflows = new OneStepWorkflow();
        Healer healer = Healer.builder().screen(() -> frame).similarity(ncc).locator(TemplateLocator.create())
                .baselines(baselines).workflows(workflows).verifier((id, step) -> VerificationResult.succeeded())
                .build();
        StepGuard guard = StepGuard.builder().healer(healer).workflows(workflows).baselines(baselines)
                .runs(new CountingRunLog()).build();
        run = guard.start(WF);
        if (!(run.check(0, frame) instanceof StepAnswer.Click)) {
            throw new IllegalStateException("the benchmark step must pass");
        }
    }

    /** The reference: the similarity of the two crops alone. */
    @Benchmark
    public double bareSimilarity() {
        return ncc.similarity(baselineCrop, liveCrop);
    }

    /** A whole guard check of a passing step. */
    @Benchmark
    public StepAnswer guardCheck() {
        return run.check(0, frame);
    }

    /** A workflow of one click step, kept in memory. */
    private static final class OneStepWorkflow implements WorkflowStore {
        private final WorkflowStep step = new WorkflowStep(0, "click", "Save", POINT, false);

        @Override
        public WorkflowStep step(String workflowId, int stepIndex) {
            return step;
        }

        @Override
        public int stepCount(String workflowId) {
            return 1;
        }

        @Override
        public Revision move(String workflowId, int stepIndex, Point newPoint, String reason) {
            throw new UnsupportedOperationException("a passing step is never moved");
        }

        @Override
        public void commit(Revision revision) {
        }

        @Override
        public void rollback(Revision revision) {
        }
    }

    /** A run log that only counts, like a store's buffered insert at best. */
    private static final class CountingRunLog implements RunLog {
        private final LongAdder steps = new LongAdder();

        @Override
        public long startRun(String workflowId, String runner) {
            return 1;
        }

        @Override
        public void recordStepRun(String workflowId, int stepIndex, double similarity, boolean passed) {
            steps.increment();
        }

        @Override
        public void finishRun(long runId, boolean passed, int failedAtStep) {
        }
    }
}
