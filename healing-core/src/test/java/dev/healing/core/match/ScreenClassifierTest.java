package dev.healing.core.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Baseline;
import dev.healing.api.FailureKind;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.core.match.FailureClassifier.Classification;
import java.awt.Color;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class ScreenClassifierTest {
    private static final int W = 1280;
    private static final int H = 800;
    private final ScreenClassifier classifier = ScreenClassifier.create();
    private final List<SyntheticUi.Button> buttons = SyntheticUi.someButtons(W, H);
    private final SyntheticUi.Button target = buttons.get(4);
    private final Image baselineFrame = render(buttons);

    private static Image render(List<SyntheticUi.Button> buttons) {
        SyntheticUi ui = new SyntheticUi(W, H);
        buttons.forEach(ui::add);
        return ui.render();
    }

    private Baseline baseline() {
        return new Baseline("wf", 2, target.center(), baselineFrame.cropAround(target.center(), 100, 100),
                baselineFrame, Instant.EPOCH, "recorded");
    }

    @Test
    void layoutLikeness_pageShownAt150Percent_linesUpOnlyAtThatScale() {
        // The same page at a display scale of 150 %: everything grows from the top-left corner.
        // A dashboard: a grid of cards, each with a dark title bar.
        int[] rgb = new int[W * H];
        java.util.Arrays.fill(rgb, 0xf2f2f2);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int cx = (x - 220) % 200;
                int cy = (y - 40) % 130;
                boolean card = x >= 220 && y >= 40 && cx < 170 && cy < 100;
                rgb[y * W + x] = card ? (cy < 24 ? 0x3050a0 : 0xffffff) : 0xf2f2f2;
            }
        }
        Image page = Image.wrap(W, H, rgb);
        Image zoomed = Planes.resample(page, new dev.healing.api.Rect(0, 0, W * 2 / 3, H * 2 / 3), W, H);
        FramePyramid live = new FramePyramid(zoomed);
        FramePyramid old = new FramePyramid(page);

        double asIs = ScreenStats.layoutLikeness(live, old);
        double atScale = ScreenStats.layoutLikeness(live, old, 1.5);

        assertTrue(atScale >= 0.5, "at 150 %: " + atScale + " as it is " + asIs);
        assertTrue(asIs < ScreenClassifier.SAME_SCREEN_MIN + 0.2 && atScale > asIs + 0.3,
                "at 150 % " + atScale + " against as it is " + asIs);
    }

    @Test
    void classify_blankFrame_isTransient() {
        Classification c = classifier.classify(Image.filled(W, H, 0xffffff), baseline());
        assertEquals(FailureKind.TRANSIENT, c.kind(), c.detail());
        assertTrue(c.detail().contains("blank"), c.detail());
    }

    @Test
    void classify_unchangedScreen_isInPlace() {
        Classification c = classifier.classify(baselineFrame, baseline());
        assertEquals(FailureKind.IN_PLACE, c.kind(), c.detail());
    }

    @Test
    void classify_darkTheme_isInPlace() {
        Classification c = classifier.classify(SyntheticUi.inverted(baselineFrame), baseline());
        assertEquals(FailureKind.IN_PLACE, c.kind(), c.detail());
        assertTrue(c.detail().contains("likeness"), c.detail());
    }

    @Test
    void classify_buttonMoved_isMoved() {
        Image current = render(buttons.stream().map(b -> b == target ? b.at(b.cx() + 100, b.cy() + 100) : b).toList());
        Classification c = classifier.classify(current, baseline());
        assertEquals(FailureKind.MOVED, c.kind(), c.detail());
        assertTrue(c.detail().contains("best match"), c.detail());
    }

    @Test
    void classify_buttonRemoved_isGone() {
        Image current = render(buttons.stream().filter(b -> b != target).toList());
        Classification c = classifier.classify(current, baseline());
        assertEquals(FailureKind.GONE, c.kind(), c.detail());
    }

    @Test
    void classify_totallyDifferentScreen_isDifferentScreen() {
        SyntheticUi other = new SyntheticUi(W, H).chrome(false);
        for (int i = 0; i < 40; i++) {
            other.add(new SyntheticUi.Button(60 + (i % 8) * 150, 60 + (i / 8) * 150, 120 + (i % 3) * 5, 110, 500 + i,
                    new Color(0x222222 + i * 0x030201)));
        }
        Image current = SyntheticUi.inverted(other.render());
        Classification c = classifier.classify(current, baseline());
        assertEquals(FailureKind.DIFFERENT_SCREEN, c.kind(), c.detail());
        assertTrue(c.detail().contains("layout"), c.detail());
    }

    @Test
    void classify_cropLargerThanScreen_throwsNamingSizes() {
        Baseline b = new Baseline("wf", 0, new Point(10, 10), Image.filled(100, 100, 0), null, Instant.EPOCH, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> classifier.classify(Image.filled(50, 40, 0xffffff), b));
        assertTrue(e.getMessage().contains("100x100") && e.getMessage().contains("50x40"), e.getMessage());
    }
}
