package dev.healing.api.store;

import dev.healing.api.TrustLedger;

/**
 * How trust moves, one definition for every store: a workflow starts at {@value #START}, each
 * event moves it by a fixed step ({@link #step}), clamped to 0..1.
 */
public final class TrustPolicy {
    /** Trust of a workflow never seen. */
    public static final double START = 0.5;

    private TrustPolicy() {
    }

    /** @return how far one event moves trust: up for verified and approved, down for failed and rejected */
    public static double step(TrustLedger.Event event) {
        return switch (event) {
            case VERIFIED, APPROVED -> 0.05;
            case FAILED -> -0.15;
            case REJECTED -> -0.25;
        };
    }

    /** @return trust after {@code event}, starting from {@code current} (0..1), clamped to 0..1 */
    public static double next(double current, TrustLedger.Event event) {
        return Math.max(0, Math.min(1, current + step(event)));
    }
}
