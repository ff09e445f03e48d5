package dev.healing.core.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Words the description names beside an element: which count, what they refuse, where they find it. */
final class NamedContextTest {
    private static final List<List<String>> ROW_OF_ANGELICA = TextLocator.quoted(
            "Click the edit (pencil) button in the row of 'Angelica Ramos'");

    private static ScreenText.Word word(String text, int x, int y) {
        return new ScreenText.Word(text.toLowerCase(java.util.Locale.ROOT), text, new Rect(x, y, 9 * text.length(), 14));
    }

    /** A table: one name per row, 40 px apart, starting at {@code top}, in the given order. */
    private static ScreenText rows(int top, String... firstNames) {
        List<ScreenText.Word> words = new ArrayList<>();
        for (int i = 0; i < firstNames.length; i++) {
            words.add(word(firstNames[i], 300, top + 40 * i));
            words.add(word(firstNames[i].equals("Angelica") ? "Ramos" : "Smith", 300 + 9 * firstNames[i].length() + 6,
                    top + 40 * i));
        }
        return new ScreenText(words);
    }

    @Test
    void of_rowNameFarAlongTheLine_anchorWithItsOffset() {
        ScreenText base = rows(200, "Airi", "Angelica", "Ashton");
        Point icon = new Point(1500, 247);

        List<NamedContext.Anchor> anchors = NamedContext.of(base, icon, ROW_OF_ANGELICA, List.of());

        assertEquals(1, anchors.size(), anchors.toString());
        assertEquals(0, anchors.get(0).dy(), 7, "on the icon's line: " + anchors.get(0));
        assertTrue(anchors.get(0).dx() > 1000, "far to the right of the name: " + anchors.get(0));
    }

    @Test
    void of_quotedWordsOnTheElementItself_notContext() {
        ScreenText base = new ScreenText(List.of(word("Angelica", 1480, 240), word("Ramos", 1560, 240)));

        assertTrue(NamedContext.of(base, new Point(1500, 247), ROW_OF_ANGELICA, List.of()).isEmpty());
    }

    @Test
    void contradiction_rowsResorted_iconAtTheOldRowRefusedTheNamedRowsAccepted() {
        ScreenText base = rows(200, "Airi", "Angelica", "Ashton");
        ScreenText now = rows(200, "Ashton", "Airi", "Angelica");
        NamedContext.Anchor a = NamedContext.of(base, new Point(1500, 247), ROW_OF_ANGELICA, List.of()).get(0);

        Optional<String> oldRow = NamedContext.contradiction(a, now, new Point(1500, 247));
        Optional<String> newRow = NamedContext.contradiction(a, now, new Point(1320, 287));

        assertTrue(oldRow.isPresent(), "the old row now holds another name");
        assertTrue(newRow.isEmpty(), "the named row, its columns narrowed: " + newRow);
    }

    @Test
    void contradiction_wordsNotReadNow_noVerdict() {
        ScreenText base = rows(200, "Airi", "Angelica");
        NamedContext.Anchor a = NamedContext.of(base, new Point(1500, 247), ROW_OF_ANGELICA, List.of()).get(0);

        assertTrue(NamedContext.contradiction(a, rows(200, "Airi"), new Point(1500, 207)).isEmpty());
    }

    /** White frame, a dark name block at the left of each row, the same icon at the right of each. */
    private static Image table(int rows, int top) {
        int w = 900;
        int h = 400;
        int[] rgb = new int[w * h];
        java.util.Arrays.fill(rgb, 0xffffff);
        for (int r = 0; r < rows; r++) {
            int y = top + 40 * r;
            for (int yy = y + 8; yy < y + 22; yy++) {
                for (int xx = 700; xx < 720; xx++) {
                    // The icon: a frame with a cross.
                    boolean edge = yy == y + 8 || yy == y + 21 || xx == 700 || xx == 719 || xx - 700 == yy - y - 8
                            || xx - 700 == 21 - (yy - y);
                    rgb[yy * w + xx] = edge ? 0x203040 : 0xf0f0f0;
                }
            }
        }
        return Image.wrap(w, h, rgb);
    }

