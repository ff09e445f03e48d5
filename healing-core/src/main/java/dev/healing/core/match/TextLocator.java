package dev.healing.core.match;

import dev.healing.api.Candidate;
import dev.healing.api.FailureKind;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Locator;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local text locator ({@code "text"}): finds the step's element by the words it carries,
 * read on the screen with Tesseract (through JNA, {@code libtesseract.so.5}).
 *
 * <p>The label comes from the description's quoted words found next to the old point in the
 * baseline frame ("the checkbox of the to-do 'Buy milk'"), else from the words read at the old
 * point itself. Other quoted words on the label's line must be on its line now too ("in the row
 * of 'Angelica Ramos'"). When the label occurs more than once on the screen, the words sharing
 * its line in the baseline frame (its row) pick the occurrence; identical rows (a table's header
 * and footer) are told apart by their order; anything else abstains. The click point keeps its
 * place relative to the label, scaled with it, so a checkbox or a field beside its label is
 * clicked, not the label.
 *
 * <p>It reads at most two frames per step (the live one and the baseline frame, or the crop when
 * no frame is stored) and remembers the last few frames read. When Tesseract is not installed it
 * logs so once and finds nothing. Thread-safe; reads are serialised on one Tesseract engine.
 */
public final class TextLocator implements Locator {
    /** Confidence of a find whose label is unique on the screen or picked out by its row. */
    public static final double CONFIDENCE = 0.86;
    /** Confidence of a find by its picture beside the words the description names (its row, its card). */
    public static final double CONTEXT_CONFIDENCE = 0.84;
    /** Confidence of a find picked among identical rows by its order on the screen. */
    public static final double ORDER_CONFIDENCE = 0.82;
    /** Farthest (pixels) a quoted label may lie from the old point in the baseline frame. */
    static final int QUOTED_REACH = 80;
    /** How far (pixels) beyond a word's box the old point may lie for the word to be the element's. */
    static final int WORD_REACH = 6;
    /** How far above a label, in its line heights, the title of its card or field is looked for. */
    static final int TITLE_REACH_LINES = 8;
    /** Size in pixels of the region around the old point read first. */
    static final int NEAR_WIDTH = 960;
    static final int NEAR_HEIGHT = 400;
    /** Least likeness (0..1) of a found line to the same place in the baseline that makes it an old neighbour. */
    static final double ALREADY_THERE_MIN = 0.9;
    /** Least lead of the best row likeness over the next for the row to decide. */
    static final double ROW_LEAD = 0.25;
    /** Least row likeness (0..1) that may decide. */
    static final double ROW_MIN = 0.34;

    /** Least letters of quoted words beside the element whose absence from the screen refuses a candidate. */
    static final int GONE_WORDS_MIN = 4;

    /** Farthest (pixels) a described, unquoted word may lie from the old point on its line. */
    static final int DESCRIBED_REACH = 200;
    private static final Set<String> STOP_WORDS = Set.of("click", "the", "and", "for", "with", "into", "from",
            "this", "that", "its", "next", "left", "right", "above", "below", "under", "top", "bottom", "bar",
            "button", "field", "link", "icon", "entry", "text", "box", "menu", "item", "row", "column", "page",
            "checkbox", "first", "second", "third", "last");
    private static final Pattern QUOTED = Pattern.compile(
            "(?<![\\p{L}\\p{N}])['\u2018\"\u201c]([^'\u2019\"\u201d]{1,60}?)['\u2019\"\u201d](?![\\p{L}\\p{N}])");
    private static final Logger log = LoggerFactory.getLogger(TextLocator.class);

    private final TextReader reader;

    private TextLocator(TextReader reader) {
        this.reader = reader;
    }

    /** @return a locator reading frames at their own size */
    public static TextLocator create() {
        return new TextLocator(new TextReader(1));
    }

    /**
     * @param factor how much to enlarge each frame before reading it, 1..4: 2 reads UI fonts under
     *               about 11 px that 1 misses, at about 1.7x the time per frame
     * @return a locator reading frames enlarged by {@code factor}
     * @throws IllegalArgumentException when {@code factor} is outside 1..4
     */
    public static TextLocator upscaling(int factor) {
        if (factor < 1 || factor > 4) {
            throw new IllegalArgumentException("upscaling factor must be within 1..4, got " + factor);
        }
        return new TextLocator(new TextReader(factor));
    }

