package dev.healing.core.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.healing.api.Candidate;
import dev.healing.api.FailureKind;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import dev.healing.core.StepLocator;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The text locator on painted screens (real fonts, real Tesseract). Needs libtesseract5 and
 * tesseract-ocr-eng (see .ci/run): without them these tests are skipped locally and fail under CI=true.
 */
final class TextLocatorTest {
    private static final int W = 900;
    private static final int H = 500;
    private static final TextLocator LOCATOR = TextLocator.create();

    @BeforeAll
    static void tesseractInstalled() {
        String missing = LOCATOR.unavailable().orElse(null);
        if (missing != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("Tesseract is required under CI (.ci/run installs libtesseract5 tesseract-ocr-eng): " + missing);
        }
        assumeTrue(missing == null, "Tesseract is not installed: " + missing);
    }

    /** A white screen with words drawn at given places, optionally on a filled box. */
    private static final class Screen {
        private final List<Object[]> items = new ArrayList<>();

        Screen text(String s, int x, int y) {
            items.add(new Object[] {s, x, y, null, Color.DARK_GRAY});
            return this;
        }

        Screen button(String s, int x, int y, Color fill, Color ink) {
            items.add(new Object[] {s, x, y, fill, ink});
            return this;
        }

        Screen checkbox(int x, int y) {
            items.add(new Object[] {null, x, y, null, Color.GRAY});
            return this;
        }