    @Test
    void locate_twinIconsRowsResorted_theIconBesideTheNamedRow() {
        Image baseline = table(3, 200);
        Image screen = table(3, 200);
        ScreenText base = rows(207, "Airi", "Angelica", "Ashton");
        ScreenText now = rows(207, "Ashton", "Airi", "Angelica");
        Point old = new Point(710, 255);
        NamedContext.Anchor a = NamedContext.of(base, old, ROW_OF_ANGELICA, List.of()).get(0);
        List<String> why = new ArrayList<>();

        Optional<NamedContext.Find> f = NamedContext.locate(a, now, screen, baseline, old, why);

        assertTrue(f.isPresent(), why.toString());
        assertTrue(f.get().point().distanceTo(new Point(710, 295)) <= 2, f.get().toString());
    }

    @Test
    void locate_darkThemeRowsResorted_invertedIconBesideTheNamedRow() {
        Image baseline = table(3, 200);
        int[] dark = table(3, 200).pixels().clone();
        for (int i = 0; i < dark.length; i++) {
            dark[i] = 0xffffff - dark[i];
        }
        Image screen = Image.wrap(baseline.width(), baseline.height(), dark);
        ScreenText base = rows(207, "Airi", "Angelica", "Ashton");
        Point old = new Point(710, 255);
        NamedContext.Anchor a = NamedContext.of(base, old, ROW_OF_ANGELICA, List.of()).get(0);
        List<String> why = new ArrayList<>();

        Optional<NamedContext.Find> f = NamedContext.locate(a, rows(207, "Ashton", "Airi", "Angelica"), screen,
                baseline, old, why);

        assertTrue(f.isPresent(), why.toString());
        assertTrue(f.get().point().distanceTo(new Point(710, 295)) <= 2, f.get().toString());
    }

    /** The table with each icon's strokes drawn a pixel wider, as a page rendered at another scale draws them. */
    private static Image thicker(Image table) {
        int[] rgb = table.pixels().clone();
        int w = table.width();
        for (int y = 1; y < table.height(); y++) {
            for (int x = 1; x < w; x++) {
                if (table.pixels()[y * w + x - 1] == 0x203040) {
                    rgb[y * w + x] = 0x203040;
                }
            }
        }
        return Image.wrap(w, table.height(), rgb);
    }

    @Test
    void locate_fairMatchRightWhereTheWordsPutIt_foundFarOffNot() {
        Image baseline = table(3, 200);
        ScreenText base = rows(207, "Airi", "Angelica", "Ashton");
        Point old = new Point(710, 255);
        NamedContext.Anchor a = NamedContext.of(base, old, ROW_OF_ANGELICA, List.of()).get(0);
        List<String> why = new ArrayList<>();

        Optional<NamedContext.Find> there = NamedContext.locate(a, rows(207, "Ashton", "Airi", "Angelica"),
                thicker(table(3, 200)), baseline, old, why);
        // The same rows with the name column twice as wide: the icon now 150 px from where the words put it.
        List<ScreenText.Word> wide = new ArrayList<>();
        for (ScreenText.Word wd : rows(207, "Ashton", "Airi", "Angelica").words()) {
            wide.add(new ScreenText.Word(wd.text(), wd.read(), new Rect(wd.box().x() - 150, wd.box().y(),
                    wd.box().width(), wd.box().height())));
        }
        Optional<NamedContext.Find> far = NamedContext.locate(a, new ScreenText(wide), thicker(table(3, 200)),
                baseline, old, new ArrayList<>());

        assertTrue(there.isPresent(), why.toString());
        assertTrue(there.get().score() < NamedContext.FOUND, "a fair match, not a good one: " + there.get());
        assertTrue(far.isEmpty(), "a fair match far from where the words put it: " + far);
    }

    /**
     * The table shown at 150 % on a screen 760 px wide: names and icons drawn 1.5 times as large,
     * rows 60 px apart, each icon centred at {@code iconCentreX}.
     */
    private static Image tableAt150(int rows, int top, int iconCentreX) {
        Image icon = Planes.resample(table(1, 200), new Rect(696, 204, 28, 22), 42, 33);
        int w = 760;
        int h = 400;
        int[] rgb = new int[w * h];
        java.util.Arrays.fill(rgb, 0xffffff);
        for (int r = 0; r < rows; r++) {
            int y0 = top + 60 * r - 5;
            for (int y = 0; y < icon.height(); y++) {
                System.arraycopy(icon.pixels(), y * icon.width(), rgb, (y0 + y) * w + iconCentreX - 21, icon.width());
            }
        }
        return Image.wrap(w, h, rgb);
    }

