package dev.healing.core;

import dev.healing.api.Baseline;
import dev.healing.api.Candidate;
import dev.healing.api.Cost;
import dev.healing.api.FailureKind;
import dev.healing.api.Image;
import dev.healing.api.Rect;
import dev.healing.api.LocateQuery;
import dev.healing.api.Locator;
import dev.healing.core.match.FailureClassifier;
import dev.healing.core.match.ScreenClassifier;
import dev.healing.core.match.TemplateLocator;
import dev.healing.core.match.TextLocator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The healer's locate step, shared by the {@code Healer} and the corpus evaluation: classify the
 * failure first (TRANSIENT and DIFFERENT_SCREEN abstain; GONE asks only the locators that read:
 * the text locator and paid, description-led ones such as a vision model, and abstains without them), then walk the locator chain and
 * take its first candidate at or above {@code query.minConfidence()}; no candidate means abstain.
 * Stateless; thread-safe as long as the classifier and the chain's locators are.
 */
final class LocatePipeline {
    private static final Logger log = LoggerFactory.getLogger(LocatePipeline.class);

    private LocatePipeline() {
    }

    /**
     * What the locate step decided.
     *
     * @param kind      how the failure was classified
     * @param detail    the classifier's reason, with its numbers
     * @param candidate the point to try first; empty means abstain
     * @param search    the chain walk, for further candidates on later attempts
     *                  ({@code search.next()}); {@code null} when the classification abstained
     * @param notes     one line per step taken: the classification, then each locator asked
     * @param cost      what the locators cost
     */
    record Outcome(FailureKind kind, String detail, Optional<Candidate> candidate, LocatorChain.Search search,
                          List<String> notes, Cost cost) {
        /** Validates the fields. */
        public Outcome {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(cost, "cost");
            detail = detail == null ? "" : detail;
            notes = List.copyOf(notes);
        }

        /** @return whether the pipeline abstained (no candidate to apply) */
        boolean abstained() {
            return candidate.isEmpty();
        }
    }

    /** Most candidates refused, one after the other, because the words named beside the element contradict them. */
    static final int MAX_VETOED = 4;

    /** Least share (0..1) of the baseline frame's words still on a screen of another layout for "redesigned". */
    static final double SAME_WORDS_MIN = 0.25;

    /**
     * Least share (0..1) of the baseline frame's words on a screen of another layout for asking a
     * paid locator (a model given the step's description) whether the element is there; below it
     * (a loading screen, an error page, another application) nobody is asked.
     */
    static final double SOME_WORDS_MIN = 0.10;

    private static Candidate inPlace(LocateQuery query, String detail) {
        Image screen = query.screen();
        int side = query.baselineCrop() != null ? query.baselineCrop().width() : TemplateLocator.DEFAULT_CROP_SIDE;
        int height = query.baselineCrop() != null ? query.baselineCrop().height() : TemplateLocator.DEFAULT_CROP_SIDE;
        Rect box = Rect.centeredWithin(query.oldPoint(), Math.min(side, screen.width()),
                Math.min(height, screen.height()), screen.width(), screen.height());
        return new Candidate(query.oldPoint(), box, TemplateLocator.inPlaceConfidence(query.minConfidence()), "in-place",
                "restyled in place: " + detail);
    }

    /** @return whether the healer must not relocate for this kind (wait, give up or report instead) */
    static boolean abstains(FailureKind kind) {
        return kind == FailureKind.TRANSIENT || kind == FailureKind.DIFFERENT_SCREEN;
    }

    /**
     * Runs the locate step.
     *
     * @param query      the step; its {@code failureKind} is replaced by the classifier's verdict
     * @param classifier decides the failure kind first ({@link ScreenClassifier#create()} by default)
     * @param chain      the locators, in order
     * @return the decision; never {@code null}
     * @throws IllegalArgumentException on bad input (crop larger than the screen, point outside the frame)
     */
    static Outcome locate(LocateQuery query, FailureClassifier classifier, LocatorChain chain) {
        // The classifier and the template locator share one analysis of this capture.
        return TemplateLocator.sharingOneAnalysis(() -> locateOnce(query, classifier, chain));
    }

