package dev.healing.core.match;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import dev.healing.api.Rect;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The vectorised search internals against plain per-pixel definitions. */
@Timeout(60)
final class TemplateSearchTest {

    private static Image noise(int w, int h, long seed) {
        Random r = new Random(seed);
        int[] p = new int[w * h];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextInt(1 << 24);
        }
        return Image.wrap(w, h, p);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void shrinkRgb_randomFrame_equalsRoundedBlockMeansOfGrey(int factor) {
        Image img = noise(203, 61, factor);
        int[] got = Planes.shrinkRgb(img, factor);
        int ow = 203 / factor;
        int area = factor * factor;
        for (int oy = 0; oy < 61 / factor; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int acc = 0;
                for (int dy = 0; dy < factor; dy++) {
                    for (int dx = 0; dx < factor; dx++) {
                        acc += Planes.gray(img.pixels()[(oy * factor + dy) * 203 + ox * factor + dx]);
                    }
                }
                assertEquals((acc + area / 2) / area, got[oy * ow + ox], "block " + ox + "," + oy);
            }
        }
        int[] grey = Planes.gray(img, img.bounds());
        assertArrayEquals(got, Planes.shrink(grey, 203, 61, factor));
    }

    @Test
    void grayRegion_equalsPerPixelGrey() {
        Image img = noise(50, 40, 7);
        Rect region = new Rect(3, 5, 31, 17);
        int[] got = Planes.gray(img, region);
        for (int y = 0; y < region.height(); y++) {
            for (int x = 0; x < region.width(); x++) {
                assertEquals(Planes.gray(img.pixels()[(region.y() + y) * 50 + region.x() + x]), got[y * region.width() + x]);
            }
        }
    }

    @Test
    void search_templateTooLargeForIntSums_stillFindsItsPlace() {
        // 2300x15 at the coarse level 1 has more pixels than int dot products allow: the long path.
        Image frame = noise(2400, 60, 11);
        Rect at = new Rect(37, 20, 2300, 15);
        List<TemplateSearch.Match> found = TemplateSearch.search(new FramePyramid(frame), frame.crop(at),
                new double[] {1.0}, 2);
        assertFalse(found.isEmpty());
        assertEquals(at, found.get(0).box());
        assertTrue(found.get(0).score() > 0.999, "score " + found.get(0).score());
    }

    @Test
    void search_patchOfNoise_foundAtItsPlaceAtEveryLevel() {
        Image frame = noise(640, 360, 13);
        for (Rect at : List.of(new Rect(101, 57, 100, 100), new Rect(400, 200, 40, 40), new Rect(5, 300, 150, 50))) {
            List<TemplateSearch.Match> found = TemplateSearch.search(new FramePyramid(frame), frame.crop(at),
                    new double[] {1.0}, 1);
            assertEquals(at, found.get(0).box(), "template cut at " + at);
        }
    }
}
