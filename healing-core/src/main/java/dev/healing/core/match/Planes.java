package dev.healing.core.match;

import dev.healing.api.Image;
import dev.healing.api.Rect;

/**
 * Grey planes: one int 0..255 per pixel, row-major. Every method works on primitive arrays and
 * allocates only its result.
 */
final class Planes {
    private Planes() {
    }

    /** @return the luma 0..255 of a packed {@code 0xRRGGBB} pixel (BT.601 weights, fixed point) */
    static int gray(int rgb) {
        // (r << 16 | b) * (29 << 16 | 77) puts r * 77 + b * 29 in the top half (r * 29 overflows
        // away, b * 77 stays below it): one multiplication for two channels, same value as
        // r * 77 + g * 150 + b * 29.
        return (((rgb & 0xFF00FF) * 0x1D004D >>> 16) + (rgb >>> 8 & 0xFF) * 150) >>> 8;
    }

    /** @return the grey plane of {@code region} of {@code image}, {@code region.width()} wide */
    static int[] gray(Image image, Rect region) {
        int[] src = image.pixels();
        int w = image.width();
        int[] out = new int[region.width() * region.height()];
        int rw = region.width();
        for (int row = 0; row < region.height(); row++) {
            System.arraycopy(src, (region.y() + row) * w + region.x(), out, row * rw, rw);
        }
        // In place, at one index: a loop C2 vectorises (see shrinkRgb).
        for (int i = 0; i < out.length; i++) {
            out[i] = gray(out[i]);
        }
        return out;
    }

    /**
     * Box-averages the grey values of {@code image} over {@code factor x factor} blocks.
     *
     * @return a plane of {@code (width / factor) x (height / factor)}
     */
    static int[] shrinkRgb(Image image, int factor) {
        int w = image.width();
        int ow = w / factor;
        int oh = image.height() / factor;
        int used = ow * factor;
        int[] src = image.pixels();
        int[] out = new int[ow * oh];
        int area = factor * factor;
        // Column sums over the block's rows, then one reduction per output row. Each frame row is
        // first copied into a scratch row and turned grey in place: C2 (Java 17 and 25) vectorises
        // a loop only when its loads and stores use the same index, since it cannot rule out that
        // two int arrays are one; reading the frame at the row's offset ran scalar, 3x slower.
        int[] row = new int[used];
        int[] columns = new int[used];
        for (int oy = 0; oy < oh; oy++) {
            for (int dy = 0; dy < factor; dy++) {
                System.arraycopy(src, (oy * factor + dy) * w, row, 0, used);
                for (int x = 0; x < used; x++) {
                    row[x] = gray(row[x]);
                }
                if (dy == 0) {
                    System.arraycopy(row, 0, columns, 0, used);
                } else {
                    for (int x = 0; x < used; x++) {
                        columns[x] += row[x];
                    }
                }
            }
            reduceBlocks(columns, factor, out, oy * ow, ow, area);
        }
        return out;
    }

    /** Sums each run of {@code factor} column sums into one rounded block mean. */
    private static void reduceBlocks(int[] columns, int factor, int[] out, int d, int ow, int area) {
        if (factor == 4) {
            // The common cases unrolled: a loop of 4 per output costs 2x.
            for (int ox = 0; ox < ow; ox++) {
                int b = ox * 4;
                out[d + ox] = columns[b] + columns[b + 1] + columns[b + 2] + columns[b + 3] + 8 >> 4;
            }
            return;
        }
        if (factor == 2) {
            for (int ox = 0; ox < ow; ox++) {
                out[d + ox] = columns[2 * ox] + columns[2 * ox + 1] + 2 >> 2;
            }
            return;
        }
        for (int ox = 0; ox < ow; ox++) {
            int acc = 0;
            int base = ox * factor;
            for (int dx = 0; dx < factor; dx++) {
                acc += columns[base + dx];
            }
            out[d + ox] = divideRounded(acc, area);
        }
    }

    /**
     * @return {@code (sum + area / 2) / area} for a non-negative sum; a shift when the area is a
     *     power of two (an integer division by a variable costs about 20 times as much)
     */
    static int divideRounded(int sum, int area) {
        return (area & area - 1) == 0 ? sum + (area >> 1) >> Integer.numberOfTrailingZeros(area) : (sum + area / 2) / area;
    }

    /** Box-averages a plane over {@code factor x factor} blocks. */
    static int[] shrink(int[] plane, int w, int h, int factor) {
        int ow = w / factor;
        int oh = h / factor;
        int used = ow * factor;
        int[] out = new int[ow * oh];
        int area = factor * factor;
        // As in shrinkRgb: rows are added through a scratch row at one index, so C2 vectorises it.
        int[] row = new int[used];
        int[] columns = new int[used];
        for (int oy = 0; oy < oh; oy++) {
            System.arraycopy(plane, oy * factor * w, columns, 0, used);
            for (int dy = 1; dy < factor; dy++) {
                System.arraycopy(plane, (oy * factor + dy) * w, row, 0, used);
                for (int x = 0; x < used; x++) {
                    columns[x] += row[x];
                }
            }
            reduceBlocks(columns, factor, out, oy * ow, ow, area);
        }
        return out;
    }

