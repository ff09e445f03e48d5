package dev.healing.core.hid;

import dev.healing.api.InputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A key combination parsed from xdotool syntax: modifiers held while up to six keys go down.
 *
 * @param modifiers modifier bits held for the whole chord
 * @param keys      key codes pressed after the modifiers, in order
 */
record KeyChord(int modifiers, List<Integer> keys) {
    private static final Map<String, Integer> MODIFIERS = new HashMap<>();
    private static final Map<String, Integer> NAMED_KEYS = new HashMap<>();

    static {
        putAll(MODIFIERS, HidReports.LEFT_CTRL, "ctrl", "control", "control_l", "ctrl_l");
        putAll(MODIFIERS, HidReports.RIGHT_CTRL, "control_r", "ctrl_r");
        putAll(MODIFIERS, HidReports.LEFT_SHIFT, "shift", "shift_l");
        putAll(MODIFIERS, HidReports.RIGHT_SHIFT, "shift_r");
        putAll(MODIFIERS, HidReports.LEFT_ALT, "alt", "alt_l");
        putAll(MODIFIERS, HidReports.RIGHT_ALT, "alt_r", "altgr", "iso_level3_shift");
        putAll(MODIFIERS, HidReports.LEFT_GUI, "super", "meta", "win", "super_l", "meta_l", "cmd");
        putAll(MODIFIERS, HidReports.RIGHT_GUI, "super_r", "meta_r");

        putAll(NAMED_KEYS, KeyCodes.ENTER, "return", "enter", "kp_enter");
        putAll(NAMED_KEYS, KeyCodes.TAB, "tab");
        putAll(NAMED_KEYS, KeyCodes.ESCAPE, "escape", "esc");
        putAll(NAMED_KEYS, KeyCodes.BACKSPACE, "backspace");
        putAll(NAMED_KEYS, KeyCodes.DELETE, "delete", "del");
        putAll(NAMED_KEYS, KeyCodes.INSERT, "insert");
        putAll(NAMED_KEYS, KeyCodes.HOME, "home");
        putAll(NAMED_KEYS, KeyCodes.END, "end");
        putAll(NAMED_KEYS, KeyCodes.PAGE_UP, "page_up", "prior", "pageup");
        putAll(NAMED_KEYS, KeyCodes.PAGE_DOWN, "page_down", "next", "pagedown");
        putAll(NAMED_KEYS, KeyCodes.UP, "up");
        putAll(NAMED_KEYS, KeyCodes.DOWN, "down");
        putAll(NAMED_KEYS, KeyCodes.LEFT, "left");
        putAll(NAMED_KEYS, KeyCodes.RIGHT, "right");
        putAll(NAMED_KEYS, KeyCodes.SPACE, "space");
        for (int i = 1; i <= 12; i++) {
            NAMED_KEYS.put("f" + i, KeyCodes.F1 + i - 1);
        }
    }

    KeyChord {
        keys = List.copyOf(keys);
    }

    /**
     * Parses names joined by {@code +}, e.g. {@code "ctrl+shift+t"}. Key names are matched without
     * regard to case; a single character is looked up in {@code layout} (so {@code "ctrl+T"} adds Shift).
     *
     * @throws InputException naming the unknown name or the whole combination when it is malformed
     */
    static KeyChord parse(String combination, KeyboardLayout layout) {
        if (combination == null || combination.isBlank()) {
            throw new InputException("empty key combination: '" + combination + "'");
        }
        int modifiers = 0;
        List<Integer> keys = new ArrayList<>();
        for (String name : split(combination)) {
            Integer modifier = MODIFIERS.get(name.toLowerCase(Locale.ROOT));
            if (modifier != null) {
                modifiers |= modifier;
                continue;
            }
            KeyStroke stroke = key(name, layout).orElseThrow(() -> new InputException(
                    "unknown key name '" + name + "' in '" + combination + "' (layout " + layout.name() + ")"));
            modifiers |= stroke.modifiers();
            if (!keys.contains(stroke.usage())) {
                keys.add(stroke.usage());
            }
        }
        if (keys.size() > HidReports.MAX_KEYS) {
            throw new InputException("at most " + HidReports.MAX_KEYS + " keys can be held at once: '"
                    + combination + "'");
        }
        return new KeyChord(modifiers, keys);
    }

    private static Optional<KeyStroke> key(String name, KeyboardLayout layout) {
        Integer named = NAMED_KEYS.get(name.toLowerCase(Locale.ROOT));
        if (named != null) {
            return Optional.of(KeyStroke.of(named));
        }
        if (name.equalsIgnoreCase("plus")) {
            return layout.stroke('+');
        }
        if (name.equalsIgnoreCase("minus")) {
            return layout.stroke('-');
        }
        if (name.codePointCount(0, name.length()) == 1) {
            return layout.stroke(name.codePointAt(0));
        }
        return Optional.empty();
    }

    /** Splits on '+', where a '+' standing alone (as in "ctrl++") is the plus key itself. */
    private static List<String> split(String combination) {
        List<String> names = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < combination.length(); i++) {
            char c = combination.charAt(i);
            if (c == '+' && current.length() > 0) {
                names.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (current.length() == 0) {
            throw new InputException("key combination ends with '+' and no key: '" + combination + "'");
        }
        names.add(current.toString());
        for (String n : names) {
            if (n.isBlank()) {
                throw new InputException("blank key name in '" + combination + "'");
            }
        }
        return names;
    }

    private static void putAll(Map<String, Integer> map, int value, String... names) {
        for (String n : names) {
            map.put(n, value);
        }
    }
}
