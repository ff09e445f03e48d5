package dev.healing.core;

import dev.healing.api.TrustLedger;
import dev.healing.api.store.TrustPolicy;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Trust kept in memory, moving by the stores' shared {@link TrustPolicy}: a new workflow starts at
 * {@value #START}; each event moves it by a fixed step within 0..1 (see {@link #step}). Thread-safe.
 */
final class InMemoryTrustLedger implements TrustLedger {
    /** Trust of a workflow never seen. */
    public static final double START = TrustPolicy.START;

    private final ConcurrentMap<String, Double> trust = new ConcurrentHashMap<>();

    /** Creates a ledger where every workflow starts at {@value #START}. */
    public InMemoryTrustLedger() {
        // nothing recorded yet
    }

    /** @return how far one event moves trust: up for verified and approved, down for failed and rejected */
    public static double step(Event event) {
        return TrustPolicy.step(event);
    }

    @Override
    public double trust(String workflowId) {
        return trust.getOrDefault(workflowId, START);
    }

    @Override
    public void record(String workflowId, Event event) {
        trust.merge(workflowId, TrustPolicy.next(START, event), (old, ignored) -> TrustPolicy.next(old, event));
    }
}
