package dev.healing.core.match;

import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks an element's {@link ContextAnchors.Anchor anchors} in the baseline frame: places around
 * the old click point with texture in both directions (words, icons; not a bare border), in the
 * element's own cell among its look-alikes (not the header a whole table column shares), whose
 * picture does not show up again nearby (not the word every row has), nearer ones first, a few per
 * region. Stateless.
 */
final class AnchorPicker {
    /** Anchor picture size, in baseline pixels: a word or two of UI text. */
    static final int PATCH_W = 64;
    static final int PATCH_H = 20;
    /** Most anchors kept. */
    static final int MAX_ANCHORS = 8;
    /** Grid step, in pixels, of the places tried as anchors. */
    private static final int STEP = 8;
    /** Least mean absolute grey step per pixel, in grey levels, across and along a patch: texture such as text. */
    private static final double MIN_TEXTURE = 6;
    /** Most textured places checked for distinctiveness. */
    private static final int MAX_TRIED = 24;
    /**
     * Weight of horizontal distance against vertical when deciding which look-alike a place belongs
     * to: things on one line belong together (a table row's words to that row's buttons).
     */
    private static final double ACROSS_WEIGHT = 0.25;
    /** Look-alikes within this many pixels across are in one column (or on one line) with the element. */
    private static final int ALIGNED_PX = 3;
    /** Offsets this far (in pixels) weigh half as much as adjacent ones when anchors are ranked. */
    private static final double NEAR_PX = 400;
    /** Peaks of the quarter-resolution repeat search confirmed at full resolution. */
    private static final int REPEAT_PEAKS = 4;
    /** Least quarter-resolution correlation of a peak worth confirming as a repeat. */
    private static final double REPEAT_COARSE = 0.5;

    private static final Logger log = LoggerFactory.getLogger(AnchorPicker.class);

    /** The offsets tried per region and how many anchors each may keep. */
    private enum Range {
        ROW(ContextAnchors.Region.ROW, 4, -8, 8, 4, 640),
        ABOVE(ContextAnchors.Region.ABOVE, 4, -224, -PATCH_H, STEP, 480),
        BELOW(ContextAnchors.Region.BELOW, 2, PATCH_H, 120, STEP, 320);

        final ContextAnchors.Region region;
        final int quota;
        final int minDy;
        final int maxDy;
        final int dyStep;
        final int maxDx;

        Range(ContextAnchors.Region region, int quota, int minDy, int maxDy, int dyStep, int maxDx) {
            this.region = region;
            this.quota = quota;
            this.minDy = minDy;
            this.maxDy = maxDy;
            this.dyStep = dyStep;
            this.maxDx = maxDx;
        }
    }

    private record Place(Range range, int dx, int dy, double rank) {
    }

    private AnchorPicker() {
    }

    /**
     * @param distinct whether an anchor is distinctive against the element's look-alikes of the baseline
     * @return the anchors, best first, at most {@value #MAX_ANCHORS}; empty without a baseline frame
     */
    static List<ContextAnchors.Anchor> pick(StepView view, Predicate<ContextAnchors.Anchor> distinct) {
        Image frame = view.baselineFrame;
        List<ContextAnchors.Anchor> out = new ArrayList<>();
        if (frame == null) {
            return out;
        }
        Point o = view.oldPoint;
        int maxDx = 0;
        int minDy = 0;
        int maxDy = 0;
        for (Range r : Range.values()) {
            maxDx = Math.max(maxDx, r.maxDx);
            minDy = Math.min(minDy, r.minDy);
            maxDy = Math.max(maxDy, r.maxDy);
        }
        int left = Math.max(0, o.x() - maxDx - PATCH_W / 2);
        int top = Math.max(0, o.y() + minDy - PATCH_H / 2);
        int right = Math.min(frame.width(), o.x() + maxDx + PATCH_W / 2 + 1);
        int bottom = Math.min(frame.height(), o.y() + maxDy + PATCH_H / 2 + 1);
        if (right - left < PATCH_W + 2 || bottom - top < PATCH_H + 2) {
            return out;
        }
        Rect area = new Rect(left, top, right - left, bottom - top);
        List<Point> neighbours = neighbours(o, view.baselineTwins());
        List<Place> places = places(new Texture(Planes.gray(frame, area), area.width(), area.height()), area, o,
                neighbours);
        // Where a repeat of an anchor could mislead: around the element and around each look-alike.
        int sx0 = left;
        int sy0 = top;
        int sx1 = right;
        int sy1 = bottom;
        for (Point t : view.baselineTwins()) {
            sx0 = Math.min(sx0, Math.max(0, t.x() - maxDx - PATCH_W));
            sy0 = Math.min(sy0, Math.max(0, t.y() + minDy - PATCH_H));
            sx1 = Math.max(sx1, Math.min(frame.width(), t.x() + maxDx + PATCH_W));
            sy1 = Math.max(sy1, Math.min(frame.height(), t.y() + maxDy + PATCH_H));
        }
        Rect repeatArea = new Rect(sx0, sy0, sx1 - sx0, sy1 - sy0);
        Map<Range, Integer> kept = new EnumMap<>(Range.class);
        int tried = 0;
        for (Place p : places) {
            if (out.size() >= MAX_ANCHORS || tried >= MAX_TRIED) {
                break;
            }
            if (kept.getOrDefault(p.range(), 0) >= p.range().quota || overlaps(out, p)) {
                continue;
            }
            tried++;
            Rect inFrame = new Rect(o.x() + p.dx() - PATCH_W / 2, o.y() + p.dy() - PATCH_H / 2, PATCH_W, PATCH_H);
            ContextAnchors.Anchor a = new ContextAnchors.Anchor(p.range().region, p.dx(), p.dy(),
                    new ContextAnchors.Look(frame, inFrame));
            if (a.look().at(1.0).flat() || !distinct.test(a) || repeats(view, a, repeatArea)) {
                continue;
            }
            out.add(a);
            kept.merge(p.range(), 1, Integer::sum);
        }
        if (log.isDebugEnabled()) {
            log.debug("anchors of {} (look-alikes {}): {}", o, neighbours,
                    out.stream().map(a -> a.region() + "(" + a.dx() + "," + a.dy() + ")").toList());
        }
        return out;
    }

