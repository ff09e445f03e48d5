package dev.healing.core.hid;

/**
 * One key press on a physical keyboard: a usage-page-7 key code and the modifiers held with it.
 *
 * @param modifiers modifier bits, 0..255: 0x01 left Ctrl, 0x02 left Shift, 0x04 left Alt, 0x08 left GUI,
 *                  0x10..0x80 the same on the right
 * @param usage     key code (HID usage page 7), 1..255; for example 0x04 is the key labelled A on US keyboards
 */
public record KeyStroke(int modifiers, int usage) {
    /** Rejects values outside their ranges. */
    public KeyStroke {
        if (modifiers < 0 || modifiers > 0xFF) {
            throw new IllegalArgumentException("modifier bits must be in 0..255: " + modifiers);
        }
        if (usage < 1 || usage > 0xFF) {
            throw new IllegalArgumentException("key code must be in 1..255: " + usage);
        }
    }

    /** @return the key {@code usage} pressed alone */
    public static KeyStroke of(int usage) {
        return new KeyStroke(0, usage);
    }

    /** @return the key {@code usage} pressed with left Shift */
    public static KeyStroke shifted(int usage) {
        return new KeyStroke(HidReports.LEFT_SHIFT, usage);
    }

    @Override
    public String toString() {
        return String.format("KeyStroke[modifiers=0x%02x, usage=0x%02x]", modifiers, usage);
    }
}
