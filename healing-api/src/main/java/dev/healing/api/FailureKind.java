package dev.healing.api;

/** What the screen says about a failed step, decided before any relocation. */
public enum FailureKind {
    /** Blank, loading or mid-animation: wait and recapture, do not heal yet. */
    TRANSIENT,
    /** The element is still where it was but restyled: re-baseline, do not move. */
    IN_PLACE,
    /** The element is elsewhere on the same screen: relocate it. */
    MOVED,
    /** The element is no longer on the screen: abstain. */
    GONE,
    /** The screen is not the one the step expects: do not heal, report. */
    DIFFERENT_SCREEN,
    /** Not classified (no baseline frame to compare with, or classification switched off). */
    UNKNOWN
}
