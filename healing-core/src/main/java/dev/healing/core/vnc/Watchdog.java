package dev.healing.core.vnc;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Internal: one daemon timer shared by all connections. It enforces deadlines that a blocking
 * socket call cannot enforce itself (a TLS handshake, a write the server never reads) by running
 * an action, usually closing the socket, when the deadline passes.
 */
final class Watchdog {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Watchdog() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "vnc-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /** Runs {@code action} after {@code nanos} unless the returned future is cancelled first. */
    static ScheduledFuture<?> after(long nanos, Runnable action) {
        return TIMER.schedule(action, Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }
}
