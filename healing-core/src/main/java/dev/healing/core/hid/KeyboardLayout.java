package dev.healing.core.hid;

import java.util.Map;
import java.util.Optional;

/**
 * The target's keyboard layout: which physical key (and modifiers) produces a character.
 * HID sends key positions, not characters, so typing text needs the layout the target uses.
 *
 * <p>Implementations must be immutable and thread-safe. Use {@link #us()} for the US layout or
 * {@link #of(String, Map)} to plug in another.
 */
public interface KeyboardLayout {
    /** @return a short name for messages, e.g. {@code "us"} */
    String name();

    /**
     * @param codePoint a Unicode code point; {@code '\n'} and {@code '\t'} mean Enter and Tab
     * @return the key stroke that types it, or empty when this layout cannot type it
     */
    Optional<KeyStroke> stroke(int codePoint);

    /** @return the US (ANSI, QWERTY) layout: printable ASCII, newline and tab */
    static KeyboardLayout us() {
        return UsLayout.INSTANCE;
    }

    /**
     * @param name    a short name for messages
     * @param strokes code point to key stroke
     * @return an immutable layout backed by a copy of {@code strokes}
     */
    static KeyboardLayout of(String name, Map<Integer, KeyStroke> strokes) {
        return new TableLayout(name, strokes);
    }
}
