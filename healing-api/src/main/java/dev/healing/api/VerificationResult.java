package dev.healing.api;

/**
 * What the host saw when it re-ran the workflow from a step.
 *
 * @param success       whether every step from the given one to the end passed
 * @param failedAtStep  the 0-based index of the first failing step, or -1 on success
 * @param similarity    similarity 0..1 of the failing step's crop to its baseline, or 1 on success
 */
public record VerificationResult(boolean success, int failedAtStep, double similarity) {
    /** Validates consistency of the fields. */
    public VerificationResult {
        if (success && failedAtStep != -1) {
            throw new IllegalArgumentException("a successful run has no failing step, got " + failedAtStep);
        }
        if (!success && failedAtStep < 0) {
            throw new IllegalArgumentException("a failed run needs the failing step index, got " + failedAtStep);
        }
        if (!(similarity >= 0 && similarity <= 1)) {
            throw new IllegalArgumentException("similarity must be within 0..1, got " + similarity);
        }
    }

    /** @return the whole workflow ran from the step to its end */
    public static VerificationResult succeeded() {
        return new VerificationResult(true, -1, 1.0);
    }

    /** @return the run failed at {@code step} with the given crop similarity */
    public static VerificationResult failedAt(int step, double similarity) {
        return new VerificationResult(false, step, similarity);
    }
}
