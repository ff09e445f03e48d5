package dev.healing.core.hid;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A layout backed by an immutable table of code points. */
final class TableLayout implements KeyboardLayout {
    private final String name;
    private final Map<Integer, KeyStroke> strokes;

    TableLayout(String name, Map<Integer, KeyStroke> strokes) {
        this.name = Objects.requireNonNull(name, "name");
        this.strokes = Map.copyOf(strokes);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<KeyStroke> stroke(int codePoint) {
        return Optional.ofNullable(strokes.get(codePoint));
    }

    @Override
    public String toString() {
        return "KeyboardLayout[" + name + ", " + strokes.size() + " characters]";
    }
}
