package dev.healing.core.hid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.healing.api.MouseButton;
import dev.healing.api.Point;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
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
 * reports what arrived. Needs Xvfb and xdotool (installed by .ci/run).
 */
@Timeout(120)
final class HidXvfbEndToEndTest {
    private static final int WIDTH = 1920;
    private static final int HEIGHT = 1080;
    private static final long WAIT_MILLIS = 20_000;

    @TempDir
    static Path dir;

    private static Process xvfb;
    private static Process window;
    private static XdotoolBridge bridge;
    private static HidInputInjector hid;
    private static final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @BeforeAll
    static void startDesktop() throws Exception {
        String display = startXvfb();
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
    }

    @AfterAll
    static void stopDesktop() throws Exception {
        if (hid != null) {
            hid.close();
        }
        if (bridge != null) {
            bridge.close();
        }
        for (Process p : new Process[] {window, xvfb}) {
            if (p != null) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    @AfterEach
    void bridgeHadNoErrors() {
        assertEquals(List.of(), bridge.errors);
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

    private static String startXvfb() throws Exception {
        requireOnPath("Xvfb");
        requireOnPath("xdotool");
        for (int attempt = 0; attempt < 20; attempt++) {
            int n = ThreadLocalRandom.current().nextInt(300, 900);
            if (Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                continue;
            }
            Process p = new ProcessBuilder("Xvfb", ":" + n, "-screen", "0", WIDTH + "x" + HEIGHT + "x24",
                    "-nolisten", "tcp").redirectErrorStream(true).redirectOutput(dir.resolve("xvfb.log").toFile())
                    .start();
            Path socket = Path.of("/tmp/.X11-unix/X" + n);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (p.isAlive() && !Files.exists(socket) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (p.isAlive() && Files.exists(socket)) {
                xvfb = p;
                return ":" + n;
            }
            p.destroyForcibly();
        }
        throw new IllegalStateException("could not start Xvfb; see " + dir.resolve("xvfb.log"));
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

    private static void requireOnPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return;
            }
        }
        throw new IllegalStateException(program + " is not installed; .ci/run installs it (apt-get install xvfb xdotool)");
    }
}
