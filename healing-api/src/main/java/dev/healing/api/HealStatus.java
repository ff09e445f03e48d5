package dev.healing.api;

/** Outcome of one {@code attemptHeal} call. */
public enum HealStatus {
    /** The step was relocated, verified, and the workflow ran to its end. */
    HEALED,
    /** The step was relocated and verified, but a later step failed; the fix is kept. */
    PARTIAL,
    /** Nothing worked or nothing was trustworthy enough; the workflow is as it was. */
    NOT_HEALED,
    /** The healer chose not to act (above threshold, too few failures, disabled, dry-run, budget). */
    SKIPPED,
    /** A proposal exists but needs a person's approval (sensitive step, low trust). */
    PENDING_APPROVAL
}
