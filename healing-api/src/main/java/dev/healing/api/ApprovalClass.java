package dev.healing.api;

/** How much a person must be involved before a proposed heal is applied. */
public enum ApprovalClass {
    /** Applies by itself: high confidence, a small move or an in-place restyle, a step that is not sensitive. */
    A,
    /** Applies, and is flagged for a person to review afterwards. */
    B,
    /** Waits for a person's approval: a sensitive step, low confidence, a large move, or low trust. */
    C
}
