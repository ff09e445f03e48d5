package dev.healing.api.store;

/** How a step or workflow is doing, worst last. */
public enum HealthState {
    /** Passing with the similarity it has always had. */
    HEALTHY,
    /** Still working but needs a look: low or sliding similarity, a recent failure, failed heals. */
    DEGRADED,
    /** Failing and not healed. */
    BROKEN
}