    /**
     * Resamples {@code region} of {@code src} to {@code outW x outH} RGB pixels: area averaging
     * when shrinking, bilinear interpolation when enlarging.
     */
    static Image resample(Image src, Rect region, int outW, int outH) {
        if (outW == region.width() && outH == region.height()) {
            return src.crop(region);
        }
        double fx = (double) region.width() / outW;
        double fy = (double) region.height() / outH;
        int[] out = fx >= 1 && fy >= 1 ? areaAverage(src, region, outW, outH, fx, fy)
                : bilinear(src, region, outW, outH, fx, fy);
        return Image.wrap(outW, outH, out);
    }

    /**
     * Each output pixel is the mean of the source area it covers, partial pixels weighted by the
     * part covered. The spans and weights of each output column are worked out once, not per pixel.
     * Where every covered pixel is one colour, that colour is the result (see {@link #bilinear}).
     */
    private static int[] areaAverage(Image src, Rect region, int outW, int outH, double fx, double fy) {
        int[] in = src.pixels();
        int sw = src.width();
        int[] out = new int[outW * outH];
        int[] firstX = new int[outW];
        int[] countX = new int[outW];
        int span = (int) Math.ceil(fx) + 1;
        double[] weightX = new double[outW * span];
        for (int ox = 0; ox < outW; ox++) {
            double x0 = region.x() + ox * fx;
            double x1 = Math.min(region.right(), x0 + fx);
            firstX[ox] = (int) x0;
            int k = 0;
            for (int x = (int) x0; x < x1; x++) {
                weightX[ox * span + k++] = Math.min(x + 1, x1) - Math.max(x, x0);
            }
            countX[ox] = k;
        }
        for (int oy = 0; oy < outH; oy++) {
            double y0 = region.y() + oy * fy;
            double y1 = Math.min(region.bottom(), y0 + fy);
            for (int ox = 0; ox < outW; ox++) {
                int xs = firstX[ox];
                int n = countX[ox];
                int first = in[(int) y0 * sw + xs];
                boolean flat = true;
                for (int y = (int) y0; y < y1 && flat; y++) {
                    int row = y * sw + xs;
                    for (int k = 0; k < n; k++) {
                        flat &= in[row + k] == first;
                    }
                }
                out[oy * outW + ox] = flat ? first : mean(in, sw, xs, n, weightX, ox * span, y0, y1);
            }
        }
        return out;
    }

    /** @return the packed area mean of one output pixel: its columns from {@code xs}, rows {@code y0..y1} */
    private static int mean(int[] in, int sw, int xs, int n, double[] weightX, int wo, double y0, double y1) {
        double r = 0;
        double g = 0;
        double b = 0;
        double total = 0;
        for (int y = (int) y0; y < y1; y++) {
            double wy = Math.min(y + 1, y1) - Math.max(y, y0);
            int row = y * sw + xs;
            for (int k = 0; k < n; k++) {
                double wgt = wy * weightX[wo + k];
                int p = in[row + k];
                r += wgt * (p >>> 16 & 0xFF);
                g += wgt * (p >>> 8 & 0xFF);
                b += wgt * (p & 0xFF);
                total += wgt;
            }
        }
        return pack(r / total, g / total, b / total);
    }

    /**
     * Bilinear interpolation at each output pixel's centre; the column taps are worked out once, the
     * arithmetic per value is the plain two-step lerp. Where the four taps are one colour, that colour
     * is the result without the arithmetic: a weighted mean of one value c computed in doubles lies
     * within 1e-12 of c and rounds to c (UI crops are mostly such pixels: 89 % of the benchmark's).
     */
    private static int[] bilinear(Image src, Rect region, int outW, int outH, double fx, double fy) {
        int[] in = src.pixels();
        int sw = src.width();
        int sh = src.height();
        int[] out = new int[outW * outH];
        int[] left = new int[outW];
        int[] right = new int[outW];
        double[] ax = new double[outW];
        for (int ox = 0; ox < outW; ox++) {
            double x0 = region.x() + ox * fx;
            double x1 = Math.min(region.right(), x0 + fx);
            double x = Math.max(0, Math.min(sw - 1, (x0 + x1) / 2 - 0.5));
            left[ox] = Math.min((int) x, sw - 2 < 0 ? 0 : sw - 2);
            right[ox] = Math.min(left[ox] + 1, sw - 1);
            ax[ox] = x - left[ox];
        }
        for (int oy = 0; oy < outH; oy++) {
            double y0 = region.y() + oy * fy;
            double y1 = Math.min(region.bottom(), y0 + fy);
            double y = Math.max(0, Math.min(sh - 1, (y0 + y1) / 2 - 0.5));
            int yi = Math.min((int) y, sh - 2 < 0 ? 0 : sh - 2);
            int yj = Math.min(yi + 1, sh - 1);
            double ay = y - yi;
            int top = yi * sw;
            int bottom = yj * sw;
            for (int ox = 0; ox < outW; ox++) {
                int p00 = in[top + left[ox]];
                int p01 = in[top + right[ox]];
                int p10 = in[bottom + left[ox]];
                int p11 = in[bottom + right[ox]];
                out[oy * outW + ox] = p00 == p01 && p00 == p10 && p00 == p11 ? p00
                        : lerp(p00, p01, p10, p11, ax[ox], ay);
            }
        }
        return out;
    }

