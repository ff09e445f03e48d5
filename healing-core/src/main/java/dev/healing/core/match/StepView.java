package dev.healing.core.match;

import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import java.util.ArrayList;
import java.util.List;

/**
 * One step's baseline seen against the live screen: the template, where it was cut, and the
 * measurements the classifier and the locator share (in place?, where else?, does the candidate
 * map back to the old element?). One instance serves one call; not thread-safe.
 */
final class StepView {
    /** Side of the square patch around the click point that must match too, in baseline pixels. */
    static final int CENTRE_SIDE = 40;
    /** Grey correlation (0..1) at which another baseline spot counts as a look-alike of the template. */
    static final double TWIN_MIN = 0.9;
    /** Back-match lead (0..1) of another baseline spot over the old place that vetoes a candidate. */
    static final double VETO_MARGIN = 0.02;
    /** Spacing in pixels of the samples that check a slide along a continuous structure. */
    static final int CONTINUITY_STEP = 6;
    /** Longest slide along a continuous structure that is checked, in template sides. */
    static final int MAX_SLIDE_TEMPLATES = 1;

    final Image screen;
    final Image baselineFrame;
    final Image template;
    final Point oldPoint;
    /** Where the template was cut, in baseline-frame pixels. */
    final Rect cropRect;
    /** The click point inside the template, in template pixels. */
    final int offsetX;
    final int offsetY;
    private final Settings settings;
    private final Image suppliedCrop;
    private final int cropSide;
    private FramePyramid screenPyramid;
    private final java.util.Map<Double, TemplateSearch.Scaled> scaledTemplates = new java.util.HashMap<>();
    private FramePyramid baselinePyramid;

    /** Tunables shared by the locator and the classifier. */
    record Settings(double[] scales, double ambiguityMargin, double contextMin, double contextMargin,
                    double inPlaceMin, double inPlaceCentreMin, boolean useContext) {
    }

    /**
     * One analysis per capture: within {@link #sharing}, the classifier and the template locator
     * asking about the same screen, step and settings get the same view, so the pyramids, the
     * template scales and the in-place measurements are made once. Confined to the calling thread.
     */
    private static final ThreadLocal<StepView[]> SHARED = new ThreadLocal<>();

    /** Runs {@code body} with views shared among the calls it makes on this thread. */
    static <T> T sharing(java.util.function.Supplier<T> body) {
        StepView[] outer = SHARED.get();
        SHARED.set(new StepView[1]);
        try {
            return body.get();
        } finally {
            if (outer == null) {
                SHARED.remove();
            } else {
                SHARED.set(outer);
            }
        }
    }

    /** @return the view shared within {@link #sharing} for these arguments, or a new one */
    static StepView of(Image screen, Point oldPoint, Image crop, Image baselineFrame, int cropSide, Settings settings) {
        StepView[] slot = SHARED.get();
        StepView last = slot == null ? null : slot[0];
        if (last != null && last.screen == screen && last.baselineFrame == baselineFrame && last.suppliedCrop == crop
                && last.settings == settings && last.cropSide == cropSide && last.oldPoint.equals(oldPoint)) {
            return last;
        }
        StepView view = new StepView(screen, oldPoint, crop, baselineFrame, cropSide, settings);
        if (slot != null) {
            slot[0] = view;
        }
        return view;
    }

