package dev.healing.core.match;

import dev.healing.api.Image;
import dev.healing.api.Rect;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Coarse-to-fine, multi-scale grey ZNCC search of a template in a frame: every position at the
 * coarsest pyramid level where the scaled template is still at least {@link #MIN_COARSE_SIDE}
 * pixels, then a small neighbourhood at 1/4 resolution and at full resolution for the best
 * peaks only; the unscaled template first, whose near-exact place ({@link #EXACT_HIT}) spares
 * the other scales. Works on int planes (float copies for small coarse templates, exact there);
 * allocates per call and per peak, never per pixel.
 */
final class TemplateSearch {
    /** Smallest template side, in pixels of the coarse level, that still carries a usable shape. */
    static final int MIN_COARSE_SIDE = 8;
    /** Peaks kept per scale at the coarse level. */
    static final int COARSE_PEAKS = 12;
    /** Least number of peaks refined at full resolution, over all scales. */
    static final int FINE_PEAKS = 4;
    private static final double COARSE_FLOOR = 0.2;
    /** A coarse score below this is below {@link #COARSE_FLOOR} whatever the rounding. */
    private static final double SURELY_BELOW_FLOOR = 0.18;
    /** Peaks more than this below the best 1/4-level score are not refined at full resolution. */
    private static final double FINE_SPREAD = 0.25;
    /**
     * An unscaled place scoring at least this is taken without searching the other scales: the
     * element kept its size, and a rescaled copy of the template scores below it.
     */
    static final double EXACT_HIT = 0.99;

    /** A place where the template matched: its box in frame pixels, the scale, the grey ZNCC -1..1. */
    record Match(Rect box, double scale, double score) {
    }

    /** Coarse places scoring above {@link #COARSE_FLOOR}, in map order (rows, then columns). */
    static final class Above {
        int[] x = new int[256];
        int[] y = new int[256];
        float[] score = new float[256];
        int size;

        void add(int px, int py, float value) {
            if (size == x.length) {
                x = java.util.Arrays.copyOf(x, 2 * size);
                y = java.util.Arrays.copyOf(y, 2 * size);
                score = java.util.Arrays.copyOf(score, 2 * size);
            }
            x[size] = px;
            y[size] = py;
            score[size++] = value;
        }

        /** Adds the places of a score map ({@code mw} wide) above the floor. */
        void addAbove(float[] map, int mw) {
            float floor = (float) COARSE_FLOOR;
            for (int i = 0; i < map.length; i++) {
                if (map[i] > floor) {
                    add(i % mw, i / mw, map[i]);
                }
            }
        }

        /** Drops the places with {@code x0 <= x < x1} and {@code y0 <= y < y1}, keeping the order. */
        void removeWithin(int x0, int y0, int x1, int y1) {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (!(x[i] >= x0 && x[i] < x1 && y[i] >= y0 && y[i] < y1)) {
                    x[kept] = x[i];
                    y[kept] = y[i];
                    score[kept++] = score[i];
                }
            }
            size = kept;
        }
    }

    private TemplateSearch() {
    }

    /** A template scaled for one search scale, with its grey planes. */
    static final class Scaled {
        final double scale;
        final Image rgb;
        final int width;
        final int height;
        final int[] full;
        private final int[][] levels = new int[5][];
        private final long[] levelSums = new long[5];
        private final double[] levelNorms = new double[5];
        private double fullNorm = -1;
        private long fullSum;

        Scaled(Image template, double scale) {
            this.scale = scale;
            this.width = Math.max(1, (int) Math.round(template.width() * scale));
            this.height = Math.max(1, (int) Math.round(template.height() * scale));
            this.rgb = scale == 1.0 ? template : Planes.resample(template, template.bounds(), width, height);
            this.full = Planes.gray(rgb, rgb.bounds());
        }

        int[] level(int factor) {
            int i = FramePyramid.index(factor);
            if (levels[i] == null) {
                levels[i] = factor == 1 ? full : Planes.shrink(full, width, height, factor);
                levelSums[i] = Planes.sum(levels[i]);
                levelNorms[i] = Planes.norm(levels[i]);
            }
            return levels[i];
        }

        /** @return {@link Planes#sum} of {@link #level}, computed once */
        long levelSum(int factor) {
            level(factor);
            return levelSums[FramePyramid.index(factor)];
        }

        /** @return {@link Planes#norm} of {@link #level}, computed once */
        double levelNorm(int factor) {
            level(factor);
            return levelNorms[FramePyramid.index(factor)];
        }

        /** @return {@link Planes#norm} of the full-resolution plane, computed once */
        double fullNorm() {
            if (fullNorm < 0) {
                fullNorm = Planes.norm(full);
                fullSum = Planes.sum(full);
            }
            return fullNorm;
        }

        /** @return {@link Planes#sum} of the full-resolution plane, computed once */
        long fullSum() {
            fullNorm();
            return fullSum;
        }

        /** @return the coarsest factor keeping the template at least MIN_COARSE_SIDE pixels */
        int coarseFactor() {
            int f = 16;
            while (f > 1 && Math.min(width, height) / f < MIN_COARSE_SIDE) {
                f /= 2;
            }
            return f;
        }
    }

    /**
     * Searches every scale and returns distinct matches, best first, at most {@code limit}.
     * Scales whose template does not fit in the frame are skipped.
     */
    static List<Match> search(FramePyramid frame, Image template, double[] scales, int limit) {
        return search(frame, s -> new Scaled(template, s), scales, limit);
    }

    /** As {@link #search(FramePyramid, Image, double[], int)}, with the scaled templates from {@code templates}. */
    static List<Match> search(FramePyramid frame, java.util.function.DoubleFunction<Scaled> templates, double[] scales,
                              int limit) {
        return search(frame, templates, scales, limit, null);
    }

    /**
     * As above, ignoring places whose top-left corner falls inside {@code exclude} (frame pixels),
     * so that a long run of equal matches along one structure does not crowd out other places.
     */
    static List<Match> search(FramePyramid frame, java.util.function.DoubleFunction<Scaled> templates, double[] scales,
                              int limit, Rect exclude) {
        // Unscaled first when it is one of several scales: most changes move an element without
        // rescaling it, and a near-exact place there is the answer whatever the other scales hold.
        Scaled unscaled = null;
        List<Match> unscaledPeaks = null;
        Map<Match, Match> refinedFull = new IdentityHashMap<>();
        if (scales.length > 1 && contains(scales, 1.0)) {
            unscaled = templates.apply(1.0);
            if (unscaled.width <= frame.frame().width() && unscaled.height <= frame.frame().height()) {
                unscaledPeaks = coarsePeaks(frame, unscaled, exclude);
                List<Match> found = refine(frame, List.of(unscaled), distinct(unscaledPeaks, Integer.MAX_VALUE), limit,
                        refinedFull);
                if (!found.isEmpty() && found.get(0).score() >= EXACT_HIT) {
                    return found;
                }
            }
        }
        List<Match> coarse = new ArrayList<>();
        List<Scaled> scaled = new ArrayList<>();
        for (double s : scales) {
            Scaled t = s == 1.0 && unscaled != null ? unscaled : templates.apply(s);
            if (t.width > frame.frame().width() || t.height > frame.frame().height()) {
                continue;
            }
            scaled.add(t);
            coarse.addAll(s == 1.0 && unscaledPeaks != null ? unscaledPeaks : coarsePeaks(frame, t, exclude));
        }
        // The same place found at neighbouring scales is refined once, at its best scale.
        return refine(frame, scaled, distinct(coarse, Integer.MAX_VALUE), limit, refinedFull);
    }

    /**
     * Refines the best of {@code coarse} (distinct, best first) at full resolution, taking those
     * already refined from {@code refined} and adding the others to it.
     */
    private static List<Match> refine(FramePyramid frame, List<Scaled> scaled, List<Match> coarse, int limit,
                                      Map<Match, Match> refined) {
        List<Match> fine = new ArrayList<>();
        int count = 0;
        double bar = coarse.isEmpty() ? 0 : coarse.get(0).score() - FINE_SPREAD;
        for (Match m : coarse) {
            if (count >= Math.max(FINE_PEAKS, limit) || m.score() < bar) {
                break;
            }
            Match f = refined.containsKey(m) ? refined.get(m)
                    : refineFull(frame, find(scaled, m.scale()), m.box().x(), m.box().y());
            refined.put(m, f);
            count++;
            if (f != null) {
                fine.add(f);
            }
        }
        return distinct(fine, limit);
    }

    private static boolean contains(double[] values, double value) {
        for (double v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    private static Scaled find(List<Scaled> scaled, double scale) {
        for (Scaled t : scaled) {
            if (t.scale == scale) {
                return t;
            }
        }
        throw new IllegalStateException("no template for scale " + scale);
    }

    /** Removes matches within a fifth of the template side of a better one. */
    static List<Match> distinct(List<Match> matches, int limit) {
        List<Match> sorted = new ArrayList<>(matches);
        sorted.sort(Comparator.comparingDouble(Match::score).reversed());
        List<Match> out = new ArrayList<>();
        for (Match m : sorted) {
            double minGap = Math.max(TemplateLocator.SAME_PLACE_PX, 0.2 * Math.min(m.box().width(), m.box().height()));
            boolean same = false;
            for (Match o : out) {
                if (m.box().center().distanceTo(o.box().center()) < minGap) {
                    same = true;
                    break;
                }
            }
            if (!same) {
                out.add(m);
                if (out.size() >= limit) {
                    break;
                }
            }
        }
        return out;
    }

    /** Coarse peaks of one scale, refined at 1/4 resolution, as full-resolution boxes. */
    private static List<Match> coarsePeaks(FramePyramid frame, Scaled t, Rect exclude) {
        int f = t.coarseFactor();
        int[] tc = t.level(f);
        int tw = t.width / f;
        int th = t.height / f;
        int pw = frame.width(f);
        int ph = frame.height(f);
        List<Match> out = new ArrayList<>();
        if (tw < 1 || th < 1 || tw > pw || th > ph) {
            return out;
        }
        double normT = t.levelNorm(f);
        if (normT * normT <= tw * th * Matching.FLAT_VARIANCE) {
            return out;
        }
        long sumT = t.levelSum(f);
        int mw = pw - tw + 1;
        int mh = ph - th + 1;
        // Greedy peaks: the best place left, then its neighbourhood is out. Only places above the
        // floor can be picked, usually a small share of the map, so they are listed (in map order,
        // so the first of equal scores still wins) and the rounds scan the list.
        Above list = new Above();
        if (tw * th <= FLOAT_EXACT_AREA) {
            correlateFloat(frame.floatPlane(f), pw, tc, tw, th, sumT, normT, list, mw, mh);
        } else {
            float[] map = new float[mw * mh];
            correlate(frame.plane(f), frame.sums(f), frame.squares(f), pw, tc, tw, th, sumT, normT, map, mw, mh);
            list.addAbove(map, mw);
        }
        if (exclude != null) {
            list.removeWithin(Math.max(0, exclude.x() / f), Math.max(0, exclude.y() / f),
                    Math.min(mw, (exclude.right() + f - 1) / f), Math.min(mh, (exclude.bottom() + f - 1) / f));
        }
        int radius = Math.max(1, (int) Math.round(0.2 * Math.min(tw, th)));
        int above = list.size;
        int[] atX = list.x;
        int[] atY = list.y;
        float[] score = list.score;
        float floor = (float) COARSE_FLOOR;
        for (int k = 0; k < COARSE_PEAKS; k++) {
            int best = -1;
            float bestValue = floor;
            for (int c = 0; c < above; c++) {
                if (score[c] > bestValue) {
                    bestValue = score[c];
                    best = c;
                }
            }
            if (best < 0) {
                break;
            }
            int bx = atX[best];
            int by = atY[best];
            // The list is in map order: the neighbourhood's rows are one run of it.
            int from = firstAtOrAfter(atY, above, by - radius);
            for (int c = from; c < above && atY[c] <= by + radius; c++) {
                if (Math.abs(atX[c] - bx) <= radius) {
                    score[c] = -2;
                }
            }
            out.add(refineQuarter(frame, t, f, bx, by, bestValue));
        }
        return out;
    }

    /** Largest template area whose dot products with a grey plane (at most 255 * 255 each) fit in an int. */
    private static final int INT_DOT_AREA = Integer.MAX_VALUE / (255 * 255);

    /** @return the first index below {@code length} of the ascending {@code rows} holding at least {@code row} */
    private static int firstAtOrAfter(int[] rows, int length, int row) {
        int lo = 0;
        int hi = length;
        while (lo < hi) {
            int mid = lo + hi >>> 1;
            if (rows[mid] < row) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Fills {@code map} with the ZNCC of the template at every position of the plane, 0 where the
     * window is flat; scores at or below {@link #COARSE_FLOOR} may be written as 0 (they are never
     * peaks).
     */
    static void correlate(int[] p, int[] s, int[] q, int pw, int[] t, int tw, int th, long sumT,
                          double normT, float[] map, int mw, int mh) {
        if (tw * th > INT_DOT_AREA) {
            correlateByPosition(p, pw, t, tw, th, sumT, normT, map, mw, mh);
            return;
        }
        // Dot products a whole row of positions at a time: for each plane row and template pixel,
        // one multiply-add over mw positions, which C2 vectorises because the shifted plane row and
        // the sums are separate arrays read and written at the same index (a 12-wide loop per
        // position, the obvious way, runs scalar). Each output row sums th plane rows; a ring of th
        // rows holds the rows in progress.
        int[][] shifted = new int[tw][mw];
        int[][] ring = new int[th][mw];
        double[] variances = new double[mw];
        double[] numerators = new double[mw];
        int ph = mh + th - 1;
        for (int r = 0; r < ph; r++) {
            for (int i = 0; i < tw; i++) {
                System.arraycopy(p, r * pw + i, shifted[i], 0, mw);
            }
            for (int j = 0; j < th; j++) {
                int y = r - j;
                if (y < 0 || y >= mh) {
                    continue;
                }
                int[] dots = ring[y % th];
                if (j == 0) {
                    java.util.Arrays.fill(dots, 0);
                }
                accumulate(shifted, t, j * tw, dots, tw, mw);
                if (j == th - 1) {
                    finishRow(dots, s, q, pw, tw, th, sumT, normT, map, mw, y, variances, numerators);
                }
            }
        }
    }

    /**
     * Largest template area (at the coarse level) whose dot products and window sums of squares, at
     * most 255 * 255 per pixel, stay below 2^24: every partial sum is then an integer a float holds
     * exactly, so float arithmetic gives the int results whatever the order.
     */
    static final int FLOAT_EXACT_AREA = (1 << 24) / (255 * 255);

    /**
     * As {@link #correlate}, for templates of at most {@link #FLOAT_EXACT_AREA} pixels, in float
     * arithmetic that is exact there (see that constant), so that the whole score pass runs at one
     * type and C2 vectorises it (Java 17 does not vectorise conversions between int and floating
     * point). The dot products are taken with the template less its commonest value ({@link Sparse}),
     * which skips that value's pixels; the window sums come from row sums of the shifted rows, slid
     * down the plane. A vector pass first rules out the positions that cannot score above {@link
     * #SURELY_BELOW_FLOOR} (see {@link #finishRowFloat}); the others get the very score {@link
     * #finishRow} computes, from the same integers, and those above {@link #COARSE_FLOOR} go to {@code
     * out}: the places and scores {@link Above#addAbove} takes from {@link #correlate}'s map.
     */
    static void correlateFloat(float[] p, int pw, int[] template, int tw, int th, long sumT, double normT,
                                       Above out, int mw, int mh) {
        // The template less its commonest value c (a UI crop's background: a third to a half of a
        // coarse template): the dot with t - c skips those pixels, and dot = dot(t - c) + c * sum.
        Sparse t = new Sparse(template, tw, th);
        // Rows run to a multiple of 16 positions; positions from mw on are not used. Rounding up to
        // 64 instead spent 12 % more multiply-adds on 1/8-level rows of 229 positions and measured
        // no faster per position.
        int lanes = mw + 15 & -16;
        // Plane rows go two at a time: each shifted copy holds rows r and r + 1 (positions k < lanes
        // and pw <= k < pw + lanes of one run), so every multiply-add loop covers two rows of
        // positions (a loop's fixed cost was a fifth of a 240-position loop). Template row j then
        // serves output rows r - j and r - j + 1 at once: a "pair" accumulator per first row y holds
        // the dots of rows y and y + 1 from the plane rows of even r; a row's dots are the first half
        // of its own pair plus the second half of the pair before (the plane rows of the other parity).
        int span = pw + lanes;
        float[][] shifted = new float[tw][span];
        float[][] pairs = new float[th + 3][span];
        float[] spanSums = new float[span];
        float[] spanSquares = new float[span];
        // Sums and sums of squares of each plane row's tw-wide windows, for the last th + 1 rows.
        float[][] rowSums = new float[th + 1][lanes];
        float[][] rowSquares = new float[th + 1][lanes];
        float[] boxSums = new float[lanes];
        float[] boxSquares = new float[lanes];
        float[] dots = new float[lanes];
        float[] bound = new float[lanes];
        int[] keep = new int[mw];
        int ph = mh + th - 1;
        for (int r = 0; r < ph; r += 2) {
            for (int i = 0; i < tw; i++) {
                System.arraycopy(p, r * pw + i, shifted[i], 0, span);
            }
            // Pairs y = r (template row 0) and y = r - 1 (row 1) start here; a pair stays in the ring
            // until rows y and y + 1 are finished, th + 2 plane rows later at most.
            java.util.Arrays.fill(pairs[(r + 1) % (th + 3)], 0);
            java.util.Arrays.fill(pairs[r % (th + 3)], 0);
            for (int j = 0; j < th; j++) {
                int y = r - j;
                if (y >= -1 && y < mh && t.count[j] > 0) {
                    accumulateFloat(shifted, t.columns[j], t.values[j], t.count[j], pairs[(y + 1) % (th + 3)], span);
                }
            }
            windowSums(shifted, tw, span, spanSums, spanSquares);
            for (int half = 0; half < 2 && r + half < ph; half++) {
                int row = r + half;
                float[] rs = rowSums[row % (th + 1)];
                float[] rq = rowSquares[row % (th + 1)];
                System.arraycopy(spanSums, half * pw, rs, 0, lanes);
                System.arraycopy(spanSquares, half * pw, rq, 0, lanes);
                if (row < th) {
                    add(boxSums, rs, lanes);
                    add(boxSquares, rq, lanes);
                } else {
                    // Drop the row that left the window, then add the new one: every partial sum
                    // stays a sum of at most th rows, so exact.
                    int gone = (row - th) % (th + 1);
                    slide(boxSums, rowSums[gone], rs, lanes);
                    slide(boxSquares, rowSquares[gone], rq, lanes);
                }
                // Output row y has all its template rows once plane row y + th - 1 is in.
                int y = row - th + 1;
                if (y >= 0 && y < mh) {
                    System.arraycopy(pairs[y % (th + 3)], pw, dots, 0, lanes);
                    add(dots, pairs[(y + 1) % (th + 3)], lanes);
                    finishRowFloat(dots, boxSums, boxSquares, tw * th, sumT, t.common, normT, out, mw, lanes, y, bound,
                            keep);
                }
            }
        }
    }

    /** {@code sums[x]} and {@code squares[x]}: the sum and the sum of squares of {@code shifted[0..tw)[x]}. */
    private static void windowSums(float[][] shifted, int tw, int mw, float[] sums, float[] squares) {
        java.util.Arrays.fill(sums, 0, mw, 0);
        java.util.Arrays.fill(squares, 0, mw, 0);
        int i = 0;
        // Four rows per pass, as in accumulate: one load and store of the sums per four values.
        for (; i + 3 < tw; i += 4) {
            float[] s0 = shifted[i];
            float[] s1 = shifted[i + 1];
            float[] s2 = shifted[i + 2];
            float[] s3 = shifted[i + 3];
            for (int x = 0; x < mw; x++) {
                sums[x] += s0[x] + s1[x] + s2[x] + s3[x];
                squares[x] += s0[x] * s0[x] + s1[x] * s1[x] + s2[x] * s2[x] + s3[x] * s3[x];
            }
        }
        for (; i < tw; i++) {
            float[] si = shifted[i];
            for (int x = 0; x < mw; x++) {
                sums[x] += si[x];
                squares[x] += si[x] * si[x];
            }
        }
    }

    private static void add(float[] to, float[] row, int mw) {
        for (int x = 0; x < mw; x++) {
            to[x] += row[x];
        }
    }

    private static void slide(float[] to, float[] gone, float[] come, int mw) {
        for (int x = 0; x < mw; x++) {
            to[x] = to[x] - gone[x] + come[x];
        }
    }

    /**
     * A coarse template less its commonest value, row by row: the columns whose value differs from
     * it and those differences (exact in float: integers of at most 255).
     */
    static final class Sparse {
        final int common;
        final int[][] columns;
        final float[][] values;
        final int[] count;

        Sparse(int[] template, int tw, int th) {
            int[] histogram = new int[256];
            for (int v : template) {
                histogram[v]++;
            }
            int c = 0;
            for (int v = 1; v < 256; v++) {
                if (histogram[v] > histogram[c]) {
                    c = v;
                }
            }
            common = c;
            columns = new int[th][tw];
            values = new float[th][tw];
            count = new int[th];
            for (int j = 0; j < th; j++) {
                for (int i = 0; i < tw; i++) {
                    int d = template[j * tw + i] - c;
                    if (d != 0) {
                        columns[j][count[j]] = i;
                        values[j][count[j]++] = d;
                    }
                }
            }
        }
    }

    /**
     * As {@link #accumulate} for one sparse template row: adds {@code values[k]} times the shifted
     * plane row {@code columns[k]}, k < count, to {@code dots}, in float (exact: see {@link
     * #FLOAT_EXACT_AREA}).
     */
    private static void accumulateFloat(float[][] shifted, int[] columns, float[] values, int count, float[] dots,
                                        int mw) {
        int k = 0;
        for (; k + 3 < count; k += 4) {
            float t0 = values[k];
            float t1 = values[k + 1];
            float t2 = values[k + 2];
            float t3 = values[k + 3];
            float[] s0 = shifted[columns[k]];
            float[] s1 = shifted[columns[k + 1]];
            float[] s2 = shifted[columns[k + 2]];
            float[] s3 = shifted[columns[k + 3]];
            for (int x = 0; x < mw; x++) {
                dots[x] += t0 * s0[x] + t1 * s1[x] + t2 * s2[x] + t3 * s3[x];
            }
        }
        // The rest (up to three) in one pass too.
        if (count - k == 3) {
            float t0 = values[k];
            float t1 = values[k + 1];
            float t2 = values[k + 2];
            float[] s0 = shifted[columns[k]];
            float[] s1 = shifted[columns[k + 1]];
            float[] s2 = shifted[columns[k + 2]];
            for (int x = 0; x < mw; x++) {
                dots[x] += t0 * s0[x] + t1 * s1[x] + t2 * s2[x];
            }
        } else if (count - k == 2) {
            float t0 = values[k];
            float t1 = values[k + 1];
            float[] s0 = shifted[columns[k]];
            float[] s1 = shifted[columns[k + 1]];
            for (int x = 0; x < mw; x++) {
                dots[x] += t0 * s0[x] + t1 * s1[x];
            }
        } else if (count - k == 1) {
            float tv = values[k];
            float[] sh = shifted[columns[k]];
            for (int x = 0; x < mw; x++) {
                dots[x] += tv * sh[x];
            }
        }
    }

    /**
     * As {@link #finishRow}, from exact float dot products and window sums. The vector pass computes,
     * per position, {@code D|D| - c W V} with {@code D = n dot - sumT sum} (taken as {@code n dot(t - k)
     * - sum(t - k) sum}, the same integer, with k the template's commonest value) and {@code V = n squares -
     * sum^2} (n^2 times the covariance and the window variance), {@code W = n^2 normT^2 / n} and
     * {@code c = SURELY_BELOW_FLOOR^2}: the ZNCC is {@code D / sqrt(W V)}, so a window scoring above
     * 0.199 has {@code D^2 >= 0.0396 W V}. In float, D and V each err by at most {@code 2^-24 * 2 *
     * 255^2 n^2} plus a relative 2^-24; since a window and the template that are not flat have {@code
     * V, W > 2 n^2}, a score above 0.199 also gives {@code D > 0.398 n^2}, so D errs by under 2 % and V
     * by under 0.4 %: the computed {@code D|D|} stays above {@code 0.038 W V} and {@code c W V} below
     * {@code 0.033 W V}. Every window that can score above the floor is kept; the others are 0.
     */
    private static void finishRowFloat(float[] dots, float[] sums, float[] squares, int n, long sumT, int common,
                                       double normT, Above out, int mw, int lanes, int y, float[] bound, int[] keep) {
        float nf = n;
        // dots holds the dot with the template less `common`: D = n dot(t - c) - sum(t - c) sum
        float sumTf = sumT - (long) n * common;
        float cw = (float) (SURELY_BELOW_FLOOR * SURELY_BELOW_FLOOR * n * normT * normT);
        for (int x = 0; x < lanes; x++) {
            float d = nf * dots[x] - sumTf * sums[x];
            float v = nf * squares[x] - sums[x] * sums[x];
            bound[x] = d * Math.abs(d) - cw * v;
        }
        double meanT = (double) sumT / n;
        double flat = n * Matching.FLAT_VARIANCE;
        double below = SURELY_BELOW_FLOOR * SURELY_BELOW_FLOOR * normT * normT;
        float floor = (float) COARSE_FLOOR;
        // The positions kept, listed without a branch (which of them pass is hard to predict).
        int kept = 0;
        for (int x = 0; x < mw; x++) {
            keep[kept] = x;
            kept += bound[x] > 0 ? 1 : 0;
        }
        for (int k = 0; k < kept; k++) {
            int x = keep[k];
            // The same arithmetic as finishRow, on the same integers.
            int sp = (int) sums[x];
            int sq = (int) squares[x];
            double var = sq - (double) sp * sp / n;
            double num = ((int) dots[x] + common * sp) - sp * meanT;
            float score = var <= flat || num <= 0 || num * num < below * var ? 0
                    : (float) (num / (Math.sqrt(var) * normT));
            if (score > floor) {
                out.add(x, y, score);
            }
        }
    }

    /** Adds template row {@code t[to..to+tw)} times the shifted plane rows to {@code dots}. */
    private static void accumulate(int[][] shifted, int[] t, int to, int[] dots, int tw, int mw) {
        int i = 0;
        // Four template pixels per pass: one load and store of the sums per four multiply-adds
        // instead of per one (the loop is bound by memory traffic). Eight per pass ran scalar.
        for (; i + 3 < tw; i += 4) {
            int t0 = t[to + i];
            int t1 = t[to + i + 1];
            int t2 = t[to + i + 2];
            int t3 = t[to + i + 3];
            int[] s0 = shifted[i];
            int[] s1 = shifted[i + 1];
            int[] s2 = shifted[i + 2];
            int[] s3 = shifted[i + 3];
            for (int x = 0; x < mw; x++) {
                dots[x] += t0 * s0[x] + t1 * s1[x] + t2 * s2[x] + t3 * s3[x];
            }
        }
        // The rest (up to three) in one pass too.
        if (tw - i == 3) {
            int t0 = t[to + i];
            int t1 = t[to + i + 1];
            int t2 = t[to + i + 2];
            int[] s0 = shifted[i];
            int[] s1 = shifted[i + 1];
            int[] s2 = shifted[i + 2];
            for (int x = 0; x < mw; x++) {
                dots[x] += t0 * s0[x] + t1 * s1[x] + t2 * s2[x];
            }
        } else if (tw - i == 2) {
            int t0 = t[to + i];
            int t1 = t[to + i + 1];
            int[] s0 = shifted[i];
            int[] s1 = shifted[i + 1];
            for (int x = 0; x < mw; x++) {
                dots[x] += t0 * s0[x] + t1 * s1[x];
            }
        } else if (tw - i == 1) {
            int tv = t[to + i];
            int[] sh = shifted[i];
            for (int x = 0; x < mw; x++) {
                dots[x] += tv * sh[x];
            }
        }
    }

    /**
     * Turns one row of dot products into ZNCC, with the window sums from the integral images: first
     * the variances and numerators of the whole row (a loop without branches, which C2 vectorises;
     * the int box sums are exact since the window has at most {@link #INT_DOT_AREA} pixels), then the
     * scores of the windows that can be peaks.
     */
    private static void finishRow(int[] dots, int[] s, int[] q, int pw, int tw, int th, long sumT, double normT,
                                  float[] map, int mw, int y, double[] variances, double[] numerators) {
        int n = tw * th;
        int a = y * (pw + 1);
        int b = (y + th) * (pw + 1);
        double meanT = (double) sumT / n;
        for (int x = 0; x < mw; x++) {
            int sp = s[b + x + tw] - s[b + x] - s[a + x + tw] + s[a + x];
            int sq = q[b + x + tw] - q[b + x] - q[a + x + tw] + q[a + x];
            variances[x] = sq - (double) sp * sp / n;
            numerators[x] = dots[x] - sp * meanT;
        }
        double flat = n * Matching.FLAT_VARIANCE;
        double below = SURELY_BELOW_FLOOR * SURELY_BELOW_FLOOR * normT * normT;
        int row = y * mw;
        for (int x = 0; x < mw; x++) {
            double var = variances[x];
            double num = numerators[x];
            // Scores surely below the floor are never peaks: 0 spares them a root and a division.
            map[row + x] = var <= flat || num <= 0 || num * num < below * var ? 0
                    : (float) (num / (Math.sqrt(var) * normT));
        }
    }

    /**
     * As {@link #correlate}, one position at a time with long sums, for templates too large for
     * int arithmetic (whose box sums the int integral images cannot give either).
     */
    private static void correlateByPosition(int[] p, int pw, int[] t, int tw, int th, long sumT, double normT,
                                            float[] map, int mw, int mh) {
        int n = tw * th;
        double meanT = (double) sumT / n;
        for (int y = 0; y < mh; y++) {
            for (int x = 0; x < mw; x++) {
                long sp = 0;
                long sq = 0;
                long dot = 0;
                for (int j = 0; j < th; j++) {
                    int po = (y + j) * pw + x;
                    int to = j * tw;
                    for (int i = 0; i < tw; i++) {
                        long v = p[po + i];
                        sp += v;
                        sq += v * v;
                        dot += v * t[to + i];
                    }
                }
                double var = sq - (double) sp * sp / n;
                map[y * mw + x] = var <= n * Matching.FLAT_VARIANCE ? 0
                        : (float) ((dot - sp * meanT) / (Math.sqrt(var) * normT));
            }
        }
    }

    /** Refines a coarse peak at 1/4 resolution (when the coarse level is coarser) within +-2 pixels. */
    private static Match refineQuarter(FramePyramid frame, Scaled t, int f, int cx, int cy, double coarseScore) {
        if (f <= 4) {
            return fullBox(t, cx * f, cy * f, coarseScore, frame);
        }
        int q = 4;
        int ratio = f / q;
        int[] tq = t.level(q);
        int tw = t.width / q;
        int th = t.height / q;
        int pw = frame.width(q);
        int ph = frame.height(q);
        int bx = cx * ratio;
        int by = cy * ratio;
        Peak peak = bestZncc(frame.plane(q), pw, Math.max(0, bx - 2), Math.max(0, by - 2),
                Math.min(pw - tw, bx + 2 + ratio - 1), Math.min(ph - th, by + 2 + ratio - 1), tq, tw, th,
                t.levelSum(q), t.levelNorm(q));
        if (peak == null) {
            return fullBox(t, bx * q, by * q, -2, frame);
        }
        return fullBox(t, peak.x() * q, peak.y() * q, peak.score(), frame);
    }

    private static Match fullBox(Scaled t, int x, int y, double score, FramePyramid frame) {
        int cx = Math.max(0, Math.min(frame.frame().width() - t.width, x));
        int cy = Math.max(0, Math.min(frame.frame().height() - t.height, y));
        return new Match(new Rect(cx, cy, t.width, t.height), t.scale, score);
    }

    /**
     * Refines a full-resolution top-left found at 1/4 resolution: the true place lies within
     * {@code -2..+5} pixels (block quantisation plus one pixel of slack each way).
     */
    static Match refineFull(FramePyramid frame, Scaled t, int x, int y) {
        return refineFull(frame, t, x, y, 2, 5);
    }

    /** Refines a full-resolution top-left over {@code x - before .. x + after} (and the same in y). */
    static Match refineFull(FramePyramid frame, Scaled t, int x, int y, int before, int after) {
        Image img = frame.frame();
        int left = Math.max(0, x - before);
        int top = Math.max(0, y - before);
        int right = Math.min(img.width(), x + t.width + after + 1);
        int bottom = Math.min(img.height(), y + t.height + after + 1);
        if (right - left < t.width || bottom - top < t.height) {
            return null;
        }
        Rect window = new Rect(left, top, right - left, bottom - top);
        double normT = t.fullNorm();
        if (normT * normT <= t.full.length * Matching.FLAT_VARIANCE) {
            return null;
        }
        int[] p = Planes.gray(img, window);
        Peak peak = bestZncc(p, window.width(), 0, 0, window.width() - t.width, window.height() - t.height, t.full,
                t.width, t.height, t.fullSum(), normT);
        return new Match(new Rect(left + peak.x(), top + peak.y(), t.width, t.height), t.scale, peak.score());
    }

    /** The best top-left of a template in a range of positions, and its ZNCC -1..1. */
    private record Peak(int x, int y, double score) {
    }

    /**
     * Scores the template at every top-left {@code x0..x1, y0..y1} (inclusive, inside the plane)
     * like {@link Planes#zncc(int[], int, int, int, int[], int, int, int, long, double)}, 0 for flat
     * windows or a flat template ({@code normT} 0); the first best in row order wins. The window
     * sums come from column sums slid over the range, so only the dot products run per position.
     *
     * @return the best position, or null when the range is empty
     */
    private static Peak bestZncc(int[] p, int pw, int x0, int y0, int x1, int y1, int[] t, int tw, int th, long sumT,
                         double normT) {
        if (x1 < x0 || y1 < y0) {
            return null;
        }
        int ww = x1 - x0 + tw;
        int wh = y1 - y0 + th;
        int nx = x1 - x0 + 1;
        int ny = y1 - y0 + 1;
        // Window sums and sums of squares of every position, from column sums slid down the range.
        long[] sums = new long[nx * ny];
        long[] squares = new long[nx * ny];
        long[] col = new long[ww];
        long[] colSq = new long[ww];
        for (int j = 0; j < th; j++) {
            int o = (y0 + j) * pw + x0;
            for (int c = 0; c < ww; c++) {
                long v = p[o + c];
                col[c] += v;
                colSq[c] += v * v;
            }
        }
        for (int y = 0; y < ny; y++) {
            if (y > 0) {
                int gone = (y0 + y - 1) * pw + x0;
                int come = (y0 + y - 1 + th) * pw + x0;
                for (int c = 0; c < ww; c++) {
                    long out = p[gone + c];
                    long in = p[come + c];
                    col[c] += in - out;
                    colSq[c] += in * in - out * out;
                }
            }
            long rs = 0;
            long rq = 0;
            for (int c = 0; c < tw; c++) {
                rs += col[c];
                rq += colSq[c];
            }
            for (int x = 0; x < nx; x++) {
                if (x > 0) {
                    rs += col[x - 1 + tw] - col[x - 1];
                    rq += colSq[x - 1 + tw] - colSq[x - 1];
                }
                sums[y * nx + x] = rs;
                squares[y * nx + x] = rq;
            }
        }
        int n = tw * th;
        double[] scores = new double[nx * ny];
        // One column strip of the range at a time, copied so that each position's window is one
        // contiguous run: a single long multiply-add loop per position, which C2 vectorises (the
        // window's own rows are often shorter than one vector).
        int[] strip = new int[tw * wh];
        for (int x = x0; x <= x1; x++) {
            for (int r = 0; r < wh; r++) {
                System.arraycopy(p, (y0 + r) * pw + x, strip, r * tw, tw);
            }
            for (int y = y0; y <= y1; y++) {
                long sp = sums[(y - y0) * nx + x - x0];
                long sp2 = squares[(y - y0) * nx + x - x0];
                double varP = sp2 - (double) sp * sp / n;
                scores[(y - y0) * nx + x - x0] = normT <= 0 || varP <= n * Matching.FLAT_VARIANCE ? 0
                        : (dot(strip, (y - y0) * tw, t, n) - (double) sp * sumT / n) / (Math.sqrt(varP) * normT);
            }
        }
        double best = -2;
        int bx = x0;
        int by = y0;
        for (int k = 0; k < scores.length; k++) {
            if (scores[k] > best) {
                best = scores[k];
                bx = x0 + k % nx;
                by = y0 + k / nx;
            }
        }
        return new Peak(bx, by, best);
    }

    /** @return the dot product of {@code n} values of {@code a} from {@code from} with the first {@code n} of {@code t} */
    private static long dot(int[] a, int from, int[] t, int n) {
        long sum = 0;
        for (int start = 0; start < n; start += INT_DOT_AREA) {
            int end = Math.min(n, start + INT_DOT_AREA);
            // Two halves side by side: two independent sums keep more multiply-adds in flight.
            int half = (end - start) / 2;
            int mid = start + half;
            int acc0 = 0;
            int acc1 = 0;
            for (int k = start; k < mid; k++) {
                acc0 += a[from + k] * t[k];
                acc1 += a[from + half + k] * t[half + k];
            }
            for (int k = start + 2 * half; k < end; k++) {
                acc0 += a[from + k] * t[k];
            }
            sum += (long) acc0 + acc1;
        }
        return sum;
    }
}
