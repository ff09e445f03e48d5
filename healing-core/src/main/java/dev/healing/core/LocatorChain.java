package dev.healing.core;

import dev.healing.api.Candidate;
import dev.healing.api.Cost;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Locator;
import dev.healing.core.match.TemplateLocator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ordered chain of locators (memory, local matching, vision) asked lazily: a later, slower
 * or paid locator is asked only when every trustworthy candidate of the earlier ones has been
 * used up. Immutable and thread-safe; each {@link #search} is a single-threaded walk.
 *
 * <p>Not for hosts: use {@link StepLocator} or {@link Healer#locate}.
 */
final class LocatorChain {
    /** Candidates closer than this many pixels to one already handed out count as the same place. */
    public static final int SAME_PLACE_PX = TemplateLocator.SAME_PLACE_PX;

    private static final Logger log = LoggerFactory.getLogger(LocatorChain.class);

    private final List<Locator> locators;

    /** @param locators asked in this order */
    public LocatorChain(List<Locator> locators) {
        this.locators = List.copyOf(locators);
        if (this.locators.isEmpty()) {
            throw new IllegalArgumentException("a locator chain needs at least one locator");
        }
    }

    /** @return the locators, in order */
    public List<Locator> locators() {
        return locators;
    }

    /**
     * Starts a walk through the chain.
     *
     * @param query what to find; candidates below {@code query.minConfidence()} are never handed out
     */
    public Search search(LocateQuery query) {
        return new Search(query);
    }

    /** One walk through the chain. Not thread-safe. */
    final class Search {
        private final LocateQuery query;
        private final Deque<Candidate> pending = new ArrayDeque<>();
        private final List<Candidate> handedOut = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final Set<Candidate> paid = Collections.newSetFromMap(new IdentityHashMap<>());
        private int nextLocator;
        private Cost cost = Cost.FREE;

        private Search(LocateQuery query) {
            this.query = Objects.requireNonNull(query, "query");
        }

        /** @return the next best trustworthy candidate, asking further locators as needed; empty when none is left */
        public Optional<Candidate> next() {
            while (true) {
                while (!pending.isEmpty()) {
                    Candidate c = pending.removeFirst();
                    if (handedOut.stream().noneMatch(h -> h.point().distanceTo(c.point()) < SAME_PLACE_PX)) {
                        handedOut.add(c);
                        return Optional.of(c);
                    }
                }
                if (nextLocator >= locators.size()) {
                    return Optional.empty();
                }
                ask(locators.get(nextLocator++));
            }
        }

        private void ask(Locator locator) {
            LocateResult result;
            try {
                result = locator.locate(query);
            } catch (RuntimeException e) {
                // The Locator contract forbids throwing; a broken one must not break the heal.
                log.warn("locator {} threw instead of returning a result", locator.name(), e);
                notes.add(locator.name() + ": error " + e);
                return;
            }
            cost = cost.plus(result.cost());
            int kept = 0;
            for (Candidate c : result.candidates()) {
                if (c.confidence() >= query.minConfidence()) {
                    pending.addLast(c);
                    if (locator.paid()) {
                        paid.add(c);
                    }
                    kept++;
                }
            }
            String summary = switch (result.status()) {
                case FOUND -> result.candidates().size() + " candidate(s), " + kept + " at or above "
                        + query.minConfidence() + (kept < result.candidates().size()
                        ? " (best " + String.format("%.2f", result.candidates().get(0).confidence()) + ")" : "");
                case NOT_FOUND -> "not found: " + result.reason();
                case ERROR -> "error: " + result.reason();
            };
            notes.add(locator.name() + ": " + summary);
            log.debug("{} step {} {}: {}", query.workflowId(), query.stepIndex(), locator.name(), summary);
        }

        /** @return what the locators asked so far cost */
        public Cost cost() {
            return cost;
        }

        /** @return one line per locator asked so far: what it found or why not */
        public List<String> notes() {
            return List.copyOf(notes);
        }

        /** @return whether this walk got {@code candidate} from a paid locator (a vision model) */
        public boolean isPaid(Candidate candidate) {
            return paid.contains(candidate);
        }

        /** @return candidates handed out so far, in order */
        public List<Candidate> handedOut() {
            return List.copyOf(handedOut);
        }
    }
}
