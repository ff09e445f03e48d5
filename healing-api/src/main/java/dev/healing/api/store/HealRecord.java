package dev.healing.api.store;

import dev.healing.api.HealResult;
import java.time.Instant;
import java.util.Objects;

/**
 * One logged heal, as read back from the store: the result with every attempt, and when and
 * under which conditions it ran.
 *
 * @param id                  the heal's id in the log, increasing with time
 * @param startedAt           when the heal started ({@code finishedAt} minus its duration)
 * @param finishedAt          when it ended (millisecond precision)
 * @param similarity          the similarity 0..1 the host reported when it asked for the heal
 * @param consecutiveFailures the host's count of failures in a row, or 0
 * @param strategy            what the failure kind called for: {@code relocate}, {@code re-baseline},
 *                            {@code wait-and-recapture} or {@code abstain}
 * @param result              the result, its history holding every candidate tried
 */
public record HealRecord(long id, Instant startedAt, Instant finishedAt, double similarity, int consecutiveFailures,
                         String strategy, HealResult result) {
    /** Validates the fields. */
    public HealRecord {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(result, "result");
        if (id < 1) {
            throw new IllegalArgumentException("heal id starts at 1, got " + id);
        }
    }
}