        Image paint() {
            BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, W, H);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
            for (Object[] it : items) {
                int x = (Integer) it[1];
                int y = (Integer) it[2];
                if (it[0] == null) {
                    g.setColor((Color) it[4]);
                    g.drawRect(x - 8, y - 8, 16, 16);
                    continue;
                }
                String s = (String) it[0];
                int tw = g.getFontMetrics().stringWidth(s);
                if (it[3] != null) {
                    g.setColor((Color) it[3]);
                    g.fillRoundRect(x - tw / 2 - 16, y - 18, tw + 32, 36, 8, 8);
                }
                g.setColor((Color) it[4]);
                g.drawString(s, x - tw / 2, y + 6);
            }
            g.dispose();
            return Image.fromBufferedImage(img);
        }
    }

    private static LocateResult locate(Image before, Image after, Point old, String description) {
        return LOCATOR.locate(new LocateQuery("wf", 0, after, old, before.cropAround(old, 100, 100), before,
                description, FailureKind.GONE, 0.8));
    }

    private static Candidate best(LocateResult r) {
        assertTrue((r.status() == LocateResult.Status.FOUND), () -> "expected a find, got " + r);
        return r.candidates().get(0);
    }

    @Test
    void locate_buttonMovedAndRestyled_findsItByItsWords() {
        Image before = new Screen().text("Orders overview", 150, 40).button("Submit order", 200, 300,
                new Color(230, 230, 230), Color.BLACK).paint();
        Image after = new Screen().text("Orders overview", 150, 40).button("Submit order", 650, 120,
                new Color(40, 80, 200), Color.WHITE).paint();

        Candidate c = best(locate(before, after, new Point(200, 300), "Click the 'Submit order' button"));

        assertTrue(c.point().distanceTo(new Point(650, 120)) < 12, () -> "found " + c);
        assertEquals("text", c.source());
        assertTrue(c.confidence() >= 0.8, () -> "confidence " + c.confidence());
        assertTrue(c.reasoning().contains("Submit order"), c.reasoning());
    }

    @Test
    void locate_checkboxBesideItsLabel_clicksTheBoxNotTheWords() {
        Image before = new Screen().checkbox(100, 200).text("Remember me", 180, 200).paint();
        Image after = new Screen().checkbox(400, 330).text("Remember me", 480, 330).paint();

        Candidate c = best(locate(before, after, new Point(100, 200), "Tick the 'Remember me' checkbox"));

        assertTrue(c.point().distanceTo(new Point(400, 330)) < 8, () -> "found " + c);
    }

    @Test
    void locate_twinWordsInReorderedRows_picksTheRowNamedInTheDescription() {
        Image before = new Screen().text("Alice Smith", 120, 100).text("London", 500, 100)
                .text("Bruno Nash", 120, 160).text("London", 500, 160).paint();
        Image after = new Screen().text("Bruno Nash", 120, 100).text("London", 500, 100)
                .text("Alice Smith", 120, 160).text("London", 500, 160).paint();

        Candidate c = best(locate(before, after, new Point(500, 160),
                "Click the 'London' entry in the row of 'Bruno Nash'"));

        assertTrue(c.point().distanceTo(new Point(500, 100)) < 10, () -> "found " + c);
    }

    @Test
    void locate_twinLinksUnderBoxesReflowed_picksByTheTitleAbove() {
        Image before = new Screen().text("New orders", 150, 100).text("More info", 150, 160)
                .text("Bounce rate", 450, 100).text("More info", 450, 160)
                .text("User signups", 750, 100).text("More info", 750, 160).paint();
        Image after = new Screen().text("User signups", 150, 100).text("More info", 150, 160)
                .text("New orders", 450, 100).text("More info", 450, 160)
                .text("Bounce rate", 150, 300).text("More info", 150, 360).paint();

        Candidate c = best(locate(before, after, new Point(450, 160), "Click the 'More info' link"));

        assertTrue(c.point().distanceTo(new Point(150, 360)) < 10, () -> "found " + c);
        assertTrue(c.reasoning().contains("title"), c.reasoning());
    }

    @Test
    void locate_twinWordsWithoutAnything_abstains() {
        Image before = new Screen().text("Details", 200, 100).text("Details", 600, 100).paint();
        Image after = new Screen().text("Details", 200, 300).text("Details", 600, 300).text("Details", 400, 400)
                .paint();

        LocateResult r = locate(before, after, new Point(200, 100), "Click 'Details'");

        assertFalse((r.status() == LocateResult.Status.FOUND), () -> "expected to abstain, got " + r);
    }

    @Test
    void locate_labelRemoved_abstains() {
        Image before = new Screen().button("Generate report", 700, 60, new Color(40, 80, 200), Color.WHITE)
                .text("Monthly earnings", 200, 200).paint();
        Image after = new Screen().text("Monthly earnings", 200, 200).paint();

        LocateResult r = locate(before, after, new Point(700, 60), "Click the 'Generate report' button");

        assertFalse((r.status() == LocateResult.Status.FOUND), () -> "expected to abstain, got " + r);
        assertTrue(r.reason().contains("not on the screen"), r.reason());
    }

    @Test
    void sharedWords_sameWordsOtherLayout_countsThem() {
        Image before = new Screen().text("Dashboard", 100, 50).text("Charts", 100, 100).text("Tables", 100, 150)
                .text("Settings", 100, 200).text("Profile", 100, 250).paint();
        Image after = new Screen().text("Dashboard", 600, 450).text("Charts", 300, 50).text("Tables", 500, 50)
                .text("Settings", 700, 50).text("Logout", 100, 250).paint();

        double shared = LOCATOR.sharedWords(after, before).orElseThrow();

        assertEquals(0.8, shared, 0.01);
    }

    @Test
    void quoted_descriptionWithQuotesAndApostrophes_takesOnlyTheQuotedPhrases() {
        assertEquals(List.of(List.of("london"), List.of("angelica", "ramos")),
                TextLocator.quoted("Click the 'London' office entry in the row of 'Angelica Ramos'"));
        assertEquals(List.of(List.of("sign", "in")), TextLocator.quoted("Don't click \u201cSign in\u201d twice"));
        assertTrue(TextLocator.quoted("the user's own field").isEmpty());
    }

    @Test
    void pipeline_buttonRedesignedBeyondTemplateMatching_textLocatorDecides() {
        Image before = new Screen().text("Account settings", 150, 40).text("Display name", 150, 120)
                .button("Save changes", 200, 300, new Color(230, 230, 230), Color.BLACK).paint();
        Image after = new Screen().text("Account settings", 450, 60).text("Display name", 450, 140)
                .button("Save changes", 700, 420, new Color(20, 120, 60), Color.WHITE).paint();
        LocateQuery query = new LocateQuery("wf", 0, after, new Point(200, 300),
                before.cropAround(new Point(200, 300), 100, 100), before, "Click the 'Save changes' button",
                FailureKind.UNKNOWN, 0.8);
        TemplateLocator template = TemplateLocator.create();

        StepLocator.Result o = StepLocator.of(ScreenClassifier.using(template), List.of(template, LOCATOR))
                .locate(query);

        assertTrue(o.candidate().isPresent(), () -> "abstained: " + o.notes());
        assertEquals("text", o.candidate().get().source());
        assertTrue(o.candidate().get().point().distanceTo(new Point(700, 420)) < 12, () -> "found " + o);
    }

    /** A paid locator (a model) that answers one point and counts its calls. */
    private static final class CountingModel implements dev.healing.api.Locator {
        int calls;

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
            calls++;
            return LocateResult.found(List.of(Candidate.at(new Point(640, 400), 0.95, "vision", "model")));
        }
    }

    private static StepLocator.Result differentScreen(Image before, Image after, dev.healing.api.Locator... more) {
        List<dev.healing.api.Locator> chain = new ArrayList<>(List.of(LOCATOR));
        chain.addAll(List.of(more));
        FailureClassifier different = (screen, baseline) ->
                new FailureClassifier.Classification(FailureKind.DIFFERENT_SCREEN, "layout 0.1");
        return StepLocator.of(different, chain).locate(new LocateQuery("wf", 0, after, new Point(100, 100),
                before.cropAround(new Point(100, 100), 100, 100), before, "Click the 'Dashboard' item",
                FailureKind.UNKNOWN, 0.8));
    }

    private static Screen eightWords() {
        return new Screen().text("Dashboard", 100, 100).text("Charts", 100, 160).text("Tables", 100, 220)
                .text("Settings", 100, 280).text("Profile", 100, 340).text("Messages", 100, 400)
                .text("Alerts", 100, 460).text("Logout", 100, 520);
    }

    @Test
    void pipeline_differentScreenKeepingFewWords_asksOnlyTheModel() {
        Image before = eightWords().paint();
        Image after = new Screen().text("Dashboard", 640, 400).text("Revenue", 300, 60).text("Orders", 500, 60)
                .text("Customers", 700, 60).text("Invoices", 900, 60).text("Reports", 300, 700)
                .text("Support", 500, 700).paint();
        CountingModel model = new CountingModel();

        StepLocator.Result withModel = differentScreen(before, after, model);
        StepLocator.Result localOnly = differentScreen(before, after);

        assertEquals(1, model.calls, () -> "notes " + withModel.notes());
        assertEquals("vision", withModel.candidate().orElseThrow().source(), "the text locator is not asked");
        assertTrue(withModel.notes().toString().contains("asking the model only"), withModel.notes().toString());
        assertTrue(localOnly.candidate().isEmpty(), () -> "without a model nobody judges: " + localOnly.notes());
    }

    @Test
    void pipeline_differentScreenWithoutItsWords_asksNobody() {
        Image before = eightWords().paint();
        Image after = new Screen().text("Loading", 640, 400).text("Please wait", 640, 460).paint();
        CountingModel model = new CountingModel();

        StepLocator.Result r = differentScreen(before, after, model);

        assertTrue(r.candidate().isEmpty(), () -> "found " + r.candidate());
        assertEquals(0, model.calls);
    }

    @Test
    void upscaling_outOfRange_namesTheValue() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TextLocator.upscaling(5));

        assertTrue(e.getMessage().contains("5"), e.getMessage());
    }

    @Test
    void locate_smallFontUpscaled_stillFindsTheLabel() {
        Image before = new Screen().text("Remember me", 180, 200).paint();
        Image after = new Screen().text("Remember me", 480, 330).paint();

        LocateResult r = TextLocator.upscaling(2).locate(new LocateQuery("wf", 0, after, new Point(180, 200),
                before.cropAround(new Point(180, 200), 100, 100), before, "", FailureKind.GONE, 0.8));

        assertTrue(best(r).point().distanceTo(new Point(480, 330)) < 8, () -> "found " + r);
    }

    @Test
    void place_pointBesideLabelOnScaledScreen_scalesTheOffset() {
        Point p = TextLocator.place(new dev.healing.api.Rect(100, 100, 80, 16), new dev.healing.api.Rect(300, 300,
                100, 20), new Point(80, 108));

        assertEquals(new Point(275, 310), p);
    }

    @Test
    void blankBeside_pointInAMenuEntrysPaddingRightOfItsWords_yes_checkboxLeftOfItsLabel_no() {
        int[] rgb = new int[400 * 100];
        java.util.Arrays.fill(rgb, 0xffffff);
        // A checkbox's border at x 40..55, y 42..57, left of a label at x 70..130, y 43..56.
        for (int i = 0; i <= 15; i++) {
            rgb[42 * 400 + 40 + i] = 0x666666;
            rgb[57 * 400 + 40 + i] = 0x666666;
            rgb[(42 + i) * 400 + 40] = 0x666666;
            rgb[(42 + i) * 400 + 55] = 0x666666;
        }
        Image frame = Image.wrap(400, 100, rgb);
        dev.healing.api.Rect label = new dev.healing.api.Rect(70, 43, 60, 14);

        assertTrue(TextLocator.blankBeside(frame, label, new Point(160, 50)), "blank padding right of the words");
        assertFalse(TextLocator.blankBeside(frame, label, new Point(48, 50)), "a checkbox of its own");
        assertFalse(TextLocator.blankBeside(frame, label, new Point(100, 50)), "on the words themselves");
    }
}
