package dev.healing.core.match;

import dev.healing.api.Candidate;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Locator;
import dev.healing.api.Rect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local locator ({@code "template"}): finds the step's baseline crop on the live screen by
 * coarse-to-fine, multi-scale grey correlation (1/8, 1/4 and full resolution), tolerant of theme
 * changes at the old place, and checks each find against its look-alikes.
 *
 * <p>What it returns, best first:
 * <ul>
 *   <li>the old click point, when the element still sits there, perhaps restyled (dark mode,
 *       accent colour): edge and grey likeness of the crop and of its centre patch, and nothing
 *       else from the baseline frame that slid into that place;</li>
 *   <li>the best distinct peaks of the search, each with a confidence 0..1 calibrated so that
 *       0.80 (the healer's default bar) means a full-resolution correlation of 0.80.</li>
 * </ul>
 * When another peak on the screen, or another spot of the stored baseline frame, matches nearly
 * as well (a row of identical "Edit" buttons), the wider context from the baseline frame must
 * tell them apart; otherwise the confidence drops to at most {@value #AMBIGUOUS_CONFIDENCE} and
 * the healer abstains.
 *
 * <p>Immutable and thread-safe; each call allocates a few planes (about a third of the frame's
 * bytes) and nothing per pixel. Bad input (template larger than the screen, a point outside the
 * frame) throws {@link IllegalArgumentException} naming the sizes; a failed search is a
 * NOT_FOUND result.
 */
public final class TemplateLocator implements Locator {
    /** Default search scales: 0.75x to 1.5x in seven steps, for DPI and zoom changes. */
    public static final List<Double> DEFAULT_SCALES = List.of(0.75, 0.875, 1.0, 1.125, 1.25, 1.375, 1.5);
    /** Default: peaks within this much correlation (0..1) of the best count as look-alikes. */
    public static final double DEFAULT_AMBIGUITY_MARGIN = 0.06;
    /** Default least context correlation (0..1) that may break a tie between look-alikes. */
    public static final double DEFAULT_CONTEXT_MIN = 0.6;
    /** Default lead (0..1) the winner's context correlation needs over every look-alike's. */
    public static final double DEFAULT_CONTEXT_MARGIN = 0.12;
    /** Default least theme-tolerant likeness (0..1) of the whole crop for "still in place". */
    public static final double DEFAULT_IN_PLACE_MIN = 0.75;
    /** Default least theme-tolerant likeness (0..1) of the 40x40 centre patch for "still in place". */
    public static final double DEFAULT_IN_PLACE_CENTRE_MIN = 0.75;
    /** Default most candidates returned. */
    public static final int DEFAULT_MAX_CANDIDATES = 3;
    /**
     * Default crop side, in pixels, cut from the baseline frame when no crop is stored; the one
     * definition of the library's 100 px baseline crop (the healer's default crop size too).
     */
    public static final int DEFAULT_CROP_SIDE = 100;
    /**
     * Points closer than this many pixels count as the same place: a find at the old point, two
     * peaks of one element, a candidate already tried. The one definition of it in the library.
     */
    public static final int SAME_PLACE_PX = 6;
    /**
     * The healer's default confidence bar (0..1); {@link #locate} calibrates its confidences so that
     * a full-resolution correlation of this value gets exactly this confidence. The one definition
     * of it in the library.
     */
    public static final double CONFIDENCE_BAR = 0.80;
    /** Least confidence (0..1) of the old point when the element is judged still in place, perhaps restyled. */
    public static final double IN_PLACE_CONFIDENCE = 0.90;
    /** Highest confidence of a candidate whose look-alikes could not be told apart. */
    public static final double AMBIGUOUS_CONFIDENCE = 0.5;
    /** Highest confidence of a candidate that looks more like another element of the baseline frame. */
    public static final double VETOED_CONFIDENCE = 0.2;

    /** Confidence of a fair match that anchors travelling with the element single out among look-alikes. */
    static final double ANCHORED_CONFIDENCE = 0.85;
    /** Least correlation (0..1) of a match, and of its centre patch, that anchors may raise to {@value #ANCHORED_CONFIDENCE}. */
    static final double ANCHORED_MIN = 0.65;

    /** Most matches looked at when the best ones are look-alikes the anchors may tell apart. */
    static final int TWIN_LIMIT = 12;

    /** Size in pixels of the patch around the click point searched when the whole crop fails. */
    static final int FOCUS_WIDTH = 64;
    static final int FOCUS_HEIGHT = 40;
    /** Confidence factor for finds of the small patch, which carries less evidence than the crop. */
    static final double FOCUS_DISCOUNT = 0.95;

    private static final Logger log = LoggerFactory.getLogger(TemplateLocator.class);

    private final StepView.Settings settings;
    private final int maxCandidates;
    private final int cropSide;

    private TemplateLocator(Builder b) {
        this.settings = new StepView.Settings(b.scales.stream().mapToDouble(Double::doubleValue).toArray(),
                b.ambiguityMargin, b.contextMin, b.contextMargin, b.inPlaceMin, b.inPlaceCentreMin, b.useContext);
        this.maxCandidates = b.maxCandidates;
        this.cropSide = b.cropSide;
    }

    /** @return a locator with every default */
    public static TemplateLocator create() {
        return builder().build();
    }

    /** @return a builder preset with the documented defaults */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "template";
    }

    /**
     * Runs {@code body} so that every {@link ScreenClassifier} and {@code TemplateLocator} it calls on
     * this thread about the same capture, step and settings share one analysis (pyramids, template
     * scales, the in-place judgement) instead of each making its own. Results are the same as without
     * it, only computed once. Confined to the calling thread; nests.
     *
     * @param body the work to run, e.g. classify then locate one step
     * @param <T>  what {@code body} returns
     * @return what {@code body} returned
     */
    public static <T> T sharingOneAnalysis(Supplier<T> body) {
        return StepView.sharing(body);
    }

    /**
     * The one confidence rule for the old point of an element judged still in place (by the same
     * measurements in {@link ScreenClassifier} and here): {@value #IN_PLACE_CONFIDENCE}, or the bar
     * asked for when that is higher, so an in-place verdict is never filtered out by the bar.
     *
     * @param minConfidence the bar the caller asks for, 0..1
     * @return the confidence to give the old point, 0..1
     */
    public static double inPlaceConfidence(double minConfidence) {
        return Math.max(minConfidence, IN_PLACE_CONFIDENCE);
    }

    StepView.Settings settings() {
        return settings;
    }

    int cropSide() {
        return cropSide;
    }

    /**
     * Finds the query's baseline crop (or the crop cut around the old point from the baseline frame)
     * on {@code query.screen()}.
     *
     * @throws IllegalArgumentException if the template is larger than the screen or the old point lies outside the frame
     */
    @Override
    public LocateResult locate(LocateQuery query) {
        StepView view = StepView.of(query.screen(), query.oldPoint(), query.baselineCrop(), query.baselineFrame(),
                cropSide, settings);
        if (!view.templateHasTexture()) {
            return LocateResult.notFound("the baseline crop is flat: nothing to search for");
        }
        List<Candidate> out = new ArrayList<>();
        StepView.InPlace here = view.inPlace();
        Candidate inPlace = null;
        if (here.holds()) {
            inPlace = Candidate.at(query.oldPoint(), inPlaceConfidence(query.minConfidence()), name(),
                    "in place, " + here.detail());
        }
        List<TemplateSearch.Match> matches = view.searchScreen(maxCandidates + 1);
        int shown = 0;
        List<StepView.Judgement> judged = view.judgeAll(matches);
        for (StepView.Judgement j : judged) {
            double conf = calibrate(j.score(), j.centre());
            if (j.vetoed()) {
                conf = Math.min(conf, VETOED_CONFIDENCE);
            } else if (j.ambiguous()) {
                conf = Math.min(conf, AMBIGUOUS_CONFIDENCE);
            } else if (j.byAnchors()) {
                conf = anchored(conf, j);
            }
            if (here.holds() && j.point().distanceTo(query.oldPoint()) < SAME_PLACE_PX || shown >= maxCandidates) {
                continue;
            }
            shown++;
            out.add(new Candidate(j.point(), j.match().box(), conf, name(), reasoning(j)));
        }
        if (inPlace == null && out.stream().noneMatch(c -> c.confidence() >= query.minConfidence())) {
            out.addAll(twinCandidates(view, judged));
        }
        if (inPlace == null && out.stream().noneMatch(c -> c.confidence() >= query.minConfidence())) {
            out.addAll(focusCandidates(view, query));
        }
        out.sort(Comparator.comparingDouble(Candidate::confidence).reversed());
        if (inPlace != null) {
            // Still at its old place is the verdict; matches elsewhere are only alternatives.
            out.add(0, inPlace);
        }
        log.debug("{} step {}: {} candidate(s), {}", query.workflowId(), query.stepIndex(), out.size(),
                here.detail());
        if (out.isEmpty()) {
            return LocateResult.notFound("no match on the screen; " + here.detail());
        }
        return LocateResult.found(out);
    }

    /**
     * When the best matches are look-alikes that could not be told apart, the element may be another
     * of them, beyond the few matches judged: looks at up to {@value #TWIN_LIMIT} matches at the
     * look-alikes' scale and returns those the anchors travelling with the element single out.
     */
    private List<Candidate> twinCandidates(StepView view, List<StepView.Judgement> judged) {
        List<Candidate> out = new ArrayList<>();
        StepView.Judgement twin = judged.stream().filter(j -> !j.vetoed() && j.ambiguous()).findFirst().orElse(null);
        if (twin == null || !settings.useContext() || view.baselineFrame == null || judged.size() <= maxCandidates) {
            return out;
        }
        List<TemplateSearch.Match> more = TemplateSearch.search(view.screenPyramid(), view::scaled,
                new double[] {twin.match().scale()}, TWIN_LIMIT);
        for (StepView.Judgement j : view.judgeAll(more)) {
            if (!j.vetoed() && !j.ambiguous() && j.byAnchors()) {
                out.add(new Candidate(j.point(), j.match().box(), anchored(calibrate(j.score(), j.centre()), j), name(),
                        "among " + more.size() + " look-alikes: " + reasoning(j)));
            }
        }
        return out;
    }

    /**
     * Second look with a smaller template, the {@value #FOCUS_WIDTH}x{@value #FOCUS_HEIGHT} patch
     * around the click point: when the surroundings reflowed (a sentence re-wrapped around a link)
     * the whole crop no longer matches anywhere, but the element itself still does. The same
     * veto, look-alike and context checks apply; only clear, unambiguous finds are returned.
     */
    private List<Candidate> focusCandidates(StepView view, LocateQuery query) {
        List<Candidate> out = new ArrayList<>();
        Image template = view.template;
        if (template.width() < 1.5 * FOCUS_WIDTH || template.height() < 1.5 * FOCUS_HEIGHT) {
            return out;
        }
        int refW = query.baselineFrame() != null ? query.baselineFrame().width() : query.screen().width();
        int refH = query.baselineFrame() != null ? query.baselineFrame().height() : query.screen().height();
        Rect inFrame = Rect.centeredWithin(query.oldPoint(), FOCUS_WIDTH, FOCUS_HEIGHT, refW, refH);
        int tx = inFrame.x() - view.cropRect.x();
        int ty = inFrame.y() - view.cropRect.y();
        if (tx < 0 || ty < 0 || tx + FOCUS_WIDTH > template.width() || ty + FOCUS_HEIGHT > template.height()) {
            return out;
        }
        StepView focus = new StepView(query.screen(), query.oldPoint(), template.crop(new Rect(tx, ty, FOCUS_WIDTH,
                FOCUS_HEIGHT)), query.baselineFrame(), cropSide, settings);
        if (!focus.templateHasTexture()) {
            return out;
        }
        focus.shareAnchors(view);
        for (StepView.Judgement j : focus.judgeAll(focus.searchScreen(maxCandidates + 1))) {
            if (!j.vetoed() && !j.ambiguous()) {
                out.add(new Candidate(j.point(), j.match().box(), anchored(calibrate(j.score(), j.centre()) * FOCUS_DISCOUNT, j),
                        name(), "focus patch: " + reasoning(j)));
            }
        }
        return out;
    }

    /**
     * @return {@code conf}, raised to {@value #ANCHORED_CONFIDENCE} when anchors that travel with the
     *     element agreed on this match and the match itself is fair (at least {@value #ANCHORED_MIN}
     *     for the crop and its centre): a rescaled or restyled row matches less well, but its own
     *     words beside it say it is the one
     */
    private static double anchored(double conf, StepView.Judgement j) {
        boolean fair = j.score() >= ANCHORED_MIN && j.centre() >= ANCHORED_MIN;
        return j.byAnchors() && !j.ambiguous() && fair ? Math.max(conf, ANCHORED_CONFIDENCE) : conf;
    }

    /** @return the judgement's notes, led by "template+anchors" when anchors told the look-alikes apart */
    private static String reasoning(StepView.Judgement j) {
        return j.byAnchors() && !j.ambiguous() ? "template+anchors (" + j.context().anchors() + "): " + j.detail()
                : j.detail();
    }

    /**
     * Maps a full-resolution correlation (and its centre patch's) to a confidence 0..1: 0.80 gives
     * 0.80, 0.90 gives 1.0; a centre patch that matches worse than the whole pulls it down.
     */
    static double calibrate(double score, double centre) {
        double effective = Math.min(score, centre + 0.1);
        return clamp(CONFIDENCE_BAR + (effective - CONFIDENCE_BAR) * 2.0);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    /** Builds a {@link TemplateLocator}. Not thread-safe; setters reject bad values at once. */
    public static final class Builder {
        private List<Double> scales = DEFAULT_SCALES;
        private double ambiguityMargin = DEFAULT_AMBIGUITY_MARGIN;
        private double contextMin = DEFAULT_CONTEXT_MIN;
        private double contextMargin = DEFAULT_CONTEXT_MARGIN;
        private double inPlaceMin = DEFAULT_IN_PLACE_MIN;
        private double inPlaceCentreMin = DEFAULT_IN_PLACE_CENTRE_MIN;
        private int maxCandidates = DEFAULT_MAX_CANDIDATES;
        private int cropSide = DEFAULT_CROP_SIDE;
        private boolean useContext = true;

        private Builder() {
        }

        /**
         * Search scales (live size / baseline size), each within 0.25..4; default
         * {@link #DEFAULT_SCALES}. One scale ({@code 1.0}) is fastest.
         */
        public Builder scales(double... values) {
            if (values == null || values.length == 0) {
                throw new IllegalArgumentException("at least one scale is needed, got " + Arrays.toString(values));
            }
            List<Double> list = new ArrayList<>();
            for (double v : values) {
                if (!(v >= 0.25 && v <= 4)) {
                    throw new IllegalArgumentException("scales must be within 0.25..4, got " + v);
                }
                list.add(v);
            }
            this.scales = List.copyOf(list);
            return this;
        }

        /** Correlation gap 0..0.5 within which two peaks are look-alikes; default {@value #DEFAULT_AMBIGUITY_MARGIN}. */
        public Builder ambiguityMargin(double value) {
            this.ambiguityMargin = range("ambiguityMargin", value, 0, 0.5);
            return this;
        }

        /** Least context correlation 0..1 that may break a tie; default {@value #DEFAULT_CONTEXT_MIN}. */
        public Builder contextMin(double value) {
            this.contextMin = range("contextMin", value, 0, 1);
            return this;
        }

        /** Lead 0..1 the winner's context needs over each look-alike's; default {@value #DEFAULT_CONTEXT_MARGIN}. */
        public Builder contextMargin(double value) {
            this.contextMargin = range("contextMargin", value, 0, 1);
            return this;
        }

        /** Least likeness 0..1 of the crop at the old place for "in place"; default {@value #DEFAULT_IN_PLACE_MIN}. */
        public Builder inPlaceMin(double value) {
            this.inPlaceMin = range("inPlaceMin", value, 0, 1);
            return this;
        }

        /** Least likeness 0..1 of the centre patch for "in place"; default {@value #DEFAULT_IN_PLACE_CENTRE_MIN}. */
        public Builder inPlaceCentreMin(double value) {
            this.inPlaceCentreMin = range("inPlaceCentreMin", value, 0, 1);
            return this;
        }

        /** Most candidates returned, 1..20; default {@value #DEFAULT_MAX_CANDIDATES}. */
        public Builder maxCandidates(int value) {
            if (value < 1 || value > 20) {
                throw new IllegalArgumentException("maxCandidates must be within 1..20, got " + value);
            }
            this.maxCandidates = value;
            return this;
        }

        /** Side in pixels (8..1000) of the crop cut from the baseline frame when none is stored; default 100. */
        public Builder cropSide(int value) {
            if (value < 8 || value > 1000) {
                throw new IllegalArgumentException("cropSide must be within 8..1000, got " + value);
            }
            this.cropSide = value;
            return this;
        }

        /** Whether to break look-alike ties with the baseline frame's wider context; default true. */
        public Builder useContext(boolean value) {
            this.useContext = value;
            return this;
        }

        /** @return the locator */
        public TemplateLocator build() {
            return new TemplateLocator(this);
        }

        private static double range(String name, double value, double min, double max) {
            if (!(value >= min && value <= max)) {
                throw new IllegalArgumentException(name + " must be within " + min + ".." + max + ", got " + value);
            }
            return value;
        }
    }
}
