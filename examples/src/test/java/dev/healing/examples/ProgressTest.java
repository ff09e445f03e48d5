package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class ProgressTest {
    private static PrintStream to(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    @Test
    void step_enabled_drawsCountAndClearsOnClose() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress p = new Progress(to(bytes), true, "cases", 4)) {
            p.step();
            assertEquals("\rcases 1/4 (25%)", bytes.toString(StandardCharsets.UTF_8));
            p.step();
            p.step();
            p.step();
            assertEquals(4, p.done());
        }
        String all = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(all.contains("\rcases 4/4 (100%)"), "the last count is always drawn: " + all);
        assertTrue(all.endsWith("\r" + " ".repeat("cases 4/4 (100%)".length()) + "\r"), "cleared: " + all);
    }

    @Test
    void step_unknownTotal_drawsCountOnly() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(to(bytes), true, "pictures", 0);
        p.step();
        assertEquals("\rpictures 1", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void step_notATerminal_printsNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress p = new Progress(to(bytes), false, "cases", 2)) {
            p.step();
            p.step();
            assertEquals(2, p.done());
        }
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }
}
