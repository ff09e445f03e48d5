package dev.healing.jmh;

import dev.healing.api.Image;
import dev.healing.api.Rect;
import dev.healing.api.SimilarityScorer;
import dev.healing.core.match.SimilarityScorers;
import java.util.concurrent.TimeUnit;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;
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
 * Similarity of two 100x100 RGB crops (the host's per-step check): our scorers against OpenCV's
 * TM_CCOEFF_NORMED on two same-sized grey crops (which includes the colour conversion, as ours do).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SimilarityBenchmark {
    private final SimilarityScorer ncc = SimilarityScorers.ncc();
    private final SimilarityScorer ssim = SimilarityScorers.ssim();
    private final SimilarityScorer edges = SimilarityScorers.edges();
    private Image a;
    private Image b;
    private Mat aBgr;
    private Mat bBgr;

    /** Cuts two crops of the same button from two frames whose layout differs. */
    @Setup
    public void setup() {
        nu.pattern.OpenCV.loadLocally();
        Core.setNumThreads(1);
        a = RealisticFrame.render(0, 0).crop(new Rect(680, 155, 100, 100));
        b = RealisticFrame.render(-37, 23).crop(new Rect(643, 178, 100, 100));
        aBgr = TemplateLocateBenchmark.toBgr(a);
        bBgr = TemplateLocateBenchmark.toBgr(b);
    }

    /** Our default scorer. */
    @Benchmark
    public double ncc() {
        return ncc.similarity(a, b);
    }

    /** Our SSIM scorer. */
    @Benchmark
    public double ssim() {
        return ssim.similarity(a, b);
    }

    /** Our theme-tolerant scorer. */
    @Benchmark
    public double edges() {
        return edges.similarity(a, b);
    }

    /** OpenCV reference: grey conversion of both crops, then TM_CCOEFF_NORMED. */
    @Benchmark
    public double opencvCcoeffNormed() {
        Mat ga = new Mat();
        Mat gb = new Mat();
        Imgproc.cvtColor(aBgr, ga, Imgproc.COLOR_BGR2GRAY);
        Imgproc.cvtColor(bBgr, gb, Imgproc.COLOR_BGR2GRAY);
        Mat r = new Mat();
        Imgproc.matchTemplate(ga, gb, r, Imgproc.TM_CCOEFF_NORMED);
        double v = r.get(0, 0)[0];
        ga.release();
        gb.release();
        r.release();
        return v;
    }
}
