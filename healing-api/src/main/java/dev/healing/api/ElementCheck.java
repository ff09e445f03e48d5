package dev.healing.api;

/**
 * A model's judgement of whether the element at a point is the one a description names.
 *
 * @param matches    whether it is
 * @param confidence how sure, 0..1
 * @param reasoning  why, in the model's words; never {@code null}
 * @param cost       what the check cost
 */
public record ElementCheck(boolean matches, double confidence, String reasoning, Cost cost) {
    /** Validates the range. */
    public ElementCheck {
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be within 0..1, got " + confidence);
        }
        reasoning = reasoning == null ? "" : reasoning;
        cost = cost == null ? Cost.FREE : cost;
    }
}
