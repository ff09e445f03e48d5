package dev.healing.examples.robot;

import dev.healing.api.InputException;
import java.awt.event.KeyEvent;
import java.util.Locale;
import java.util.Map;

/** Key names in xdotool syntax ({@code "ctrl+shift+t"}) to {@link KeyEvent} codes. */
final class KeyNames {
    private static final Map<String, Integer> NAMES = Map.ofEntries(
            Map.entry("ctrl", KeyEvent.VK_CONTROL), Map.entry("control", KeyEvent.VK_CONTROL),
            Map.entry("shift", KeyEvent.VK_SHIFT), Map.entry("alt", KeyEvent.VK_ALT),
            Map.entry("super", KeyEvent.VK_WINDOWS), Map.entry("meta", KeyEvent.VK_WINDOWS),
            Map.entry("win", KeyEvent.VK_WINDOWS), Map.entry("return", KeyEvent.VK_ENTER),
            Map.entry("enter", KeyEvent.VK_ENTER), Map.entry("tab", KeyEvent.VK_TAB),
            Map.entry("escape", KeyEvent.VK_ESCAPE), Map.entry("esc", KeyEvent.VK_ESCAPE),
            Map.entry("backspace", KeyEvent.VK_BACK_SPACE), Map.entry("delete", KeyEvent.VK_DELETE),
            Map.entry("home", KeyEvent.VK_HOME), Map.entry("end", KeyEvent.VK_END),
            Map.entry("page_up", KeyEvent.VK_PAGE_UP), Map.entry("page_down", KeyEvent.VK_PAGE_DOWN),
            Map.entry("up", KeyEvent.VK_UP), Map.entry("down", KeyEvent.VK_DOWN),
            Map.entry("left", KeyEvent.VK_LEFT), Map.entry("right", KeyEvent.VK_RIGHT),
            Map.entry("space", KeyEvent.VK_SPACE));

    private KeyNames() {
    }

    /**
     * @return the key codes in press order
     * @throws InputException naming the first unknown key
     */
    static int[] parse(String combination) {
        if (combination == null || combination.isBlank()) {
            throw new InputException("empty key combination");
        }
        String[] parts = combination.split("\\+");
        int[] codes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            codes[i] = code(parts[i].trim(), combination);
        }
        return codes;
    }

    private static int code(String name, String combination) {
        Integer named = NAMES.get(name.toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        if (name.matches("(?i)F([1-9]|1[0-2])")) {
            return KeyEvent.VK_F1 + Integer.parseInt(name.substring(1)) - 1;
        }
        if (name.length() == 1) {
            int c = KeyEvent.getExtendedKeyCodeForChar(name.charAt(0));
            if (c != KeyEvent.VK_UNDEFINED) {
                return c;
            }
        }
        throw new InputException("unknown key \"" + name + "\" in \"" + combination + "\"");
    }
}
