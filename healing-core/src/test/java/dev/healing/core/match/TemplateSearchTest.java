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
    void search_severalScales_nearExactUnscaledPlace_isTakenWithoutScalingTheTemplate() {
        Image frame = noise(640, 360, 17);
        Rect at = new Rect(211, 97, 100, 100);
        Image template = frame.crop(at);
        List<Double> asked = new java.util.ArrayList<>();
        List<TemplateSearch.Match> found = TemplateSearch.search(new FramePyramid(frame), s -> {
            asked.add(s);
            return new TemplateSearch.Scaled(template, s);
        }, new double[] {0.75, 1.0, 1.25}, 3);
        assertEquals(List.of(1.0), asked);
        assertEquals(at, found.get(0).box());
        assertEquals(TemplateSearch.search(new FramePyramid(frame), template, new double[] {1.0}, 3), found);
    }

    @Test
    void search_severalScales_rescaledElement_searchesEveryScaleAndFindsItsScale() {
        Image background = noise(640, 360, 19);
        Image template = noise(80, 80, 23);
        Image bigger = Planes.resample(template, template.bounds(), 100, 100);
        int[] p = background.pixels().clone();
        for (int y = 0; y < 100; y++) {
            System.arraycopy(bigger.pixels(), y * 100, p, (140 + y) * 640 + 330, 100);
        }
        Image frame = Image.wrap(640, 360, p);
        List<Double> asked = new java.util.ArrayList<>();
        List<TemplateSearch.Match> found = TemplateSearch.search(new FramePyramid(frame), s -> {
            asked.add(s);
            return new TemplateSearch.Scaled(template, s);
        }, new double[] {0.75, 1.0, 1.25}, 3);
        assertEquals(List.of(1.0, 0.75, 1.25), asked);
        assertEquals(new Rect(330, 140, 100, 100), found.get(0).box());
        assertEquals(1.25, found.get(0).scale());
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

    /** A UI-like picture: flat boxes of a few colours, some of them noisy, on a flat background. */
    private static Image boxesAndNoise(int w, int h, long seed) {
        Random r = new Random(seed);
        int[] p = new int[w * h];
        java.util.Arrays.fill(p, 0xF8F9FC);
        int[] colours = {0xFFFFFF, 0x4E73DF, 0x000000, 0x1CC88A, 0x858796};
        for (int box = 0; box < 12; box++) {
            int bx = r.nextInt(w);
            int by = r.nextInt(h);
            int bw = 1 + r.nextInt(w / 2);
            int bh = 1 + r.nextInt(h / 2);
            boolean noisy = box % 4 == 0;
            int colour = colours[box % colours.length];
            for (int y = by; y < Math.min(h, by + bh); y++) {
                for (int x = bx; x < Math.min(w, bx + bw); x++) {
                    p[y * w + x] = noisy ? r.nextInt(1 << 24) : colour;
                }
            }
        }
        return Image.wrap(w, h, p);
    }

    @Test
    void resample_flatBoxesAndNoise_equalsPerPixelAreaMeanAndBilinear() {
        Image img = boxesAndNoise(120, 90, 21);
        List<Rect> regions = List.of(img.bounds(), new Rect(7, 5, 100, 61), new Rect(0, 40, 33, 50));
        int[][] sizes = {{75, 60}, {88, 31}, {40, 40}, {113, 70}, {150, 150}, {200, 37}, {13, 200}, {1, 1}};
        for (Rect region : regions) {
            for (int[] size : sizes) {
                int[] got = Planes.resample(img, region, size[0], size[1]).pixels();
                int[] want = perPixelResample(img, region, size[0], size[1]);
                assertArrayEquals(want, got, region + " to " + size[0] + "x" + size[1]);
            }
        }
    }

    /**
     * The definition of {@link Planes#resample}, one output pixel at a time: area mean when shrinking
     * both ways, else bilinear at the pixel centre, each channel rounded half up and clamped to 0..255.
     */
    private static int[] perPixelResample(Image src, Rect region, int outW, int outH) {
        if (outW == region.width() && outH == region.height()) {
            return src.crop(region).pixels();
        }
        int[] in = src.pixels();
        int sw = src.width();
        int sh = src.height();
        double fx = (double) region.width() / outW;
        double fy = (double) region.height() / outH;
        int[] out = new int[outW * outH];
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                double x0 = region.x() + ox * fx;
                double x1 = Math.min(region.right(), x0 + fx);
                double y0 = region.y() + oy * fy;
                double y1 = Math.min(region.bottom(), y0 + fy);
                double[] c = new double[3];
                if (fx >= 1 && fy >= 1) {
                    double total = 0;
                    for (int y = (int) y0; y < y1; y++) {
                        double wy = Math.min(y + 1, y1) - Math.max(y, y0);
                        for (int x = (int) x0; x < x1; x++) {
                            double wgt = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
                            int p = in[y * sw + x];
                            for (int k = 0; k < 3; k++) {
                                c[k] += wgt * (p >>> 16 - 8 * k & 0xFF);
                            }
                            total += wgt;
                        }
                    }
                    for (int k = 0; k < 3; k++) {
                        c[k] /= total;
                    }
                } else {
                    double x = Math.max(0, Math.min(sw - 1, (x0 + x1) / 2 - 0.5));
                    double y = Math.max(0, Math.min(sh - 1, (y0 + y1) / 2 - 0.5));
                    int xl = Math.min((int) x, Math.max(0, sw - 2));
                    int xr = Math.min(xl + 1, sw - 1);
                    int yt = Math.min((int) y, Math.max(0, sh - 2));
                    int yb = Math.min(yt + 1, sh - 1);
                    double a = x - xl;
                    double ay = y - yt;
                    for (int k = 0; k < 3; k++) {
                        int shift = 16 - 8 * k;
                        double top = (in[yt * sw + xl] >>> shift & 0xFF) * (1 - a) + (in[yt * sw + xr] >>> shift & 0xFF) * a;
                        double bottom = (in[yb * sw + xl] >>> shift & 0xFF) * (1 - a) + (in[yb * sw + xr] >>> shift & 0xFF) * a;
                        c[k] = top * (1 - ay) + bottom * ay;
                    }
                }
                int rgb = 0;
                for (int k = 0; k < 3; k++) {
                    rgb = rgb << 8 | (int) Math.max(0, Math.min(255, Math.round(c[k])));
                }
                out[oy * outW + ox] = rgb;
            }
        }
        return out;
    }

    @Test
    void correlateFloat_uiLikeAndNoisePlanes_listsExactlyWhatTheIntMapHasAboveTheFloor() {
        int checked = 0;
        for (long seed = 1; seed <= 6; seed++) {
            Image img = seed % 3 == 0 ? noise(200, 120, seed) : boxesAndNoise(200, 120, seed);
            FramePyramid frame = new FramePyramid(img);
            int f = 2;
            int pw = frame.width(f);
            int ph = frame.height(f);
            // Template sizes up to the float-exact area (16 x 16 = 256 <= 258), cut from the plane and noise.
            for (int[] size : new int[][] {{8, 8}, {9, 13}, {12, 12}, {14, 13}, {15, 15}, {16, 16}, {3, 40}}) {
                int tw = size[0];
                int th = size[1];
                assertTrue(tw * th <= TemplateSearch.FLOAT_EXACT_AREA);
                int[] t = new int[tw * th];
                Random r = new Random(seed * 31 + tw);
                int ox = r.nextInt(pw - tw);
                int oy = r.nextInt(ph - th);
                for (int y = 0; y < th; y++) {
                    for (int x = 0; x < tw; x++) {
                        t[y * tw + x] = seed % 2 == 0 ? frame.plane(f)[(oy + y) * pw + ox + x] : r.nextInt(256);
                    }
                }
                long sumT = Planes.sum(t);
                double normT = Planes.norm(t);
                if (normT * normT <= tw * th * Matching.FLAT_VARIANCE) {
                    continue;
                }
                int mw = pw - tw + 1;
                int mh = ph - th + 1;
                float[] map = new float[mw * mh];
                TemplateSearch.correlate(frame.plane(f), frame.sums(f), frame.squares(f), pw, t, tw, th, sumT, normT,
                        map, mw, mh);
                TemplateSearch.Above want = new TemplateSearch.Above();
                want.addAbove(map, mw);
                TemplateSearch.Above got = new TemplateSearch.Above();
                TemplateSearch.correlateFloat(frame.floatPlane(f), pw, t, tw, th, sumT, normT, got, mw, mh);
                String what = "seed " + seed + ", template " + tw + "x" + th;
                assertEquals(want.size, got.size, what);
                for (int i = 0; i < want.size; i++) {
                    assertEquals(want.x[i], got.x[i], what);
                    assertEquals(want.y[i], got.y[i], what);
                    assertEquals(want.score[i], got.score[i], what);
                    double zncc = Planes.zncc(frame.plane(f), pw, got.x[i], got.y[i], t, tw, th, sumT, normT);
                    assertEquals(zncc, got.score[i], 1e-5, what);
                }
                checked += want.size;
            }
        }
        assertTrue(checked > 1000, "places above the floor compared: " + checked);
    }
}
