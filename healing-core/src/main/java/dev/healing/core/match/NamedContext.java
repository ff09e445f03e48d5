package dev.healing.core.match;

import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Words the step's description quotes that stand beside the element rather than on it: the
 * name in its table row ("the edit button in the row of 'Angelica Ramos'"), the title of its card
 * ("the 'Details' button of the 'Website Redesign' card"), the label over its field. Such words
 * travel with the element; where they are now says where the element can be.
 *
 * <p>Two uses: a check of any locator's candidate (it must sit where the words, found on the
 * screen, put it: on their line or at their vertical offset scaled with them, on their side and
 * within a loose horizontal reach, since a reflowed page keeps rows but not column widths), and a
 * search of the element's picture in that one place when the words are found once. Stateless.
 */
final class NamedContext {
    /** Farthest the words may lie from the old point in the baseline frame, across and along (pixels). */
    static final int REACH_X = 1920;
    static final int REACH_Y = 320;
    /** Words nearer the old point than this (pixels) are the element's own, not its context. */
    static final int OWN_PX = TextLocator.WORD_REACH;
    /** A second occurrence this much farther than the nearest leaves the nearest the element's. */
    static final double NEAREST_LEAD = 1.5;
    /** Least grey correlation (0..1) of the element's picture where the words put it. */
    static final double FOUND = 0.85;
    /** Least change of mean grey (levels) across mid-grey between the picture and its place now for "theme flipped". */
    static final double THEME_FLIP = 80;
    /** Least mean grey step (grey levels per pixel) across and along a picture with detail both ways. */
    static final double TEXTURE = 3;
    /**
     * Least grey correlation (0..1) of a find right where the words put it (within a quarter of
     * their offset): the baseline's picture resampled to 125 % or 150 % matches the page rendered
     * at that scale less well than a find at the same scale.
     */
    static final double LOW = 0.75;
    /** Lead of the best find over any other place of the window that is not the same structure. */
    static final double LEAD = 0.06;
    /** Grid step (pixels) of the positions scored beside the words: 1, as thin strokes of text and icons lose their match a pixel off. */
    static final int STEP = 1;
    /** Most occurrences of the words on the screen looked at. */
    static final int MAX_OCCURRENCES = 3;
    /** Side (pixels) of the element's picture searched for; grown when it is flat (an empty field). */
    private static final int[][] PATCHES = {{36, 36}, {64, 40}, {100, 60}, {100, 100}};

    private NamedContext() {
    }

    /**
     * Quoted words beside the element in the baseline frame.
     *
     * @param dx horizontal offset of the old point from the words' centre, baseline pixels
     * @param dy vertical offset likewise
     * @param alone whether it was told from its other occurrences by standing alone on its line;
     *              then only occurrences standing alone are looked beside on the screen
     */
    record Anchor(List<String> phrase, Rect box, int dx, int dy, boolean alone) {
        @Override
        public String toString() {
            return "'" + String.join(" ", phrase) + "'";
        }
    }

    /**
     * The element found by its picture beside its named words.
     *
     * @param otherSide whether it was found on the other side of the words than in the baseline
     *                  (a redesign moved a switch from the right of its label to the left), so
     *                  the words' own window does not hold it
     */
    record Find(Point point, Rect box, double score, String detail, boolean otherSide) {
    }

    /**
     * @param base   the words of the baseline frame
     * @param old    the old click point
     * @param quoted the description's quoted phrases
     * @param except phrases that are the element's own label, left out
     * @return the quoted phrases that stand beside the element, one occurrence each (the nearest,
     *     when it is clearly nearer than the next, else the only one standing alone on its line)
     */
    static List<Anchor> of(ScreenText base, Point old, List<List<String>> quoted, List<String> except) {
        List<Anchor> out = new ArrayList<>();
        for (List<String> q : quoted) {
            if (q.equals(except)) {
                continue;
            }
            ScreenText.Occurrence best = null;
            double bestDistance = Double.MAX_VALUE;
            double second = Double.MAX_VALUE;
            List<ScreenText.Occurrence> alone = new ArrayList<>();
            for (ScreenText.Occurrence o : base.find(q)) {
                Point c = o.centre();
                double d = ScreenText.distance(o.box(), old);
                if (Math.abs(c.x() - old.x()) > REACH_X || Math.abs(c.y() - old.y()) > REACH_Y) {
                    continue;
                }
                if (TextLocator.standsAlone(base, o)) {
                    alone.add(o);
                }
                if (d < bestDistance) {
                    second = bestDistance;
                    best = o;
                    bestDistance = d;
                } else if (d < second) {
                    second = d;
                }
            }
            boolean standing = false;
            if (best != null && second < NEAREST_LEAD * bestDistance + OWN_PX && alone.size() == 1) {
                // Not clearly the nearest, but the only one standing alone on its line: the label or
                // title quoted ("'Comments'"), not the same word inside a sentence under it.
                best = alone.get(0);
                bestDistance = ScreenText.distance(best.box(), old);
                standing = true;
            } else if (best == null || second < NEAREST_LEAD * bestDistance + OWN_PX) {
                continue;
            }
            if (bestDistance <= OWN_PX) {
                continue;
            }
            Point c = best.centre();
            out.add(new Anchor(q, best.box(), old.x() - c.x(), old.y() - c.y(), standing));
        }
        return out;
    }

