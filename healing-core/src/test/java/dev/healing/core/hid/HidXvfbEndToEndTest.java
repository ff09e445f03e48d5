package dev.healing.core.hid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.healing.api.Image;
import dev.healing.api.MouseButton;
import dev.healing.api.Point;
import dev.healing.core.vnc.TestServers;
import dev.healing.core.vnc.VncClient;
import dev.healing.testing.Prerequisites;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end without hardware: the injector writes real reports through {@link HidGadget} into
 * FIFOs standing in for /dev/hidg0 and /dev/hidg1; {@link XdotoolBridge} plays the target's USB
 * stack and replays them into an Xvfb display, where {@link RecordingWindow} (its own JVM)
 * reports what arrived and paints it. The {@code *_seenThroughVnc_*} tests observe the painted
 * effect the way a runner does, through x11vnc and the project's own {@link VncClient}. Needs
 * Xvfb and xdotool, and x11vnc for the VNC tests (installed by .ci/run); skipped without them.
 */
@Timeout(120)
final class HidXvfbEndToEndTest {
    private static final int WIDTH = 1920;
    private static final int HEIGHT = 1080;
    private static final long WAIT_MILLIS = 20_000;

    @TempDir
    static Path dir;

    private static TestServers servers;
    private static Process window;
    private static VncClient vnc;
    private static XdotoolBridge bridge;
    private static HidInputInjector hid;
    private static final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @BeforeAll
    static void startDesktop() throws Exception {
        TestServers.assumeInstalled("Xvfb", "xdotool");
        servers = new TestServers();
        TestServers.Display x = servers.xvfb(WIDTH, HEIGHT, 24);
        String display = x.name();
        window = startWindow(display);
        awaitLine(l -> l.equals("READY"), "the test window to come up");
        Path keyboard = Fifo.create(dir, "hidg0");
        Path mouse = Fifo.create(dir, "hidg1");
        AbsoluteScale screen = new AbsoluteScale(WIDTH, HEIGHT);
        bridge = new XdotoolBridge(display, screen, keyboard, mouse);
        HidGadget gadget = HidGadget.builder().keyboard(keyboard).mouse(mouse).writeTimeout(Duration.ofSeconds(2))
                .build();
        hid = HidInputInjector.builder().device(gadget).screen(screen)
                .pressDuration(Duration.ofMillis(10)).interval(Duration.ofMillis(10)).build();
        if (TestServers.onPath("x11vnc")) {
            int port = TestServers.freePort();
            servers.x11vnc(x, port, "-nopw");
            vnc = VncClient.builder().host("127.0.0.1").port(port).readTimeout(Duration.ofSeconds(5))
                    .captureTimeout(Duration.ofSeconds(5)).connect();
        }
    }

    @AfterAll
    static void stopDesktop() throws Exception {
        if (vnc != null) {
            vnc.close();
        }
        if (hid != null) {
            hid.close();
        }
        if (bridge != null) {
            bridge.close();
        }
        if (window != null) {
            window.destroy();
            if (!window.waitFor(5, TimeUnit.SECONDS)) {
                window.destroyForcibly();
            }
        }
        if (servers != null) {
            servers.close();
        }
    }

    @AfterEach
    void bridgeHadNoErrors() {
        assertEquals(List.of(), bridge.errors);
    }

    @Test
    void click_seenThroughVnc_markerCentreOnExactlyTheIntendedPixel() throws Exception {
        Prerequisites.require(vnc != null, "x11vnc is not installed (see .ci/run)");
        clearWindow();
        Point[] points = {new Point(123, 457), new Point(1501, 33), new Point(WIDTH - 1, HEIGHT - 1),
            new Point(0, 0), new Point(960, 540)};
        for (Point p : points) {
            hid.click(p, MouseButton.LEFT);
            // The whole screen: white, the marker ring around p, p itself in the centre colour.
            awaitScreen(paint(p, ""), "the marker of the click at " + p);
        }
    }

    @Test
    void type_seenThroughVnc_windowRendersExactlyTheTypedCharacters() throws Exception {
        Prerequisites.require(vnc != null, "x11vnc is not installed (see .ci/run)");
        clearWindow();
        Point focus = new Point(50, 50);
        hid.click(focus, MouseButton.LEFT);
        awaitLine(l -> l.startsWith("RELEASE "), "focus click");
        Image before = awaitScreen(paint(focus, ""), "the focus click's marker and no text");
        assertEquals("", decodeText(before));
        String text = "Healing 42 ~ {VNC}: \"ok\"!";
        hid.type(text);
        // Only the text row changed: one cell per character, in the character's colour.
        Image after = awaitScreen(paint(focus, text), "the typed text");
        assertEquals(text, decodeText(after));
    }