    StepView(Image screen, Point oldPoint, Image crop, Image baselineFrame, int cropSide, Settings settings) {
        this.settings = settings;
        this.suppliedCrop = crop;
        this.cropSide = cropSide;
        if (screen == null) {
            throw new IllegalArgumentException("the live screen is required");
        }
        if (oldPoint == null) {
            throw new IllegalArgumentException("the old click point is required");
        }
        this.screen = screen;
        this.baselineFrame = baselineFrame;
        int refW = baselineFrame != null ? baselineFrame.width() : screen.width();
        int refH = baselineFrame != null ? baselineFrame.height() : screen.height();
        if (oldPoint.x() >= refW || oldPoint.y() >= refH) {
            throw new IllegalArgumentException("point " + oldPoint + " is outside the " + refW + "x" + refH
                    + (baselineFrame != null ? " baseline frame" : " screen"));
        }
        if (crop == null) {
            if (baselineFrame == null) {
                throw new IllegalArgumentException("neither a baseline crop nor a baseline frame is stored");
            }
            crop = baselineFrame.cropAround(oldPoint, Math.min(cropSide, refW), Math.min(cropSide, refH));
        }
        if (crop.width() > screen.width() || crop.height() > screen.height()) {
            throw new IllegalArgumentException("the " + crop.width() + "x" + crop.height()
                    + " template is larger than the " + screen.width() + "x" + screen.height() + " screen");
        }
        if (crop.width() > refW || crop.height() > refH) {
            throw new IllegalArgumentException("the " + crop.width() + "x" + crop.height()
                    + " template is larger than the " + refW + "x" + refH + " baseline frame");
        }
        this.template = crop;
        this.oldPoint = oldPoint;
        this.cropRect = Rect.centeredWithin(oldPoint, crop.width(), crop.height(), refW, refH);
        this.offsetX = oldPoint.x() - cropRect.x();
        this.offsetY = oldPoint.y() - cropRect.y();
    }

    FramePyramid screenPyramid() {
        if (screenPyramid == null) {
            screenPyramid = new FramePyramid(screen);
        }
        return screenPyramid;
    }

    FramePyramid baselinePyramid() {
        if (baselinePyramid == null && baselineFrame != null) {
            baselinePyramid = new FramePyramid(baselineFrame);
        }
        return baselinePyramid;
    }

    /** @return whether the template carries enough texture to be searched for */
    boolean templateHasTexture() {
        int[] g = Planes.gray(template, template.bounds());
        double norm = Planes.norm(g);
        return norm * norm > g.length * Matching.FLAT_VARIANCE * 4;
    }

    /** The centre patch of the template, in template pixels. */
    Rect centrePatch() {
        int w = Math.min(CENTRE_SIDE, template.width());
        int h = Math.min(CENTRE_SIDE, template.height());
        return Rect.centeredWithin(new Point(offsetX, offsetY), w, h, template.width(), template.height());
    }

    /** What the old place shows now. */
    record InPlace(double full, double centre, double elsewhere, double context, boolean holds, String detail) {
    }

    /** Measures whether the element still sits, perhaps restyled, at its old place. */
    InPlace inPlace() {
        if (!screen.bounds().contains(cropRect)) {
            return new InPlace(0, 0, 0, 0, false, "old place " + cropRect + " is outside the "
                    + screen.width() + "x" + screen.height() + " screen");
        }
        double full = Matching.themeTolerant(template, template.bounds(), screen, cropRect);
        Rect c = centrePatch();
        Rect cs = new Rect(cropRect.x() + c.x(), cropRect.y() + c.y(), c.width(), c.height());
        double centre = Matching.themeTolerant(template, c, screen, cs);
        boolean holds = full >= settings.inPlaceMin() && centre >= settings.inPlaceCentreMin();
        double elsewhere = 0;
        double context = Double.NaN;
        String note = "";
        if (holds && baselineFrame != null) {
            // Something that was elsewhere on the baseline may have slid into the old place: the
            // live patch must look more like the old element than like any other baseline spot.
            Image live = screen.crop(cropRect);
            // The live patch sliding along one continuous structure (a long field) is not elsewhere.
            List<TemplateSearch.Match> others = new ArrayList<>(baselineElsewhere(live, cropRect, 4));
            // A spot whose surroundings match (the same bar edge along an app bar) but whose middle
            // does not show the element (an empty stretch of the bar) is not the element elsewhere.
            others.removeIf(o -> o.score() >= full - settings.ambiguityMargin() && !sameMiddle(cs, o.box(), centre));
            TemplateSearch.Match other = others.isEmpty() ? null : others.get(0);
            elsewhere = other == null ? 0 : other.score();
            if (other != null && elsewhere >= full - settings.ambiguityMargin()) {
                holds = false;
                note = String.format(", looks like %s of the baseline (%.2f)", pointIn(other.box()), elsewhere);
            } else if (!baselineTwins().isEmpty()) {
                // The element has look-alikes (a row of identical controls): only its row's
                // context says whether the one at the old place is still ours.
                ContextDecision decision = settings.useContext()
                        ? decideByContext(oldPoint, List.of(), baselineTwins(), 1.0, true) : ContextDecision.OFF;
                holds = decision.decided();
                note = String.format(", %d look-alike(s) in the baseline, context %s", baselineTwins().size(), decision);
            }
        }
        String detail = String.format("at old place: likeness %.2f, centre %.2f%s", full, centre, note);
        return new InPlace(full, centre, elsewhere, context, holds, detail);
    }