    private static ScreenText rowsAt150(int top, String... firstNames) {
        List<ScreenText.Word> words = new ArrayList<>();
        for (int i = 0; i < firstNames.length; i++) {
            String last = firstNames[i].equals("Angelica") ? "Ramos" : "Smith";
            int w = (int) Math.round(13.5 * firstNames[i].length());
            words.add(new ScreenText.Word(firstNames[i].toLowerCase(java.util.Locale.ROOT), firstNames[i],
                    new Rect(300, top + 60 * i, w, 21)));
            words.add(new ScreenText.Word(last.toLowerCase(java.util.Locale.ROOT), last,
                    new Rect(300 + w + 9, top + 60 * i, (int) Math.round(13.5 * last.length()), 21)));
        }
        return new ScreenText(words);
    }

    @Test
    void locate_wordsPutTheIconOffTheNarrowedScreen_foundAtItsMarginFromTheEdge() {
        Image baseline = table(3, 200);
        ScreenText base = rows(207, "Airi", "Angelica", "Ashton");
        Point old = new Point(710, 255);
        NamedContext.Anchor a = NamedContext.of(base, old, ROW_OF_ANGELICA, List.of()).get(0);
        ScreenText now = rowsAt150(207, "Ashton", "Airi", "Angelica");
        List<String> why = new ArrayList<>();

        // Scaled with the words, the icon would be at x 917, past the 760 px frame, far from where
        // it is: at its old margin of 190 px from the right edge.
        Optional<NamedContext.Find> kept = NamedContext.locate(a, now, tableAt150(3, 207, 570), baseline, old, why);
        Optional<NamedContext.Find> wandered = NamedContext.locate(a, now, tableAt150(3, 207, 470), baseline, old,
                new ArrayList<>());

        assertTrue(kept.isPresent(), why.toString());
        assertTrue(kept.get().point().distanceTo(new Point(570, 337)) <= 3, kept.get().toString());
        assertTrue(wandered.isEmpty(), "100 px from its margin, no longer at the end of the line: " + wandered);
    }

    @Test
    void locate_namedRowGone_nothingFound() {
        Image baseline = table(3, 200);
        Image screen = table(2, 200);
        ScreenText base = rows(207, "Airi", "Angelica", "Ashton");
        Point old = new Point(710, 255);
        NamedContext.Anchor a = NamedContext.of(base, old, ROW_OF_ANGELICA, List.of()).get(0);
        List<String> why = new ArrayList<>();

        Optional<NamedContext.Find> f = NamedContext.locate(a, rows(207, "Airi", "Ashton"), screen, baseline, old, why);

        assertTrue(f.isEmpty(), f.toString());
        assertTrue(why.get(0).contains("not on the screen"), why.toString());
    }

    private static final List<List<String>> SWITCH_OF_COMMENTS = TextLocator.quoted("Click the switch of 'Comments'");

    /** A light frame with a switch (a dark body, a white knob at its right) centred at each x, on the line at y. */
    private static Image switches(int y, int... xs) {
        int w = 900;
        int h = 300;
        int[] rgb = new int[w * h];
        java.util.Arrays.fill(rgb, 0xf4f4f6);
        for (int cx : xs) {
            for (int yy = y - 8; yy < y + 8; yy++) {
                for (int xx = cx - 16; xx < cx + 16; xx++) {
                    boolean knob = xx >= cx + 2 && xx < cx + 14 && yy >= y - 6 && yy < y + 6;
                    rgb[yy * w + xx] = knob ? 0xffffff : 0x4f46e5;
                }
            }
        }
        return Image.wrap(w, h, rgb);
    }

    @Test
    void locate_switchPutLeftOfItsLabel_foundThereOnlyWhenEitherSideIsAllowed() {
        // Before: the label at the left of the card, its switch far right on its line; after a
        // redesign the switch sits just left of the label.
        Image baseline = switches(157, 715);
        Image screen = switches(157, 262);
        ScreenText words = new ScreenText(List.of(word("Comments", 300, 150)));
        Point old = new Point(715, 157);
        NamedContext.Anchor a = NamedContext.of(words, old, SWITCH_OF_COMMENTS, List.of()).get(0);
        List<String> why = new ArrayList<>();

        Optional<NamedContext.Find> sameSide = NamedContext.locate(a, words, screen, baseline, old, new ArrayList<>());
        Optional<NamedContext.Find> either = NamedContext.locate(a, words, screen, baseline, old, why, true);

        assertTrue(sameSide.isEmpty(), "only its old side without a redesign: " + sameSide);
        assertTrue(either.isPresent(), why.toString());
        assertTrue(either.get().otherSide(), either.get().toString());
        assertTrue(either.get().point().distanceTo(new Point(262, 157)) <= 2, either.get().toString());
    }

