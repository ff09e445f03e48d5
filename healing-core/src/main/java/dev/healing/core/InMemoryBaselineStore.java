package dev.healing.core;

import dev.healing.api.Baseline;
import dev.healing.api.BaselineStore;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Baselines kept in memory, for tests, demos and hosts with their own persistence. Keeps only
 * the current version of each step. Thread-safe.
 */
final class InMemoryBaselineStore implements BaselineStore {
    private record Key(String workflowId, int stepIndex) {
    }

    private final ConcurrentMap<Key, Baseline> baselines = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryBaselineStore() {
        // nothing stored yet
    }

    @Override
    public Optional<Baseline> current(String workflowId, int stepIndex) {
        return Optional.ofNullable(baselines.get(new Key(workflowId, stepIndex)));
    }

    @Override
    public void save(Baseline baseline) {
        Objects.requireNonNull(baseline, "baseline");
        baselines.put(new Key(baseline.workflowId(), baseline.stepIndex()), baseline);
    }
}