    /**
     * @return whether the middle of the screen's old place ({@code cs}, the centre patch) looks
     *     like the middle of {@code other}, a template-sized box of the baseline frame, nearly as
     *     much as like the element's own middle ({@code centre})
     */
    private boolean sameMiddle(Rect cs, Rect other, double centre) {
        Rect c = centrePatch();
        Rect there = new Rect(other.x() + c.x(), other.y() + c.y(), c.width(), c.height());
        if (!baselineFrame.bounds().contains(there)) {
            return true;
        }
        return Matching.themeTolerant(screen, cs, baselineFrame, there) >= centre - settings.ambiguityMargin();
    }

    private List<Point> twins;

    /**
     * @return click points of spots of the baseline frame, away from the old place, where the
     *     template's centre patch (the element itself) matches at least {@link #TWIN_MIN}; empty
     *     without a frame
     */
    List<Point> baselineTwins() {
        if (twins == null) {
            twins = new ArrayList<>();
            if (baselineFrame != null) {
                Rect c = centrePatch();
                Image patch = template.crop(c);
                int dx = offsetX - c.x();
                int dy = offsetY - c.y();
                Rect origin = new Rect(cropRect.x() + c.x(), cropRect.y() + c.y(), c.width(), c.height());
                for (TemplateSearch.Match m : baselineElsewhere(patch, origin, 12)) {
                    Point at = new Point(m.box().x() + dx, m.box().y() + dy);
                    if (at.distanceTo(oldPoint) >= Math.max(TemplateLocator.SAME_PLACE_PX, 0.2 * c.height()) && m.score() >= TWIN_MIN) {
                        twins.add(at);
                    }
                }
            }
        }
        return twins;
    }

    /**
     * Searches {@code patch} (cut at {@code origin} or looking like what is there) in the baseline
     * frame and returns the matches that are neither at {@code origin} nor a slide of it along one
     * continuous structure. When such a run of equal matches fills the result, the search is
     * repeated with the run's extent excluded, so that other places still show up.
     */
    List<TemplateSearch.Match> baselineElsewhere(Image patch, Rect origin, int limit) {
        TemplateSearch.Scaled t = new TemplateSearch.Scaled(patch, 1.0);
        double gap = Math.max(TemplateLocator.SAME_PLACE_PX, 0.2 * Math.min(origin.width(), origin.height()));
        List<TemplateSearch.Match> out = new ArrayList<>();
        Rect run = null;
        for (int pass = 0; pass < 2; pass++) {
            List<TemplateSearch.Match> found = TemplateSearch.search(baselinePyramid(), s -> t, new double[] {1.0},
                    limit, run);
            boolean crowded = false;
            for (TemplateSearch.Match m : found) {
                if (m.box().center().distanceTo(origin.center()) < gap) {
                    continue;
                }
                if (continuous(baselinePyramid(), t, origin, m.box(), m.score() - settings.ambiguityMargin(),
                        maxSlide())) {
                    crowded = true;
                    run = run == null ? union(origin, m.box()) : union(run, m.box());
                    continue;
                }
                if (out.stream().noneMatch(o -> o.box().center().distanceTo(m.box().center()) < gap)) {
                    out.add(m);
                }
            }
            if (!crowded) {
                break;
            }
            // Exclude top-left corners along the run, padded by the matching tolerance.
            run = new Rect(Math.max(0, run.x() - (int) gap), Math.max(0, run.y() - (int) gap),
                    run.width() - origin.width() + 1 + 2 * (int) gap, run.height() - origin.height() + 1 + 2 * (int) gap);
        }
        out.sort(java.util.Comparator.comparingDouble(TemplateSearch.Match::score).reversed());
        return out;
    }

