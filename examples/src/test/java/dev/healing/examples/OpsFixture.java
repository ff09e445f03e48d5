package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.healing.api.Baseline;
import dev.healing.api.Candidate;
import dev.healing.api.HealRequest;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Locator;
import dev.healing.api.Point;
import dev.healing.api.VerificationResult;
import dev.healing.core.match.FailureClassifier;
import dev.healing.core.Healer;
import dev.healing.core.workflow.JsonWorkflowStore;
import dev.healing.store.sqlite.SqliteStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A runner's healer on a SQLite store, for the operations commands: a two-step workflow file
 * (step 1 is sensitive), a 1920x1080 screen with one button, a locator that always proposes
 * {@link #target}, and a verifier that passes when the step now points near {@link #accept}.
 */
final class OpsFixture implements AutoCloseable {
    static final String WF = "post";
    static final Point OLD = Point.of(100, 100);
    static final String WORKFLOW = """
            {"actions": [
              {"type": "click", "x": 100, "y": 100, "description": "Click Next"},
              {"type": "click", "x": 100, "y": 100, "description": "Click Publish", "sensitive": true}
            ]}
            """;

    final Path db;
    final Path workflowFile;
    final SqliteStore store;
    final JsonWorkflowStore workflows;
    final AtomicInteger locates = new AtomicInteger();
    final AtomicInteger verifications = new AtomicInteger();
    volatile Point target;
    volatile Point accept;
    volatile Image screen;

    OpsFixture(Path dir) throws IOException {
        db = dir.resolve("ops.db");
        Path runs = Files.createDirectories(dir.resolve("runs"));
        workflowFile = runs.resolve(WF + ".json");
        Files.writeString(workflowFile, WORKFLOW);
        workflows = JsonWorkflowStore.inDirectory(runs);
        store = SqliteStore.builder().path(db).build();
        Image before = screenWithButton(OLD);
        for (int step = 0; step < 2; step++) {
            store.save(new Baseline(WF, step, OLD, before.cropAround(OLD, 100, 100), before, Instant.EPOCH,
                    "recorded"));
        }
    }

    /** A grey 1920x1080 screen with a blue striped 60x30 button centred on {@code button}. */
    static Image screenWithButton(Point button) {
        int w = 1920;
        int h = 1080;
        int[] px = new int[w * h];
        java.util.Arrays.fill(px, 0xDDDDDD);
        for (int y = -15; y < 15; y++) {
            for (int x = -30; x < 30; x++) {
                int sx = button.x() + x;
                int sy = button.y() + y;
                if (sx >= 0 && sy >= 0 && sx < w && sy < h) {
                    px[sy * w + sx] = ((x + 30) / 6 + (y + 15) / 5) % 2 == 0 ? 0x1E5AA8 : 0x3C78D8;
                }
            }
        }
        return Image.wrap(w, h, px);
    }

    Healer healer() {
        Locator locator = new Locator() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public LocateResult locate(LocateQuery query) {
                locates.incrementAndGet();
                return LocateResult.found(List.of(Candidate.at(target, 0.97, "fake", "looks like the button")));
            }
        };
        return Healer.builder().screen(() -> screen).baselines(store).memory(store).workflows(workflows)
                .verifier((id, step) -> {
                    verifications.incrementAndGet();
                    return workflows.step(id, step).point().distanceTo(accept) <= 5
                            ? VerificationResult.succeeded() : VerificationResult.failedAt(step, 0.2);
                })
                .locator(locator).proposals(store).trust(store).listener(store).sleeper(d -> { })
                .classifier(FailureClassifier.alwaysRelocate()).build();
    }

    static HealRequest failing(int step) {
        return HealRequest.of(WF, step, 0.2, null).withConsecutiveFailures(2);
    }

    /** Runs the examples jar's entry point in this JVM; asserts the exit code and returns stdout. */
    static String cli(int expectedExit, String... argv) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            assertEquals(expectedExit, Main.run(argv), "exit code of " + String.join(" ", argv));
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        store.close();
    }
}
