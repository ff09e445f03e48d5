package dev.healing.core;

import dev.healing.api.TrustLedger;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Trust kept in memory. A new workflow starts at {@value #START}; each event moves it by a fixed
 * step within 0..1 (see {@link #step}). Thread-safe.
 */
public final class InMemoryTrustLedger implements TrustLedger {
    /** Trust of a workflow never seen. */
    public static final double START = 0.5;

    private final ConcurrentMap<String, Double> trust = new ConcurrentHashMap<>();

    /** Creates a ledger where every workflow starts at {@value #START}. */
    public InMemoryTrustLedger() {
        // nothing recorded yet
    }

    /** @return how far one event moves trust: up for verified and approved, down for failed and rejected */
    public static double step(Event event) {
        return switch (event) {
            case VERIFIED -> 0.05;
            case APPROVED -> 0.05;
            case FAILED -> -0.15;
            case REJECTED -> -0.25;
        };
    }

    @Override
    public double trust(String workflowId) {
        return trust.getOrDefault(workflowId, START);
    }

    @Override
    public void record(String workflowId, Event event) {
        trust.merge(workflowId, clamp(START + step(event)), (old, ignored) -> clamp(old + step(event)));
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
