package dev.healing.core.vnc;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Internal: one daemon timer shared by all connections. It enforces deadlines that a blocking
 * socket call cannot enforce itself (a TLS handshake, a write the server never reads) by running
 * an action, usually closing the socket, when the deadline passes. The connect and capture path
 * of this package uses no lambdas, method references, streams or {@code String.format}: each
 * first use costs a cold process milliseconds (tens for the first), and a one-shot screenshot
 * ({@code vnc-capture}) is mostly start-up.
 */
final class Watchdog {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Watchdog() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, new DaemonThreads());
        t.setRemoveOnCancelPolicy(true);
        // A task a year away keeps the thread's waits timed: Java 17 blocks an untimed wait on a
        // Condition through ForkJoinPool, whose start-up costs a cold process about a millisecond.
        t.schedule(new Idle(), 365, TimeUnit.DAYS);
        return t;
    }

    /** The task that keeps the timer's queue from emptying; does nothing. */
    private static final class Idle implements Runnable {
        @Override
        public void run() {
            // nothing: its being scheduled is the point
        }
    }

    /** Names the timer's thread and makes it a daemon. */
    private static final class DaemonThreads implements ThreadFactory {
        @Override
        public Thread newThread(Runnable r) {
            Thread thread = new Thread(r, "vnc-watchdog");
            thread.setDaemon(true);
            return thread;
        }
    }

    /** Runs {@code action} after {@code nanos} unless the returned future is cancelled first. */
    static ScheduledFuture<?> after(long nanos, Runnable action) {
        return TIMER.schedule(action, Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }
}
