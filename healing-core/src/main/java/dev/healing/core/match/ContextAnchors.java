package dev.healing.core.match;

import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Context that travels with an element, to tell it apart from its look-alikes (a row of identical
 * "Edit" icons, the same "More info" link under every box, empty fields of one size): small
 * textured patches of the baseline frame around the old click point ({@link AnchorPicker}), on
 * its row (the words of a table row), above it (the title of its box, the label of a field) and
 * a little below. Each anchor is looked for near a candidate at the same offset times the match
 * scale, with slack that grows with the offset, because a page that reflows or rescales keeps the
 * local arrangement but not the exact distances.
 *
 * <p>An anchor votes for the candidate when it is found there and clearly less well near every
 * rival: near each look-alike on the screen, and, against each look-alike of the baseline frame,
 * better than that look-alike's own context at the same offset, both looked for at the
 * candidate. It votes for a rival in the mirror cases. The verdict is a consensus: several
 * anchors agree, and none speaks for a rival; at the old place, where what did not move with the
 * element is found too, more than half of those that could be looked for must agree.
 *
 * <p>Chosen once per {@link StepView}, lazily, only when look-alikes exist; scores are cached per
 * picture, place and scale. Each score is a small windowed search ({@link PatchSearch}). Not
 * thread-safe, like the view.
 */
final class ContextAnchors {
    /** Grey correlation (0..1) at which an anchor counts as found near a candidate. */
    static final double FOUND = 0.88;
    /** Lead (0..1) an anchor's correlation near one candidate needs over every rival to vote. */
    static final double LEAD = 0.08;
    /**
     * Correlation (0..1) with the context of a look-alike in the baseline above which an anchor
     * says nothing about that look-alike: its context at that offset is the same picture.
     */
    static final double DISTINCT_MAX = 0.9;
    /**
     * Correlation (0..1) with the context of a look-alike in the baseline above which that context is
     * looked for at the candidate too, to see whose it is.
     */
    static final double MAYBE_SAME = 0.6;
    /** Least anchors that must agree on one candidate. */
    static final int MIN_AGREE = 2;
    /** Slack each way around an anchor's expected place: a few pixels plus a share of its offset. */
    private static final int SLACK_PX = 6;
    private static final double SLACK_X = 0.45;
    private static final double SLACK_Y = 0.2;

    private static final Logger log = LoggerFactory.getLogger(ContextAnchors.class);

    /** Where around the element an anchor sits. */
    enum Region {
        /** on its line: the words of a table row, a label left of a field */
        ROW,
        /** above it: a box or card title, a label over a field, the previous line */
        ABOVE,
        /** just below it: a caption, a hint under a field */
        BELOW
    }

    /**
     * One anchor: a picture of the baseline frame centred at offset ({@code dx}, {@code dy}) from the
     * old click point.
     */
    record Anchor(Region region, int dx, int dy, Look look) {
    }

    /** A picture cut from the baseline frame, ready to search at any scale. */
    static final class Look {
        final Rect inFrame;
        private final Image frame;
        private final Map<Double, PatchSearch.Patch> byScale = new HashMap<>();

        Look(Image frame, Rect inFrame) {
            this.frame = frame;
            this.inFrame = inFrame;
        }

        PatchSearch.Patch at(double scale) {
            return byScale.computeIfAbsent(scale, s -> s == 1.0
                    ? new PatchSearch.Patch(Planes.gray(frame, inFrame), inFrame.width(), inFrame.height())
                    : PatchSearch.Patch.of(frame, inFrame, Math.max(2, (int) Math.round(inFrame.width() * s)),
                            Math.max(2, (int) Math.round(inFrame.height() * s))));
        }
    }

    /** What the anchors say about one candidate against its rivals. */
    enum Kind {
        /**
         * at least {@link #MIN_AGREE} anchors agree on the candidate (more than half of those that
         * could be looked for when it sits at the old place) and none speaks for a rival
         */
        DECIDED,
        /** anchors speak for a rival and none for the candidate */
        AGAINST,
        /** anchors speak for the candidate and for a rival */
        CONFLICT,
        /** several distinctive anchors, but too few of them found near the candidate */
        UNCONFIRMED,
        /** too few distinctive anchors to say anything */
        WEAK
    }

    /**
     * The anchors' verdict on one candidate.
     *
     * @param agree   anchors that found the candidate's context and not the rivals'
     * @param against anchors that found a rival's context rather than the candidate's
     * @param usable  distinctive anchors that could be looked for near the candidate
     */
    record Verdict(Kind kind, int agree, int against, int usable) {
        @Override
        public String toString() {
            return switch (kind) {
                case DECIDED -> String.format(Locale.ROOT, "anchors %d of %d agree", agree, usable);
                case AGAINST -> String.format(Locale.ROOT, "anchors %d of %d for a look-alike", against, usable);
                case CONFLICT -> String.format(Locale.ROOT, "anchors disagree (%d for, %d against of %d)", agree,
                        against, usable);
                case UNCONFIRMED -> String.format(Locale.ROOT, "anchors unconfirmed (%d of %d found)", agree, usable);
                case WEAK -> String.format(Locale.ROOT, "anchors weak (%d for, %d against of %d)", agree, against,
                        usable);
            };
        }
    }