    /** @return the textured places of the element's own cell, best ranked first */
    private static List<Place> places(Texture texture, Rect area, Point o, List<Point> neighbours) {
        List<Place> places = new ArrayList<>();
        int centre = StepView.CENTRE_SIDE;
        for (Range r : Range.values()) {
            for (int dy = r.minDy; dy <= r.maxDy; dy += r.dyStep) {
                for (int dx = -r.maxDx; dx <= r.maxDx; dx += STEP) {
                    if (Math.abs(dx) < (PATCH_W + centre) / 2 && Math.abs(dy) < (PATCH_H + centre) / 2) {
                        continue; // the element itself, which its look-alikes share
                    }
                    int px = o.x() + dx - PATCH_W / 2 - area.x();
                    int py = o.y() + dy - PATCH_H / 2 - area.y();
                    if (px < 1 || py < 1 || px + PATCH_W >= area.width() || py + PATCH_H >= area.height()
                            || !belongsToElement(dx, dy, o, neighbours)) {
                        continue;
                    }
                    double across = texture.meanX(px, py, PATCH_W, PATCH_H);
                    double along = texture.meanY(px, py, PATCH_W, PATCH_H);
                    double t = Math.sqrt(across * along);
                    if (Math.min(across, along) < MIN_TEXTURE / 2 || t < MIN_TEXTURE) {
                        continue;
                    }
                    places.add(new Place(r, dx, dy, t / (1 + Math.hypot(dx, 2 * dy) / NEAR_PX)));
                }
            }
        }
        places.sort(Comparator.comparingDouble(Place::rank).reversed());
        return places;
    }

