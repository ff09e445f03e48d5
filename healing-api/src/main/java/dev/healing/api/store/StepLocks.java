package dev.healing.api.store;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per workflow step within this process, for stores whose
 * {@link dev.healing.api.HealingStore#exclusively} excludes the threads sharing them (the
 * in-memory and SQLite stores). Locks are reentrant, so heals of one step on one thread nest.
 * Thread-safe.
 */
public final class StepLocks {
    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** Creates locks for no step yet. */
    public StepLocks() {
        // locks are made on first use
    }

    /**
     * Runs {@code heal} holding the step's lock; other threads running the same step wait.
     *
     * @return what {@code heal} returned; its exceptions pass through
     */
    public <T> T exclusively(String workflowId, int stepIndex, Supplier<T> heal) {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(heal, "heal");
        ReentrantLock lock = locks.computeIfAbsent(workflowId + '\u0000' + stepIndex, k -> new ReentrantLock());
        lock.lock();
        try {
            return heal.get();
        } finally {
            lock.unlock();
        }
    }
}
