package dev.healing.core;

import dev.healing.api.Candidate;
import dev.healing.api.Cost;
import dev.healing.api.FailureKind;
import dev.healing.api.LocateQuery;
import dev.healing.api.Locator;
import dev.healing.api.Point;
import dev.healing.api.VisionLocator;
import dev.healing.core.match.FailureClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The healer's locate step on its own, for evaluating it without applying anything (the
 * {@code eval-corpus} command): classify the failure first (TRANSIENT and DIFFERENT_SCREEN
 * abstain; GONE asks only paid, description-led locators), then walk the locator chain and take
 * its first candidate at or above {@code query.minConfidence()}. A candidate from a vision model
 * is checked with {@link VisionLocator#verifyElement} when the step has a description, as
 * {@link Healer#attemptHeal} checks it before writing or clicking: refused, it gives way to the
 * chain's next candidate. {@link Healer#locate} does the same with the healer's own classifier
 * and chain. Immutable; thread-safe as long as the
 * classifier and locators are.
 */
public final class StepLocator {
    private final FailureClassifier classifier;
    private final LocatorChain chain;

    private StepLocator(FailureClassifier classifier, LocatorChain chain) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.chain = chain;
    }

    /**
     * @param classifier decides the failure kind first (e.g. {@code ScreenClassifier.using(template)})
     * @param locators   asked in this order; at least one
     * @throws IllegalArgumentException if {@code locators} is empty
     */
    public static StepLocator of(FailureClassifier classifier, List<Locator> locators) {
        return new StepLocator(classifier, new LocatorChain(locators));
    }

    static StepLocator of(FailureClassifier classifier, LocatorChain chain) {
        return new StepLocator(classifier, chain);
    }

    /**
     * Locates the step on {@code query.screen()}; writes and clicks nothing.
     *
     * @param query the step; its {@code failureKind} is ignored (the classifier decides)
     * @return the decision, never null
     * @throws IllegalArgumentException on inputs that do not fit (crop larger than the screen, point outside the frame)
     */
    public Result locate(LocateQuery query) {
        LocatePipeline.Outcome o = LocatePipeline.locate(query, classifier, chain);
        LocatorChain.Search search = o.search();
        if (o.candidate().isEmpty() || search == null || query.description().isBlank()) {
            return new Result(o.kind(), o.detail(), o.candidate(), o.notes(), o.cost());
        }
        // As attemptHeal does before a vision candidate is written or clicked: ask the model that
        // proposed it whether the element there is the described one; a refused candidate gives
        // way to the chain's next one, up to the healer's default number of attempts.
        List<String> notes = new ArrayList<>(o.notes());
        int seen = search.notes().size();
        Cost checks = Cost.FREE;
        boolean walked = false;
        List<Point> tried = new ArrayList<>();
        Optional<Candidate> candidate = o.candidate();
        while (candidate.isPresent()) {
            Candidate c = candidate.get();
            Optional<VisionLocator> vision = search.visionSourceOf(c);
            if (vision.isEmpty()) {
                break;
            }
            tried.add(c.point());
            VisionPostCheck.Verdict verdict = VisionPostCheck.ask(vision.get(), query.screen(), c,
                    query.description(), query.minConfidence());
            checks = checks.plus(verdict.cost());
            notes.add(verdict.note());
            if (verdict.passed()) {
                break;
            }
            candidate = Optional.empty();
            while (tried.size() < HealerBuilder.DEFAULT_MAX_ATTEMPTS) {
                walked = true;
                Optional<Candidate> next = search.next();
                if (next.isEmpty() || tried.stream().noneMatch(t -> t.distanceTo(next.get().point())
                        < LocatorChain.SAME_PLACE_PX)) {
                    candidate = next;
                    break;
                }
            }
        }
        if (walked) {
            List<String> walk = search.notes();
            notes.addAll(walk.subList(Math.min(seen, walk.size()), walk.size()));
        }
        Cost cost = (walked ? search.cost() : o.cost()).plus(checks);
        return new Result(o.kind(), o.detail(), candidate, notes, cost);
    }

    /**
     * What the locate step decided.
     *
     * @param kind      how the failure was classified
     * @param detail    the classifier's reason, with its numbers
     * @param candidate the point the healer would try first; empty means abstain
     * @param notes     one line per step taken: the classification, then each locator asked
     * @param cost      what the locators asked cost
     */
    public record Result(FailureKind kind, String detail, Optional<Candidate> candidate, List<String> notes,
                         Cost cost) {
        /** Validates the fields. */
        public Result {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(cost, "cost");
            detail = detail == null ? "" : detail;
            notes = List.copyOf(notes);
        }
    }
}
