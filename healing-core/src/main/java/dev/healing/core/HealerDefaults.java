package dev.healing.core;

import dev.healing.api.Image;
import dev.healing.api.SimilarityScorer;

/** The defaults a {@link HealerBuilder} falls back to. */
final class HealerDefaults {
    private HealerDefaults() {
    }

    static SimilarityScorer similarity() {
        return HealerDefaults::ncc;
    }

    static FailureClassifier classifier(SimilarityScorer similarity) {
        return FailureClassifier.alwaysRelocate();
    }

    // Interim zero-mean NCC on grey, clamped to 0..1; replaced by the match package's scorer.
    private static double ncc(Image a, Image b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("sizes differ: " + a.width() + "x" + a.height() + " vs "
                    + b.width() + "x" + b.height());
        }
        int[] pa = a.pixels();
        int[] pb = b.pixels();
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (int i = 0; i < pa.length; i++) {
            double ga = gray(pa[i]);
            double gb = gray(pb[i]);
            sa += ga;
            sb += gb;
            saa += ga * ga;
            sbb += gb * gb;
            sab += ga * gb;
        }
        int n = pa.length;
        double va = saa - sa * sa / n;
        double vb = sbb - sb * sb / n;
        if (va < 1e-6 || vb < 1e-6) {
            return va < 1e-6 && vb < 1e-6 && Math.abs(sa - sb) / n < 8 ? 1 : 0;
        }
        return Math.max(0, (sab - sa * sb / n) / Math.sqrt(va * vb));
    }

    private static double gray(int p) {
        return 0.299 * (p >>> 16 & 0xFF) + 0.587 * (p >>> 8 & 0xFF) + 0.114 * (p & 0xFF);
    }
}
