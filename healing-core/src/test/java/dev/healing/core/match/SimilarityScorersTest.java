package dev.healing.core.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import dev.healing.api.Rect;
import dev.healing.api.SimilarityScorer;
import java.util.List;
import org.junit.jupiter.api.Test;

final class SimilarityScorersTest {
    private final Image screen;
    private final Image button;
    private final Image otherButton;

    SimilarityScorersTest() {
        SyntheticUi ui = new SyntheticUi(800, 600);
        List<SyntheticUi.Button> buttons = SyntheticUi.someButtons(800, 600);
        buttons.forEach(ui::add);
        screen = ui.render();
        button = screen.cropAround(buttons.get(0).center(), 100, 100);
        otherButton = screen.cropAround(buttons.get(5).center(), 100, 100);
    }

    @Test
    void ncc_sameCrop_isOne_differentButton_isLow() {
        assertEquals(1.0, SimilarityScorers.ncc().similarity(button, button), 1e-9);
        double other = SimilarityScorers.ncc().similarity(button, otherButton);
        assertTrue(other < 0.7, "different buttons scored " + other);
    }

    @Test
    void ncc_brightnessShift_stillOne() {
        int[] p = button.pixels().clone();
        for (int i = 0; i < p.length; i++) {
            int r = Math.min(255, (p[i] >>> 16 & 0xFF) / 2 + 20);
            int g = Math.min(255, (p[i] >>> 8 & 0xFF) / 2 + 20);
            int b = Math.min(255, (p[i] & 0xFF) / 2 + 20);
            p[i] = r << 16 | g << 8 | b;
        }
        double s = SimilarityScorers.ncc().similarity(button, Image.wrap(100, 100, p));
        assertTrue(s > 0.98, "contrast change scored " + s);
    }

    @Test
    void edges_darkTheme_scoresHigh_whereNccDoesNot() {
        Image dark = SyntheticUi.inverted(button);
        assertTrue(SimilarityScorers.ncc().similarity(button, dark) < 0.1);
        double e = SimilarityScorers.edges().similarity(button, dark);
        assertTrue(e > 0.9, "inverted button scored " + e);
        assertTrue(SimilarityScorers.edges().similarity(button, otherButton) < e);
    }

    @Test
    void ssim_identical_isOne_differentIsLower() {
        assertEquals(1.0, SimilarityScorers.ssim().similarity(button, button), 1e-9);
        double other = SimilarityScorers.ssim().similarity(button, otherButton);
        assertTrue(other < 0.8, "different buttons scored " + other);
    }

    @Test
    void ncc_flatImages_sameGreyMatch_differentGreyDoNot() {
        SimilarityScorer s = SimilarityScorers.ncc();
        assertEquals(1.0, s.similarity(Image.filled(10, 10, 0x808080), Image.filled(10, 10, 0x828282)), 1e-9);
        assertEquals(0.0, s.similarity(Image.filled(10, 10, 0x202020), Image.filled(10, 10, 0xe0e0e0)), 1e-9);
        assertEquals(0.0, s.similarity(Image.filled(100, 100, 0x808080), button), 1e-9);
    }

    @Test
    void edges_flatImages_alikeWhateverGrey_flatVersusTexturedNot() {
        SimilarityScorer s = SimilarityScorers.edges();
        assertEquals(1.0, s.similarity(Image.filled(10, 10, 0x202020), Image.filled(10, 10, 0xe0e0e0)), 1e-9);
        assertEquals(0.0, s.similarity(Image.filled(100, 100, 0x808080), button), 1e-9);
    }

    @Test
    void mismatchedSizes_throwNamingBoth() {
        Image small = screen.crop(new Rect(0, 0, 40, 30));
        for (SimilarityScorer s : List.of(SimilarityScorers.ncc(), SimilarityScorers.ssim(), SimilarityScorers.edges())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.similarity(button, small));
            assertTrue(e.getMessage().contains("100x100") && e.getMessage().contains("40x30"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.similarity(null, small));
        }
    }

    @Test
    void emptyImages_cannotBeMade() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Image.wrap(0, 0, new int[0]));
        assertTrue(e.getMessage().contains("0x0"), e.getMessage());
    }

    @Test
    void tinyImages_scoreWithoutError() {
        Image a = Image.wrap(2, 1, new int[] {0x000000, 0xffffff});
        Image b = Image.wrap(2, 1, new int[] {0x000000, 0xffffff});
        assertEquals(1.0, SimilarityScorers.ncc().similarity(a, b), 1e-9);
        assertTrue(SimilarityScorers.ssim().similarity(a, b) > 0.99);
        assertTrue(SimilarityScorers.edges().similarity(a, b) > 0.99);
    }
}
