package dev.healing.api;

import java.util.Objects;

/**
 * Where a locator believes the step's element is now.
 *
 * @param point      where to click, in screen pixels
 * @param box        the element's bounds in screen pixels, or {@code null} when unknown
 * @param confidence how sure the locator is, 0..1; comparable across locators (0.80 is the
 *                   default bar for applying a heal)
 * @param source     the locator that proposed it, e.g. {@code "memory"}, {@code "template"}, {@code "vision"}
 * @param reasoning  a short human-readable why, never {@code null} (may be empty)
 */
public record Candidate(Point point, Rect box, double confidence, String source, String reasoning) {
    /** Validates the confidence range and required fields. */
    public Candidate {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(source, "source");
        reasoning = reasoning == null ? "" : reasoning;
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be within 0..1, got " + confidence);
        }
    }

    /** @return a candidate at {@code point} with no box */
    public static Candidate at(Point point, double confidence, String source, String reasoning) {
        return new Candidate(point, null, confidence, source, reasoning);
    }

    /** @return a copy with another confidence, for locators that lower confidence on ambiguity */
    public Candidate withConfidence(double newConfidence) {
        return new Candidate(point, box, newConfidence, source, reasoning);
    }
}
