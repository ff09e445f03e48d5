package dev.healing.core.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Candidate;
import dev.healing.api.FailureKind;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import java.awt.Color;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
final class TemplateLocatorTest {
    private static final int W = 1280;
    private static final int H = 800;
    private final TemplateLocator locator = TemplateLocator.create();

    private static LocateQuery query(Image screen, Image baseline, Point old) {
        return new LocateQuery("wf", 3, screen, old, baseline.cropAround(old, 100, 100), baseline, "",
                FailureKind.UNKNOWN, 0.8);
    }

    private static Candidate best(LocateResult r) {
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        return r.candidates().get(0);
    }

    @Test
    void locate_buttonMovedRight_findsNewCenter() {
        List<SyntheticUi.Button> buttons = SyntheticUi.someButtons(W, H);
        SyntheticUi.Button target = buttons.get(5);
        SyntheticUi before = new SyntheticUi(W, H);
        SyntheticUi after = new SyntheticUi(W, H);
        for (SyntheticUi.Button b : buttons) {
            before.add(b);
            after.add(b == target ? b.at(b.cx() + 88, b.cy() + 100) : b);
        }
        Image baseline = before.render();
        Image current = after.render();

        Candidate c = best(locator.locate(query(current, baseline, target.center())));

        Point expected = new Point(target.cx() + 88, target.cy() + 100);
        assertTrue(c.point().distanceTo(expected) <= 2, c.point() + " vs " + expected + ": " + c.reasoning());
        assertTrue(c.confidence() >= 0.8, c.reasoning());
        assertEquals("template", c.source());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.75, 1.25, 1.5})
    void locate_screenScaled_findsScaledCenter(double scale) {
        List<SyntheticUi.Button> buttons = SyntheticUi.someButtons((int) (W / 1.5), (int) (H / 1.5));
        SyntheticUi.Button target = buttons.get(6);
        SyntheticUi before = new SyntheticUi(W, H);
        SyntheticUi after = new SyntheticUi(W, H).scale(scale);
        buttons.forEach(before::add);
        buttons.forEach(after::add);
        Image baseline = before.render();
        Image current = after.render();

        Candidate c = best(locator.locate(query(current, baseline, target.center())));

        Point expected = new Point((int) Math.round(target.cx() * scale), (int) Math.round(target.cy() * scale));
        assertTrue(c.point().distanceTo(expected) <= 5, c.point() + " vs " + expected + ": " + c.reasoning());
        assertTrue(c.confidence() >= 0.8, c.reasoning());
    }

    @Test
    void locate_darkThemeInversion_staysInPlace() {
        SyntheticUi ui = new SyntheticUi(W, H);
        List<SyntheticUi.Button> buttons = SyntheticUi.someButtons(W, H);
        buttons.forEach(ui::add);
        Image baseline = ui.render();
        Image dark = SyntheticUi.inverted(baseline);
        Point old = buttons.get(2).center();

        Candidate c = best(locator.locate(query(dark, baseline, old)));

        assertTrue(c.point().distanceTo(old) <= 3, c.point() + " vs " + old);
        assertTrue(c.confidence() >= 0.8, c.reasoning());
        assertTrue(c.reasoning().contains("in place"), c.reasoning());
    }

    @Test
    void locate_longEmptyFieldUnchanged_oldPointOrAbstain() {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(W, H,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(new Color(0xced4da));
        g.drawRect(200, 300, 800, 40);
        g.setColor(Color.DARK_GRAY);
        g.fillRect(200, 250, 60, 14);
        g.dispose();
        Image frame = Image.fromBufferedImage(img);
        Point old = new Point(600, 320);

        LocateResult r = locator.locate(query(frame, frame, old));

        // A featureless crop matches all along the field: the only acceptable confident answer is
        // the old point itself; anywhere else must stay below the bar.
        for (Candidate c : r.candidates()) {
            assertTrue(c.point().distanceTo(old) < 6 || c.confidence() < 0.8, c.point() + " " + c.reasoning());
        }
    }

    @Test
    void locate_emptyFieldRemovedNextToIdenticalField_abstains() {
        Image baseline = fields(true);
        Image current = fields(false);
        Point old = new Point(400, 320);

        LocateResult r = locator.locate(query(current, baseline, old));

        assertTrue(r.candidates().stream().allMatch(c -> c.confidence() < 0.8), r.candidates().toString());
    }

    /** Two empty, identical text fields side by side; the left one only when {@code withLeft}. */
    private static Image fields(boolean withLeft) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(W, H,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(new Color(0xced4da));
        if (withLeft) {
            g.drawRect(200, 300, 400, 40);
        }
        g.drawRect(620, 300, 400, 40);
        g.setColor(Color.DARK_GRAY);
        g.fillRect(200, 250, 60, 14);
        g.fillRect(620, 250, 90, 14);
        g.dispose();
        return Image.fromBufferedImage(img);
    }

    @Test
    void locate_rowOfIdenticalButtonsMoved_abstains() {
        SyntheticUi before = new SyntheticUi(W, H);
        SyntheticUi after = new SyntheticUi(W, H);
        Color fill = new Color(0x4e73df);
        for (int i = 0; i < 15; i++) {
            before.add(new SyntheticUi.Button(60 + 80 * i, 300, 60, 30, 42, fill));
            after.add(new SyntheticUi.Button(100 + 80 * i, 520, 60, 30, 42, fill));
        }
        Image baseline = before.render();
        Image current = after.render();
        Point old = new Point(60 + 80 * 7, 300);
        LocateQuery q = new LocateQuery("wf", 1, current, old, baseline.cropAround(old, 40, 40), baseline, "",
                FailureKind.UNKNOWN, 0.8);

        LocateResult r = locator.locate(q);

        assertTrue(r.candidates().stream().allMatch(c -> c.confidence() < 0.8), r.candidates().toString());
    }

    @Test
    void locate_templateLargerThanScreen_throwsNamingSizes() {
        Image screen = Image.filled(80, 60, 0xffffff);
        Image crop = Image.filled(100, 100, 0x000000);
        LocateQuery q = new LocateQuery("wf", 0, screen, new Point(10, 10), crop, null, "", FailureKind.UNKNOWN, 0.8);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> locator.locate(q));

        assertTrue(e.getMessage().contains("100x100") && e.getMessage().contains("80x60"), e.getMessage());
    }

    @Test
    void locate_pointOutsideFrame_throwsNamingSizes() {
        Image screen = new SyntheticUi(400, 300).render();
        LocateQuery q = new LocateQuery("wf", 0, screen, new Point(500, 20),
                screen.crop(new dev.healing.api.Rect(0, 0, 50, 50)), screen, "", FailureKind.UNKNOWN, 0.8);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> locator.locate(q));

        assertTrue(e.getMessage().contains("(500, 20)") && e.getMessage().contains("400x300"), e.getMessage());
    }

    @Test
    void locate_flatCrop_notFound() {
        Image screen = new SyntheticUi(400, 300).render();
        LocateQuery q = new LocateQuery("wf", 0, screen, new Point(20, 20), Image.filled(50, 50, 0x808080), null, "",
                FailureKind.UNKNOWN, 0.8);

        LocateResult r = locator.locate(q);

        assertEquals(LocateResult.Status.NOT_FOUND, r.status());
        assertTrue(r.reason().contains("flat"), r.reason());
    }

    @Test
    void locate_noCropNorFrame_throws() {
        Image screen = new SyntheticUi(400, 300).render();
        LocateQuery q = new LocateQuery("wf", 0, screen, new Point(20, 20), null, null, "", FailureKind.UNKNOWN, 0.8);

        assertThrows(IllegalArgumentException.class, () -> locator.locate(q));
    }

    @Test
    void locate_randomSizesAndPoints_resultOrIllegalArgumentOnly() {
        java.util.Random r = new java.util.Random(11);
        Image big = new SyntheticUi(640, 480).render();
        ScreenClassifier classifier = ScreenClassifier.using(locator);
        for (int i = 0; i < 60; i++) {
            int sw = 1 + r.nextInt(300);
            int sh = 1 + r.nextInt(300);
            Image screen = big.crop(new dev.healing.api.Rect(r.nextInt(640 - sw + 1), r.nextInt(480 - sh + 1), sw, sh));
            int fw = 1 + r.nextInt(300);
            int fh = 1 + r.nextInt(300);
            Image frame = r.nextBoolean() ? null
                    : big.crop(new dev.healing.api.Rect(r.nextInt(640 - fw + 1), r.nextInt(480 - fh + 1), fw, fh));
            int cw = 1 + r.nextInt(130);
            int ch = 1 + r.nextInt(130);
            Image crop = big.crop(new dev.healing.api.Rect(r.nextInt(640 - cw + 1), r.nextInt(480 - ch + 1), cw, ch));
            Point p = new Point(r.nextInt(320), r.nextInt(320));
            LocateQuery q = new LocateQuery("wf", 0, screen, p, r.nextInt(4) == 0 ? null : crop, frame, "",
                    FailureKind.UNKNOWN, 0.8);
            try {
                LocateResult result = locator.locate(q);
                assertTrue(result.candidates().stream().allMatch(c -> c.point().x() < sw && c.point().y() < sh),
                        result.candidates().toString());
            } catch (IllegalArgumentException expected) {
                assertTrue(!expected.getMessage().isEmpty());
            }
            if (q.baselineCrop() != null) {
                try {
                    classifier.classify(screen, new dev.healing.api.Baseline("wf", 0, p, crop,
                            frame != null && p.x() < frame.width() && p.y() < frame.height() ? frame : null,
                            java.time.Instant.EPOCH, null));
                } catch (IllegalArgumentException expected) {
                    assertTrue(!expected.getMessage().isEmpty());
                }
            }
        }
    }

    @Test
    void builder_badValues_rejectedWithValue() {
        IllegalArgumentException scale = assertThrows(IllegalArgumentException.class,
                () -> TemplateLocator.builder().scales(0.75, 9));
        assertTrue(scale.getMessage().contains("9.0"), scale.getMessage());
        IllegalArgumentException margin = assertThrows(IllegalArgumentException.class,
                () -> TemplateLocator.builder().ambiguityMargin(-0.1));
        assertTrue(margin.getMessage().contains("-0.1"), margin.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TemplateLocator.builder().scales());
        assertThrows(IllegalArgumentException.class, () -> TemplateLocator.builder().maxCandidates(0));
        assertThrows(IllegalArgumentException.class, () -> TemplateLocator.builder().cropSide(2));
    }

    @Test
    void name_isTemplate_andFree() {
        assertEquals("template", locator.name());
        assertTrue(!locator.paid());
    }
}