    private record Key(Look look, int x, int y, double scale, boolean onScreen, boolean absolute) {
    }

    private record RivalKey(int anchor, Point rival) {
    }

    private final Image baseline;
    private final Image screen;
    private final Point origin;
    private final List<Anchor> anchors;
    private final Map<Key, Double> scores;
    private final Map<RivalKey, Look> rivalLooks = new HashMap<>();

    private ContextAnchors(Image baseline, Image screen, Point origin, List<Anchor> anchors, Map<Key, Double> scores) {
        this.baseline = baseline;
        this.screen = screen;
        this.origin = origin;
        this.anchors = List.copyOf(anchors);
        this.scores = scores;
    }

    /**
     * @return the anchors of {@code view}'s element, picked by {@link AnchorPicker}, each one
     *     distinctive against every look-alike of the baseline frame; none without a baseline frame
     */
    static ContextAnchors of(StepView view) {
        Map<Key, Double> scores = new HashMap<>();
        if (view.baselineFrame == null) {
            return new ContextAnchors(null, view.screen, view.oldPoint, List.of(), scores);
        }
        ContextAnchors probe = new ContextAnchors(view.baselineFrame, view.screen, view.oldPoint, List.of(), scores);
        List<Anchor> picked = AnchorPicker.pick(view,
                a -> view.baselineTwins().stream().allMatch(t -> probe.inBaseline(a, t) <= DISTINCT_MAX));
        return new ContextAnchors(view.baselineFrame, view.screen, view.oldPoint, picked, scores);
    }

    List<Anchor> anchors() {
        return anchors;
    }

    /**
     * Judges {@code candidate} (screen pixels, matched at {@code scale}) against look-alikes on the
     * screen and spots of the baseline frame that look like the element.
     *
     * @param absolute count inverted pictures as matches (a restyled, dark screen)
     */
    Verdict judge(Point candidate, double scale, List<Point> screenRivals, List<Point> baselineRivals,
                  boolean absolute) {
        int n = anchors.size();
        double[] own = new double[n];
        double[] nearRival = new double[n];
        boolean[] usable = new boolean[n];
        int hopeful = 0;
        for (int k = 0; k < n; k++) {
            Anchor a = anchors.get(k);
            own[k] = onScreen(a.look(), a, candidate, scale, absolute);
            usable[k] = !Double.isNaN(own[k]);
            for (Point r : baselineRivals) {
                // The look-alike in the baseline had the same thing beside it: nothing to tell.
                usable[k] &= !(inBaseline(a, r) > DISTINCT_MAX);
            }
            if (!usable[k]) {
                continue;
            }
            nearRival[k] = -1;
            for (Point r : screenRivals) {
                nearRival[k] = max(nearRival[k], onScreen(a.look(), a, r, scale, absolute));
            }
            hopeful += own[k] >= FOUND && own[k] >= nearRival[k] + LEAD ? 1 : 0;
        }
        int agree = 0;
        int against = 0;
        int count = 0;
        boolean[] agreeing = new boolean[n];
        for (int k = 0; k < n; k++) {
            if (!usable[k]) {
                continue;
            }
            count++;
            Anchor a = anchors.get(k);
            double theirsHere = -1;
            if (hopeful >= MIN_AGREE) {
                // Where a look-alike of the baseline had much the same beside it, whose context is
                // this, its or ours? Only worth asking when the anchors could decide.
                for (Point r : baselineRivals) {
                    Look theirs = inBaseline(a, r) >= MAYBE_SAME ? rivalLook(k, r) : null;
                    if (theirs != null) {
                        theirsHere = max(theirsHere, onScreen(theirs, a, candidate, scale, absolute));
                    }
                }
            }
            if (own[k] >= FOUND && own[k] >= nearRival[k] + LEAD && own[k] >= theirsHere + LEAD) {
                agree++;
                agreeing[k] = true;
            } else if (nearRival[k] >= FOUND && nearRival[k] >= own[k] + LEAD
                    || theirsHere >= FOUND && theirsHere >= own[k] + LEAD) {
                against++;
            }
            if (log.isDebugEnabled()) {
                log.debug(String.format(Locale.ROOT, "anchor %s(%d,%d) at %s x%.2f: own %.2f, near rivals %.2f,"
                        + " theirs here %.2f", a.region(), a.dx(), a.dy(), candidate, scale, own[k], nearRival[k],
                        theirsHere));
            }
        }
        int usableCount = count;
        Kind kind;
        if (usableCount < MIN_AGREE) {
            kind = Kind.WEAK;
        } else if (agree >= MIN_AGREE && against == 0 && (2 * agree > usableCount || !atOldPlace(candidate, scale))
                && things(agreeing) >= MIN_AGREE) {
            kind = Kind.DECIDED;
        } else if (agree > 0 && against > 0) {
            kind = Kind.CONFLICT;
        } else if (against >= MIN_AGREE) {
            kind = Kind.AGAINST;
        } else {
            kind = Kind.UNCONFIRMED;
        }
        return new Verdict(kind, agree, against, usableCount);
    }

