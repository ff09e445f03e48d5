package dev.healing.core.match;

import dev.healing.api.Baseline;
import dev.healing.api.FailureKind;
import dev.healing.api.Image;
import java.util.List;
import java.util.Objects;

/**
 * The default {@link FailureClassifier}: looks at the live frame, the baseline crop and (when
 * stored) the baseline frame, and says which of these it sees, in this order:
 * <ol>
 *   <li>{@link FailureKind#TRANSIENT}: the frame is blank (grey spread under
 *       {@value #BLANK_STD} levels) or nearly empty next to the baseline frame (under
 *       {@value #EMPTY_EDGE_RATIO} of its edge energy): loading, wait and recapture;</li>
 *   <li>{@link FailureKind#IN_PLACE}: the element still sits at its old place, perhaps restyled
 *       (theme-tolerant likeness of the crop and its centre patch, and nothing else from the
 *       baseline slid into that place): re-baseline, do not move;</li>
 *   <li>{@link FailureKind#MOVED}: the crop matches elsewhere (grey correlation at least
 *       {@value #MOVED_MIN} at some scale, {@value #MOVED_ON_OTHER_LAYOUT_MIN} when the layout
 *       differs), and what matches is not another element of the baseline frame: relocate;</li>
 *   <li>{@link FailureKind#DIFFERENT_SCREEN}: no match, and the frame as a whole is unlike the
 *       baseline frame (layout correlation under {@value #SAME_SCREEN_MIN}): do not heal;</li>
 *   <li>{@link FailureKind#GONE}: no match on what is otherwise the same screen: abstain.</li>
 * </ol>
 * The detail string carries the numbers that decided. Immutable and thread-safe. Uses the same
 * measurements as {@link TemplateLocator}, so the two agree about "in place".
 */
public final class ScreenClassifier implements FailureClassifier {
    /** Grey standard deviation (0..255) under which a frame counts as blank. */
    public static final double BLANK_STD = 2.5;
    /** Edge energy, as a fraction of the baseline frame's, under which the frame counts as empty. */
    public static final double EMPTY_EDGE_RATIO = 0.1;
    /** Least grey correlation (0..1) of a match elsewhere for MOVED. */
    public static final double MOVED_MIN = 0.7;
    /** Least whole-frame layout correlation (0..1) for "the same screen". */
    public static final double SAME_SCREEN_MIN = 0.25;
    /** Least grey correlation (0..1) of a match for MOVED when the layout looks like another screen. */
    public static final double MOVED_ON_OTHER_LAYOUT_MIN = 0.9;

    private final TemplateLocator locator;

    private ScreenClassifier(TemplateLocator locator) {
        this.locator = Objects.requireNonNull(locator, "locator");
    }

    /** @return a classifier with the default {@link TemplateLocator} settings */
    public static ScreenClassifier create() {
        return new ScreenClassifier(TemplateLocator.create());
    }

    /** @return a classifier sharing {@code locator}'s scales and thresholds */
    public static ScreenClassifier using(TemplateLocator locator) {
        return new ScreenClassifier(locator);
    }

    /**
     * @throws IllegalArgumentException if the crop is larger than the screen or the point lies outside the frame
     */
    @Override
    public Classification classify(Image screen, Baseline baseline) {
        Objects.requireNonNull(baseline, "baseline");
        StepView view = StepView.of(screen, baseline.point(), baseline.crop(), baseline.frame(), locator.cropSide(),
                locator.settings());
        FramePyramid live = view.screenPyramid();
        double std = ScreenStats.std(live);
        if (std < BLANK_STD) {
            return new Classification(FailureKind.TRANSIENT, String.format("blank frame: grey spread %.1f", std));
        }
        double layout = Double.NaN;
        if (baseline.frame() != null) {
            FramePyramid old = view.baselinePyramid();
            double ratio = ScreenStats.edgeEnergy(live) / Math.max(1e-9, ScreenStats.edgeEnergy(old));
            if (ratio < EMPTY_EDGE_RATIO) {
                return new Classification(FailureKind.TRANSIENT,
                        String.format("nearly empty frame: %.0f%% of the baseline's edges", 100 * ratio));
            }
            layout = ScreenStats.layoutLikeness(live, old);
        }
        if (!view.templateHasTexture()) {
            return new Classification(FailureKind.UNKNOWN, "the baseline crop is flat: nothing to compare");
        }
        StepView.InPlace here = view.inPlace();
        if (here.holds()) {
            return new Classification(FailureKind.IN_PLACE, here.detail());
        }
        List<TemplateSearch.Match> matches = view.searchScreen(3);
        StepView.Judgement found = null;
        for (StepView.Judgement j : view.judgeAll(matches)) {
            if (!j.vetoed() && (found == null || j.score() > found.score())) {
                found = j;
            }
        }
        double best = found == null ? 0 : found.score();
        String atScale = "";
        if (found != null && best >= MOVED_MIN && found.match().scale() != 1.0 && !Double.isNaN(layout)
                && layout < SAME_SCREEN_MIN) {
            // Found at another size: the display scale may have changed (125 %, 150 %), and the
            // whole page with it; its layout lines up with the old one only at that scale.
            double scaled = ScreenStats.layoutLikeness(live, view.baselinePyramid(), found.match().scale());
            if (scaled > layout) {
                layout = scaled;
                atScale = String.format(" at scale %.2f", found.match().scale());
            }
        }
        String layoutNote = Double.isNaN(layout) ? "" : String.format(", layout %.2f%s", layout, atScale);
        boolean otherScreen = !Double.isNaN(layout) && layout < SAME_SCREEN_MIN;
        if (best >= (otherScreen ? MOVED_ON_OTHER_LAYOUT_MIN : MOVED_MIN)) {
            return new Classification(FailureKind.MOVED, String.format("best match %.2f at %s scale %.2f; %s%s",
                    best, found.point(), found.match().scale(), here.detail(), layoutNote));
        }
        if (!Double.isNaN(layout) && layout < SAME_SCREEN_MIN) {
            return new Classification(FailureKind.DIFFERENT_SCREEN, String.format(
                    "layout %.2f%s against the baseline frame; best match %.2f", layout, atScale, best));
        }
        return new Classification(FailureKind.GONE, String.format("best match %.2f; %s%s", best, here.detail(),
                layoutNote));
    }
}
