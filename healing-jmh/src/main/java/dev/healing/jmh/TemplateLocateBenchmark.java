package dev.healing.jmh;

import dev.healing.api.FailureKind;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import dev.healing.core.match.TemplateLocator;
import java.util.concurrent.TimeUnit;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
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
 * Finding a 100x100 baseline crop in a 1920x1080 RGB frame where the layout shifted by (-37, +23):
 * ours (one scale, and the default seven scales 0.75..1.5) against OpenCV's matchTemplate
 * (TM_CCOEFF_NORMED) at full resolution in colour, and OpenCV's fastest way (grey, 1/4 pyramid
 * level, then +-8 px at full resolution), single-threaded. Each side gets the frame in its own
 * native form, prepared outside the measurement: ours the packed-RGB {@link Image}, OpenCV a BGR
 * {@code Mat}; each then does its own grey conversion and pyramid. Setup checks that all four
 * find the same place. {@code oursSevenScalesRescaled} is the seven scales on the frame zoomed to
 * 125 %, where no unscaled place is near-exact and every scale is searched.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TemplateLocateBenchmark {
    static final Point ELEMENT = new Point(730, 205);
    static final int SHIFT_X = -37;
    static final int SHIFT_Y = 23;

    static final double ZOOM = 1.25;

    private Image frame;
    private Image zoomed;
    private LocateQuery zoomedQuery;
    private Image template;
    private LocateQuery query;
    private TemplateLocator single;
    private TemplateLocator seven;
    private Mat frameBgr;
    private Mat templateBgr;
    private Mat templateGray;
    private Mat templateQuarter;
    private int offsetX;
    private int offsetY;

    /** Builds the frames and checks that ours and OpenCV agree on the position. */
    @Setup
    public void setup() {
        nu.pattern.OpenCV.loadLocally();
        Core.setNumThreads(1);
        Image baseline = RealisticFrame.render(0, 0);
        frame = RealisticFrame.render(SHIFT_X, SHIFT_Y);
        Rect crop = Rect.centeredWithin(ELEMENT, 100, 100, baseline.width(), baseline.height());
        offsetX = ELEMENT.x() - crop.x();
        offsetY = ELEMENT.y() - crop.y();
        template = baseline.crop(crop);
        query = new LocateQuery("bench", 0, frame, ELEMENT, template, null, "", FailureKind.MOVED, 0.8);
        zoomed = zoom(frame, ZOOM);
        zoomedQuery = new LocateQuery("bench", 0, zoomed, ELEMENT, template, null, "", FailureKind.MOVED, 0.8);
        single = TemplateLocator.builder().scales(1.0).build();
        seven = TemplateLocator.create();
        templateBgr = toBgr(template);
        templateGray = new Mat();
        Imgproc.cvtColor(templateBgr, templateGray, Imgproc.COLOR_BGR2GRAY);
        templateQuarter = new Mat();
        Imgproc.resize(templateGray, templateQuarter, new Size(25, 25), 0, 0, Imgproc.INTER_AREA);
        frameBgr = toBgr(frame);
        Point expected = new Point(ELEMENT.x() + SHIFT_X, ELEMENT.y() + SHIFT_Y);
        check("ours", ours(), expected);
        check("oursSevenScales", oursSevenScales(), expected);
        check("oursSevenScalesRescaled", oursSevenScalesRescaled(),
                new Point((int) Math.round(expected.x() * ZOOM), (int) Math.round(expected.y() * ZOOM)));
        check("opencvFullColour", opencvFullColour(), expected);
        check("opencvCoarseToFine", opencvCoarseToFine(), expected);
    }

    private static void check(String name, Point found, Point expected) {
        if (found.distanceTo(expected) > 1.5) {
            throw new IllegalStateException(name + " found " + found + ", expected " + expected);
        }
    }

    private static Point best(LocateResult r) {
        if (r.candidates().isEmpty()) {
            throw new IllegalStateException("nothing found: " + r.reason());
        }
        return r.candidates().get(0).point();
    }

    /** Ours, one scale: returns the click point found. */
    @Benchmark
    public Point ours() {
        return best(single.locate(query));
    }

    /** Ours, seven scales 0.75..1.5. */
    @Benchmark
    public Point oursSevenScales() {
        return best(seven.locate(query));
    }

    /**
     * Ours, one scale, on the frame zoomed to 125 %: the reference for the whole sweep below, on the
     * same frame (whatever it finds: at scale 1.0 the element does not match well).
     */
    @Benchmark
    public LocateResult oursRescaled() {
        return single.locate(zoomedQuery);
    }

    /** Ours, seven scales, on the frame zoomed to 125 %: the whole sweep, no near-exact unscaled place. */
    @Benchmark
    public Point oursSevenScalesRescaled() {
        return best(seven.locate(zoomedQuery));
    }

    /** OpenCV brute force: TM_CCOEFF_NORMED in colour at full resolution. */
    @Benchmark
    public Point opencvFullColour() {
        Mat result = new Mat();
        Imgproc.matchTemplate(frameBgr, templateBgr, result, Imgproc.TM_CCOEFF_NORMED);
        Core.MinMaxLocResult mm = Core.minMaxLoc(result);
        result.release();
        return new Point((int) mm.maxLoc.x + offsetX, (int) mm.maxLoc.y + offsetY);
    }

    /** OpenCV's fastest way: grey, 1/4 level search, +-8 px refinement at full resolution. */
    @Benchmark
    public Point opencvCoarseToFine() {
        Mat gray = new Mat();
        Imgproc.cvtColor(frameBgr, gray, Imgproc.COLOR_BGR2GRAY);
        Mat quarter = new Mat();
        Imgproc.resize(gray, quarter, new Size(gray.cols() / 4.0, gray.rows() / 4.0), 0, 0, Imgproc.INTER_AREA);
        Mat coarse = new Mat();
        Imgproc.matchTemplate(quarter, templateQuarter, coarse, Imgproc.TM_CCOEFF_NORMED);
        Core.MinMaxLocResult c = Core.minMaxLoc(coarse);
        int x0 = Math.max(0, (int) c.maxLoc.x * 4 - 8);
        int y0 = Math.max(0, (int) c.maxLoc.y * 4 - 8);
        int x1 = Math.min(gray.cols(), (int) c.maxLoc.x * 4 + 8 + 100);
        int y1 = Math.min(gray.rows(), (int) c.maxLoc.y * 4 + 8 + 100);
        Mat window = gray.submat(y0, y1, x0, x1);
        Mat fine = new Mat();
        Imgproc.matchTemplate(window, templateGray, fine, Imgproc.TM_CCOEFF_NORMED);
        Core.MinMaxLocResult f = Core.minMaxLoc(fine);
        gray.release();
        quarter.release();
        coarse.release();
        fine.release();
        return new Point(x0 + (int) f.maxLoc.x + offsetX, y0 + (int) f.maxLoc.y + offsetY);
    }

    /** {@code image} zoomed by {@code factor} about its top-left corner (bilinear), cut to its own size. */
    static Image zoom(Image image, double factor) {
        java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(image.width(), image.height(),
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image.toBufferedImage(), 0, 0, (int) Math.round(image.width() * factor),
                (int) Math.round(image.height() * factor), null);
        g.dispose();
        return Image.fromBufferedImage(out);
    }

    static Mat toBgr(Image image) {
        int[] p = image.pixels();
        byte[] bytes = new byte[p.length * 3];
        for (int i = 0; i < p.length; i++) {
            bytes[3 * i] = (byte) p[i];
            bytes[3 * i + 1] = (byte) (p[i] >>> 8);
            bytes[3 * i + 2] = (byte) (p[i] >>> 16);
        }
        Mat m = new Mat(image.height(), image.width(), CvType.CV_8UC3);
        m.put(0, 0, bytes);
        return m;
    }
}
