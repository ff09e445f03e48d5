package dev.healing.api;

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

    /** Releases the store's connections; idempotent. */
    @Override
    void close();
}
