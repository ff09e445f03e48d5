package dev.healing.jmh;

import dev.healing.api.FailureKind;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import dev.healing.core.match.TemplateLocator;
import dev.healing.core.match.TextLocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a 1920x1080 frame to find a button by its words ({@link TextLocator}, Tesseract through
 * JNA), against the template locator it follows in the chain, in the same run. The frames are
 * {@link RealisticFrame}'s dashboard; the target is the white-on-blue "Split Primary" button, the
 * content shifted by (-37, +23). The locator remembers the frames it read by identity, so each
 * invocation gets a fresh copy of the live frame (made outside the measurement):
 * {@code textOneFrame} reads the live frame (the baseline frame stays remembered, as in a healer
 * healing several steps of one screen), {@code textBothFrames} reads both. Setup checks the find.
 * Needs libtesseract5 and tesseract-ocr-eng.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TextLocateBenchmark {
    static final Point ELEMENT = new Point(1430, 322);
    static final int SHIFT_X = -37;
    static final int SHIFT_Y = 23;

    private Image baseline;
    private Image frame;
    private TextLocator text;
    private TemplateLocator template;
    private LocateQuery warm;
    private LocateQuery fresh;
    private LocateQuery freshBoth;

    /** Renders the frames, checks Tesseract is there and finds the button. */
    @Setup
    public void setup() {
        baseline = RealisticFrame.render(0, 0);
        frame = RealisticFrame.render(SHIFT_X, SHIFT_Y);
        text = TextLocator.create();
        text.unavailable().ifPresent(why -> {
            throw new IllegalStateException("the text locator cannot read: " + why);
        });
        template = TemplateLocator.create();
        warm = query(frame, baseline);
        Point found = best(text.locate(warm));
        Point expected = new Point(ELEMENT.x() + SHIFT_X, ELEMENT.y() + SHIFT_Y);
        if (found.distanceTo(expected) > 6) {
            throw new IllegalStateException("text found " + found + ", expected " + expected);
        }
    }

    /** Fresh copies, so that nothing read before is remembered. */
    @Setup(Level.Invocation)
    public void freshFrames() {
        Image live = Image.copyOf(frame.width(), frame.height(), frame.pixels());
        fresh = query(live, baseline);
        freshBoth = query(live, Image.copyOf(baseline.width(), baseline.height(), baseline.pixels()));
    }

    private static LocateQuery query(Image screen, Image baselineFrame) {
        return new LocateQuery("bench", 0, screen, ELEMENT, baselineFrame.cropAround(ELEMENT, 100, 100),
                baselineFrame, "Click the 'Split Primary' button", FailureKind.GONE, 0.8);
    }

    private static Point best(LocateResult r) {
        if (r.candidates().isEmpty()) {
            throw new IllegalStateException("nothing found: " + r.reason());
        }
        return r.candidates().get(0).point();
    }

    /** The text locator reading the live frame (the baseline frame's words remembered). */
    @Benchmark
    public Point textOneFrame() {
        return best(text.locate(fresh));
    }

    /** The text locator reading both frames. */
    @Benchmark
    public Point textBothFrames() {
        return best(text.locate(freshBoth));
    }

    /** Reference: the default template locator (seven scales) on the same query, with the baseline frame. */
    @Benchmark
    public LocateResult templateSevenScales() {
        return template.locate(fresh);
    }
}
