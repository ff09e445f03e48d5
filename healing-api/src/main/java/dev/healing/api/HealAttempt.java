package dev.healing.api;

import java.util.Objects;

/**
 * One candidate tried during a heal, and what became of it.
 *
 * @param number       1-based attempt number within the heal
 * @param candidate    the candidate that was tried
 * @param verification what the host's verifier saw, or {@code null} when it was not run
 * @param accepted     whether this candidate was kept
 * @param note         why it was kept or rejected, never {@code null}
 * @param evidence     the screenshot with the old and candidate points and the crops, or {@code null}
 */
public record HealAttempt(int number, Candidate candidate, VerificationResult verification, boolean accepted,
                          String note, Image evidence) {
    /** Validates the fields. */
    public HealAttempt {
        if (number < 1) {
            throw new IllegalArgumentException("attempt number starts at 1, got " + number);
        }
        Objects.requireNonNull(candidate, "candidate");
        note = note == null ? "" : note;
    }
}
