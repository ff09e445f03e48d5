package dev.healing.testing;

import java.util.concurrent.Executor;

/**
 * Test-only: an executor that starts a new daemon thread per task. Tests that block one task on
 * another (a fake server and its client, two runners meeting at a lock) must not share the common
 * fork-join pool: on a 2-core machine it has one worker, and from Java 25 on
 * {@code CompletableFuture}'s default async pool queues such tasks behind each other.
 */
public final class Threads {
    /** Runs every task on a thread of its own. */
    public static final Executor EACH = task -> {
        Thread t = new Thread(task, "test-task");
        t.setDaemon(true);
        t.start();
    };

    private Threads() {
    }
}
