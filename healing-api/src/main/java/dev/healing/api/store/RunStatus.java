package dev.healing.api.store;

/** Where a logged workflow run stands. */
public enum RunStatus {
    /** Started and not finished (or its runner died). */
    RUNNING,
    /** Every step passed. */
    PASSED,
    /** A step failed. */
    FAILED
}
