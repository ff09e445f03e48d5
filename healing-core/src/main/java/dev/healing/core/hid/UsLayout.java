package dev.healing.core.hid;

import java.util.HashMap;
import java.util.Map;

/** The US ANSI QWERTY layout. */
final class UsLayout {
    static final KeyboardLayout INSTANCE = new TableLayout("us", table());

    private UsLayout() {
    }

    private static Map<Integer, KeyStroke> table() {
        Map<Integer, KeyStroke> t = new HashMap<>();
        for (int i = 0; i < 26; i++) {
            t.put('a' + i, KeyStroke.of(KeyCodes.A + i));
            t.put('A' + i, KeyStroke.shifted(KeyCodes.A + i));
        }
        // The digit row: 1..9 then 0, with the symbols printed above them.
        String digits = "1234567890";
        String shiftedDigits = "!@#$%^&*()";
        for (int i = 0; i < digits.length(); i++) {
            t.put((int) digits.charAt(i), KeyStroke.of(KeyCodes.DIGIT_1 + i));
            t.put((int) shiftedDigits.charAt(i), KeyStroke.shifted(KeyCodes.DIGIT_1 + i));
        }
        // Punctuation keys from '-' (0x2d) to '/' (0x38); 0x32 is the non-US '#' key, absent on ANSI.
        String plain = "-=[]\\\u0000;'`,./";
        String shifted = "_+{}|\u0000:\"~<>?";
        for (int i = 0; i < plain.length(); i++) {
            if (plain.charAt(i) != 0) {
                t.put((int) plain.charAt(i), KeyStroke.of(KeyCodes.MINUS + i));
                t.put((int) shifted.charAt(i), KeyStroke.shifted(KeyCodes.MINUS + i));
            }
        }
        t.put((int) ' ', KeyStroke.of(KeyCodes.SPACE));
        t.put((int) '\n', KeyStroke.of(KeyCodes.ENTER));
        t.put((int) '\t', KeyStroke.of(KeyCodes.TAB));
        return t;
    }
}