    /**
     * @param now the words on the screen
     * @param at  a candidate point on the screen
     * @return why the candidate cannot be the element (the words are on the screen, none of them
     *     where the candidate would put them); empty when it fits or the words are not read
     */
    static Optional<String> contradiction(Anchor a, ScreenText now, Point at) {
        List<ScreenText.Occurrence> found = now.find(a.phrase());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        for (ScreenText.Occurrence o : found) {
            Rect w = window(a, o);
            if (w != null && w.contains(at)) {
                return Optional.empty();
            }
        }
        return Optional.of(String.format(Locale.ROOT, "%s is on the screen at %s, not beside %s", a,
                found.get(0).box(), at));
    }

    /**
     * Where the element's click point may lie given one occurrence of its words now: at the
     * scaled vertical offset, with slack growing with it, and horizontally on the same side
     * within 0.4 to 2 times the scaled offset (columns narrow and widen when a page reflows).
     * Clipped at the frame's top and left edges; {@code null} when nothing of it is left.
     */
    static Rect window(Anchor a, ScreenText.Occurrence o) {
        double s = scale(a.box(), o.box());
        Point c = o.centre();
        double ey = a.dy() * s;
        int slackY = (int) Math.round(6 + 0.25 * Math.abs(ey) + 0.5 * o.box().height());
        double ex = a.dx() * s;
        int reach = 40 + o.box().width() / 2;
        int lo;
        int hi;
        if (ex >= 0) {
            lo = (int) Math.round(0.4 * ex) - reach;
            hi = (int) Math.round(2.0 * ex) + reach;
        } else {
            lo = (int) Math.round(2.0 * ex) - reach;
            hi = (int) Math.round(0.4 * ex) + reach;
        }
        int top = (int) Math.round(c.y() + ey) - slackY;
        // Clipped to the frame's top-left: words near the screen's edge put part of the window off it.
        int left = Math.max(0, c.x() + lo);
        int right = c.x() + hi + 1;
        int y = Math.max(0, top);
        int bottom = top + 2 * slackY + 1;
        return right - left < 1 || bottom - y < 1 ? null : new Rect(left, y, right - left, bottom - y);
    }

    /** @return how much the words grew from one frame to the other (same words, same font), 0.6..1.7 */
    static double scale(Rect before, Rect after) {
        return Math.max(0.6, Math.min(1.7, after.width() / (double) Math.max(1, before.width())));
    }

    /**
     * Looks for the element's picture (cut around the old point from the baseline frame, scaled
     * with the words) where each occurrence of the words puts it. Where they put it off the screen
     * (the page narrowed at a larger display scale), it is expected at its old margin from that
     * edge of the frame and must match at least {@value #FOUND} near there.
     *
     * @return the one clear find; empty when the words are not on the screen, the picture is not
     *     found beside them, or found beside more than one occurrence, or a rival place of the
     *     window matches nearly as well
     */
    static Optional<Find> locate(Anchor a, ScreenText now, Image screen, Image baseline, Point old,
                                 List<String> why) {
        return locate(a, now, screen, baseline, old, why, false);
    }

