package dev.healing.api;

import java.time.Instant;
import java.util.List;

/**
 * Remembers verified fixes so that the same change heals again at once, for free, across runs
 * and runners. The healer asks it before any search.
 *
 * <p>Thread-safe; implementations shared between processes must not lose updates.
 * Failures are {@link StoreException}s.
 */
public interface HealingMemory {
    /**
     * @return fixes recorded for the step when its baseline had this appearance, most trusted
     *     first (recent successes before fixes that failed last)
     */
    List<RememberedFix> recall(String workflowId, int stepIndex, String appearanceHash);

    /**
     * Records the outcome of trying a fix: a success adds the fix if new and counts it, a failure
     * counts against it.
     */
    void record(String workflowId, int stepIndex, String appearanceHash, Point point, Image crop, boolean success,
                Instant at);
}
