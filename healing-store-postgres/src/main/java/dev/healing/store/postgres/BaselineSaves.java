package dev.healing.store.postgres;

import dev.healing.api.Baseline;
import dev.healing.api.StoreException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for baseline saves: saves that arrive while another is being committed are written
 * together in the next transaction, so they share one COMMIT and one WAL flush, which is what a
 * save costs at the server's default durability. A save alone is one autocommitted statement, as
 * before. Every save still returns only once its version is durable, each gets its own version, and
 * a failed group is retried save by save, so one save's failure is never another's.
 *
 * <p>One thread at a time commits (the leader, under {@link #leader}); the others wait for the lock
 * and find their save done, or lead the next group. Thread-safe.
 */
final class BaselineSaves {
    /** Most saves in one transaction. */
    static final int MAX_GROUP = 64;

    /** One save's input (images already encoded) and, once done, its outcome. */
    static final class Save {
        final Baseline baseline;
        final byte[] cropPng;
        final byte[] framePng;
        final long healId;
        // Written by the leader under the lock, read by the caller after taking the lock.
        private int version;
        private RuntimeException failure;
        private boolean done;

        Save(Baseline baseline, byte[] cropPng, byte[] framePng, long healId) {
            this.baseline = baseline;
            this.cropPng = cropPng;
            this.framePng = framePng;
            this.healId = healId;
        }

        String what() {
            return "save the baseline of " + baseline.workflowId() + " step " + baseline.stepIndex();
        }
    }

    /** Writes one save alone (one statement) or a group (one transaction). */
    interface Writer {
        /** @return the save's version; throws on failure */
        int alone(Save save);

        /** @return the versions, in the order of {@code saves}; throws on failure, nothing written */
        int[] together(List<Save> saves);
    }

    private static final Comparator<Save> BY_STEP = Comparator.<Save, String>comparing(s -> s.baseline.workflowId())
            .thenComparingInt(s -> s.baseline.stepIndex());

    private final Writer writer;
    private final Queue<Save> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock();

    BaselineSaves(Writer writer) {
        this.writer = writer;
    }

    /**
     * Saves, possibly together with saves of other threads; returns once the save is committed.
     *
     * @return the new version
     * @throws RuntimeException this save's own failure (a {@link StoreException} from the pool)
     */
    int save(Save save) {
        waiting.add(save);
        // Saves leave the queue in order, so each pass of a leader takes this one or some before it.
        boolean done = false;
        while (!done) {
            leader.lock();
            try {
                if (!save.done) {
                    commit(drain());
                }
                done = save.done;
            } finally {
                leader.unlock();
            }
        }
        if (save.failure != null) {
            throw save.failure;
        }
        return save.version;
    }

    /** @return the saves waiting for a leader (for tests) */
    int waiting() {
        return waiting.size();
    }

    private List<Save> drain() {
        List<Save> group = new ArrayList<>();
        Save s;
        while (group.size() < MAX_GROUP && (s = waiting.poll()) != null) {
            group.add(s);
        }
        return group;
    }

    private void commit(List<Save> group) {
        try {
            commitOrRetryAlone(group);
        } finally {
            // Whatever went wrong (an Error), no caller waits for a save that left the queue.
            for (Save s : group) {
                if (!s.done) {
                    finish(s, 0, new StoreException(s.what() + " did not complete"));
                }
            }
        }
    }

    private void commitOrRetryAlone(List<Save> group) {
        if (group.size() > 1) {
            // The same order in every runner, so two groups lock their steps without a deadlock.
            List<Save> ordered = new ArrayList<>(group);
            ordered.sort(BY_STEP);
            try {
                int[] versions = writer.together(ordered);
                for (int i = 0; i < ordered.size(); i++) {
                    finish(ordered.get(i), versions[i], null);
                }
                return;
            } catch (RuntimeException e) {
                // Nothing of the group was written; each save is tried on its own below, so
                // each caller gets its own outcome.
            }
        }
        for (Save s : group) {
            try {
                finish(s, writer.alone(s), null);
            } catch (RuntimeException e) {
                finish(s, 0, e);
            }
        }
    }

    private static void finish(Save s, int version, RuntimeException failure) {
        s.version = version;
        s.failure = failure;
        s.done = true;
    }
}