    /**
     * As {@link #locate(Anchor, ScreenText, Image, Image, Point, List)}; with {@code eitherSide}
     * (after a redesign), an element on its words' line not found on its old side is also looked
     * for on the other side, close to the words ({@link #otherSide}).
     */
    static Optional<Find> locate(Anchor a, ScreenText now, Image screen, Image baseline, Point old,
                                 List<String> why, boolean eitherSide) {
        List<ScreenText.Occurrence> found = now.find(a.phrase());
        if (a.alone()) {
            found.removeIf(o -> !TextLocator.standsAlone(now, o));
        }
        if (found.isEmpty() || found.size() > MAX_OCCURRENCES) {
            why.add(a + (found.isEmpty() ? " not on the screen" : " " + found.size() + " times on the screen"));
            return Optional.empty();
        }
        Find pick = null;
        for (ScreenText.Occurrence o : found) {
            double[] oldSide = {0};
            Find f = near(a, o, screen, baseline, old, why, oldSide);
            if (f == null && eitherSide && onItsLine(a)) {
                f = otherSide(a, o, screen, baseline, old, why);
                if (f != null && f.score() < oldSide[0] + SIDE_LEAD) {
                    // Something like it on its old side too (restyled there, or a look-alike): which side is unclear.
                    why.add(String.format(Locale.ROOT, "%s at %s: the picture on its other side (%.2f), but also"
                            + " %.2f on its old side", a, o.box(), f.score(), oldSide[0]));
                    f = null;
                }
            }
            if (f != null && pick != null) {
                why.add(a + ": the element found beside two of its occurrences");
                return Optional.empty();
            }
            pick = f != null ? f : pick;
        }
        return Optional.ofNullable(pick);
    }

    /** The element's picture cut around the old point, scaled, and where it was cut. */
    private record Picture(PatchSearch.Patch patch, Rect cut) {
    }

    /** @return the first of {@link #PATCHES} around the old point that is not flat, scaled by {@code s}; or {@code null} */
    private static Picture picture(Image baseline, Point old, double s) {
        for (int[] side : PATCHES) {
            Rect cut = Rect.centeredWithin(old, Math.min(side[0], baseline.width()), Math.min(side[1], baseline.height()),
                    baseline.width(), baseline.height());
            PatchSearch.Patch p = PatchSearch.Patch.of(baseline, cut, Math.max(4, (int) Math.round(cut.width() * s)),
                    Math.max(4, (int) Math.round(cut.height() * s)));
            if (!p.flat()) {
                return new Picture(p, cut);
            }
        }
        return null;
    }

