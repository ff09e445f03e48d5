package dev.healing.vision.openrouter.internal;

import dev.healing.api.Image;
import dev.healing.api.SimilarityScorer;

/**
 * Normalised cross-correlation of the grey values of two same-sized images, mapped to 0..1 (a
 * negative correlation counts as 0): about 1 for the same control, even under a uniform change of
 * brightness or contrast, near 0 for a different one. Two flat images score 1 when their grey
 * levels are within {@value #FLAT_TOLERANCE} and 0 otherwise; one flat image against a textured one
 * scores 0. Stateless and thread-safe; allocates nothing per pixel.
 */
public final class GreyCorrelation implements SimilarityScorer {
    /** Grey levels (0..255) within which two flat images count as the same. */
    static final double FLAT_TOLERANCE = 8;
    /** Variance per pixel below which an image counts as flat. */
    private static final double FLAT_VARIANCE = 1.0;

    /** Creates the scorer; it holds no state. */
    public GreyCorrelation() {
    }

    @Override
    public double similarity(Image a, Image b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("images differ in size: " + a.width() + "x" + a.height() + " and "
                    + b.width() + "x" + b.height());
        }
        int[] pa = a.pixels();
        int[] pb = b.pixels();
        int n = pa.length;
        double sa = 0;
        double sb = 0;
        double saa = 0;
        double sbb = 0;
        double sab = 0;
        for (int i = 0; i < n; i++) {
            double ga = grey(pa[i]);
            double gb = grey(pb[i]);
            sa += ga;
            sb += gb;
            saa += ga * ga;
            sbb += gb * gb;
            sab += ga * gb;
        }
        double va = saa / n - (sa / n) * (sa / n);
        double vb = sbb / n - (sb / n) * (sb / n);
        boolean flatA = va < FLAT_VARIANCE;
        boolean flatB = vb < FLAT_VARIANCE;
        if (flatA || flatB) {
            return flatA && flatB && Math.abs(sa / n - sb / n) <= FLAT_TOLERANCE ? 1.0 : 0.0;
        }
        double r = (sab / n - (sa / n) * (sb / n)) / Math.sqrt(va * vb);
        return Math.max(0.0, Math.min(1.0, r));
    }

    private static double grey(int rgb) {
        return 0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF);
    }

    @Override
    public String toString() {
        return "GreyCorrelation";
    }
}
