package dev.healing.vision.openrouter.internal;

import dev.healing.api.Cost;

/** What one locate or verify call has spent so far, across its model calls. Not thread-safe: one per call. */
public final class SpendTally {
    private Cost total = Cost.FREE;

    /** Adds a model call's cost. */
    public void add(Cost cost) {
        total = total.plus(cost);
    }

    /** @return the sum so far */
    public Cost total() {
        return total;
    }
}
