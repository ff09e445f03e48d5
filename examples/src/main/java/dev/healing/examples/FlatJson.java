package dev.healing.examples;

import dev.healing.api.Point;
import java.util.Map;

/**
 * A JSON object of strings, integers, booleans and points written exactly as {@link JsonOutput}'s
 * Jackson mapper writes it (two-space indent, {@code " : "}), without loading Jackson: that alone
 * takes longer than a whole VNC screenshot or click.
 */
final class FlatJson {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private FlatJson() {
    }

    /** @return whether every value is a String, Integer, Long, Boolean or Point (null keys or values are not) */
    static boolean writable(Map<String, ?> fields) {
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            Object v = e.getValue();
            if (e.getKey() == null
                    || !(v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Boolean
                            || v instanceof Point)) {
                return false;
            }
        }
        return true;
    }

    /** @return {@code {"command": name, "done": done, fields...}}, pretty-printed, without a final newline */
    static String write(String command, boolean done, Map<String, ?> fields) {
        StringBuilder b = new StringBuilder(256).append('{');
        field(b, "command").append(quote(command));
        field(b.append(','), "done").append(done);
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            field(b.append(','), e.getKey());
            Object v = e.getValue();
            if (v instanceof String) {
                b.append(quote((String) v));
            } else if (v instanceof Point) {
                Point p = (Point) v;
                b.append("{\n    \"x\" : ").append(p.x()).append(",\n    \"y\" : ").append(p.y()).append("\n  }");
            } else {
                b.append(v);
            }
        }
        return b.append("\n}").toString();
    }

    private static StringBuilder field(StringBuilder b, String name) {
        return b.append("\n  ").append(quote(name)).append(" : ");
    }

    /** @return {@code s} as a JSON string the way Jackson escapes it: quote, backslash and control characters */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    b.append("\\\"");
                    break;
                case '\\':
                    b.append("\\\\");
                    break;
                case '\b':
                    b.append("\\b");
                    break;
                case '\f':
                    b.append("\\f");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }
}