    @Test
    void click_left_landsOnTheIntendedPixel() throws Exception {
        Point[] points = {new Point(0, 0), new Point(WIDTH - 1, HEIGHT - 1), new Point(123, 457),
            new Point(960, 540), new Point(1501, 33), new Point(7, 1071)};
        for (Point p : points) {
            events.clear();
            hid.click(p, MouseButton.LEFT);
            String press = awaitLine(l -> l.startsWith("PRESS "), "press at " + p);
            assertTrue(press.startsWith("PRESS 1 " + p.x() + " " + p.y() + " "), "click at " + p + " arrived as " + press);
            assertEquals("RELEASE 1 " + p.x() + " " + p.y(), awaitLine(l -> l.startsWith("RELEASE "), "release"));
        }
    }

    @Test
    void click_right_arrivesAsButtonThree() throws Exception {
        events.clear();
        hid.click(new Point(640, 360), MouseButton.RIGHT);
        assertTrue(awaitLine(l -> l.startsWith("PRESS "), "right press").startsWith("PRESS 3 640 360 "));
        assertEquals("RELEASE 3 640 360", awaitLine(l -> l.startsWith("RELEASE "), "right release"));
    }

    @Test
    void doubleClick_arrivesAsClickCountTwo() throws Exception {
        events.clear();
        hid.doubleClick(new Point(1111, 222));
        assertEquals("PRESS 1 1111 222 1", awaitLine(l -> l.startsWith("PRESS "), "first press"));
        assertEquals("PRESS 1 1111 222 2", awaitLine(l -> l.startsWith("PRESS "), "second press"));
    }

    @Test
    void type_usText_arrivesCharacterForCharacter() throws Exception {
        focusWindow();
        String text = "Hello, World! 123 ~`|\\?<>{}[]()_+-=:;'\"@#$%^&*/.\n";
        events.clear();
        hid.type(text);
        StringBuilder typed = new StringBuilder();
        while (typed.length() < text.length()) {
            String line = awaitLine(l -> l.startsWith("TYPED "), "typed text after '" + typed + "'");
            typed.append((char) Integer.parseInt(line.substring(6)));
        }
        assertEquals(text, typed.toString());
    }

    @Test
    void keys_shiftCombination_arrivesAsUpperCase() throws Exception {
        focusWindow();
        events.clear();
        hid.keys("shift+q");
        assertEquals("TYPED " + (int) 'Q', awaitLine(l -> l.startsWith("TYPED "), "shift+q"));
        hid.keys("Return");
        assertEquals("TYPED " + (int) '\n', awaitLine(l -> l.startsWith("TYPED "), "Return"));
    }

    @Test
    void scroll_downThenUp_arrivesAsWheelRotation() throws Exception {
        hid.move(new Point(500, 500));
        events.clear();
        hid.scroll(2);
        assertEquals(2, wheelSum(2));
        hid.scroll(-3);
        assertEquals(-3, wheelSum(-3));
    }

    @Test
    void drag_pressAtStartMovesWithButtonDownReleasesAtEnd() throws Exception {
        events.clear();
        hid.drag(new Point(100, 100), new Point(400, 250), MouseButton.LEFT);
        assertTrue(awaitLine(l -> l.startsWith("PRESS "), "drag press").startsWith("PRESS 1 100 100 "));
        assertTrue(awaitLine(l -> l.startsWith("DRAG ") || l.startsWith("RELEASE "), "drag motion").startsWith("DRAG "),
                "the pointer moves with the button down");
        assertEquals("RELEASE 1 400 250", awaitLine(l -> l.startsWith("RELEASE "), "drag release"));
    }

    /** Removes marker and text from the window. */
    private static void clearWindow() throws IOException, InterruptedException {
        events.clear();
        window.getOutputStream().write("clear\n".getBytes(StandardCharsets.US_ASCII));
        window.getOutputStream().flush();
        awaitLine("CLEARED"::equals, "the window to clear");
    }

