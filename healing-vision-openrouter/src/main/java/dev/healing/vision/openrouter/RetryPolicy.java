package dev.healing.vision.openrouter;

import java.time.Duration;
import java.util.Objects;

/**
 * How transient failures (HTTP 408, 429, 500, 502, 503, 524, 529, network errors) are retried:
 * exponential backoff from {@code initialBackoff}, doubled per attempt up to {@code maxBackoff},
 * with "equal jitter" (a random wait between half and all of it), a server's {@code Retry-After}
 * taking precedence, all bounded by {@code maxAttempts} and {@code totalDeadline}. Immutable.
 *
 * @param maxAttempts    HTTP attempts per model call, including the first, 1..20
 * @param totalDeadline  wall time one model call may take across all attempts and waits, positive
 * @param initialBackoff wait before the second attempt, before jitter, at least 0
 * @param maxBackoff     the longest computed wait, at least {@code initialBackoff}
 */
public record RetryPolicy(int maxAttempts, Duration totalDeadline, Duration initialBackoff, Duration maxBackoff) {
    /** Three attempts within 90 s, waits from 1 s doubling to 20 s. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(3, Duration.ofSeconds(90), Duration.ofSeconds(1), Duration.ofSeconds(20));

    /** One attempt, no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ofSeconds(90), Duration.ZERO, Duration.ZERO);

    /** Validates the ranges; the message names the bad value. */
    public RetryPolicy {
        Objects.requireNonNull(totalDeadline, "totalDeadline");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("maxAttempts must be within 1..20, got " + maxAttempts);
        }
        if (totalDeadline.isNegative() || totalDeadline.isZero()) {
            throw new IllegalArgumentException("totalDeadline must be positive, got " + totalDeadline);
        }
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must not be negative, got " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than initialBackoff "
                    + initialBackoff);
        }
    }

    /** @return the wait before attempt {@code attempt + 1} (attempt counted from 1), before jitter */
    public Duration backoffAfter(int attempt) {
        long base = initialBackoff.toMillis();
        long wait = base << Math.min(30, Math.max(0, attempt - 1));
        return Duration.ofMillis(Math.min(wait < 0 ? Long.MAX_VALUE : wait, maxBackoff.toMillis()));
    }
}