    /** @param seen receives the best picture score in the window, when one was scored */
    private static Find near(Anchor a, ScreenText.Occurrence o, Image screen, Image baseline, Point old,
                             List<String> why, double[] seen) {
        double s = scale(a.box(), o.box());
        Picture pic = picture(baseline, old, s);
        if (pic == null) {
            why.add(a + ": the element's picture is flat");
            return null;
        }
        PatchSearch.Patch patch = pic.patch();
        Rect cut = pic.cut();
        // The patch's centre is the old point shifted by where the cut was clamped to the frame.
        double offX = (old.x() - cut.x()) * s;
        double offY = (old.y() - cut.y()) * s;
        Rect w = window(a, o);
        if (w == null) {
            why.add(a + ": the element's place beside it is off the screen");
            return null;
        }
        int left = Math.max(0, (int) Math.round(w.x() - offX));
        int top = Math.max(0, (int) Math.round(w.y() - offY));
        int right = Math.min(screen.width(), (int) Math.round(w.right() - offX) + patch.width);
        int bottom = Math.min(screen.height(), (int) Math.round(w.bottom() - offY) + patch.height);
        if (right - left < patch.width + 1 || bottom - top < patch.height + 1) {
            why.add(a + ": the element's place beside it is off the screen");
            return null;
        }
        Rect area = new Rect(left, top, right - left, bottom - top);
        int[] plane = Planes.gray(screen, area);
        int[] picture = patch.full;
        // Like with like: the window now against the same window around the old point then (a dark
        // icon on a light tile is no theme change).
        Rect then = sameWindowThen(area, o.centre().x() + a.dx() * s, o.centre().y() + a.dy() * s, s, old, baseline);
        int[] before = then != null ? Planes.gray(baseline, then) : picture;
        double was = Planes.sum(before) / (double) before.length;
        double now = Planes.sum(plane) / (double) plane.length;
        if (Math.abs(was - now) >= THEME_FLIP && (was - 128) * (now - 128) < 0) {
            // Light on dark where it was dark on light (a dark theme): look for the picture inverted.
            picture = new int[picture.length];
            for (int i = 0; i < picture.length; i++) {
                picture[i] = 255 - patch.full[i];
            }
        }
        ScoreMap map = ScoreMap.of(plane, area.width(), area.height(), picture, patch.width, patch.height, STEP);
        double best = map.best();
        seen[0] = best;
        if (best < LOW) {
            why.add(String.format(Locale.ROOT, "%s at %s: the element's picture not beside it (best %.2f)", a,
                    o.box(), best));
            return null;
        }
        // Places that match nearly as well as the best, in connected stretches: one stretch is one
        // element (the inside of a long field slides along), two are two elements.
        // Where the words put the element's picture (top-left), at their offset scaled with them.
        double expectX = o.centre().x() + a.dx() * s;
        int py = (int) Math.round(o.centre().y() + a.dy() * s - offY) - area.y();
        double threshold = Math.max(best >= FOUND ? FOUND : LOW, best - LEAD);
        List<ScoreMap.Stretch> stretches = map.stretches(threshold, (int) Math.round(expectX - offX) - area.x(), py);
        ScoreMap.Stretch pick = stretches.get(0);
        // The find must lie near where the words put it, clearly nearer than any other place that
        // matches as well; farther off (columns narrowed or widened) only a picture with detail both
        // ways counts (an icon, a word), not a bare border that any field or card edge matches.
        double ex = Math.abs(a.dx() * s);
        double ey = Math.abs(a.dy() * s);
        double near = 24 + 0.25 * ex + 0.25 * ey;
        double reach = 24 + 0.6 * ex + 0.25 * ey;
        // A fair match (a page rendered at another scale draws strokes a pixel wider) only right there.
        boolean far = pick.distance() > reach || pick.distance() > near && (!twoWays(patch) || best < FOUND);
        if (far && (expectX >= screen.width() || expectX < 0)) {
            // Put off the screen, the page narrowed (a larger display scale): an element at the end
            // of its line kept its margin to that edge of the frame; a good match near there counts.
            double kept = expectX >= screen.width() ? screen.width() - (baseline.width() - old.x()) : old.x();
            List<ScoreMap.Stretch> there = map.stretches(threshold, (int) Math.round(kept - offX) - area.x(), py);
            double nearKept = 24 + 0.25 * Math.abs(kept - o.centre().x()) + 0.25 * ey;
            if (there.get(0).best() >= FOUND && there.get(0).distance() <= nearKept) {
                stretches = there;
                pick = there.get(0);
                far = false;
            }
        }
        if (far) {
            why.add(String.format(Locale.ROOT, "%s at %s: the element's picture %d px from where it belongs"
                    + " (%.2f)", a, o.box(), pick.distance(), pick.best()));
            return null;
        }
        if (stretches.size() > 1 && stretches.get(1).distance() < 2 * pick.distance() + 48) {
            why.add(String.format(Locale.ROOT, "%s at %s: %d places alike beside it (%.2f)", a, o.box(),
                    stretches.size(), best));
            return null;
        }
        Point p = new Point(area.x() + pick.x() + (int) Math.round(offX), area.y() + pick.y()
                + (int) Math.round(offY));
        Rect box = new Rect(area.x() + pick.x(), area.y() + pick.y(), patch.width, patch.height);
        return new Find(p, box, pick.best(), String.format(Locale.ROOT, "beside %s at %s (scale %.2f): picture %.2f", a,
                o.box(), s, best), false);
    }

    /**
     * Lead (0..1) of the picture's match on the other side of its words over its best match in its
     * window on the old side: only then is the other side where the element went.
     */
    static final double SIDE_LEAD = 0.3;
    /** Reach, in the words' line heights beyond their near edge, of the search on the other side. */
    static final int OTHER_SIDE_LINES = 10;

    /** @return whether the element sat on its words' line (a switch or field beside its label), not above or below */
    static boolean onItsLine(Anchor a) {
        return Math.abs(a.dy()) <= a.box().height();
    }