    private static Outcome locateOnce(LocateQuery query, FailureClassifier classifier, LocatorChain chain) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(chain, "chain");
        List<String> notes = new ArrayList<>();
        FailureKind kind = FailureKind.UNKNOWN;
        String detail = "no baseline crop or frame to classify against";
        if (query.baselineCrop() != null || query.baselineFrame() != null) {
            Baseline baseline = new Baseline(query.workflowId(), query.stepIndex(), query.oldPoint(),
                    query.baselineCrop() != null ? query.baselineCrop()
                            : query.baselineFrame().cropAround(query.oldPoint(), Math.min(TemplateLocator.DEFAULT_CROP_SIDE, query.baselineFrame().width()),
                                    Math.min(TemplateLocator.DEFAULT_CROP_SIDE, query.baselineFrame().height())),
                    query.baselineFrame(), Instant.EPOCH, "locate");
            FailureClassifier.Classification c = classifier.classify(query.screen(), baseline);
            kind = c.kind();
            detail = c.detail();
        }
        notes.add("classified " + kind + ": " + detail);
        log.debug("{} step {} classified {}: {}", query.workflowId(), query.stepIndex(), kind, detail);
        boolean modelOnly = false;
        if (kind == FailureKind.DIFFERENT_SCREEN && query.baselineFrame() != null) {
            // A redesign changes the layout but keeps the words; a different screen changes both.
            for (Locator l : chain.locators()) {
                if (l instanceof TextLocator text) {
                    Optional<Double> shared = text.sharedWords(query.screen(), query.baselineFrame());
                    if (shared.isPresent() && shared.get() >= SAME_WORDS_MIN) {
                        kind = FailureKind.GONE;
                        detail = detail + String.format("; but %.0f%% of its words are on the screen: redesigned",
                                100 * shared.get());
                        notes.add("reclassified GONE: " + detail);
                    } else if (shared.isPresent() && shared.get() >= SOME_WORDS_MIN
                            && chain.locators().stream().anyMatch(Locator::paid)) {
                        // Too few words for local reading to trust, enough for a redesign of this
                        // screen: only a model given the description judges (and is post-checked).
                        kind = FailureKind.GONE;
                        modelOnly = true;
                        detail = detail + String.format("; %.0f%% of its words are on the screen: perhaps redesigned,"
                                + " asking the model only", 100 * shared.get());
                        notes.add("reclassified GONE: " + detail);
                    } else {
                        notes.add(shared.map(v -> String.format("%.0f%% of its words on the screen", 100 * v))
                                .orElse("its words could not be read"));
                    }
                    break;
                }
            }
        }
        if (abstains(kind)) {
            return new Outcome(kind, detail, Optional.empty(), null, notes, Cost.FREE);
        }
        LocateQuery classified = new LocateQuery(query.workflowId(), query.stepIndex(), query.screen(),
                query.oldPoint(), query.baselineCrop(), query.baselineFrame(), query.description(), kind,
                query.minConfidence()).withLocalCandidates(query.localCandidates());
        LocatorChain asked = chain;
        if (kind == FailureKind.GONE) {
            // Local matching found nothing that looks like the baseline; only a locator that reads
            // (the words on the screen, or a model given the step's description) can still
            // recognise a restyled element (and say when it is gone).
            boolean textToo = !modelOnly;
            List<Locator> paid = chain.locators().stream()
                    .filter(l -> l.paid() || (textToo && l instanceof TextLocator)).toList();
            if (paid.isEmpty()) {
                return new Outcome(kind, detail, Optional.empty(), null, notes, Cost.FREE);
            }
            asked = new LocatorChain(paid);
        }
        LocatorChain.Search search = asked.search(classified);
        TextLocator reader = chain.locators().stream().filter(TextLocator.class::isInstance)
                .map(TextLocator.class::cast).findFirst().orElse(null);
        Optional<String> notHere = kind == FailureKind.IN_PLACE && reader != null
                ? reader.contradicts(query, query.oldPoint()) : Optional.empty();
        if (notHere.isPresent()) {
            // Looks the same at the old place, but the words named beside it went elsewhere (rows re-sorted).
            notes.add("not in place: " + notHere.get());
        } else if (kind == FailureKind.IN_PLACE) {
            // Restyled in place: the old point is the answer, no search needed. The chain stays
            // unasked (it is lazy) and serves later attempts only if the old point fails.
            notes.add("in place: the old point first, no search");
            return new Outcome(kind, detail, Optional.of(inPlace(query, detail)), search, notes, Cost.FREE);
        }
        Optional<Candidate> first = search.next();
        List<String> vetoes = new ArrayList<>();
        // Not after a redesign (GONE), where labels and titles move relative to their elements.
        for (int k = 0; reader != null && kind != FailureKind.GONE && first.isPresent()
                && !first.get().source().equals(reader.name()) && k < MAX_VETOED; k++) {
            // The words the description names beside the element (its row, its card) must be where
            // this candidate puts them, whichever locator found it: a look-alike in another row is
            // not the element.
            Optional<String> against = reader.contradicts(query, first.get().point());
            if (against.isEmpty()) {
                break;
            }
            vetoes.add(first.get().source() + " candidate " + first.get().point() + " refused: " + against.get());
            first = search.next();
        }
        notes.addAll(search.notes());
        notes.addAll(vetoes);
        return new Outcome(kind, detail, first, search, notes, search.cost());
    }
}
