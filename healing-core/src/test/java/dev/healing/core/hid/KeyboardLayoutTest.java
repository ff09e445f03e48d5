package dev.healing.core.hid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.InputException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class KeyboardLayoutTest {
    private final KeyboardLayout us = KeyboardLayout.us();

    @Test
    void us_everyPrintableAscii_typableAndDistinct() {
        Set<KeyStroke> seen = new HashSet<>();
        for (int c = 0x20; c < 0x7F; c++) {
            int ch = c;
            KeyStroke s = us.stroke(c).orElseThrow(() -> new AssertionError("cannot type " + (char) ch));
            assertTrue(seen.add(s), "two characters share " + s + ": " + (char) c);
            assertTrue(s.modifiers() == 0 || s.modifiers() == HidReports.LEFT_SHIFT, "only Shift on US: " + (char) c);
        }
        assertEquals(95, seen.size());
    }

    @Test
    void us_lettersDigitsAndShiftedSymbols_matchUsagePage7() {
        assertEquals(Optional.of(KeyStroke.of(0x04)), us.stroke('a'));
        assertEquals(Optional.of(KeyStroke.shifted(0x04)), us.stroke('A'));
        assertEquals(Optional.of(KeyStroke.of(0x1D)), us.stroke('z'));
        assertEquals(Optional.of(KeyStroke.of(0x1E)), us.stroke('1'));
        assertEquals(Optional.of(KeyStroke.of(0x27)), us.stroke('0'));
        assertEquals(Optional.of(KeyStroke.shifted(0x1E)), us.stroke('!'));
        assertEquals(Optional.of(KeyStroke.shifted(0x1F)), us.stroke('@'));
        assertEquals(Optional.of(KeyStroke.shifted(0x38)), us.stroke('?'));
        assertEquals(Optional.of(KeyStroke.of(0x31)), us.stroke('\\'));
        assertEquals(Optional.of(KeyStroke.shifted(0x34)), us.stroke('"'));
        assertEquals(Optional.of(KeyStroke.of(0x35)), us.stroke('`'));
        assertEquals(Optional.of(KeyStroke.shifted(0x35)), us.stroke('~'));
        assertEquals(Optional.of(KeyStroke.of(0x2C)), us.stroke(' '));
        assertEquals(Optional.of(KeyStroke.of(0x28)), us.stroke('\n'));
        assertEquals(Optional.of(KeyStroke.of(0x2B)), us.stroke('\t'));
    }

    @Test
    void us_nonAscii_cannotBeTyped() {
        assertTrue(us.stroke('é').isEmpty());
        assertTrue(us.stroke('€').isEmpty());
        assertTrue(us.stroke(0x1F600).isEmpty());
        assertTrue(us.stroke('\r').isEmpty());
    }

    @Test
    void pluggedLayout_swapsKeys_injectorTypesThroughIt() {
        // A German-style QWERTZ fragment: Y and Z swap places, and AltGr+Q gives '@'.
        KeyboardLayout qwertz = KeyboardLayout.of("de-fragment", Map.of(
                (int) 'z', KeyStroke.of(0x1C),
                (int) 'y', KeyStroke.of(0x1D),
                (int) '@', new KeyStroke(HidReports.RIGHT_ALT, 0x14)));
        RecordingDevice device = new RecordingDevice();
        try (HidInputInjector hid = HidInputInjector.builder().device(device).layout(qwertz)
                .pressDuration(Duration.ZERO).interval(Duration.ZERO).build()) {
            hid.type("z@y");
            InputException e = assertThrows(InputException.class, () -> hid.type("a"));
            assertTrue(e.getMessage().contains("de-fragment"), e.getMessage());
        }
        assertEquals(List.of(
                RecordingDevice.k(0, 0x1C), RecordingDevice.k(0),
                RecordingDevice.k(HidReports.RIGHT_ALT, 0x14), RecordingDevice.k(0),
                RecordingDevice.k(0, 0x1D), RecordingDevice.k(0)), device.reports());
    }

    @Test
    void keyStroke_outOfRange_rejectedWithValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyStroke.of(256));
        assertTrue(e.getMessage().contains("256"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new KeyStroke(-1, 4));
    }
}
