package dev.healing.core.match;

import dev.healing.api.Image;
import dev.healing.api.SimilarityScorer;

/**
 * The built-in {@link SimilarityScorer}s. All are stateless, thread-safe, work on grey values
 * (BT.601 luma of the RGB pixels), and throw {@link IllegalArgumentException} naming both sizes
 * when the two images differ in size.
 */
public final class SimilarityScorers {
    private static final SimilarityScorer NCC = SimilarityScorers::nccScore;
    private static final SimilarityScorer SSIM = SimilarityScorers::ssimScore;
    private static final SimilarityScorer EDGES = SimilarityScorers::edgeScore;

    private SimilarityScorers() {
    }

    /**
     * The default: zero-mean normalised cross-correlation of the grey values, clipped at 0, so the
     * range is 0..1 with about 0.96 for the same control and about 0.24 for a different one. It
     * ignores uniform brightness and contrast changes. Two flat images score 1 when their greys are
     * within 8 levels, otherwise 0. Use it for the host's "does the step still look right" test.
     */
    public static SimilarityScorer ncc() {
        return NCC;
    }

    /**
     * Structural similarity (SSIM, Wang et al. 2004) averaged over 8x8 windows with a stride of 4,
     * clipped to 0..1. Stricter than {@link #ncc()} about local contrast and brightness: prefer it
     * when a change of shade matters (a disabled button that only greys out).
     */
    public static SimilarityScorer ssim() {
        return SSIM;
    }

    /**
     * Theme-tolerant: the correlation of the gradient magnitudes (edges), clipped to 0..1, or the
     * grey correlation when that is higher. A dark-mode or re-coloured control keeps its outline and
     * its text strokes, so it still scores high (typically above 0.8) where {@link #ncc()} may be
     * near 0. Two flat images score 1 whatever their greys (a featureless region restyled), a flat
     * image against a textured one 0. Use it for "is it still here, restyled?" decisions.
     */
    public static SimilarityScorer edges() {
        return EDGES;
    }

    private static double nccScore(Image a, Image b) {
        check(a, b);
        return Math.max(0, Matching.ncc(a, a.bounds(), b, b.bounds()));
    }

    private static double edgeScore(Image a, Image b) {
        check(a, b);
        return Matching.themeTolerant(a, a.bounds(), b, b.bounds());
    }

    private static double ssimScore(Image a, Image b) {
        check(a, b);
        int w = a.width();
        int h = a.height();
        int win = Math.min(8, Math.min(w, h));
        int step = Math.max(1, win / 2);
        double c1 = Math.pow(0.01 * 255, 2);
        double c2 = Math.pow(0.03 * 255, 2);
        int[] pa = a.pixels();
        int[] pb = b.pixels();
        double total = 0;
        int windows = 0;
        int n = win * win;
        for (int y = 0; y + win <= h; y += step) {
            for (int x = 0; x + win <= w; x += step) {
                long sa = 0;
                long sb = 0;
                long saa = 0;
                long sbb = 0;
                long sab = 0;
                for (int j = 0; j < win; j++) {
                    int o = (y + j) * w + x;
                    for (int i = 0; i < win; i++) {
                        int p = Planes.gray(pa[o + i]);
                        int q = Planes.gray(pb[o + i]);
                        sa += p;
                        sb += q;
                        saa += p * p;
                        sbb += q * q;
                        sab += p * q;
                    }
                }
                double ma = (double) sa / n;
                double mb = (double) sb / n;
                double va = (double) saa / n - ma * ma;
                double vb = (double) sbb / n - mb * mb;
                double cov = (double) sab / n - ma * mb;
                total += (2 * ma * mb + c1) * (2 * cov + c2) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                windows++;
            }
        }
        return Math.max(0, Math.min(1, total / windows));
    }

    private static void check(Image a, Image b) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("both images are required, got " + a + " and " + b);
        }
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("cannot compare a " + a.width() + "x" + a.height() + " image with a "
                    + b.width() + "x" + b.height() + " one");
        }
    }
}
