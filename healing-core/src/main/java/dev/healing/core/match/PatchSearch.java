package dev.healing.core.match;

import dev.healing.api.Image;
import dev.healing.api.Rect;

/**
 * Grey ZNCC search of a small patch within a small window of a frame: every position at half
 * resolution, then full resolution around the few best half-resolution peaks. Allocates the
 * window's planes per call, nothing per position. Stateless.
 */
final class PatchSearch {
    /** Half-resolution peaks refined at full resolution. */
    static final int PEAKS = 3;
    /** Windows with at most this many positions are searched at full resolution only. */
    private static final int SMALL_WINDOW = 96;
    /** Half-resolution positions closer than this (each way) belong to one peak. */
    private static final int PEAK_GAP = 3;

    private PatchSearch() {
    }

    /** A patch ready to search: its grey plane at full and at half resolution, with their norms. */
    static final class Patch {
        final int width;
        final int height;
        final int[] full;
        final long fullSum;
        final double fullNorm;
        final int halfWidth;
        final int halfHeight;
        final int[] half;
        final long halfSum;
        final double halfNorm;

        Patch(int[] grey, int width, int height) {
            this.width = width;
            this.height = height;
            this.full = grey;
            this.fullSum = Planes.sum(grey);
            this.fullNorm = Planes.norm(grey);
            this.halfWidth = width / 2;
            this.halfHeight = height / 2;
            this.half = Planes.shrink(grey, width, height, 2);
            this.halfSum = Planes.sum(half);
            this.halfNorm = Planes.norm(half);
        }

        /** @return the patch cut from {@code frame} at {@code region}, resampled to {@code w x h} */
        static Patch of(Image frame, Rect region, int w, int h) {
            Image rgb = Planes.resample(frame, region, w, h);
            return new Patch(Planes.gray(rgb, rgb.bounds()), w, h);
        }

        /** @return whether the patch is too flat to correlate */
        boolean flat() {
            return fullNorm * fullNorm <= full.length * Matching.FLAT_VARIANCE || halfWidth < 2 || halfHeight < 2
                    || halfNorm * halfNorm <= half.length * Matching.FLAT_VARIANCE;
        }
    }