    /**
     * The element on the other side of its words than before, close to them (a redesign put the
     * switch left of its label): the picture is searched on the words' line, from their near edge
     * out to {@value #OTHER_SIDE_LINES} line heights, scaled with the words and not, and must match
     * at least {@value #LOW} in one place only, nothing else within {@value #LEAD} of it; the
     * caller also asks it to lead the old side's best by {@value #SIDE_LEAD}.
     *
     * @return the find, or {@code null}
     */
    static Find otherSide(Anchor a, ScreenText.Occurrence o, Image screen, Image baseline, Point old,
                          List<String> why) {
        // A redesign may change the font and so the words' width: their scale is tried, and none.
        Find best = null;
        for (double s : new double[] {scale(a.box(), o.box()), 1.0}) {
            Find f = otherSide(a, o, screen, baseline, old, why, s);
            if (f != null && (best == null || f.score() > best.score())) {
                best = f;
            }
        }
        return best;
    }

    private static Find otherSide(Anchor a, ScreenText.Occurrence o, Image screen, Image baseline, Point old,
                                  List<String> why, double s) {
        Picture pic = picture(baseline, old, s);
        if (pic == null) {
            return null;
        }
        PatchSearch.Patch patch = pic.patch();
        int offX = (int) Math.round((old.x() - pic.cut().x()) * s);
        int offY = (int) Math.round((old.y() - pic.cut().y()) * s);
        int reach = OTHER_SIDE_LINES * o.box().height();
        // Click points from the words' near edge outward, on their line.
        int fromX = a.dx() >= 0 ? o.box().x() - reach : o.box().right();
        int toX = a.dx() >= 0 ? o.box().x() : o.box().right() + reach;
        int cy = (int) Math.round(o.centre().y() + a.dy() * s);
        int slackY = (int) Math.round(6 + 0.5 * o.box().height());
        int left = Math.max(0, fromX - offX);
        int top = Math.max(0, cy - slackY - offY);
        int right = Math.min(screen.width(), toX - offX + patch.width);
        int bottom = Math.min(screen.height(), cy + slackY - offY + patch.height);
        if (right - left < patch.width + 1 || bottom - top < patch.height + 1) {
            return null;
        }
        Rect area = new Rect(left, top, right - left, bottom - top);
        ScoreMap map = ScoreMap.of(Planes.gray(screen, area), area.width(), area.height(), patch.full, patch.width,
                patch.height, STEP);
        double best = map.best();
        int px = (a.dx() >= 0 ? toX : fromX) - offX - area.x();
        int py = cy - offY - area.y();
        List<ScoreMap.Stretch> stretches = map.stretches(Math.max(LOW, best - LEAD), px, py);
        if (best < LOW || stretches.size() != 1) {
            why.add(String.format(Locale.ROOT, "%s at %s: on its other side at scale %.2f, picture %.2f in %d place(s)",
                    a, o.box(), s, best, best < LOW ? 0 : stretches.size()));
            return null;
        }
        ScoreMap.Stretch pick = stretches.get(0);
        Point p = new Point(area.x() + pick.x() + offX, area.y() + pick.y() + offY);
        Rect box = new Rect(area.x() + pick.x(), area.y() + pick.y(), patch.width, patch.height);
        return new Find(p, box, pick.best(), String.format(Locale.ROOT,
                "on the other side of %s at %s (scale %.2f): picture %.2f", a, o.box(), s, best), true);
    }

    /**
     * @return the window of the baseline frame that {@code area} of the screen covers when the
     *     point expected at ({@code ex}, {@code ey}) is the old point, undone the scale {@code s};
     *     clipped to the frame, or {@code null} when nothing of it is on the frame
     */
    static Rect sameWindowThen(Rect area, double ex, double ey, double s, Point old, Image baseline) {
        int x = (int) Math.round(old.x() + (area.x() - ex) / s);
        int y = (int) Math.round(old.y() + (area.y() - ey) / s);
        int right = Math.min(baseline.width(), x + (int) Math.round(area.width() / s));
        int bottom = Math.min(baseline.height(), y + (int) Math.round(area.height() / s));
        x = Math.max(0, x);
        y = Math.max(0, y);
        return right - x < 1 || bottom - y < 1 ? null : new Rect(x, y, right - x, bottom - y);
    }

    /** @return whether the picture has detail across and along (an icon, a word), not only lines one way */
    static boolean twoWays(PatchSearch.Patch p) {
        long across = 0;
        long along = 0;
        int[] g = p.full;
        int w = p.width;
        int h = p.height;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                across += Math.abs(g[i + 1] - g[i - 1]);
                along += Math.abs(g[i + w] - g[i - w]);
            }
        }
        double n = Math.max(1, (w - 2) * (h - 2));
        return Math.min(across, along) / n >= TEXTURE;
    }
}