    /** Gap in pixels, either way, under which two anchors' pictures are parts of one thing. */
    static final int ONE_THING_GAP = 8;

    /**
     * @return how many separate things the flagged anchors show: pictures that overlap or nearly
     *     touch (three patches along one toolbar widget) are one piece of evidence, not three
     */
    int things(boolean[] flagged) {
        int n = anchors.size();
        int[] group = new int[n];
        for (int k = 0; k < n; k++) {
            group[k] = k;
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (flagged[i] && flagged[j] && touch(anchors.get(i).look().inFrame, anchors.get(j).look().inFrame)) {
                    int from = group[j];
                    int to = group[i];
                    for (int k = 0; k < n; k++) {
                        group[k] = group[k] == from ? to : group[k];
                    }
                }
            }
        }
        java.util.Set<Integer> distinct = new java.util.HashSet<>();
        for (int k = 0; k < n; k++) {
            if (flagged[k]) {
                distinct.add(group[k]);
            }
        }
        return distinct.size();
    }

    private static boolean touch(Rect a, Rect b) {
        int gapX = Math.max(a.x(), b.x()) - Math.min(a.right(), b.right());
        int gapY = Math.max(a.y(), b.y()) - Math.min(a.bottom(), b.bottom());
        return gapX <= ONE_THING_GAP && gapY <= ONE_THING_GAP;
    }

    /**
     * @return whether the candidate sits where the element was: there, what did not move with the
     *     element (a page heading, a table header) is found as well as what did, so most anchors
     *     must agree
     */
    private boolean atOldPlace(Point candidate, double scale) {
        return candidate.distanceTo(origin) < TemplateLocator.SAME_PLACE_PX * scale;
    }

    private static double max(double a, double b) {
        return Double.isNaN(b) ? a : Math.max(a, b);
    }

    /** @return the picture at the anchor's offset from a look-alike of the baseline, or null off the frame */
    private Look rivalLook(int anchor, Point rival) {
        return rivalLooks.computeIfAbsent(new RivalKey(anchor, rival), k -> {
            Rect own = anchors.get(anchor).look().inFrame;
            int x = own.x() + rival.x() - origin.x();
            int y = own.y() + rival.y() - origin.y();
            if (x < 0 || y < 0 || x + own.width() > baseline.width() || y + own.height() > baseline.height()) {
                return null;
            }
            return new Look(baseline, new Rect(x, y, own.width(), own.height()));
        });
    }

    /** @return the anchor's best correlation near its offset from {@code at} in the baseline frame */
    double inBaseline(Anchor a, Point at) {
        return scores.computeIfAbsent(new Key(a.look(), at.x(), at.y(), 1.0, false, false),
                k -> search(baseline, a.look(), a, at, 1.0, false));
    }

    private double onScreen(Look look, Anchor a, Point at, double scale, boolean absolute) {
        return scores.computeIfAbsent(new Key(look, at.x(), at.y(), scale, true, absolute),
                k -> search(screen, look, a, at, scale, absolute));
    }

    private static double search(Image frame, Look look, Anchor a, Point at, double scale, boolean absolute) {
        PatchSearch.Patch p = look.at(scale);
        if (p.flat()) {
            return Double.NaN;
        }
        return PatchSearch.best(frame, p, at.x() + (int) Math.round(a.dx() * scale),
                at.y() + (int) Math.round(a.dy() * scale), slack(a.dx(), SLACK_X, scale), slack(a.dy(), SLACK_Y, scale),
                absolute);
    }

    /** @return the slack, in pixels each way, around an anchor's expected place along one axis */
    static int slack(int offset, double share, double scale) {
        return (int) Math.round(scale * (SLACK_PX + share * Math.abs(offset)));
    }

    /** @return the horizontal slack for an anchor at horizontal offset {@code dx}, at scale 1 */
    static int slackX(int dx) {
        return slack(dx, SLACK_X, 1);
    }

    /** @return the vertical slack for an anchor at vertical offset {@code dy}, at scale 1 */
    static int slackY(int dy) {
        return slack(dy, SLACK_Y, 1);
    }
}
