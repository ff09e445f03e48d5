package dev.healing.jmh;

import dev.healing.api.Baseline;
import dev.healing.api.BaselineStore;
import dev.healing.api.Candidate;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Locator;
import dev.healing.api.Point;
import dev.healing.api.Revision;
import dev.healing.api.VerificationResult;
import dev.healing.api.WorkflowStep;
import dev.healing.api.WorkflowStore;
import dev.healing.core.match.FailureClassifier;
import dev.healing.core.Healer;
import dev.healing.core.HealerBuilder;
import dev.healing.core.InMemoryStore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * The healing loop's own overhead: one {@code attemptHeal} with in-memory parts (the screen,
 * locator, workflow store and verifier cost next to nothing), against the same calls made by
 * hand without the healer ({@code directCalls}). The ratio is what the loop adds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HealLoopBenchmark {
    private static final Point OLD = new Point(100, 100);
    private static final Point NEW = new Point(300, 200);

    private Image screen;
    private MemoryWorkflows workflows;
    private Locator locator;
    private Healer healer;
    private Healer healerWithEvidence;
    private BaselineStore baselines;
    private HealRequest request;

    /** An in-memory workflow with one click step. */
    static final class MemoryWorkflows implements WorkflowStore {
        Point point = OLD;

        @Override
        public WorkflowStep step(String workflowId, int stepIndex) {
            return new WorkflowStep(stepIndex, "click", "Click Sign in", point, false);
        }

        @Override
        public int stepCount(String workflowId) {
            return 1;
        }

        @Override
        public Revision move(String workflowId, int stepIndex, Point newPoint, String reason) {
            Revision r = new Revision(workflowId, stepIndex, point, newPoint, "memory", Instant.EPOCH);
            point = newPoint;
            return r;
        }

        @Override
        public void commit(Revision revision) {
            // nothing to confirm in memory
        }

        @Override
        public void rollback(Revision revision) {
            point = revision.oldPoint();
        }
    }

    @Setup
    public void setUp() {
        screen = Image.filled(1920, 1080, 0xF0F0F0);
        baselines = new InMemoryStore().baselines();
        workflows = new MemoryWorkflows();
        locator = new Locator() {
            @Override
            public String name() {
                return "fixed";
            }

            @Override
            public LocateResult locate(LocateQuery query) {
                return LocateResult.found(List.of(Candidate.at(NEW, 0.95, "fixed", "benchmark")));
            }
        };
        healer = healer(false);
        healerWithEvidence = healer(true);
        request = HealRequest.of("bench", 0, 0.24, null).withConsecutiveFailures(2);
        resetBaseline();
    }

    private Healer healer(boolean evidence) {
        return Healer.builder()
                .screen(() -> screen)
                .locator(locator)
                .baselines(baselines)
                .workflows(workflows)
                .classifier(FailureClassifier.alwaysRelocate())
                .verifier((id, step) -> VerificationResult.succeeded())
                .maxHealsPerRun(HealerBuilder.NO_LIMIT)
                .maxHealsPerHour(HealerBuilder.NO_LIMIT)
                .evidence(evidence)
                .build();
    }

    private void resetBaseline() {
        workflows.point = OLD;
        baselines.save(new Baseline("bench", 0, OLD, screen.cropAround(OLD, 100, 100), null, Instant.EPOCH, null));
    }

    /** The healer: gate, capture, classify, locate, apply, verify, commit, re-baseline, report. */
    @Benchmark
    public HealResult healer() {
        resetBaseline();
        return healer.attemptHeal(request);
    }

    /** The healer as configured by default: also renders the evidence picture of the attempt. */
    @Benchmark
    public HealResult healerWithEvidence() {
        resetBaseline();
        return healerWithEvidence.attemptHeal(request);
    }

    /** Reference: the same calls made by hand, with no loop around them. */
    @Benchmark
    public Object directCalls() {
        resetBaseline();
        Image frame = screen;
        Baseline b = baselines.current("bench", 0).orElseThrow();
        WorkflowStep step = workflows.step("bench", 0);
        LocateResult found = locator.locate(new LocateQuery("bench", 0, frame, step.point(), b.crop(), null,
                step.description(), dev.healing.api.FailureKind.MOVED, 0.8));
        Candidate c = found.candidates().get(0);
        Revision r = workflows.move("bench", 0, c.point(), "direct");
        VerificationResult v = VerificationResult.succeeded();
        workflows.commit(r);
        baselines.save(new Baseline("bench", 0, c.point(), frame.cropAround(c.point(), 100, 100), frame,
                Instant.EPOCH, "direct"));
        return v;
    }
}
