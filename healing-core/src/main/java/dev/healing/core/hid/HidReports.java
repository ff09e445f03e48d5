package dev.healing.core.hid;

import java.util.Arrays;

/**
 * Pure encoder of the two USB HID input reports this package sends, and the report descriptors
 * that declare them (the same layout PiKVM and TinyPilot gadgets use).
 *
 * <ul>
 *   <li>Keyboard, boot protocol, {@value #KEYBOARD_REPORT_LENGTH} bytes: modifier bits, a reserved
 *       zero byte, then up to six usage-page-7 key codes (unused slots 0).</li>
 *   <li>Absolute mouse, {@value #MOUSE_REPORT_LENGTH} bytes: button bits, X and Y as unsigned
 *       16-bit little-endian values in 0..{@value AbsoluteScale#HID_MAX}, vertical wheel and
 *       horizontal wheel (AC Pan) as signed bytes in -127..127 (positive: up and right).</li>
 * </ul>
 *
 * <p>Stateless and thread-safe. Every method rejects out-of-range values with
 * {@link IllegalArgumentException} naming the value.
 */
final class HidReports {
    /** Length of a keyboard boot report in bytes. */
    public static final int KEYBOARD_REPORT_LENGTH = 8;
    /** Length of an absolute mouse report in bytes. */
    public static final int MOUSE_REPORT_LENGTH = 7;
    /** Key codes one keyboard report can hold at once. */
    public static final int MAX_KEYS = 6;

    /** Modifier bit: left Control. */
    public static final int LEFT_CTRL = 0x01;
    /** Modifier bit: left Shift. */
    public static final int LEFT_SHIFT = 0x02;
    /** Modifier bit: left Alt. */
    public static final int LEFT_ALT = 0x04;
    /** Modifier bit: left GUI (Super, Windows, Command). */
    public static final int LEFT_GUI = 0x08;
    /** Modifier bit: right Control. */
    public static final int RIGHT_CTRL = 0x10;
    /** Modifier bit: right Shift. */
    public static final int RIGHT_SHIFT = 0x20;
    /** Modifier bit: right Alt (AltGr on many layouts). */
    public static final int RIGHT_ALT = 0x40;
    /** Modifier bit: right GUI. */
    public static final int RIGHT_GUI = 0x80;

    /** Button bit: primary (left) button. */
    public static final int BUTTON_LEFT = 0x01;
    /** Button bit: secondary (right) button. */
    public static final int BUTTON_RIGHT = 0x02;
    /** Button bit: middle (wheel) button. */
    public static final int BUTTON_MIDDLE = 0x04;

    /** Largest wheel step one report can carry, either way. */
    public static final int MAX_WHEEL = 127;

    // Boot keyboard: 8 modifier bits, 1 reserved byte, 5 LED output bits + 3 padding, 6 key slots.
    private static final byte[] KEYBOARD_DESCRIPTOR = bytes(
            0x05, 0x01, // Usage Page (Generic Desktop)
            0x09, 0x06, // Usage (Keyboard)
            0xA1, 0x01, // Collection (Application)
            0x05, 0x07, //   Usage Page (Keyboard/Keypad)
            0x19, 0xE0, //   Usage Minimum (Left Control)
            0x29, 0xE7, //   Usage Maximum (Right GUI)
            0x15, 0x00, //   Logical Minimum (0)
            0x25, 0x01, //   Logical Maximum (1)
            0x75, 0x01, //   Report Size (1)
            0x95, 0x08, //   Report Count (8)
            0x81, 0x02, //   Input (Data, Variable, Absolute): modifier bits
            0x75, 0x08, //   Report Size (8)
            0x95, 0x01, //   Report Count (1)
            0x81, 0x01, //   Input (Constant): reserved byte
            0x05, 0x08, //   Usage Page (LEDs)
            0x19, 0x01, //   Usage Minimum (Num Lock)
            0x29, 0x05, //   Usage Maximum (Kana)
            0x75, 0x01, //   Report Size (1)
            0x95, 0x05, //   Report Count (5)
            0x91, 0x02, //   Output (Data, Variable, Absolute): LED bits
            0x75, 0x03, //   Report Size (3)
            0x95, 0x01, //   Report Count (1)
            0x91, 0x01, //   Output (Constant): LED padding
            0x05, 0x07, //   Usage Page (Keyboard/Keypad)
            0x19, 0x00, //   Usage Minimum (0)
            0x29, 0xFF, //   Usage Maximum (255)
            0x15, 0x00, //   Logical Minimum (0)
            0x26, 0xFF, 0x00, // Logical Maximum (255)
            0x75, 0x08, //   Report Size (8)
            0x95, 0x06, //   Report Count (6)
            0x81, 0x00, //   Input (Data, Array, Absolute): key codes
            0xC0);      // End Collection

