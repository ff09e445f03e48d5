package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.InputException;
import dev.healing.api.MouseButton;
import dev.healing.api.Point;
import java.util.ArrayList;
import java.util.List;

/**
 * What the fixture window ({@link FixtureWindow}) receives from a client, checked the same way on
 * every server: clicks that paint its marker, typed text, typing refused.
 */
final class FixtureChecks {
    /** Text with the characters a US keyboard makes with Shift. */
    static final String SHIFTED_TEXT = "Hello, World 123 !@# ~{}|:\"<>?_+";

    private FixtureChecks() {
    }

    /** Middle-clicks twice; each click paints the window's marker, which the next capture must show. */
    static void clicksPaintAndNextCaptureShows(VncClient vnc, TestServers.Window window, String label)
            throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            int x = 40 + 120 * i;
            window.events.clear();
            vnc.click(new Point(x, 100), MouseButton.MIDDLE);
            assertNotNull(window.await(("PAINTED " + x + " 100")::equals, 10), label + " click " + i);
            assertEquals(0xFF00FF, vnc.capture().rgb(x + 10, 110), label + ": marker of click " + i + " in the next capture");
        }
    }

    /** Focuses the window with a click, types {@code text} and checks each character the window received. */
    static void typedArrives(VncClient vnc, TestServers.Window window, String text, String label) throws Exception {
        focus(vnc, window);
        vnc.type(text);
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            String line = window.await(l -> l.startsWith("TYPED "), 10);
            assertNotNull(line, label + " typed so far: " + got);
            got.add(Integer.parseInt(line.substring(6)));
        }
        assertEquals(text.chars().boxed().toList(), got, label);
    }

    /**
     * Focuses the window, then {@code text} must be refused before anything is sent: the message
     * names {@code why}, and the window receives no character.
     */
    static void typingRefused(VncClient vnc, TestServers.Window window, String text, String why) throws Exception {
        focus(vnc, window);
        InputException e = assertThrows(InputException.class, () -> vnc.type(text));
        assertTrue(e.getMessage().contains(why) && e.getMessage().contains("nothing was typed"), e.getMessage());
        assertEquals(null, window.await(l -> l.startsWith("TYPED "), 1), "nothing typed");
    }

    private static void focus(VncClient vnc, TestServers.Window window) throws Exception {
        window.reset();
        vnc.click(new Point(200, 150), MouseButton.LEFT);
        window.events.clear();
    }
}
