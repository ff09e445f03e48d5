package dev.healing.api;

/** A pointer button. */
public enum MouseButton {
    /** The primary button. */
    LEFT,
    /** The wheel button. */
    MIDDLE,
    /** The secondary (context menu) button. */
    RIGHT
}
