package dev.healing.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Baseline;
import dev.healing.api.Candidate;
import dev.healing.api.FailureKind;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Locator;
import dev.healing.api.Point;
import dev.healing.api.VerificationResult;
import dev.healing.core.match.FailureClassifier;
import dev.healing.core.workflow.JsonWorkflowStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The locate step: asked once per heal, and callable on its own without applying anything. */
final class HealerLocateTest {
    private static final String WF = "login";
    private static final Point OLD = new Point(100, 100);
    private static final Point WRONG = new Point(500, 50);
    private static final Point NEW = new Point(400, 250);
    private static final String WORKFLOW = """
            {"actions": [{"type": "click", "x": 100, "y": 100, "description": "Click Sign in"}]}
            """;

    @TempDir
    Path dir;
    JsonWorkflowStore workflows;
    InMemoryBaselineStore baselines;
    Image before;
    Image after;
    final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve(WF + ".json"), WORKFLOW);
        workflows = JsonWorkflowStore.inDirectory(dir);
        before = Fixtures.screenWithButton(OLD);
        after = Fixtures.screenWithButton(NEW);
        baselines = new InMemoryBaselineStore();
        baselines.save(new Baseline(WF, 0, OLD, before.cropAround(OLD, 100, 100), before, Instant.EPOCH, null));
    }

    /** A paid locator (a vision model, say) answering two candidates, counting its calls. */
    private Locator paidVision() {
        return new Locator() {
            @Override
            public String name() {
                return "vision";
            }

            @Override
            public boolean paid() {
                return true;
            }

            @Override
            public LocateResult locate(LocateQuery query) {
                calls.incrementAndGet();
                return LocateResult.found(List.of(Candidate.at(WRONG, 0.97, "vision", "first"),
                        Candidate.at(NEW, 0.95, "vision", "second")));
            }
        };
    }

    @Test
    void attemptHeal_firstCandidateFails_secondTakenFromTheSameAnswerWithoutAskingAgain() {
        HealResult r = Healer.builder().screen(() -> after).baselines(baselines).workflows(workflows)
                .locator(paidVision()).classifier(FailureClassifier.alwaysRelocate())
                .approval(new ApprovalPolicy(0.92, 900, 0.80, 900, 0.0))
                .verifier((id, step) -> workflows.step(id, step).point().equals(NEW)
                        ? VerificationResult.succeeded() : VerificationResult.failedAt(step, 0.2))
                .build().attemptHeal(HealRequest.of(WF, 0, 0.2, null).withConsecutiveFailures(2));

        assertEquals(HealStatus.HEALED, r.status(), r.reason());
        assertEquals(2, r.attempts());
        assertEquals(1, calls.get(), "the paid locator is asked once per heal");
    }

    @Test
    void locate_healerAndStepLocator_findWithoutWritingOrVerifying() throws IOException {
        String file = Files.readString(dir.resolve(WF + ".json"));
        Healer healer = Healer.builder().screen(() -> after).baselines(baselines).workflows(workflows)
                .locator(paidVision()).classifier(FailureClassifier.alwaysRelocate())
                .verifier((id, step) -> {
                    throw new AssertionError("locating never verifies");
                }).build();
        LocateQuery query = new LocateQuery(WF, 0, after, OLD, before.cropAround(OLD, 100, 100), before,
                "Click Sign in", FailureKind.UNKNOWN, HealerBuilder.DEFAULT_MIN_CONFIDENCE);

        StepLocator.Result viaHealer = healer.locate(query);
        StepLocator.Result alone = StepLocator.of(FailureClassifier.alwaysRelocate(), List.of(paidVision()))
                .locate(query);

        assertEquals(Optional.of(WRONG), viaHealer.candidate().map(Candidate::point));
        assertEquals(viaHealer.candidate(), alone.candidate());
        assertEquals(FailureKind.MOVED, alone.kind());
        assertTrue(alone.notes().get(0).startsWith("classified MOVED"), alone.notes().toString());
        assertEquals(file, Files.readString(dir.resolve(WF + ".json")), "nothing written");
    }
}
