package dev.healing.api;

import java.time.Duration;

/**
 * Waits: between HID events, between retries of a model call, before recapturing a loading
 * screen. Injected so that tests of waiting code run instantly and record what was waited.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface Sleeper {
    /**
     * Waits {@code duration} on the calling thread (zero returns at once).
     *
     * @throws InterruptedException when the thread is interrupted; the caller abandons what it
     *                              was waiting for (a held button is released, a retry loop gives up)
     */
    void sleep(Duration duration) throws InterruptedException;

    /** @return a sleeper backed by {@link Thread#sleep(long, int)} */
    static Sleeper system() {
        return d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
    }
}