    /** @return the packed bilinear blend of four taps: each row's horizontal lerp by {@code a}, then vertical by {@code ay} */
    private static int lerp(int p00, int p01, int p10, int p11, double a, double ay) {
        double r = ((p00 >>> 16 & 0xFF) * (1 - a) + (p01 >>> 16 & 0xFF) * a) * (1 - ay)
                + ((p10 >>> 16 & 0xFF) * (1 - a) + (p11 >>> 16 & 0xFF) * a) * ay;
        double g = ((p00 >>> 8 & 0xFF) * (1 - a) + (p01 >>> 8 & 0xFF) * a) * (1 - ay)
                + ((p10 >>> 8 & 0xFF) * (1 - a) + (p11 >>> 8 & 0xFF) * a) * ay;
        double b = ((p00 & 0xFF) * (1 - a) + (p01 & 0xFF) * a) * (1 - ay)
                + ((p10 & 0xFF) * (1 - a) + (p11 & 0xFF) * a) * ay;
        return pack(r, g, b);
    }

    private static int pack(double r, double g, double b) {
        return clamp(r) << 16 | clamp(g) << 8 | clamp(b);
    }

    /** @return {@code Math.round(v)} clamped to 0..255, without Math.round's bit work (it was a tenth of resampling) */
    private static int clamp(double v) {
        if (!(v >= 0.5)) {
            return 0;
        }
        // From 0.5 up, v + 0.5 rounds to the same integer part as the exact sum: Math.round(v).
        return v >= 255 ? 255 : (int) (v + 0.5);
    }

    /**
     * Zero-mean normalised cross-correlation of a {@code tw x th} window of {@code plane} at
     * (x, y) with the template, -1..1; 0 when the window is flat.
     *
     * @param sumT  sum of the template values
     * @param normT {@code sqrt(sum(T^2) - sum(T)^2 / n)}, greater than 0
     */
    static double zncc(int[] plane, int pw, int x, int y, int[] t, int tw, int th, long sumT, double normT) {
        long sp = 0;
        long sp2 = 0;
        long spt = 0;
        for (int j = 0; j < th; j++) {
            int po = (y + j) * pw + x;
            int to = j * tw;
            int a = 0;
            int b = 0;
            int c = 0;
            for (int i = 0; i < tw; i++) {
                int v = plane[po + i];
                a += v;
                b += v * v;
                c += v * t[to + i];
            }
            sp += a;
            sp2 += b;
            spt += c;
        }
        int n = tw * th;
        double varP = sp2 - (double) sp * sp / n;
        if (varP <= n * Matching.FLAT_VARIANCE) {
            return 0;
        }
        return (spt - (double) sp * sumT / n) / (Math.sqrt(varP) * normT);
    }

    /** @return {@code sqrt(sum(T^2) - sum(T)^2 / n)} of a plane */
    static double norm(int[] t) {
        long s = 0;
        long s2 = 0;
        for (int v : t) {
            s += v;
            s2 += (long) v * v;
        }
        return Math.sqrt(Math.max(0, s2 - (double) s * s / t.length));
    }

    /** @return the sum of a plane */
    static long sum(int[] t) {
        long s = 0;
        for (int v : t) {
            s += v;
        }
        return s;
    }

    /** @return the plain ZNCC of two same-sized planes, -1..1; see {@link Matching#flatPair} for flat planes */
    static double zncc(int[] a, int[] b) {
        long sa = 0;
        long sb = 0;
        long saa = 0;
        long sbb = 0;
        long sab = 0;
        for (int i = 0; i < a.length; i++) {
            int x = a[i];
            int y = b[i];
            sa += x;
            sb += y;
            saa += (long) x * x;
            sbb += (long) y * y;
            sab += (long) x * y;
        }
        return Matching.correlation(a.length, sa, sb, saa, sbb, sab);
    }

    /**
     * Gradient magnitude {@code |dx| + |dy|} (central differences) of a plane; the one-pixel border
     * is 0. The edge picture of a control is much the same in light and dark themes.
     */
    static int[] edges(int[] plane, int w, int h) {
        int[] out = new int[w * h];
        for (int y = 1; y < h - 1; y++) {
            int o = y * w;
            for (int x = 1; x < w - 1; x++) {
                int dx = plane[o + x + 1] - plane[o + x - 1];
                int dy = plane[o + x + w] - plane[o + x - w];
                out[o + x] = Math.abs(dx) + Math.abs(dy);
            }
        }
        return out;
    }
}