    private static Rect union(Rect a, Rect b) {
        int x = Math.min(a.x(), b.x());
        int y = Math.min(a.y(), b.y());
        return new Rect(x, y, Math.max(a.right(), b.right()) - x, Math.max(a.bottom(), b.bottom()) - y);
    }

    /** @return the longest slide, in baseline pixels, checked for a continuous structure */
    private double maxSlide() {
        return MAX_SLIDE_TEMPLATES * Math.max(template.width(), template.height());
    }

    /** @return the click point of a template-sized box cut the way the template was */
    Point pointIn(Rect box) {
        double s = (double) box.width() / template.width();
        return new Point(box.x() + (int) Math.round(offsetX * s), box.y() + (int) Math.round(offsetY * s));
    }


    /** @return the template scaled by {@code s}, made once per call */
    TemplateSearch.Scaled scaled(double s) {
        return scaledTemplates.computeIfAbsent(s, k -> new TemplateSearch.Scaled(template, k));
    }

    /** @return matches of the template on the live screen, best first, distinct */
    List<TemplateSearch.Match> searchScreen(int limit) {
        return TemplateSearch.search(screenPyramid(), this::scaled, settings.scales(), limit);
    }

    /** The verdict on one search match. */
    record Judgement(TemplateSearch.Match match, Point point, double score, double centre, boolean vetoed,
                     boolean ambiguous, String detail, ContextDecision context) {
        /** @return whether anchors that travel with the element told it apart from its look-alikes */
        boolean byAnchors() {
            return context != null && context.byAnchors();
        }
    }

    /** Back-check of one match: is what sits there now our old element, or another one of the baseline? */
    private record Back(double centre, boolean vetoed, List<Point> rivals, String note) {
    }

    /**
     * Judges screen matches. A match is vetoed when what sits there looks more like another spot of
     * the baseline frame than like the old place (at its own size or scaled to the template's):
     * another element moved or slid in. Among the rest, a match is ambiguous when another
     * unvetoed match on the screen, or another spot of the baseline, matches within the ambiguity
     * margin, unless the row context tells them apart.
     */
    List<Judgement> judgeAll(List<TemplateSearch.Match> matches) {
        List<Back> backs = new ArrayList<>();
        for (TemplateSearch.Match m : matches) {
            backs.add(back(m));
        }
        List<Judgement> out = new ArrayList<>();
        for (int k = 0; k < matches.size(); k++) {
            TemplateSearch.Match m = matches.get(k);
            Back b = backs.get(k);
            Point p = pointIn(m.box());
            double s = m.scale();
            StringBuilder why = new StringBuilder(String.format("ncc %.2f (centre %.2f) at scale %.2f%s", m.score(),
                    b.centre(), s, b.note()));
            if (b.vetoed()) {
                out.add(new Judgement(m, p, m.score(), b.centre(), true, true,
                        why.append(", vetoed: it is another baseline element").toString(), null));
                continue;
            }
            List<Point> rivalsOnScreen = new ArrayList<>();
            for (int o = 0; o < matches.size(); o++) {
                TemplateSearch.Match other = matches.get(o);
                if (o != k && !backs.get(o).vetoed() && other.score() >= m.score() - settings.ambiguityMargin()
                        && other.box().center().distanceTo(m.box().center()) >= Math.max(TemplateLocator.SAME_PLACE_PX, 0.2 * m.box().height())
                        && !(other.scale() == s && continuous(screenPyramid(), scaled(s),
                                m.box(), other.box(), Math.min(m.score(), other.score()) - settings.ambiguityMargin(),
                                maxSlide() * s))) {
                    rivalsOnScreen.add(pointIn(other.box()));
                }
            }
            boolean ambiguous = !rivalsOnScreen.isEmpty() || !b.rivals().isEmpty();
            ContextDecision decision = null;
            if (ambiguous) {
                why.append(", look-alikes: ").append(rivalsOnScreen.size()).append(" on screen, ")
                        .append(b.rivals().size()).append(" in baseline");
                if (settings.useContext() && baselineFrame != null) {
                    decision = decideByContext(p, rivalsOnScreen, b.rivals(), s, false);
                    ambiguous = !decision.decided();
                    why.append("; context ").append(decision);
                }
            }
            out.add(new Judgement(m, p, m.score(), b.centre(), false, ambiguous, why.toString(), decision));
        }
        return out;
    }