    @Override
    public String name() {
        return "text";
    }

    /** @return why the locator cannot read (Tesseract missing), or empty when it can */
    public Optional<String> unavailable() {
        return reader.unavailable();
    }

    /**
     * Likeness of two frames by their words: the share of the baseline frame's words (4 letters
     * or more) that are also on the screen, 0..1; empty when OCR is unavailable or the baseline
     * frame carries too few words to judge.
     */
    public Optional<Double> sharedWords(Image screen, Image baselineFrame) {
        Optional<ScreenText> base = reader.read(baselineFrame);
        Optional<ScreenText> now = base.isPresent() ? reader.read(screen) : Optional.empty();
        if (now.isEmpty()) {
            return Optional.empty();
        }
        Set<String> before = base.get().vocabulary(4);
        if (before.size() < 5) {
            return Optional.empty();
        }
        Set<String> shared = new HashSet<>(before);
        shared.retainAll(now.get().vocabulary(4));
        return Optional.of(shared.size() / (double) before.size());
    }

    @Override
    public LocateResult locate(LocateQuery query) {
        Optional<ScreenText> baseRead;
        if (query.baselineFrame() != null) {
            baseRead = reader.read(query.baselineFrame());
        } else if (query.baselineCrop() != null) {
            Image crop = query.baselineCrop();
            Rect at = Rect.centeredWithin(query.oldPoint(), crop.width(), crop.height(), query.screen().width(),
                    query.screen().height());
            baseRead = reader.read(crop).map(t -> shifted(t, at.x(), at.y()));
        } else {
            return LocateResult.notFound("no baseline to read a label from");
        }
        if (baseRead.isEmpty()) {
            return LocateResult.notFound("OCR unavailable: " + reader.unavailable().orElse("unknown"));
        }
        ScreenText base = baseRead.get();
        Point old = query.oldPoint();
        List<List<String>> quoted = quoted(query.description());
        Label label = label(base, old, quoted, describedWords(query.description()));
        LocateResult byLabel = label == null ? LocateResult.notFound("no words at the old point"
                + (quoted.isEmpty() ? "" : " or quoted " + quoted + " near it")) : byLabel(query, base, label);
        List<NamedContext.Anchor> context = query.baselineFrame() == null ? List.of()
                : NamedContext.of(base, old, quoted, label != null ? label.tokens : List.of());
        if (context.isEmpty()) {
            return byLabel;
        }
        Optional<ScreenText> nowRead = reader.read(query.screen());
        if (nowRead.isEmpty()) {
            return byLabel;
        }
        ScreenText now = nowRead.get();
        String against = null;
        // A redesign (GONE: nothing looks like the baseline any more) moves labels and titles
        // relative to their elements; only a layout that kept its shape can refuse by offsets.
        boolean sameLayout = query.failureKind() != FailureKind.GONE;
        for (Candidate c : byLabel.candidates()) {
            if (!sameLayout) {
                return byLabel;
            }
            against = contradiction(context, now, c.point()).orElse(null);
            if (against == null) {
                return byLabel;
            }
        }
        // No label, or one its named neighbours contradict: the element's picture beside those words.
        List<String> why = new ArrayList<>();
        why.add(against != null ? "the label's find contradicted: " + against : byLabel.reason());
        for (NamedContext.Anchor a : context) {
            // After a redesign an element beside its words may have changed sides (a switch put left of its label).
            Optional<NamedContext.Find> f = NamedContext.locate(a, now, query.screen(), query.baselineFrame(), old, why,
                    !sameLayout);
            if (f.isEmpty()) {
                continue;
            }
            // Found on the other side of these words, their own window cannot hold it; the others still must.
            List<NamedContext.Anchor> check = f.get().otherSide()
                    ? context.stream().filter(x -> x != a).toList() : context;
            String other = contradiction(check, now, f.get().point()).orElse(null);
            if (other != null) {
                why.add(other);
                continue;
            }
            String reasoning = "named context: " + f.get().detail();
            log.debug("{} step {}: {}", query.workflowId(), query.stepIndex(), reasoning);
            return LocateResult.found(List.of(new Candidate(f.get().point(), f.get().box(), CONTEXT_CONFIDENCE,
                    name(), reasoning)));
        }
        return LocateResult.notFound(String.join("; ", why));
    }

