package dev.healing.api;

import java.util.Optional;

/**
 * Keeps each step's current baseline; saving a new one keeps the old as an earlier version
 * where the implementation supports versions.
 *
 * <p>Thread-safe. Failures are {@link StoreException}s and never lose what was stored before.
 */
public interface BaselineStore {
    /** @return the current baseline of the step, if any */
    Optional<Baseline> current(String workflowId, int stepIndex);

    /** Stores {@code baseline} as the step's current baseline. */
    void save(Baseline baseline);
}