    // Absolute mouse: 8 button bits, X and Y 16 bit 0..32767, wheel and AC Pan -127..127.
    private static final byte[] MOUSE_DESCRIPTOR = bytes(
            0x05, 0x01, // Usage Page (Generic Desktop)
            0x09, 0x02, // Usage (Mouse)
            0xA1, 0x01, // Collection (Application)
            0x09, 0x01, //   Usage (Pointer)
            0xA1, 0x00, //   Collection (Physical)
            0x05, 0x09, //     Usage Page (Button)
            0x19, 0x01, //     Usage Minimum (Button 1)
            0x29, 0x08, //     Usage Maximum (Button 8)
            0x15, 0x00, //     Logical Minimum (0)
            0x25, 0x01, //     Logical Maximum (1)
            0x75, 0x01, //     Report Size (1)
            0x95, 0x08, //     Report Count (8)
            0x81, 0x02, //     Input (Data, Variable, Absolute): buttons
            0x05, 0x01, //     Usage Page (Generic Desktop)
            0x09, 0x30, //     Usage (X)
            0x09, 0x31, //     Usage (Y)
            0x16, 0x00, 0x00, // Logical Minimum (0)
            0x26, 0xFF, 0x7F, // Logical Maximum (32767)
            0x75, 0x10, //     Report Size (16)
            0x95, 0x02, //     Report Count (2)
            0x81, 0x02, //     Input (Data, Variable, Absolute): X, Y
            0x09, 0x38, //     Usage (Wheel)
            0x15, 0x81, //     Logical Minimum (-127)
            0x25, 0x7F, //     Logical Maximum (127)
            0x75, 0x08, //     Report Size (8)
            0x95, 0x01, //     Report Count (1)
            0x81, 0x06, //     Input (Data, Variable, Relative): wheel
            0x05, 0x0C, //     Usage Page (Consumer)
            0x0A, 0x38, 0x02, // Usage (AC Pan)
            0x15, 0x81, //     Logical Minimum (-127)
            0x25, 0x7F, //     Logical Maximum (127)
            0x75, 0x08, //     Report Size (8)
            0x95, 0x01, //     Report Count (1)
            0x81, 0x06, //     Input (Data, Variable, Relative): horizontal wheel
            0xC0,       //   End Collection
            0xC0);      // End Collection

    private HidReports() {
    }

    /** @return a copy of the keyboard report descriptor, as written to the gadget's {@code report_desc} */
    public static byte[] keyboardDescriptor() {
        return KEYBOARD_DESCRIPTOR.clone();
    }

    /** @return a copy of the absolute mouse report descriptor, as written to the gadget's {@code report_desc} */
    public static byte[] mouseDescriptor() {
        return MOUSE_DESCRIPTOR.clone();
    }

    /**
     * Encodes a keyboard boot report.
     *
     * @param modifiers modifier bits ({@link #LEFT_CTRL} ...), 0..255
     * @param keys      up to {@value #MAX_KEYS} usage-page-7 key codes, each 1..255, held down together
     * @return a new {@value #KEYBOARD_REPORT_LENGTH}-byte report
     */
    public static byte[] keyboard(int modifiers, int... keys) {
        if (modifiers < 0 || modifiers > 0xFF) {
            throw new IllegalArgumentException("modifier bits must be in 0..255: " + modifiers);
        }
        if (keys.length > MAX_KEYS) {
            throw new IllegalArgumentException("a boot report holds at most " + MAX_KEYS + " keys: "
                    + Arrays.toString(keys));
        }
        byte[] report = new byte[KEYBOARD_REPORT_LENGTH];
        report[0] = (byte) modifiers;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] < 1 || keys[i] > 0xFF) {
                throw new IllegalArgumentException("key code must be in 1..255: " + keys[i]);
            }
            report[2 + i] = (byte) keys[i];
        }
        return report;
    }

    /** @return the all-released keyboard report (eight zero bytes) */
    public static byte[] keyboardReleased() {
        return new byte[KEYBOARD_REPORT_LENGTH];
    }

    /**
     * Encodes an absolute mouse report.
     *
     * @param buttons button bits ({@link #BUTTON_LEFT} ...), 0..255
     * @param x       absolute X, 0..{@value AbsoluteScale#HID_MAX} (see {@link AbsoluteScale})
     * @param y       absolute Y, 0..{@value AbsoluteScale#HID_MAX}
     * @param wheel   vertical wheel steps, -127..127, positive scrolls up (away from the user)
     * @param pan     horizontal wheel steps, -127..127, positive scrolls right
     * @return a new {@value #MOUSE_REPORT_LENGTH}-byte report
     */
    public static byte[] mouse(int buttons, int x, int y, int wheel, int pan) {
        if (buttons < 0 || buttons > 0xFF) {
            throw new IllegalArgumentException("button bits must be in 0..255: " + buttons);
        }
        checkAxis("x", x);
        checkAxis("y", y);
        checkWheel("wheel", wheel);
        checkWheel("pan", pan);
        return new byte[] {
            (byte) buttons,
            (byte) x, (byte) (x >>> 8),
            (byte) y, (byte) (y >>> 8),
            (byte) wheel,
            (byte) pan,
        };
    }

    private static void checkAxis(String name, int value) {
        if (value < 0 || value > AbsoluteScale.HID_MAX) {
            throw new IllegalArgumentException(name + " must be in 0.." + AbsoluteScale.HID_MAX + ": " + value);
        }
    }

    private static void checkWheel(String name, int value) {
        if (value < -MAX_WHEEL || value > MAX_WHEEL) {
            throw new IllegalArgumentException(name + " must be in -127..127: " + value);
        }
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
