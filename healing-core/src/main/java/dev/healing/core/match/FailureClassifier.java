package dev.healing.core.match;

import dev.healing.api.Baseline;
import dev.healing.api.FailureKind;
import dev.healing.api.Image;

/**
 * Decides what kind of failure the live screen shows before the healer relocates anything.
 * Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface FailureClassifier {
    /**
     * @param screen   the live full frame
     * @param baseline the step's baseline (crop, point, and the full frame when stored)
     * @return the kind of failure and a short reason
     */
    Classification classify(Image screen, Baseline baseline);

    /** A classifier that never decides: always {@link FailureKind#MOVED}, so the healer just relocates. */
    static FailureClassifier alwaysRelocate() {
        return (screen, baseline) -> new Classification(FailureKind.MOVED, "classification switched off");
    }

    /**
     * The verdict.
     *
     * @param kind   what the screen shows
     * @param detail why, with the numbers that decided it
     */
    record Classification(FailureKind kind, String detail) {
        /** Validates the fields. */
        public Classification {
            java.util.Objects.requireNonNull(kind, "kind");
            detail = detail == null ? "" : detail;
        }
    }
}
