package dev.healing.core;

import java.time.Duration;

/**
 * Waits. Injected so that tests of waiting code (transient screens, retries) run instantly.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface Sleeper {
    /** Sleeps on the calling thread; an interrupt ends the wait early and keeps the interrupt flag. */
    void sleep(Duration duration);

    /** @return a sleeper backed by {@link Thread#sleep} */
    static Sleeper system() {
        return duration -> {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }
}