    private Back back(TemplateSearch.Match m) {
        double s = m.scale();
        Rect c = centrePatch();
        TemplateSearch.Scaled scaled = scaled(s);
        int cw = Math.max(1, (int) Math.round(c.width() * s));
        int ch = Math.max(1, (int) Math.round(c.height() * s));
        int cx = Math.max(0, Math.min(m.box().width() - cw, (int) Math.round(c.x() * s)));
        int cy = Math.max(0, Math.min(m.box().height() - ch, (int) Math.round(c.y() * s)));
        double centre = Math.max(0, Matching.ncc(scaled.rgb, new Rect(cx, cy, cw, ch), screen,
                new Rect(m.box().x() + cx, m.box().y() + cy, cw, ch)));
        if (baselineFrame == null) {
            return new Back(centre, false, List.of(), "");
        }
        Image native_ = screen.crop(m.box());
        Image live = Planes.resample(screen, m.box(), template.width(), template.height());
        TemplateSearch.Scaled liveT = new TemplateSearch.Scaled(live, 1.0);
        TemplateSearch.Match atOld = TemplateSearch.refineFull(baselinePyramid(), liveT, cropRect.x(), cropRect.y(), 3, 3);
        double back = atOld == null ? 0 : atOld.score();
        double backOther = -1;
        Point otherAt = null;
        List<Point> rivals = new ArrayList<>();
        double minGap = Math.max(TemplateLocator.SAME_PLACE_PX, 0.2 * cropRect.height());
        List<TemplateSearch.Match> found = new ArrayList<>(baselineElsewhere(live, cropRect, 4));
        if (s != 1.0) {
            // At its own size, the thing found may be another baseline element of that size.
            found.addAll(TemplateSearch.search(baselinePyramid(), native_, new double[] {1.0}, 4));
        }
        for (TemplateSearch.Match o : found) {
            Point at = new Point(o.box().x() + (int) Math.round(offsetX * o.box().width() / (double) template.width()),
                    o.box().y() + (int) Math.round(offsetY * o.box().height() / (double) template.height()));
            if (o.box().center().distanceTo(cropRect.center()) < minGap) {
                continue;
            }
            if (o.score() > backOther) {
                backOther = o.score();
                otherAt = at;
            }
            if (o.score() >= back - settings.ambiguityMargin() && !continuous(baselinePyramid(), liveT, cropRect,
                    o.box(), Math.min(back, o.score()) - settings.ambiguityMargin(), maxSlide())) {
                rivals.add(at);
            }
        }
        for (Point twin : baselineTwins()) {
            if (rivals.stream().noneMatch(r -> r.distanceTo(twin) < minGap)) {
                rivals.add(twin);
            }
        }
        String note = String.format(", back-match %.2f", back)
                + (otherAt == null ? "" : String.format(" vs %.2f at %s of the baseline", backOther, otherAt));
        boolean vetoed = backOther > back + VETO_MARGIN;
        if (vetoed && settings.useContext() && isTwin(otherAt, minGap)) {
            // It looks more like one of the element's look-alikes (another table row, with the other
            // row background): which of them it is, is for the context to say, not the look.
            vetoed = false;
            Point other = otherAt;
            if (rivals.stream().noneMatch(r -> r.distanceTo(other) < minGap)) {
                rivals.add(other);
            }
            note += ", a look-alike's";
        }
        return new Back(centre, vetoed, rivals, note);
    }

    private boolean isTwin(Point at, double gap) {
        // The series of look-alikes counts, with the one next to the element that matched less well.
        return at != null && AnchorPicker.neighbours(oldPoint, baselineTwins()).stream()
                .anyMatch(t -> t.distanceTo(at) < gap);
    }

