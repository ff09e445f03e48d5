package dev.healing.core;

import dev.healing.api.Candidate;
import dev.healing.api.Cost;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Locator;
import dev.healing.api.VisionLocator;
import dev.healing.core.match.TemplateLocator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
    /**
     * Confidence 0..1 below which a free locator's candidate is not passed on as undecided
     * (a vetoed look-alike, noise); see {@link Search}.
     */
    public static final double UNDECIDED_FLOOR = 0.3;

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

    /**
     * One walk through the chain. Not thread-safe.
     *
     * <p>Candidates a free locator found below the confidence bar (at least {@value #UNDECIDED_FLOOR}:
     * look-alikes, a weak match) are undecided, not discarded: each later locator gets them, after
     * the query's own, in {@link LocateQuery#localCandidates()}, so a vision model can pick among
     * them as numbered marks. They are never handed out themselves.
     */
    final class Search {
        private final LocateQuery query;
        private final Deque<Candidate> pending = new ArrayDeque<>();
        private final List<Candidate> handedOut = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final Set<Candidate> paid = Collections.newSetFromMap(new IdentityHashMap<>());
        private final List<Candidate> undecided = new ArrayList<>();
        private final Map<Candidate, VisionLocator> byVision = new IdentityHashMap<>();
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
                result = locator.locate(queryFor());
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
                    if (locator instanceof VisionLocator v) {
                        byVision.put(c, v);
                    }
                    kept++;
                } else if (!locator.paid() && c.confidence() >= UNDECIDED_FLOOR && undecided.stream()
                        .noneMatch(u -> u.point().distanceTo(c.point()) < SAME_PLACE_PX)) {
                    undecided.add(c);
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

        /** The query for the next locator: the undecided local candidates so far added to the query's own. */
        private LocateQuery queryFor() {
            if (undecided.isEmpty()) {
                return query;
            }
            List<Candidate> all = new ArrayList<>(query.localCandidates());
            List<Candidate> found = new ArrayList<>(undecided);
            found.sort(Comparator.comparingDouble(Candidate::confidence).reversed());
            for (Candidate c : found) {
                if (all.stream().noneMatch(a -> a.point().distanceTo(c.point()) < SAME_PLACE_PX)) {
                    all.add(c);
                }
            }
            return query.withLocalCandidates(all);
        }

        /** @return the candidates free locators found below the bar so far (see {@link Search}), in order found */
        public List<Candidate> undecided() {
            return List.copyOf(undecided);
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

        /** @return the vision locator this walk got {@code candidate} from; empty for any other source */
        public Optional<VisionLocator> visionSourceOf(Candidate candidate) {
            return Optional.ofNullable(byVision.get(candidate));
        }

        /** @return candidates handed out so far, in order */
        public List<Candidate> handedOut() {
            return List.copyOf(handedOut);
        }
    }
}
