package dev.healing.core.match;

/** Whole-frame measurements on the 1/8 pyramid level. */
final class ScreenStats {
    private ScreenStats() {
    }

    /** @return the grey standard deviation 0..255 */
    static double std(FramePyramid p) {
        int[] g = p.plane(8);
        double norm = Planes.norm(g);
        return Math.sqrt(norm * norm / g.length);
    }

    /** @return the mean gradient magnitude per pixel */
    static double edgeEnergy(FramePyramid p) {
        int[] e = Planes.edges(p.plane(8), p.width(8), p.height(8));
        return (double) Planes.sum(e) / e.length;
    }

    /**
     * Layout likeness of two frames, 0..1: the best of the grey and the edge correlation of the
     * 1/8 levels (absolute, so that an inverted theme still counts), taken over a few shifts of up
     * to 1/8 of the frame so that a reflow does not read as another screen.
     */
    static double layoutLikeness(FramePyramid a, FramePyramid b) {
        return layoutLikeness(a, b, 1.0);
    }

    /**
     * Layout likeness as {@link #layoutLikeness(FramePyramid, FramePyramid)}, with {@code b} first
     * enlarged by {@code scale} from its top-left corner: a page shown at another display scale
     * (125 %, 150 %) grows from there, and only at that scale does its layout line up with the old one.
     */
    static double layoutLikeness(FramePyramid a, FramePyramid b, double scale) {
        int bw = b.width(8);
        int bh = b.height(8);
        int[] pb = b.plane(8);
        if (scale != 1.0) {
            int sw = Math.max(1, (int) Math.round(bw * scale));
            int sh = Math.max(1, (int) Math.round(bh * scale));
            pb = enlarged(pb, bw, bh, sw, sh);
            bw = sw;
            bh = sh;
        }
        int w = Math.min(a.width(8), bw);
        int h = Math.min(a.height(8), bh);
        int[] ga = crop(a.plane(8), a.width(8), w, h);
        int[] gb = crop(pb, bw, w, h);
        int[] ea = Planes.edges(ga, w, h);
        int[] eb = Planes.edges(gb, w, h);
        double best = 0;
        int step = Math.max(1, w / 32);
        for (int dy = -h / 8; dy <= h / 8; dy += step) {
            for (int dx = -w / 8; dx <= w / 8; dx += step) {
                best = Math.max(best, Math.abs(shifted(ga, gb, w, h, dx, dy)));
                best = Math.max(best, shifted(ea, eb, w, h, dx, dy));
            }
        }
        return best;
    }

    /** Nearest-neighbour resize of a plane; coarse levels need nothing finer. */
    private static int[] enlarged(int[] p, int pw, int ph, int w, int h) {
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(ph - 1, (int) ((y + 0.5) * ph / h));
            for (int x = 0; x < w; x++) {
                out[y * w + x] = p[sy * pw + Math.min(pw - 1, (int) ((x + 0.5) * pw / w))];
            }
        }
        return out;
    }

    private static int[] crop(int[] p, int pw, int w, int h) {
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(p, y * pw, out, y * w, w);
        }
        return out;
    }

    private static double shifted(int[] a, int[] b, int w, int h, int dx, int dy) {
        long sa = 0;
        long sb = 0;
        long saa = 0;
        long sbb = 0;
        long sab = 0;
        int n = 0;
        for (int y = Math.max(0, -dy); y < Math.min(h, h - dy); y++) {
            for (int x = Math.max(0, -dx); x < Math.min(w, w - dx); x++) {
                int p = a[y * w + x];
                int q = b[(y + dy) * w + x + dx];
                sa += p;
                sb += q;
                saa += (long) p * p;
                sbb += (long) q * q;
                sab += (long) p * q;
                n++;
            }
        }
        if (n < 16) {
            return 0;
        }
        double va = saa - (double) sa * sa / n;
        double vb = sbb - (double) sb * sb / n;
        if (va <= 0 || vb <= 0) {
            return 0;
        }
        return (sab - (double) sa * sb / n) / Math.sqrt(va * vb);
    }
}