    @Test
    void locate_twoSwitchesLeftOfTheLabel_abstains() {
        Image baseline = switches(157, 715);
        Image screen = switches(157, 262, 200);
        ScreenText words = new ScreenText(List.of(word("Comments", 300, 150)));
        Point old = new Point(715, 157);
        NamedContext.Anchor a = NamedContext.of(words, old, SWITCH_OF_COMMENTS, List.of()).get(0);
        List<String> why = new ArrayList<>();

        Optional<NamedContext.Find> f = NamedContext.locate(a, words, screen, baseline, old, why, true);

        assertTrue(f.isEmpty(), "two places alike on the other side: " + f);
        assertTrue(why.stream().anyMatch(w -> w.contains("other side")), why.toString());
    }

    @Test
    void stretches_longBarOneStretchTwoBoxesTwo() {
        int w = 200;
        int h = 40;
        int[] plane = new int[w * h];
        java.util.Arrays.fill(plane, 255);
        for (int x = 10; x < 190; x++) {
            plane[10 * w + x] = 0;
            plane[30 * w + x] = 0;
        }
        int[] t = new int[24 * 30];
        java.util.Arrays.fill(t, 255);
        for (int x = 0; x < 30; x++) {
            t[2 * 30 + x] = 0;
            t[22 * 30 + x] = 0;
        }

        List<ScoreMap.Stretch> bar = ScoreMap.of(plane, w, h, t, 30, 24, 1).stretches(0.9, 100, 8);

        assertEquals(1, bar.size(), "the bar slides along as one stretch");
        for (int x = 95; x < 110; x++) {
            plane[10 * w + x] = 255;
            plane[30 * w + x] = 255;
        }
        assertEquals(2, ScoreMap.of(plane, w, h, t, 30, 24, 1).stretches(0.9, 100, 8).size(), "a gap splits it");
    }

    @Test
    void of_quotedLabelAndTheSameWordInASentenceUnderIt_theLabelStandingAloneIsTheAnchor() {
        // "the switch of 'Comments'": the bold label, and 'comments' in the hint under it, both far left.
        ScreenText base = new ScreenText(List.of(word("Comments", 258, 210), word("When", 258, 228),
                word("someone", 306, 228), word("comments", 378, 228), word("on", 456, 228), word("it", 480, 228)));
        Point toggle = new Point(1215, 220);

        List<NamedContext.Anchor> anchors = NamedContext.of(base, toggle, TextLocator.quoted(
                "Click the switch of 'Comments'"), List.of());

        assertEquals(1, anchors.size(), anchors.toString());
        assertEquals(210, anchors.get(0).box().y(), "the label, not the sentence: " + anchors.get(0));
        assertTrue(anchors.get(0).alone(), anchors.get(0).toString());
    }

    @Test
    void window_wordsAtTheScreensLeftEdge_clippedNotNegative() {
        ScreenText base = new ScreenText(List.of(word("Taxes", 10, 300)));
        NamedContext.Anchor a = NamedContext.of(base, new Point(12, 250), TextLocator.quoted("the folder 'Taxes'"),
                List.of()).get(0);

        Rect w = NamedContext.window(a, base.find(List.of("taxes")).get(0));

        assertTrue(w.x() >= 0 && w.contains(new Point(12, 250)), "clipped, still holding the old point: " + w);
    }

    @Test
    void readsMostOf_aShortWordMisread_stillRead_oneSharedWordOfAnotherTitle_not() {
        ScreenText now = new ScreenText(List.of(word("forgot", 100, 100), word("my", 160, 100),
                word("password", 186, 100), word("Latest", 100, 200), word("Orders", 160, 200)));

        assertTrue(now.readsMostOf(List.of("i", "forgot", "my", "password")));
        assertTrue(!now.readsMostOf(List.of("new", "orders")), "'Orders' of 'Latest Orders' is not 'New Orders'");
    }
}
