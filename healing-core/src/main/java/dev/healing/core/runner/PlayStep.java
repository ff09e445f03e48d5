package dev.healing.core.runner;

import dev.healing.api.Point;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One step of a JSON workflow as the player performs it.
 *
 * @param index       0-based position
 * @param type        {@code click}, {@code double_click}, {@code right_click}, {@code type}, {@code key}
 *                    or {@code wait}
 * @param point       the click point, or null for steps without one
 * @param text        what a {@code type} step types, else ""
 * @param keys        what a {@code key} step presses (e.g. {@code "ctrl+a"}, {@code "Enter"}), else ""
 * @param pause       how long a {@code wait} step waits ({@code seconds}), else zero
 * @param waitAfter   how long to wait after the step ({@code wait_after}), zero when absent
 * @param description what the step does, may be empty
 * @param sensitive   whether the step publishes, deletes or pays: never clicked just to verify
 */
public record PlayStep(int index, String type, Point point, String text, String keys, Duration pause,
                       Duration waitAfter, String description, boolean sensitive) {
    /** Validates and normalises the fields (type lower case, null text to ""). */
    public PlayStep {
        type = Objects.requireNonNull(type, "type").toLowerCase(Locale.ROOT);
        text = text == null ? "" : text;
        keys = keys == null ? "" : keys;
        description = description == null ? "" : description;
        pause = pause == null ? Duration.ZERO : pause;
        waitAfter = waitAfter == null ? Duration.ZERO : waitAfter;
        if (index < 0) {
            throw new IllegalArgumentException("index must be at least 0, got " + index);
        }
    }

    /** @return whether the step clicks (and is checked by the guard) */
    public boolean clicks() {
        return type.equals("click") || type.equals("double_click") || type.equals("right_click");
    }
}
