package dev.healing.api.store;

import dev.healing.api.FailureKind;

/** The strategy each failure kind calls for (ARCHITECTURE.md, the loop's classify step), as every store logs it. */
public final class Strategies {
    private Strategies() {
    }

    /** @return the strategy's name: wait-and-recapture, re-baseline, relocate or abstain */
    public static String forKind(FailureKind kind) {
        return switch (kind) {
            case TRANSIENT -> "wait-and-recapture";
            case IN_PLACE -> "re-baseline";
            case MOVED, UNKNOWN -> "relocate";
            case GONE, DIFFERENT_SCREEN -> "abstain";
        };
    }
}