    /**
     * Whether a point found by any locator sits where the words the description quotes beside the
     * element put it (its row's name, its card's title): read on both frames, the words found on
     * the screen must have the point at their offset, scaled, on their line or side; such words
     * ({@value #GONE_WORDS_MIN} letters or more) read nowhere on the screen mean the element went
     * with them (for a point away from the old one). Quoted words on the element itself (a button's
     * caption), when read on the screen, must be on the point.
     *
     * @param query the step, with its description and baseline frame
     * @param at    a candidate point on {@code query.screen()}
     * @return why the point cannot be the element; empty when it fits, the description names no
     *     such words, or OCR is unavailable
     */
    public Optional<String> contradicts(LocateQuery query, Point at) {
        List<List<String>> quoted = quoted(query.description());
        if (quoted.isEmpty() || query.baselineFrame() == null) {
            return Optional.empty();
        }
        Optional<ScreenText> base = reader.read(query.baselineFrame());
        if (base.isEmpty()) {
            return Optional.empty();
        }
        // The element's own quoted label counts too when it stands beside the click point rather
        // than under it (a folder's caption under its icon): it travels with the element as well.
        List<NamedContext.Anchor> context = NamedContext.of(base.get(), query.oldPoint(), quoted, List.of());
        Label label = label(base.get(), query.oldPoint(), quoted, Set.of());
        boolean onIt = label != null && label.quoted
                && ScreenText.distance(label.at.box(), query.oldPoint()) <= NamedContext.OWN_PX;
        if (context.isEmpty() && !onIt) {
            return Optional.empty();
        }
        Optional<ScreenText> read = reader.read(query.screen());
        if (read.isEmpty()) {
            return Optional.empty();
        }
        ScreenText now = read.get();
        Optional<String> against = contradiction(context, now, at);
        if (against.isPresent()) {
            return against;
        }
        // Away from the old place only: there a missed read (a dim placeholder under a dark theme)
        // must not refuse an element still where it was.
        boolean away = at.distanceTo(query.oldPoint()) >= TemplateLocator.SAME_PLACE_PX;
        for (NamedContext.Anchor a : context) {
            // Its card's title or its own caption, read beside it before and nowhere now: the card,
            // the folder, the row is gone, and a look-alike that took its place is not it.
            if (away && String.join("", a.phrase()).length() >= GONE_WORDS_MIN && !now.readsMostOf(a.phrase())) {
                return Optional.of(a + " was beside it and is nowhere on the screen");
            }
        }
        if (onIt) {
            // Its own words (a button's caption), read on the screen, must be on the candidate.
            List<ScreenText.Occurrence> found = occurrences(now, label);
            boolean carries = false;
            for (ScreenText.Occurrence o : found) {
                int margin = Math.max(12, o.box().height());
                carries |= new Rect(Math.max(0, o.box().x() - margin), Math.max(0, o.box().y() - margin),
                        o.box().width() + 2 * margin, o.box().height() + 2 * margin).contains(at);
            }
            if (!found.isEmpty() && !carries) {
                return Optional.of(String.format("its own words '%s' are on the screen at %s, not at %s",
                        label.at.read(), found.get(0).box(), at));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> contradiction(List<NamedContext.Anchor> context, ScreenText now, Point at) {
        for (NamedContext.Anchor a : context) {
            Optional<String> c = NamedContext.contradiction(a, now, at);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    private LocateResult byLabel(LocateQuery query, ScreenText base, Label label) {
        Point old = query.oldPoint();
        List<ScreenText.Occurrence> twins = base.find(label.tokens);
        twins.removeIf(o -> !label.required.stream().allMatch(r -> base.onLine(r, o.box())));
        // A label unique in the baseline frame is looked for near the old point first; found
        // there once, the rest of the frame need not be read.
        ScreenText now = null;
        List<ScreenText.Occurrence> found = List.of();
        if (twins.size() == 1) {
            Image screen = query.screen();
            Rect near = Rect.centeredWithin(old, Math.min(NEAR_WIDTH, screen.width()),
                    Math.min(NEAR_HEIGHT, screen.height()), screen.width(), screen.height());
            now = reader.read(screen, near).orElse(null);
            found = now == null ? List.of() : occurrences(now, label);
        }
        if (found.size() != 1) {
            Optional<ScreenText> nowRead = reader.read(query.screen());
            if (nowRead.isEmpty()) {
                return LocateResult.notFound("OCR unavailable");
            }
            now = nowRead.get();
            found = occurrences(now, label);
        }
        String said = "label '" + label.at.read() + "'" + (label.quoted ? " (quoted)" : " (read at the old point)")
                + (label.required.isEmpty() ? "" : ", on a line with " + label.required);
        if (found.isEmpty()) {
            return LocateResult.notFound(said + ": not on the screen");
        }
        Set<String> row = rowWords(base, label.at.box(), label.tokens);
        ScreenText.Occurrence pick;
        double confidence = CONFIDENCE;
        String how;
        double[] likeness = new double[found.size()];
        for (int i = 0; i < found.size(); i++) {
            likeness[i] = overlap(row, rowWords(now, found.get(i).box(), label.tokens));
        }
        if (found.size() == 1) {
            pick = found.get(0);
            how = "the only one on the screen";
        } else {
            Integer[] order = new Integer[found.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -likeness[i]));
            double top = likeness[order[0]];
            double second = likeness[order[1]];
            if (top >= ROW_MIN && top - second >= ROW_LEAD) {
                pick = found.get(order[0]);
                how = String.format("its row (%.2f against %.2f)", top, second);
            } else if ((pick = byTitle(base, now, label, found)) != null) {
                how = "the title above it";
            } else if (top - likeness[order[order.length - 1]] < 0.1 && twins.size() == found.size()) {
                int rank = twins.indexOf(twins.stream().filter(t -> t.box().equals(label.at.box())).findFirst()
                        .orElse(null));
                if (rank < 0) {
                    return LocateResult.notFound(said + ": " + found.size() + " on the screen, not told apart");
                }
                pick = found.get(rank);
                confidence = ORDER_CONFIDENCE;
                how = "order " + (rank + 1) + " of " + found.size() + " identical rows";
            } else {
                return LocateResult.notFound(String.format("%s: %d on the screen, rows %.2f and %.2f too close",
                        said, found.size(), top, second));
            }
        }
        // The pick must map back to this label, not to one of its baseline twins.
        Set<String> pickRow = rowWords(now, pick.box(), label.tokens);
        double mine = overlap(row, pickRow);
        for (ScreenText.Occurrence t : twins) {
            if (t.box().equals(label.at.box())) {
                continue;
            }
            double theirs = overlap(rowWords(base, t.box(), label.tokens), pickRow);
            if (theirs > mine + 0.01) {
                return LocateResult.notFound(said + ": what is on the screen looks more like another '"
                        + label.at.read() + "' of the baseline");
            }
            if (theirs >= mine - 0.01 && twins.size() > found.size() && !goneOffScreen(base, now, twins, found,
                    label.at, pick, query.screen())) {
                return LocateResult.notFound(said + ": " + twins.size() + " alike in the baseline, " + found.size()
                        + " now; which one went cannot be told");
            }
        }
        if (!label.quoted && ScreenText.distance(label.at.box(), old) > WORD_REACH
                && standsAlone(base, label.at) != standsAlone(now, pick)) {
            // Clicked beside words read, not named: those words must stand the same way (alone, or
            // in the same phrase), or they may be another element's ("Forgot Password?").
            return LocateResult.notFound(said + ": found in other words, '" + phrase(now, pick) + "'");
        }
        String before = query.baselineFrame() == null ? null
                : alreadyThere(now.shiftFrom(base), query.screen(), query.baselineFrame(), pick.box(), label.at.box());
        if (before != null) {
            return LocateResult.notFound(said + ": " + before);
        }
        Point point = place(label.at.box(), pick.box(), old);
        if (query.failureKind() == FailureKind.GONE && query.baselineFrame() != null
                && blankBeside(query.baselineFrame(), label.at.box(), old)) {
            // Redesigned: the old point lay in blank padding beside the element's own words (a wide
            // menu entry, a button); the new element may be narrower, its words are on it.
            point = pick.centre();
            how += ", clicked on its words (the old point was blank padding beside them)";
        }
        Image screen = query.screen();
        if (point.x() < 0 || point.y() < 0 || point.x() >= screen.width() || point.y() >= screen.height()) {
            return LocateResult.notFound(said + ": the click point would fall off the screen");
        }
        if (label.quoted) {
            confidence = Math.min(0.95, confidence + 0.04);
        }
        String reasoning = String.format("%s; read '%s' at %s, picked by %s", said, pick.read(), pick.box(), how);
        log.debug("{} step {}: {}", query.workflowId(), query.stepIndex(), reasoning);
        int side = Math.max(pick.box().width(), pick.box().height());
        Rect box = Rect.centeredWithin(point, Math.min(side, screen.width()), Math.min(pick.box().height() + 8,
                screen.height()), screen.width(), screen.height());
        return LocateResult.found(List.of(new Candidate(point, box, confidence, name(), reasoning)));
    }

    /**
     * Twins whose rows tie, told apart by the title above each (the box a "More info" link sits
     * in): the best must lead the next by {@value #ROW_LEAD} and reach {@value #ROW_MIN}.
     *
     * @return the pick, or {@code null} when the titles do not decide
     */
    private static ScreenText.Occurrence byTitle(ScreenText base, ScreenText now, Label label,
                                                 List<ScreenText.Occurrence> found) {
        Set<String> mine = titleWords(base, label.at.box(), label.tokens);
        if (mine.isEmpty()) {
            return null;
        }
        ScreenText.Occurrence best = null;
        double top = -1;
        double second = -1;
        for (ScreenText.Occurrence o : found) {
            double v = overlap(mine, titleWords(now, o.box(), label.tokens));
            if (v > top) {
                second = top;
                top = v;
                best = o;
            } else if (v > second) {
                second = v;
            }
        }
        return top >= ROW_MIN && top - second >= ROW_LEAD ? best : null;
    }

    private static List<ScreenText.Occurrence> occurrences(ScreenText now, Label label) {
        List<ScreenText.Occurrence> found = new ArrayList<>();
        for (ScreenText.Occurrence o : now.find(label.tokens)) {
            if (label.required.stream().allMatch(r -> now.onLine(r, o.box()))) {
                found.add(o);
            }
        }
        return found;
    }

    /** The element's label in the baseline frame. */
    private record Label(ScreenText.Occurrence at, List<String> tokens, List<List<String>> required, boolean quoted) {
    }

    /**
     * A word of the description (not quoted) written on the old point's line near it, such as the
     * placeholder of "the e-mail address field": the nearest within {@value #DESCRIBED_REACH} pixels.
     */
    private static Label described(ScreenText base, Point old, Set<String> described) {
        ScreenText.Word best = null;
        double bestDistance = Double.MAX_VALUE;
        for (ScreenText.Word w : base.words()) {
            Rect b = w.box();
            boolean onLine = old.y() >= b.y() - WORD_REACH && old.y() < b.y() + b.height() + WORD_REACH;
            double d = ScreenText.distance(b, old);
            if (described.contains(w.text()) && onLine && d <= DESCRIBED_REACH && d < bestDistance) {
                best = w;
                bestDistance = d;
            }
        }
        if (best == null) {
            return null;
        }
        return new Label(new ScreenText.Occurrence(List.of(best), best.box()), List.of(best.text()), List.of(), false);
    }

    /** The description's own words outside quotes, three letters or more, the instruction words left out. */
    static Set<String> describedWords(String description) {
        Set<String> out = new HashSet<>();
        if (description == null) {
            return out;
        }
        for (String t : ScreenText.tokens(QUOTED.matcher(description).replaceAll(" "))) {
            if (t.length() >= 3 && !STOP_WORDS.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private static Label label(ScreenText base, Point old, List<List<String>> quoted, Set<String> described) {
        ScreenText.Occurrence best = null;
        List<String> bestTokens = null;
        double bestDistance = Double.MAX_VALUE;
        for (List<String> q : quoted) {
            for (ScreenText.Occurrence o : base.find(q)) {
                double d = ScreenText.distance(o.box(), old);
                if (d <= QUOTED_REACH && d < bestDistance) {
                    best = o;
                    bestTokens = q;
                    bestDistance = d;
                }
            }
        }
        if (best != null && bestDistance > WORD_REACH) {
            // Text nearer the point than the quoted words is the element's own label; the quoted
            // words are a heading over a group ("the second checkbox under 'Checkboxes'").
            ScreenText.Word own = nearestWord(base, old, best);
            boolean quotedOnLine = onLineOf(best.box(), old);
            if (own != null && (ScreenText.distance(own.box(), old) + 4 < bestDistance
                    || !quotedOnLine && onLineOf(own.box(), old) && ScreenText.distance(own.box(), old) <= QUOTED_REACH)) {
                List<ScreenText.Word> run = phraseAround(base, own);
                return new Label(new ScreenText.Occurrence(run, ScreenText.union(run)),
                        run.stream().map(ScreenText.Word::text).toList(), List.of(), false);
            }
        }
        if (best != null) {
            List<List<String>> required = new ArrayList<>();
            for (List<String> q : quoted) {
                if (q != bestTokens && !q.equals(bestTokens) && base.onLine(q, best.box())) {
                    required.add(q);
                }
            }
            return new Label(best, bestTokens, required, true);
        }
        ScreenText.Word hit = null;
        for (ScreenText.Word w : base.words()) {
            Rect b = w.box();
            if (old.x() >= b.x() - WORD_REACH && old.x() < b.x() + b.width() + WORD_REACH
                    && old.y() >= b.y() - WORD_REACH && old.y() < b.y() + b.height() + WORD_REACH) {
                hit = w;
                break;
            }
        }
        if (hit == null) {
            return described(base, old, described);
        }
        List<ScreenText.Word> run = phraseAround(base, hit);
        List<String> tokens = run.stream().map(ScreenText.Word::text).toList();
        if (String.join("", tokens).chars().filter(Character::isLetter).count() < 3) {
            return null;
        }
        return new Label(new ScreenText.Occurrence(run, ScreenText.union(run)), tokens, List.of(), false);
    }

    /** Largest grey step (levels) between neighbouring pixels of a strip that still counts as blank. */
    static final int BLANK_STEP = 24;

    /**
     * Whether the old point lay beside its label on the label's line, in blank space reaching from
     * the words to a little past the point: the padding of the element the words are on, not a
     * control of its own beside them (a checkbox, a switch, a field's border would break the blank).
     */
    static boolean blankBeside(Image frame, Rect label, Point old) {
        if (!onLineOf(label, old) || old.x() >= label.x() && old.x() < label.x() + label.width()) {
            return false;
        }
        int pad = Math.max(4, label.height() / 2);
        int from = old.x() >= label.x() + label.width() ? label.x() + label.width() + 2 : old.x() - pad;
        int to = old.x() >= label.x() + label.width() ? old.x() + pad : label.x() - 2;
        int top = Math.max(0, old.y() - label.height() / 2);
        int bottom = Math.min(frame.height(), old.y() + label.height() / 2 + 1);
        from = Math.max(0, from);
        to = Math.min(frame.width(), to);
        if (to - from < 2 || bottom - top < 2) {
            return false;
        }
        Rect strip = new Rect(from, top, to - from, bottom - top);
        int[] g = Planes.gray(frame, strip);
        int w = strip.width();
        for (int y = 0; y < strip.height(); y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (x + 1 < w && Math.abs(g[i + 1] - g[i]) > BLANK_STEP
                        || y + 1 < strip.height() && Math.abs(g[i + w] - g[i]) > BLANK_STEP) {
                    return false;
                }
            }
        }
        return true;
    }

    /** @return whether the point lies within the box's rows, give or take {@value #WORD_REACH} pixels */
    private static boolean onLineOf(Rect box, Point p) {
        return p.y() >= box.y() - WORD_REACH && p.y() < box.y() + box.height() + WORD_REACH;
    }

    /**
     * Whether the twins missing now are explained by the page's shift (rescaled or scrolled out of
     * the frame), the rest map one to one onto what is found, and the label maps onto the pick.
     */
    private static boolean goneOffScreen(ScreenText base, ScreenText now, List<ScreenText.Occurrence> twins,
                                         List<ScreenText.Occurrence> found, ScreenText.Occurrence label,
                                         ScreenText.Occurrence pick, Image screen) {
        Optional<ScreenText.Shift> shift = now.shiftFrom(base);
        if (shift.isEmpty() || !shift.get().trustedVertically()) {
            return false;
        }
        // Only rows are predicted: a rescaled page keeps its rows in order but may reflow its columns.
        int onScreen = 0;
        for (ScreenText.Occurrence t : twins) {
            int y = shift.get().apply(t.centre()).y();
            onScreen += y >= 0 && y < screen.height() ? 1 : 0;
        }
        int expected = shift.get().apply(label.centre()).y();
        ScreenText.Occurrence nearest = found.stream()
                .min(Comparator.comparingInt(o -> Math.abs(o.centre().y() - expected))).orElseThrow();
        return onScreen == found.size() && nearest == pick
                && Math.abs(pick.centre().y() - expected) <= Math.max(12, pick.box().height());
    }

    /**
     * On a page that stayed where it was, a line found now that is pixel for pixel the line at
     * the same place in the baseline frame was there before: it is another element, not ours
     * moved there, however the words were read (OCR may miss a twin in one frame).
     *
     * @return why the pick is another element, or {@code null}
     */
    private static String alreadyThere(Optional<ScreenText.Shift> shift, Image screen, Image baselineFrame,
                                       Rect pick, Rect label) {
        if (shift.isEmpty() || !shift.get().trustedVertically() || Math.abs(shift.get().scale() - 1) > 0.03
                || Math.abs(shift.get().dx()) > 2 || screen.width() != baselineFrame.width()) {
            return null;
        }
        int dy = (int) Math.round(shift.get().dy());
        Rect band = new Rect(0, pick.y() - 4, screen.width(), pick.height() + 8);
        Rect was = new Rect(0, band.y() - dy, band.width(), band.height());
        if (!screen.bounds().contains(band) || !baselineFrame.bounds().contains(was)
                || Math.abs(was.y() + 4 - label.y()) < label.height()) {
            return null;
        }
        double same = Matching.ncc(screen, band, baselineFrame, was);
        return same >= ALREADY_THERE_MIN ? String.format("its line was there before (%.2f alike): another element",
                same) : null;
    }

    /** @return whether the occurrence is the whole phrase on its line, no other words beside it */
    static boolean standsAlone(ScreenText text, ScreenText.Occurrence o) {
        return phraseAround(text, o.words().get(0)).equals(o.words());
    }

    private static String phrase(ScreenText text, ScreenText.Occurrence o) {
        StringBuilder b = new StringBuilder();
        for (ScreenText.Word w : phraseAround(text, o.words().get(0))) {
            b.append(b.length() == 0 ? "" : " ").append(w.read());
        }
        return b.toString();
    }

    /** The word of two letters or more nearest the point, outside {@code except}. */
    private static ScreenText.Word nearestWord(ScreenText text, Point p, ScreenText.Occurrence except) {
        ScreenText.Word best = null;
        double bestDistance = Double.MAX_VALUE;
        for (ScreenText.Word w : text.words()) {
            double d = ScreenText.distance(w.box(), p);
            if (!except.words().contains(w) && w.text().chars().filter(Character::isLetter).count() >= 2
                    && d < bestDistance) {
                best = w;
                bestDistance = d;
            }
        }
        return best;
    }

    /** The words next to {@code hit} on its line, gaps under one line height, at most five. */
    private static List<ScreenText.Word> phraseAround(ScreenText text, ScreenText.Word hit) {
        List<ScreenText.Word> line = new ArrayList<>();
        for (ScreenText.Word w : text.words()) {
            if (ScreenText.sameLine(w.box(), hit.box())) {
                line.add(w);
            }
        }
        line.sort(Comparator.comparingInt(w -> w.box().x()));
        int i = line.indexOf(hit);
        int a = i;
        int b = i;
        while (b - a < 4) {
            boolean grew = false;
            if (a > 0 && gap(line.get(a - 1), line.get(a)) <= hit.box().height()) {
                a--;
                grew = true;
            }
            if (b - a < 4 && b + 1 < line.size() && gap(line.get(b), line.get(b + 1)) <= hit.box().height()) {
                b++;
                grew = true;
            }
            if (!grew) {
                break;
            }
        }
        return List.copyOf(line.subList(a, b + 1));
    }

    private static int gap(ScreenText.Word left, ScreenText.Word right) {
        return right.box().x() - (left.box().x() + left.box().width());
    }

    /** The words on the label's line (its row), label words excluded, two characters or more. */
    private static Set<String> rowWords(ScreenText text, Rect box, List<String> label) {
        Set<String> out = new HashSet<>();
        for (ScreenText.Word w : text.lineOf(box)) {
            if (w.text().length() >= 2 && !label.contains(w.text())) {
                out.add(w.text());
            }
        }
        return out;
    }

    /**
     * The nearest line of words above the label and over it, within {@value #TITLE_REACH_LINES}
     * line heights: the title of its card or box, the label over its field; label words excluded.
     */
    private static Set<String> titleWords(ScreenText text, Rect box, List<String> label) {
        Set<String> out = new HashSet<>();
        int left = box.x() - box.width();
        int right = box.x() + 2 * box.width();
        ScreenText.Word title = null;
        for (ScreenText.Word w : text.words()) {
            Rect b = w.box();
            int bottom = b.y() + b.height();
            boolean over = b.x() < right && b.x() + b.width() > left;
            if (over && bottom <= box.y() + 2 && box.y() - bottom <= TITLE_REACH_LINES * box.height()
                    && !ScreenText.sameLine(b, box)
                    && (title == null || bottom > title.box().y() + title.box().height())) {
                title = w;
            }
        }
        if (title != null) {
            for (ScreenText.Word w : text.words()) {
                Rect b = w.box();
                if (ScreenText.sameLine(b, title.box()) && b.x() < right && b.x() + b.width() > left
                        && w.text().length() >= 2 && !label.contains(w.text())) {
                    out.add(w.text());
                }
            }
        }
        return out;
    }

    /** Share of {@code row}'s words found in {@code other}, 0..1; 1 when both are empty. */
    private static double overlap(Set<String> row, Set<String> other) {
        if (row.isEmpty()) {
            return other.isEmpty() ? 1 : 0.5;
        }
        int n = 0;
        for (String w : row) {
            if (other.contains(w)) {
                n++;
            }
        }
        return n / (double) row.size();
    }

    /** The old point moved with its label: same offset from the label's centre, scaled with the label. */
    static Point place(Rect before, Rect after, Point old) {
        // The same words in the same font keep their proportions; width is read more steadily than height.
        double scale = Math.max(0.6, Math.min(1.7, after.width() / (double) Math.max(1, before.width())));
        double cx = before.x() + before.width() / 2.0;
        double cy = before.y() + before.height() / 2.0;
        double nx = after.x() + after.width() / 2.0 + (old.x() - cx) * scale;
        double ny = after.y() + after.height() / 2.0 + (old.y() - cy) * scale;
        return new Point((int) Math.round(nx), (int) Math.round(ny));
    }

    /** The phrases quoted in a description, as normalised words. */
    static List<List<String>> quoted(String description) {
        List<List<String>> out = new ArrayList<>();
        if (description == null) {
            return out;
        }
        Matcher m = QUOTED.matcher(description);
        while (m.find()) {
            List<String> t = ScreenText.tokens(m.group(1));
            if (!t.isEmpty() && !out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private static ScreenText shifted(ScreenText t, int dx, int dy) {
        List<ScreenText.Word> out = new ArrayList<>();
        for (ScreenText.Word w : t.words()) {
            out.add(new ScreenText.Word(w.text(), w.read(), new Rect(w.box().x() + dx, w.box().y() + dy,
                    w.box().width(), w.box().height())));
        }
        return new ScreenText(out);
    }
}