    /**
     * Whether a look-alike at {@code to} is just the template sliding along one continuous
     * structure from {@code from} (the inside of a long field, a header band): the template still
     * matches every {@value #CONTINUITY_STEP} pixels of the way between the two boxes, which lie at
     * most {@code maxShift} apart. A periodic pattern (a row of identical icons) drops between its
     * repeats and is not continuous.
     */
    static boolean continuous(FramePyramid frame, TemplateSearch.Scaled t, Rect from, Rect to, double floor,
                              double maxShift) {
        double shift = Math.hypot(to.x() - from.x(), to.y() - from.y());
        if (shift > maxShift) {
            return false;
        }
        int steps = Math.max(2, (int) Math.ceil(shift / CONTINUITY_STEP));
        for (int k = 1; k < steps; k++) {
            int x = from.x() + (to.x() - from.x()) * k / steps;
            int y = from.y() + (to.y() - from.y()) * k / steps;
            TemplateSearch.Match m = TemplateSearch.refineFull(frame, t, x, y, 1, 1);
            if (m == null || m.score() < floor) {
                return false;
            }
        }
        return true;
    }

    /** Half-widths of the context strips, in template widths, tried from the narrowest. */
    private static final double[] CONTEXT_SPANS = {1.5, 4, 9};
    /** Context likeness (0..1) that counts as the same row, pixel for pixel. */
    private static final double EXACT_CONTEXT = 0.97;

    private ContextAnchors anchors;

    /**
     * Uses {@code other}'s anchors, already picked, when it is a view of the same step on the same
     * screen (a second look with a smaller template).
     */
    void shareAnchors(StepView other) {
        if (other.screen == screen && other.baselineFrame == baselineFrame && other.oldPoint.equals(oldPoint)) {
            anchors = other.anchors;
        }
    }

    /** @return the anchors that travel with the element, picked on first use */
    ContextAnchors anchors() {
        if (anchors == null) {
            anchors = ContextAnchors.of(this);
        }
        return anchors;
    }

    /**
     * Tells the element apart from its look-alikes by its context. First the anchors that travel
     * with it ({@link ContextAnchors}): when they agree on {@code candidate}, or speak for a rival,
     * disagree, or are all missing near it, their word is final. Only when they are too few or too
     * weak to say anything does the row strip decide: it compares the row around the old point of the
     * baseline with the row around {@code candidate} on the screen ("own"), and each rival the same
     * way; from the narrowest strip to the widest, the first strip where one side leads by the context
     * margin decides.
     *
     * @param candidate      the candidate, in screen pixels
     * @param screenRivals   look-alikes of the candidate on the screen
     * @param baselineRivals spots of the baseline frame, away from the old point, that look like the element
     * @return {@link ContextVerdict#DECIDED} when own wins, otherwise why not, with the numbers
     */
    ContextDecision decideByContext(Point candidate, List<Point> screenRivals, List<Point> baselineRivals, double s,
                                    boolean themeTolerant) {
        ContextAnchors.Verdict a = anchors().judge(candidate, s, screenRivals, baselineRivals, themeTolerant);
        switch (a.kind()) {
            case DECIDED:
                return new ContextDecision(ContextVerdict.DECIDED, "", a);
            case AGAINST:
                return new ContextDecision(ContextVerdict.AGAINST, "", a);
            case CONFLICT:
            case UNCONFIRMED:
                return new ContextDecision(ContextVerdict.UNDECIDED, "", a);
            default:
                break;
        }
        List<Point[]> rivals = new ArrayList<>();
        for (Point r : screenRivals) {
            rivals.add(new Point[] {oldPoint, r});
        }
        for (Point r : baselineRivals) {
            rivals.add(new Point[] {r, candidate});
        }
        StringBuilder trail = new StringBuilder();
        for (double span : CONTEXT_SPANS) {
            double own = context(baselineFrame, oldPoint, screen, candidate, s, themeTolerant, span);
            double rival = -1;
            for (Point[] r : rivals) {
                rival = Math.max(rival, context(baselineFrame, r[0], screen, r[1], s, themeTolerant, span));
            }
            trail.append(String.format("%s%.2f vs %.2f", trail.length() == 0 ? "" : ", ", own, rival));
            // A near-perfect row (the same pixels beside it) needs a smaller lead than a fair one.
            boolean exact = own >= EXACT_CONTEXT && own >= rival + settings.contextMargin() / 3;
            if (exact || own >= settings.contextMin() && own >= rival + settings.contextMargin()) {
                return new ContextDecision(ContextVerdict.DECIDED, trail.toString(), a);
            }
            if (rival >= settings.contextMin() && rival >= own + settings.contextMargin()) {
                return new ContextDecision(ContextVerdict.AGAINST, trail.toString(), a);
            }
        }
        return new ContextDecision(ContextVerdict.UNDECIDED, trail.toString(), a);
    }

