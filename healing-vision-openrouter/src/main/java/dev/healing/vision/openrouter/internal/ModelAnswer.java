package dev.healing.vision.openrouter.internal;

/**
 * What a model said, in its own coordinate space, before any mapping. Arrays are in the order the
 * model wrote them (Gemini writes y first).
 *
 * @param found      false when the model said the element is not there
 * @param box        four finite numbers, or {@code null}
 * @param point      two finite numbers, or {@code null}
 * @param confidence 0..1, or NaN when the model gave none
 * @param matches    for verification answers: whether the element matches; false otherwise
 * @param reasoning  the model's words, never {@code null}
 */
public record ModelAnswer(boolean found, double[] box, double[] point, double confidence, boolean matches,
                          String reasoning) {
    /** Normalises the reasoning to non-null. */
    public ModelAnswer {
        reasoning = reasoning == null ? "" : reasoning;
    }

    /** @return whether the model gave a confidence */
    public boolean hasConfidence() {
        return !Double.isNaN(confidence);
    }
}
