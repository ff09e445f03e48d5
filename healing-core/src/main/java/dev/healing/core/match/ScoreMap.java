package dev.healing.core.match;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Grey ZNCC of a small template at every {@code step}-th position of a small window, kept as a
 * map so that the places matching well can be grouped into connected stretches. For windows of a
 * few hundred by a few dozen pixels (the place a named row or label puts an element); allocates
 * the map and two integral planes per call. Stateless apart from the map it returns.
 */
final class ScoreMap {
    private final int cols;
    private final int rows;
    private final int step;
    private final double[] score;

    private ScoreMap(int cols, int rows, int step, double[] score) {
        this.cols = cols;
        this.rows = rows;
        this.step = step;
        this.score = score;
    }

    /**
     * @param plane grey window, {@code w x h}
     * @param t     grey template, {@code tw x th}, no larger than the window
     * @param step  grid step in pixels, 1 or more
     * @return the ZNCC (-1..1; 0 where the window is flat) of every top-left position on the grid
     */
    static ScoreMap of(int[] plane, int w, int h, int[] t, int tw, int th, int step) {
        int cols = (w - tw) / step + 1;
        int rows = (h - th) / step + 1;
        double[] score = new double[Math.max(0, cols) * Math.max(0, rows)];
        if (cols <= 0 || rows <= 0) {
            return new ScoreMap(0, 0, step, score);
        }
        int n = tw * th;
        long tSum = Planes.sum(t);
        double tMean = tSum / (double) n;
        double tNorm = 0;
        for (int v : t) {
            tNorm += (v - tMean) * (v - tMean);
        }
        tNorm = Math.sqrt(tNorm);
        int stride = w + 1;
        long[] sum = new long[stride * (h + 1)];
        long[] sq = new long[stride * (h + 1)];
        for (int y = 0; y < h; y++) {
            long rs = 0;
            long rq = 0;
            for (int x = 0; x < w; x++) {
                int v = plane[y * w + x];
                rs += v;
                rq += (long) v * v;
                sum[(y + 1) * stride + x + 1] = sum[y * stride + x + 1] + rs;
                sq[(y + 1) * stride + x + 1] = sq[y * stride + x + 1] + rq;
            }
        }
        for (int r = 0; r < rows; r++) {
            int y = r * step;
            for (int c = 0; c < cols; c++) {
                int x = c * step;
                long s = box(sum, stride, x, y, tw, th);
                long q = box(sq, stride, x, y, tw, th);
                double var = q - (double) s * s / n;
                if (var <= n * Matching.FLAT_VARIANCE || tNorm == 0) {
                    continue;
                }
                long cross = 0;
                for (int j = 0; j < th; j++) {
                    int pi = (y + j) * w + x;
                    int ti = j * tw;
                    for (int i = 0; i < tw; i++) {
                        cross += (long) plane[pi + i] * t[ti + i];
                    }
                }
                score[r * cols + c] = (cross - s * tMean) / (Math.sqrt(var) * tNorm);
            }
        }
        return new ScoreMap(cols, rows, step, score);
    }

    private static long box(long[] s, int stride, int x, int y, int w, int h) {
        int a = y * stride + x;
        int b = (y + h) * stride + x;
        return s[b + w] - s[b] - s[a + w] + s[a];
    }

    /** @return the best score, or -1 for an empty map */
    double best() {
        double best = -1;
        for (double v : score) {
            best = Math.max(best, v);
        }
        return best;
    }

    /**
     * One connected stretch of good positions.
     *
     * @param x        top-left x of its member nearest the point asked about, window pixels
     * @param y        top-left y likewise
     * @param distance from that member to the point asked about, pixels
     * @param best     the stretch's best score
     */
    record Stretch(int x, int y, int distance, double best) {
    }

    /**
     * The connected stretches of positions scoring at least {@code threshold} (neighbours on the
     * grid, diagonals included), each as the member nearest ({@code px}, {@code py}).
     *
     * @return the stretches, nearest first
     */
    List<Stretch> stretches(double threshold, int px, int py) {
        List<Stretch> out = new ArrayList<>();
        boolean[] seen = new boolean[score.length];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < score.length; start++) {
            if (seen[start] || score[start] < threshold) {
                continue;
            }
            int[] nearest = null;
            double top = -1;
            seen[start] = true;
            queue.add(start);
            while (!queue.isEmpty()) {
                int k = queue.poll();
                int r = k / cols;
                int c = k % cols;
                int x = c * step;
                int y = r * step;
                int d = (int) Math.round(Math.hypot(x - px, y - py));
                top = Math.max(top, score[k]);
                if (nearest == null || d < nearest[2]) {
                    nearest = new int[] {x, y, d};
                }
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        int rr = r + dr;
                        int cc = c + dc;
                        if (rr >= 0 && rr < rows && cc >= 0 && cc < cols) {
                            int kk = rr * cols + cc;
                            if (!seen[kk] && score[kk] >= threshold) {
                                seen[kk] = true;
                                queue.add(kk);
                            }
                        }
                    }
                }
            }
            out.add(new Stretch(nearest[0], nearest[1], nearest[2], top));
        }
        out.sort(Comparator.comparingInt(Stretch::distance));
        return out;
    }
}
