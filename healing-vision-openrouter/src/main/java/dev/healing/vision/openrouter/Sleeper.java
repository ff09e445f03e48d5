package dev.healing.vision.openrouter;

import java.time.Duration;

/**
 * Waits between retries. The default is {@link Thread#sleep}; tests inject one that records the
 * waits and advances a fake clock instead. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {
    /**
     * Waits for {@code duration}.
     *
     * @throws InterruptedException if the thread is interrupted; the retry loop then gives up
     */
    void sleep(Duration duration) throws InterruptedException;

    /** @return a sleeper backed by {@link Thread#sleep} */
    static Sleeper system() {
        return d -> Thread.sleep(d.toMillis());
    }
}
