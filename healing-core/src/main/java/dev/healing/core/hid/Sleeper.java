package dev.healing.core.hid;

import java.time.Duration;

/**
 * Waits between HID events (how long a button stays down, the pause after a release). The default
 * is {@link Thread#sleep}; tests inject one that records the pauses and returns at once. Unlike
 * {@code dev.healing.core.Sleeper} an interrupt is thrown, so a click in progress is abandoned
 * and its button released at once. Implementations must be thread-safe.
 */
@FunctionalInterface
interface Sleeper {
    /** The real clock: {@link Thread#sleep(long, int)}. */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

    /**
     * Waits {@code duration} (zero returns at once).
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void sleep(Duration duration) throws InterruptedException;
}
