package dev.healing.jmh;

import dev.healing.api.ApprovalClass;
import dev.healing.api.Candidate;
import dev.healing.api.Cost;
import dev.healing.api.FailureKind;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.VerificationResult;
import dev.healing.core.report.EvidenceImage;
import dev.healing.store.sqlite.SqliteStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What evidence pictures cost a heal, on the healing thread: rendering one and logging a heal
 * with two of them, against the same heal logged without pictures and the JDK's PNG encoder.
 *
 * <ul>
 *   <li>{@code evidenceRender}: {@link EvidenceImage#render} of a 1920x1080 desktop.</li>
 *   <li>{@code healWithEvidence}: {@link SqliteStore#onResult} of a heal with two attempts, each
 *       with its own evidence picture (the result's is the last attempt's, encoded once).</li>
 *   <li>{@code healWithoutEvidence}: the reference, the same heal without pictures.</li>
 *   <li>{@code imageIoPng}: the reference encoder, {@code ImageIO.write} of one evidence picture.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EvidenceLogBenchmark {
    private Path dir;
    private SqliteStore store;
    private Image screen;
    private Image baseline;
    private Image failed;
    private Image picture1;
    private HealRequest request;
    private HealResult withEvidence;
    private HealResult withoutEvidence;

    /** A desktop-like 1920x1080 screen: a gradient, windows, text-like strokes, one button. */
    static Image desktop(Point button) {
        int w = 1920;
        int h = 1080;
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int bg = 0x0F766E + (y * 40 / h << 8);
                boolean window = x > 360 && x < 1560 && y > 120 && y < 900;
                boolean text = window && (y % 28) > 10 && (y % 28) < 20 && (x / 7 + y / 28) % 9 != 0 && x % 7 != 0
                        && x < 1100;
                boolean btn = Math.abs(x - button.x()) < 60 && Math.abs(y - button.y()) < 20;
                px[y * w + x] = btn ? 0x2563EB : text ? 0x374151 : window ? 0xF9FAFB : bg;
            }
        }
        return Image.wrap(w, h, px);
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("healing-jmh-evidence");
        store = SqliteStore.builder().path(dir.resolve("bench.db")).build();
        Point old = Point.of(960, 564);
        Point moved = Point.of(960, 634);
        Image before = desktop(old);
        screen = desktop(moved);
        baseline = before.cropAround(old, 100, 100);
        failed = screen.cropAround(old, 100, 100);
        Candidate wrong = Candidate.at(Point.of(700, 300), 0.85, "template", "first peak");
        Candidate right = Candidate.at(moved, 0.97, "template", "second peak");
        picture1 = EvidenceImage.render(screen, old, wrong, baseline, failed, FailureKind.MOVED, "rolled back");
        Image picture2 = EvidenceImage.render(screen, old, right, baseline, failed, FailureKind.MOVED, "verified");
        request = HealRequest.of("bench", 4, 0.24, null).withConsecutiveFailures(2);
        withEvidence = heal(wrong, right, picture1, picture2);
        withoutEvidence = heal(wrong, right, null, null);
    }

    private static HealResult heal(Candidate wrong, Candidate right, Image p1, Image p2) {
        return HealResult.healed(new HealResult.Trace("bench", 4, Optional.of(Point.of(960, 564)), FailureKind.MOVED,
                List.of(new HealAttempt(1, wrong, VerificationResult.failedAt(4, 0.3), false, "rolled back", p1),
                        new HealAttempt(2, right, VerificationResult.succeeded(), true, "verified", p2)),
                List.of(), Cost.FREE, Duration.ofMillis(420), Optional.ofNullable(p2)), right, ApprovalClass.A,
                "verified");
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public Image evidenceRender() {
        return EvidenceImage.render(screen, Point.of(960, 564), Candidate.at(Point.of(960, 634), 0.97, "template",
                ""), baseline, failed, FailureKind.MOVED, "verified");
    }

    @Benchmark
    public void healWithEvidence() {
        store.onResult(request, withEvidence);
    }

    @Benchmark
    public void healWithoutEvidence() {
        store.onResult(request, withoutEvidence);
    }

    @Benchmark
    public int imageIoPng() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        ImageIO.write(picture1.toBufferedImage(), "png", out);
        return out.size();
    }
}
