package dev.healing.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a {@link Healer} keeps between calls, apart from its configuration: the workflow locks,
 * per-step counts of consecutive failed calls and the heal limits. Bounded (striped locks, at
 * most {@link #MAX_COUNTED_STEPS} counted steps) and resettable. Thread-safe.
 */
final class HealerState {
    /** Steps whose consecutive failures are counted at most; the least recently failed is forgotten first. */
    static final int MAX_COUNTED_STEPS = 4096;
    private static final int LOCK_STRIPES = 64;

    final HealRateLimits limits;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private final Map<String, Integer> failures = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > MAX_COUNTED_STEPS;
        }
    };

    HealerState(int maxHealsPerRun, int maxHealsPerHour) {
        this.limits = new HealRateLimits(maxHealsPerRun, maxHealsPerHour);
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** The lock serializing heals of one workflow (a stripe: a few workflows may share one). */
    ReentrantLock lockFor(String workflowId) {
        return locks[Math.floorMod(workflowId.hashCode(), LOCK_STRIPES)];
    }

    /** Counts one more failed call of the step; returns the count including it. */
    synchronized int countFailure(String workflowId, int stepIndex) {
        return failures.merge(stepKey(workflowId, stepIndex), 1, Integer::sum);
    }

    /** Forgets the step's failures (it healed). */
    synchronized void clearFailures(String workflowId, int stepIndex) {
        failures.remove(stepKey(workflowId, stepIndex));
    }

    /** Forgets every count and limit. */
    void reset() {
        synchronized (this) {
            failures.clear();
        }
        limits.reset();
    }

    private static String stepKey(String workflowId, int stepIndex) {
        return workflowId + "\u0000" + stepIndex;
    }
}
