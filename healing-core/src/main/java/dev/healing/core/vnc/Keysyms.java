package dev.healing.core.vnc;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Internal: X11 keysyms for characters and xdotool-style key names. */
final class Keysyms {
    static final int RETURN = 0xFF0D;
    static final int TAB = 0xFF09;
    static final int BACKSPACE = 0xFF08;
    static final int SHIFT_L = 0xFFE1;
    /** The ASCII symbols a US keyboard makes with Shift (besides the capitals). */
    private static final String US_SHIFTED_SYMBOLS = "~!@#$%^&*()_+{}|:\"<>?";
    /** The unshifted character of the same US key, position by position. */
    private static final String US_BASE_SYMBOLS = "`1234567890-=[]\\;',./";

    private static final Map<String, Integer> NAMES = new HashMap<>();

    static {
        name(0xFFE3, "ctrl", "control", "control_l", "ctrl_l");
        name(0xFFE4, "control_r", "ctrl_r");
        name(0xFFE1, "shift", "shift_l");
        name(0xFFE2, "shift_r");
        name(0xFFE9, "alt", "alt_l");
        name(0xFFEA, "alt_r", "altgr");
        name(0xFFEB, "super", "super_l", "meta", "win");
        name(0xFFEC, "super_r");
        name(RETURN, "return", "enter");
        name(TAB, "tab");
        name(0xFF1B, "escape", "esc");
        name(BACKSPACE, "backspace");
        name(0xFFFF, "delete", "del");
        name(0xFF63, "insert", "ins");
        name(0xFF50, "home");
        name(0xFF57, "end");
        name(0xFF55, "page_up", "prior", "pageup");
        name(0xFF56, "page_down", "next", "pagedown");
        name(0xFF52, "up");
        name(0xFF54, "down");
        name(0xFF51, "left");
        name(0xFF53, "right");
        name(0x20, "space");
        name(0xFF61, "print");
        name(0xFF13, "pause");
        name(0xFF67, "menu");
        for (int i = 1; i <= 12; i++) {
            name(0xFFBD + i, "f" + i);
        }
    }

    private Keysyms() {
    }

    private static void name(int keysym, String... names) {
        for (String n : names) {
            NAMES.put(n, keysym);
        }
    }

    /**
     * @return the keysym typing {@code codePoint}, or -1 for control characters that have none
     */
    static int forCodePoint(int codePoint) {
        if (codePoint == '\n' || codePoint == '\r') {
            return RETURN;
        }
        if (codePoint == '\t') {
            return TAB;
        }
        if (codePoint == '\b') {
            return BACKSPACE;
        }
        if (codePoint >= 0x20 && codePoint <= 0x7E || codePoint >= 0xA0 && codePoint <= 0xFF) {
            return codePoint;
        }
        if (codePoint < 0x20 || codePoint >= 0x7F && codePoint < 0xA0 || Character.isSurrogate((char) codePoint)
                && codePoint <= 0xFFFF || codePoint > Character.MAX_CODE_POINT) {
            return -1;
        }
        return 0x01000000 | codePoint;
    }

    /**
     * @return whether a US keyboard makes {@code codePoint} with Shift (capitals and the shifted
     *         symbols); such characters are typed with an explicit Shift, since servers that map
     *         keysyms to scancodes (QEMU, krfb, x0vncserver) do not add it themselves
     */
    static boolean usShifted(int codePoint) {
        return codePoint >= 'A' && codePoint <= 'Z' || codePoint < 0x80 && US_SHIFTED_SYMBOLS.indexOf(codePoint) >= 0;
    }

    /**
     * @return the character of the same key without Shift on a US keyboard ({@code '<'} -> {@code ','},
     *         {@code 'A'} -> {@code 'a'}) for a {@link #usShifted} character, else {@code codePoint}
     */
    static int usBase(int codePoint) {
        if (codePoint >= 'A' && codePoint <= 'Z') {
            return codePoint - 'A' + 'a';
        }
        int i = codePoint < 0x80 ? US_SHIFTED_SYMBOLS.indexOf(codePoint) : -1;
        return i < 0 ? codePoint : US_BASE_SYMBOLS.charAt(i);
    }

    /** @return the keysym of one xdotool key name or single character, or -1 if unknown */
    static int forName(String name) {
        Integer k = NAMES.get(name.toLowerCase(Locale.ROOT));
        if (k != null) {
            return k;
        }
        if (name.codePointCount(0, name.length()) == 1) {
            return forCodePoint(name.codePointAt(0));
        }
        return -1;
    }
}