    /**
     * Best correlation of {@code p} with the frame when its centre lies within
     * {@code slackX x slackY} pixels of ({@code cx}, {@code cy}).
     *
     * @param absolute count an inverted picture (light on dark for dark on light) as a match
     * @return the best ZNCC, -1..1 (0..1 when {@code absolute}); NaN when ({@code cx}, {@code cy})
     *     lies outside the frame or the window does not hold the patch
     */
    static double best(Image frame, Patch p, int cx, int cy, int slackX, int slackY, boolean absolute) {
        if (cx < 0 || cy < 0 || cx >= frame.width() || cy >= frame.height()) {
            return Double.NaN;
        }
        int left = Math.max(0, cx - p.width / 2 - slackX);
        int top = Math.max(0, cy - p.height / 2 - slackY);
        int right = Math.min(frame.width(), cx - p.width / 2 + slackX + p.width);
        int bottom = Math.min(frame.height(), cy - p.height / 2 + slackY + p.height);
        if (right - left < p.width || bottom - top < p.height) {
            return Double.NaN;
        }
        int ww = right - left;
        int wh = bottom - top;
        int[] window = Planes.gray(frame, new Rect(left, top, ww, wh));
        int positions = (ww - p.width + 1) * (wh - p.height + 1);
        if (positions <= SMALL_WINDOW || ww / 2 < p.halfWidth || wh / 2 < p.halfHeight) {
            return scan(window, ww, 0, 0, ww - p.width, wh - p.height, p.full, p.width, p.height, p.fullSum,
                    p.fullNorm, absolute, null);
        }
        int hw = ww / 2;
        int hh = wh / 2;
        int[] half = Planes.shrink(window, ww, wh, 2);
        int[] peaks = new int[PEAKS * 2];
        java.util.Arrays.fill(peaks, -1);
        double[] peakScores = new double[PEAKS];
        java.util.Arrays.fill(peakScores, -2);
        scan(half, hw, 0, 0, hw - p.halfWidth, hh - p.halfHeight, p.half, p.halfWidth, p.halfHeight, p.halfSum,
                p.halfNorm, absolute, new Peaks(peaks, peakScores));
        double best = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < PEAKS && peaks[2 * k] >= 0; k++) {
            int x = peaks[2 * k] * 2;
            int y = peaks[2 * k + 1] * 2;
            best = Math.max(best, scan(window, ww, Math.max(0, x - 2), Math.max(0, y - 2),
                    Math.min(ww - p.width, x + 3), Math.min(wh - p.height, y + 3), p.full, p.width, p.height,
                    p.fullSum, p.fullNorm, absolute, null));
        }
        return best == Double.NEGATIVE_INFINITY ? 0 : best;
    }

    /**
     * The best few top-left positions of {@code t} over a region of a plane, kept a few pixels
     * apart, best first.
     *
     * @param region top-left positions searched, in plane pixels
     * @return {x, y} pairs (unused pairs are -1) and their scores, best first
     */
    static Peaks peaks(int[] plane, int pw, int ph, int x0, int y0, int x1, int y1, int[] t, int tw, int th,
                       int count) {
        Peaks out = new Peaks(new int[2 * count], new double[count]);
        java.util.Arrays.fill(out.xy, -1);
        java.util.Arrays.fill(out.scores, -2);
        int right = Math.min(x1, pw - tw);
        int bottom = Math.min(y1, ph - th);
        if (right >= x0 && bottom >= y0) {
            scan(plane, pw, Math.max(0, x0), Math.max(0, y0), right, bottom, t, tw, th, Planes.sum(t), Planes.norm(t),
                    false, out);
        }
        return out;
    }

    /** The best few positions of a scan, kept {@link #PEAK_GAP} pixels apart, best first. */
    record Peaks(int[] xy, double[] scores) {
        void offer(int x, int y, double score) {
            int n = scores.length;
            for (int k = 0; k < n; k++) {
                if (xy[2 * k] >= 0 && Math.abs(xy[2 * k] - x) <= PEAK_GAP && Math.abs(xy[2 * k + 1] - y) <= PEAK_GAP) {
                    if (score > scores[k]) {
                        scores[k] = score;
                        xy[2 * k] = x;
                        xy[2 * k + 1] = y;
                        sort();
                    }
                    return;
                }
            }
            if (score <= scores[n - 1]) {
                return;
            }
            scores[n - 1] = score;
            xy[2 * n - 2] = x;
            xy[2 * n - 1] = y;
            sort();
        }

        private void sort() {
            for (int i = 1; i < scores.length; i++) {
                for (int k = i; k > 0 && scores[k] > scores[k - 1]; k--) {
                    double s = scores[k];
                    scores[k] = scores[k - 1];
                    scores[k - 1] = s;
                    int x = xy[2 * k];
                    int y = xy[2 * k + 1];
                    xy[2 * k] = xy[2 * k - 2];
                    xy[2 * k + 1] = xy[2 * k - 1];
                    xy[2 * k - 2] = x;
                    xy[2 * k - 1] = y;
                }
            }
        }
    }

    /** @return the best ZNCC over top-left positions x0..x1, y0..y1 of {@code plane}; offers each to {@code peaks} */
    private static double scan(int[] plane, int pw, int x0, int y0, int x1, int y1, int[] t, int tw, int th,
                               long sumT, double normT, boolean absolute, Peaks peaks) {
        if (normT * normT <= t.length * Matching.FLAT_VARIANCE) {
            return 0;
        }
        double best = -2;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double r = Planes.zncc(plane, pw, x, y, t, tw, th, sumT, normT);
                if (absolute) {
                    r = Math.abs(r);
                }
                if (r > best) {
                    best = r;
                }
                if (peaks != null && r > peaks.scores[peaks.scores.length - 1]) {
                    peaks.offer(x, y, r);
                }
            }
        }
        return best;
    }
}