    /** What the context beside a candidate says about it against its look-alikes. */
    enum ContextVerdict {
        /** its own row wins: it is the element */
        DECIDED,
        /** a rival's row wins */
        AGAINST,
        /** no strip gave either side the lead, or context is off */
        UNDECIDED
    }

    /**
     * A context verdict and the evidence behind it.
     *
     * @param verdict what the context says
     * @param trail   own vs rival likeness per row strip tried, for the notes; empty when the anchors decided
     * @param anchors what the anchors said, or {@code null} when context is off
     */
    record ContextDecision(ContextVerdict verdict, String trail, ContextAnchors.Verdict anchors) {
        static final ContextDecision OFF = new ContextDecision(ContextVerdict.UNDECIDED, "off", null);

        boolean decided() {
            return verdict == ContextVerdict.DECIDED;
        }

        /** @return whether the anchors, not the row strip, gave the verdict */
        boolean byAnchors() {
            return anchors != null && trail.isEmpty();
        }

        @Override
        public String toString() {
            if (this == OFF) {
                return "off";
            }
            String v = verdict.name().toLowerCase(java.util.Locale.ROOT);
            return byAnchors() ? v + " by " + anchors : v + " " + trail + " (" + anchors + ")";
        }
    }

    /**
     * Likeness, 0..1, of the row around {@code a} in {@code frameA} and around {@code b} in
     * {@code frameB} (the latter scaled by {@code s}): a strip as high as the centre patch and up
     * {@code span} template widths either side. Rows of look-alike controls differ in what sits beside
     * them (the name in a table row, the label of a checkbox).
     *
     * @param themeTolerant also accept the edge correlation (for a restyled screen)
     */
    double context(Image frameA, Point a, Image frameB, Point b, double s, boolean themeTolerant, double span) {
        int want = (int) Math.round(span * template.width());
        int half = Math.min(CENTRE_SIDE, template.height()) / 2;
        int left = min(want, a.x(), (int) Math.floor(b.x() / s));
        int right = min(want, frameA.width() - a.x(), (int) Math.floor((frameB.width() - b.x()) / s));
        int top = min(half, a.y(), (int) Math.floor(b.y() / s));
        int bottom = min(half, frameA.height() - a.y(), (int) Math.floor((frameB.height() - b.y()) / s));
        if (left + right < 4 || top + bottom < 4) {
            return 0;
        }
        Rect ra = new Rect(a.x() - left, a.y() - top, left + right, top + bottom);
        int bx = Math.max(0, (int) Math.round(b.x() - left * s));
        int by = Math.max(0, (int) Math.round(b.y() - top * s));
        int bw = Math.min(frameB.width() - bx, (int) Math.round((left + right) * s));
        int bh = Math.min(frameB.height() - by, (int) Math.round((top + bottom) * s));
        if (bw < 1 || bh < 1) {
            return 0;
        }
        Image strip = Planes.resample(frameB, new Rect(bx, by, bw, bh), ra.width(), ra.height());
        return themeTolerant ? Matching.themeTolerant(frameA, ra, strip, strip.bounds())
                : Math.max(0, Matching.ncc(frameA, ra, strip, strip.bounds()));
    }

    private static int min(int a, int b, int c) {
        return Math.max(0, Math.min(a, Math.min(b, c)));
    }
}