    /** @return the screen {@link RecordingWindow} should paint after a press at {@code mark} and typing {@code text} */
    private static int[] paint(Point mark, String text) {
        int[] rgb = new int[WIDTH * HEIGHT];
        Arrays.fill(rgb, RecordingWindow.BACKGROUND);
        for (int i = 0; i < text.length(); i++) {
            fill(rgb, RecordingWindow.TEXT_X + i * RecordingWindow.CELL, RecordingWindow.TEXT_Y, RecordingWindow.CELL,
                    RecordingWindow.TEXT_BASE | text.charAt(i));
        }
        int half = RecordingWindow.MARKER_SIZE / 2;
        fill(rgb, mark.x() - half, mark.y() - half, RecordingWindow.MARKER_SIZE, RecordingWindow.MARKER_RING);
        rgb[mark.y() * WIDTH + mark.x()] = RecordingWindow.MARKER_CENTER;
        return rgb;
    }

    /** Fills the square {@code size x size} at {@code (x, y)}, clipped to the screen. */
    private static void fill(int[] rgb, int x, int y, int size, int colour) {
        for (int row = Math.max(0, y); row < Math.min(HEIGHT, y + size); row++) {
            for (int col = Math.max(0, x); col < Math.min(WIDTH, x + size); col++) {
                rgb[row * WIDTH + col] = colour;
            }
        }
    }

    /**
     * Captures through VNC until the screen equals {@code expected} pixel for pixel (x11vnc polls
     * the screen, so a change shows up a little later), at most {@link #WAIT_MILLIS}.
     */
    private static Image awaitScreen(int[] expected, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (true) {
            Image img = vnc.capture();
            assertEquals(WIDTH, img.width(), "captured width");
            assertEquals(HEIGHT, img.height(), "captured height");
            int[] actual = img.pixels();
            if (Arrays.equals(expected, actual)) {
                return img;
            }
            if (System.nanoTime() > deadline) {
                int diffs = 0;
                int first = -1;
                for (int i = 0; i < actual.length; i++) {
                    if (actual[i] != expected[i]) {
                        diffs++;
                        first = first < 0 ? i : first;
                    }
                }
                fail(String.format("timed out waiting for %s through VNC: %d pixels differ, first at (%d, %d): %06x,"
                        + " expected %06x; text row reads '%s'; bridge errors %s", what, diffs, first % WIDTH,
                        first / WIDTH, actual[first], expected[first], decodeText(img), bridge.errors));
            }
        }
    }

    /** @return the characters the window's text row shows in {@code img}, up to the first empty cell */
    private static String decodeText(Image img) {
        StringBuilder text = new StringBuilder();
        int half = RecordingWindow.CELL / 2;
        for (int x = RecordingWindow.TEXT_X + half; x < WIDTH; x += RecordingWindow.CELL) {
            int rgb = img.rgb(x, RecordingWindow.TEXT_Y + half) & 0xFFFFFF;
            if ((rgb & 0xFF0000) != RecordingWindow.TEXT_BASE) {
                break;
            }
            text.append((char) (rgb & 0xFFFF));
        }
        return text.toString();
    }

    private static void focusWindow() throws Exception {
        // A click gives the undecorated window the keyboard focus (no window manager on Xvfb).
        events.clear();
        hid.click(new Point(50, 50), MouseButton.LEFT);
        awaitLine(l -> l.startsWith("RELEASE "), "focus click");
    }

    private static int wheelSum(int expected) throws InterruptedException {
        int sum = 0;
        while (sum != expected) {
            String line = awaitLine(l -> l.startsWith("WHEEL "), "wheel reaching " + expected + " (at " + sum + ")");
            sum += Integer.parseInt(line.substring(6));
        }
        return sum;
    }

    private static String awaitLine(Predicate<String> wanted, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        List<String> skipped = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                fail("timed out waiting for " + what + "; window printed " + skipped + "; bridge errors "
                        + (bridge == null ? "[]" : bridge.errors));
            }
            if (wanted.test(line)) {
                return line;
            }
            if (skipped.size() < 50) {
                skipped.add(line);
            }
        }
    }

    private static Process startWindow(String display) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Djava.awt.headless=false", "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), RecordingWindow.class.getName(),
                Integer.toString(WIDTH), Integer.toString(HEIGHT)).redirectErrorStream(true);
        pb.environment().put("DISPLAY", display);
        Process p = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    events.add(line);
                }
            } catch (IOException e) {
                events.add("READER FAILED " + e);
            }
        }, "window-output");
        reader.setDaemon(true);
        reader.start();
        return p;
    }
}
