package dev.healing.core.match;

import dev.healing.api.Image;
import dev.healing.api.Rect;

/** Shared constants and region comparisons of the matching package. */
final class Matching {
    /** Per-pixel grey variance below which a window counts as flat (std about 1.4 grey levels). */
    static final double FLAT_VARIANCE = 2.0;

    private Matching() {
    }

    /** @return the Pearson correlation from raw sums, -1..1; {@link #flatPair} when either side is flat */
    static double correlation(int n, long sa, long sb, long saa, long sbb, long sab) {
        double va = saa - (double) sa * sa / n;
        double vb = sbb - (double) sb * sb / n;
        boolean flatA = va <= n * FLAT_VARIANCE;
        boolean flatB = vb <= n * FLAT_VARIANCE;
        if (flatA || flatB) {
            return flatPair(flatA && flatB, (double) sa / n, (double) sb / n);
        }
        return (sab - (double) sa * sb / n) / Math.sqrt(va * vb);
    }

    /**
     * Two flat pictures of nearly the same grey are the same picture; a flat picture against a
     * textured one, or two flat pictures of clearly different greys, are not.
     */
    static double flatPair(boolean bothFlat, double meanA, double meanB) {
        return bothFlat && Math.abs(meanA - meanB) <= 8 ? 1 : 0;
    }

    /** @return gray ZNCC, -1..1, of two same-sized regions */
    static double ncc(Image a, Rect ra, Image b, Rect rb) {
        checkSameSize(ra, rb);
        int[] pa = a.pixels();
        int[] pb = b.pixels();
        int aw = a.width();
        int bw = b.width();
        long sa = 0;
        long sb = 0;
        long saa = 0;
        long sbb = 0;
        long sab = 0;
        for (int row = 0; row < ra.height(); row++) {
            int oa = (ra.y() + row) * aw + ra.x();
            int ob = (rb.y() + row) * bw + rb.x();
            int rsa = 0;
            int rsb = 0;
            int rsaa = 0;
            int rsbb = 0;
            int rsab = 0;
            for (int col = 0; col < ra.width(); col++) {
                int x = Planes.gray(pa[oa + col]);
                int y = Planes.gray(pb[ob + col]);
                rsa += x;
                rsb += y;
                rsaa += x * x;
                rsbb += y * y;
                rsab += x * y;
            }
            sa += rsa;
            sb += rsb;
            saa += rsaa;
            sbb += rsbb;
            sab += rsab;
        }
        return correlation(ra.width() * ra.height(), sa, sb, saa, sbb, sab);
    }

    /** @return ZNCC, -1..1, of the gradient magnitudes of two same-sized regions */
    static double edgeNcc(Image a, Rect ra, Image b, Rect rb) {
        checkSameSize(ra, rb);
        int[] ea = Planes.edges(Planes.gray(a, ra), ra.width(), ra.height());
        int[] eb = Planes.edges(Planes.gray(b, rb), rb.width(), rb.height());
        return Planes.zncc(ea, eb);
    }

    /**
     * Theme-tolerant likeness of two same-sized regions, 0..1: the better of the grey correlation
     * and the edge correlation, so that a dark-mode control still matches its light-mode self. Two
     * flat regions score 1 whatever their greys; flat against textured scores 0.
     */
    static double themeTolerant(Image a, Rect ra, Image b, Rect rb) {
        int[] ga = Planes.gray(a, ra);
        int[] gb = Planes.gray(b, rb);
        double grey = Planes.zncc(ga, gb);
        double na = Planes.norm(ga);
        double nb = Planes.norm(gb);
        boolean flatA = na * na <= ga.length * FLAT_VARIANCE;
        boolean flatB = nb * nb <= gb.length * FLAT_VARIANCE;
        if (flatA || flatB) {
            // Two featureless regions are the same region restyled (a field's inside turning dark);
            // featureless against textured is not alike.
            return flatA && flatB ? 1 : 0;
        }
        double edge = Planes.zncc(Planes.edges(ga, ra.width(), ra.height()), Planes.edges(gb, rb.width(), rb.height()));
        return Math.max(0, Math.max(grey, edge));
    }

    static void checkSameSize(Rect ra, Rect rb) {
        if (ra.width() != rb.width() || ra.height() != rb.height()) {
            throw new IllegalArgumentException("cannot compare a " + ra.width() + "x" + ra.height() + " region with a "
                    + rb.width() + "x" + rb.height() + " one");
        }
    }
}
