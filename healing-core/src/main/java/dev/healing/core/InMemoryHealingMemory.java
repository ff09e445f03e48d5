package dev.healing.core;

import dev.healing.api.HealingMemory;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.RememberedFix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Healing memory kept in memory, for tests, demos and single-process hosts. Thread-safe.
 * Fixes are the same when their points are within {@link LocatorChain#SAME_PLACE_PX} pixels.
 */
final class InMemoryHealingMemory implements HealingMemory {
    /** Most trusted first: fixes that failed last go to the end, then more successes, then the latest success. */
    static final Comparator<RememberedFix> MOST_TRUSTED_FIRST = Comparator
            .comparing(RememberedFix::failedLast)
            .thenComparing(RememberedFix::successes, Comparator.reverseOrder())
            .thenComparing(f -> f.lastSuccess() == null ? Instant.MIN : f.lastSuccess(), Comparator.reverseOrder());

    private final List<RememberedFix> fixes = new ArrayList<>();

    /** Creates an empty memory. */
    public InMemoryHealingMemory() {
        // nothing stored yet
    }

    @Override
    public synchronized List<RememberedFix> recall(String workflowId, int stepIndex, String appearanceHash) {
        return fixes.stream()
                .filter(f -> f.workflowId().equals(workflowId) && f.stepIndex() == stepIndex
                        && f.appearanceHash().equals(appearanceHash))
                .sorted(MOST_TRUSTED_FIRST)
                .toList();
    }

    @Override
    public synchronized void record(String workflowId, int stepIndex, String appearanceHash, Point point, Image crop,
                                    boolean success, Instant at) {
        for (int i = 0; i < fixes.size(); i++) {
            RememberedFix f = fixes.get(i);
            if (f.workflowId().equals(workflowId) && f.stepIndex() == stepIndex
                    && f.appearanceHash().equals(appearanceHash)
                    && f.point().distanceTo(point) < LocatorChain.SAME_PLACE_PX) {
                fixes.set(i, success
                        ? new RememberedFix(workflowId, stepIndex, appearanceHash, point, crop, f.successes() + 1,
                                f.failures(), at, f.lastFailure())
                        : new RememberedFix(workflowId, stepIndex, appearanceHash, f.point(), f.crop(), f.successes(),
                                f.failures() + 1, f.lastSuccess(), at));
                return;
            }
        }
        if (success) {
            fixes.add(new RememberedFix(workflowId, stepIndex, appearanceHash, point, crop, 1, 0, at, null));
        }
    }
}
