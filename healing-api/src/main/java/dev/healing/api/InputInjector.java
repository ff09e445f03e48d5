package dev.healing.api;

/**
 * Sends pointer and keyboard input to the target: over VNC, a USB HID gadget, or the local desktop.
 *
 * <p>Coordinates are screen pixels. Implementations must be safe to call from several threads
 * (events of concurrent callers may interleave) and must never block forever: a target that
 * stops reading ends in an {@link InputException} within the implementation's timeout.
 * On failure an implementation releases every key and button it holds down.
 */
public interface InputInjector {
    /** Moves the pointer to {@code point} without pressing anything. */
    void move(Point point);

    /** Presses {@code button} at the current pointer position. */
    void press(MouseButton button);

    /** Releases {@code button} at the current pointer position. */
    void release(MouseButton button);

    /**
     * Scrolls the wheel at the current pointer position.
     *
     * @param notches positive scrolls down (towards the user), negative up
     */
    void scroll(int notches);

    /**
     * Types {@code text} as a person would, character by character.
     *
     * @throws InputException if a character cannot be typed (checked before anything is sent)
     */
    void type(String text);

    /**
     * Presses a key combination and releases it, in xdotool syntax: names joined by {@code +},
     * modifiers first, e.g. {@code "ctrl+shift+t"}, {@code "alt+F4"}, {@code "Return"}.
     * Understood names: ctrl, shift, alt, super (also meta, win), Return (also enter), Tab,
     * Escape (esc), BackSpace, Delete, Home, End, Page_Up, Page_Down, Up, Down, Left, Right,
     * space, F1..F12, and single printable characters.
     *
     * @throws InputException if a name is unknown (checked before anything is sent)
     */
    void keys(String combination);

    /** Moves to {@code point} and clicks {@code button} once. */
    default void click(Point point, MouseButton button) {
        move(point);
        press(button);
        release(button);
    }

    /** Moves to {@code point} and clicks the left button twice. */
    default void doubleClick(Point point) {
        click(point, MouseButton.LEFT);
        click(point, MouseButton.LEFT);
    }

    /** Presses {@code button} at {@code from}, moves to {@code to}, and releases it there. */
    default void drag(Point from, Point to, MouseButton button) {
        move(from);
        press(button);
        try {
            move(to);
        } finally {
            release(button);
        }
    }
}
