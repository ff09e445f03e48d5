package dev.healing.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Baseline;
import dev.healing.api.Candidate;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Locator;
import dev.healing.api.Point;
import dev.healing.api.VerificationResult;
import dev.healing.core.match.FailureClassifier;
import dev.healing.core.match.TemplateLocator;
import dev.healing.core.workflow.JsonWorkflowStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The locate chain hands a vision locator the candidates local matching could not decide on. */
final class HealerLocalCandidatesTest {
    private static final String WF = "login";
    private static final Point OLD = new Point(100, 100);
    private static final Point NEW = new Point(400, 250);

    @TempDir
    Path dir;
    JsonWorkflowStore workflows;
    InMemoryBaselineStore baselines = new InMemoryBaselineStore();
    Image before = Fixtures.screenWithButton(OLD);

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve(WF + ".json"), """
                {"actions": [{"type": "click", "x": 100, "y": 100, "description": "Click Sign in"}]}
                """);
        workflows = JsonWorkflowStore.inDirectory(dir);
        baselines.save(new Baseline(WF, 0, OLD, before.cropAround(OLD, 100, 100), before, Instant.EPOCH, null));
    }

    private static Locator free(Candidate... found) {
        return new Locator() {
            @Override
            public String name() {
                return "template";
            }

            @Override
            public LocateResult locate(LocateQuery query) {
                return LocateResult.found(List.of(found));
            }
        };
    }

    private HealerBuilder healer(Image screen, Locator... locators) {
        HealerBuilder b = Healer.builder().screen(() -> screen).baselines(baselines).workflows(workflows)
                .verifier((id, step) -> workflows.step(id, step).point().distanceTo(NEW) <= 5
                        ? VerificationResult.succeeded() : VerificationResult.failedAt(step, 0.2))
                .sleeper(d -> { });
        for (Locator l : locators) {
            b.locator(l);
        }
        return b;
    }

    @Test
    void attemptHeal_localCandidatesBelowBar_visionGetsThemBestFirstAndNeverTheFloorOnes() {
        Candidate weak = Candidate.at(new Point(300, 300), 0.5, "template", "look-alike");
        Candidate better = Candidate.at(NEW, 0.6, "template", "weak match");
        Candidate vetoed = Candidate.at(new Point(50, 350), 0.1, "template", "vetoed");
        Candidate twin = Candidate.at(new Point(302, 301), 0.45, "template", "same place as weak");
        HealerFleetTest.FakeVision vision = new HealerFleetTest.FakeVision(NEW, () -> { });
        HealResult r = healer(Fixtures.screenWithButton(NEW), free(weak, vetoed, better, twin), vision)
                .classifier((s, b) -> new FailureClassifier.Classification(dev.healing.api.FailureKind.MOVED, "test"))
                .build().attemptHeal(HealRequest.of(WF, 0, 0.24, null).withConsecutiveFailures(2));
        assertTrue(r.healed(), r.reason());
        assertEquals(Optional.of("vision"), r.locator());
        assertEquals(1, vision.queries.size());
        assertEquals(List.of(better, weak), vision.queries.get(0).localCandidates());
    }

    @Test
    void attemptHeal_twinRejectedByVerifier_visionGetsTheAmbiguousTemplateMatchesAsMarks() {
        // the button moved and a copy of it (with its surroundings) appeared elsewhere
        Image one = Fixtures.screenWithButton(NEW);
        int[] px = one.pixels().clone();
        for (int y = -50; y < 50; y++) {
            for (int x = -50; x < 50; x++) {
                px[(300 + y) * Fixtures.W + 150 + x] = px[(NEW.y() + y) * Fixtures.W + NEW.x() + x];
            }
        }
        Image screen = Image.wrap(Fixtures.W, Fixtures.H, px);
        HealerFleetTest.FakeVision vision = new HealerFleetTest.FakeVision(NEW, () -> { });
        HealResult r = healer(screen, TemplateLocator.create(), vision).build()
                .attemptHeal(HealRequest.of(WF, 0, 0.24, null).withConsecutiveFailures(2));
        assertTrue(r.healed(), r.reason());
        assertEquals(Optional.of("vision"), r.locator());
        assertEquals(1, vision.queries.size());
        List<Candidate> marks = vision.queries.get(0).localCandidates();
        assertTrue(marks.stream().anyMatch(c -> c.point().distanceTo(NEW) < 6), marks.toString());
        assertTrue(marks.stream().allMatch(c -> c.source().equals("template") && c.confidence() < 0.8),
                marks.toString());
    }
}
