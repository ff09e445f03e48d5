package dev.healing.api;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything a healer keeps, in one object: baselines, healing memory, proposals, trust, the
 * heal log and the run log. A healer is wired to one with {@code Healer.builder().store(store)};
 * each view may also be given on its own.
 *
 * <p>Implementations are thread-safe; the views may be the store itself.
 */
public interface HealingStore extends AutoCloseable {
    /** @return the step baselines */
    BaselineStore baselines();

    /** @return the positions that healed a step before */
    HealingMemory memory();

    /** @return heals waiting for, or given, a person's approval */
    ProposalStore proposals();

    /** @return per-workflow trust */
    TrustLedger trust();

    /** @return the heal log: every result, attempt and escalation */
    HealListener log();

    /** @return the run log: runs and step checks */
    RunLog runs();

    /**
     * Runs one heal of a step while no other heal of the same step runs against this store, so
     * two runners meeting the same broken step produce one verified fix: the second waits, then
     * finds the first one's fix in {@link #memory()}. The healer wraps each {@code attemptHeal}
     * of a step in it. Calls for different steps do not wait for each other; calls on the same
     * thread for the same step nest.
     *
     * <p>The default runs {@code heal} at once, without excluding anyone: enough for a store used
     * by one healer. Stores shared by several healers (threads, processes or machines) override
     * it: the in-memory store with a per-step lock, the SQLite store within its process, the
     * PostgreSQL store fleet-wide with an advisory lock held for the heal.
     *
     * @param workflowId the workflow
     * @param stepIndex  0-based step index
     * @param heal       the heal; its result is returned and its exceptions pass through
     * @throws StoreException if the lock cannot be taken (store closed, connection lost); the heal
     *     has not run then
     */
    default <T> T exclusively(String workflowId, int stepIndex, Supplier<T> heal) {
        Objects.requireNonNull(workflowId, "workflowId");
        return Objects.requireNonNull(heal, "heal").get();
    }

    /**
     * @return what calibration learned about vision models, kept with the rest of the store; the
     *     default keeps nothing (stores that persist override it)
     */
    default ModelCalibrations calibrations() {
        return ModelCalibrations.none();
    }

    /** Releases the store's connections; idempotent. */
    @Override
    void close();
}