    private static boolean overlaps(List<ContextAnchors.Anchor> kept, Place p) {
        for (ContextAnchors.Anchor a : kept) {
            if (Math.abs(a.dx() - p.dx()) < PATCH_W * 3 / 4 && Math.abs(a.dy() - p.dy()) < PATCH_H * 3 / 4) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the element's look-alikes of the baseline, completed where the series they form with
     *     the element has a gap next to it: look-alikes in its column (or on its line) at multiples of
     *     one period (a table's row height) imply one a period away on either side, even when that one
     *     matched less well (another row background) or the element ends the series
     */
    static List<Point> neighbours(Point o, List<Point> lookAlikes) {
        // A "look-alike" closer than the element's own size is the element itself, slid along a
        // structure without features of its own (the inside of a long field).
        List<Point> twins = lookAlikes.stream()
                .filter(t -> Math.abs(t.x() - o.x()) >= StepView.CENTRE_SIDE || Math.abs(t.y() - o.y()) >= StepView.CENTRE_SIDE)
                .toList();
        List<Point> out = new ArrayList<>(twins);
        for (boolean vertical : new boolean[] {true, false}) {
            List<Integer> steps = new ArrayList<>();
            steps.add(0);
            for (Point t : twins) {
                int across = vertical ? t.x() - o.x() : t.y() - o.y();
                if (Math.abs(across) <= ALIGNED_PX) {
                    steps.add(vertical ? t.y() - o.y() : t.x() - o.x());
                }
            }
            steps.sort(null);
            int period = Integer.MAX_VALUE;
            for (int k = 1; k < steps.size(); k++) {
                int d = steps.get(k) - steps.get(k - 1);
                if (d >= StepView.CENTRE_SIDE) {
                    period = Math.min(period, d);
                }
            }
            if (period == Integer.MAX_VALUE) {
                continue;
            }
            for (int sign : new int[] {-1, 1}) {
                int x = vertical ? o.x() : o.x() + sign * period;
                int y = vertical ? o.y() + sign * period : o.y();
                if (x < 0 || y < 0) {
                    continue;
                }
                Point at = new Point(x, y);
                if (out.stream().noneMatch(p -> p.distanceTo(at) <= ALIGNED_PX)) {
                    out.add(at);
                }
            }
        }
        return out;
    }

    /**
     * Whether the place at offset ({@code dx}, {@code dy}) from the element lies in the element's
     * own cell among its look-alikes: nearer the element than any look-alike, and than any
     * look-alike mirrored through the element (where the next one would sit if the series went on),
     * horizontal distance weighing {@value #ACROSS_WEIGHT} of vertical. Only such places can travel
     * with the element; the header above the first row of a table, shared by every row, does not.
     */
    static boolean belongsToElement(int dx, int dy, Point o, List<Point> neighbours) {
        double own = Math.hypot(ACROSS_WEIGHT * dx, dy);
        for (Point t : neighbours) {
            int tx = t.x() - o.x();
            int ty = t.y() - o.y();
            if (Math.hypot(ACROSS_WEIGHT * (dx - tx), dy - ty) < own
                    || Math.hypot(ACROSS_WEIGHT * (dx + tx), dy + ty) < own) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return whether the anchor's picture shows up again within {@code area} of the baseline frame
     *     (a word every row has, part of a label shared by others): it cannot tell places apart.
     *     Searched at quarter resolution, the best peaks away from the anchor confirmed at full.
     */
    private static boolean repeats(StepView view, ContextAnchors.Anchor a, Rect area) {
        FramePyramid pyramid = view.baselinePyramid();
        int f = 4;
        PatchSearch.Patch patch = a.look().at(1.0);
        int[] t = Planes.shrink(patch.full, PATCH_W, PATCH_H, f);
        double norm = Planes.norm(t);
        if (norm * norm <= t.length * Matching.FLAT_VARIANCE) {
            return false;
        }
        PatchSearch.Peaks peaks = PatchSearch.peaks(pyramid.plane(f), pyramid.width(f), pyramid.height(f),
                area.x() / f, area.y() / f, (area.right() - PATCH_W) / f, (area.bottom() - PATCH_H) / f, t,
                PATCH_W / f, PATCH_H / f, REPEAT_PEAKS);
        Rect own = a.look().inFrame;
        for (int k = 0; k < REPEAT_PEAKS && peaks.xy()[2 * k] >= 0; k++) {
            int x = peaks.xy()[2 * k] * f;
            int y = peaks.xy()[2 * k + 1] * f;
            if (peaks.scores()[k] < REPEAT_COARSE) {
                break;
            }
            if (Math.abs(x - own.x()) <= PATCH_W / 2 && Math.abs(y - own.y()) <= PATCH_H / 2) {
                continue; // the anchor itself
            }
            double full = PatchSearch.best(view.baselineFrame, patch, x + PATCH_W / 2, y + PATCH_H / 2, f + 2, f + 2,
                    false);
            if (full > ContextAnchors.DISTINCT_MAX) {
                return true;
            }
        }
        return false;
    }

    /** Integral images of the absolute grey steps across (x) and along (y) a plane. */
    private static final class Texture {
        private final int stride;
        private final long[] sumX;
        private final long[] sumY;

        Texture(int[] g, int w, int h) {
            stride = w + 1;
            sumX = new long[stride * (h + 1)];
            sumY = new long[stride * (h + 1)];
            for (int y = 0; y < h; y++) {
                long rowX = 0;
                long rowY = 0;
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    if (x > 0 && x < w - 1) {
                        rowX += Math.abs(g[i + 1] - g[i - 1]);
                    }
                    if (y > 0 && y < h - 1) {
                        rowY += Math.abs(g[i + w] - g[i - w]);
                    }
                    sumX[(y + 1) * stride + x + 1] = sumX[y * stride + x + 1] + rowX;
                    sumY[(y + 1) * stride + x + 1] = sumY[y * stride + x + 1] + rowY;
                }
            }
        }

        double meanX(int x, int y, int w, int h) {
            return box(sumX, x, y, w, h) / (double) (w * h);
        }

        double meanY(int x, int y, int w, int h) {
            return box(sumY, x, y, w, h) / (double) (w * h);
        }

        private long box(long[] s, int x, int y, int w, int h) {
            int a = y * stride + x;
            int b = (y + h) * stride + x;
            return s[b + w] - s[b] - s[a + w] + s[a];
        }
    }
}
