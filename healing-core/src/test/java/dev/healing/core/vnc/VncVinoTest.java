package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * vino 3.22 (GNOME's VNC server) on a TigerVNC Xvnc display with the fixture window, with the
 * client's defaults. vino's own default offers only security type 18 (anonymous TLS): refused
 * with what to do, and captured in a JVM that allows anonymous suites. With encryption off: exact
 * frames (vino keeps the pointer out for a viewer asking for cursor updates, but never sends a
 * shape, so the client says the pointer may be in the frame), clicks land, the next capture is
 * fresh, typed text (shifted symbols included) arrives as typed while text the keymap lacks is
 * refused before anything is sent, and a resize between two
 * captures on one client gives the whole new screen (vino falls silent for good after a request
 * sent just before a shrink; the client reconnects).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class VncVinoTest {
    static final Path VINO = Path.of("/usr/lib/vino/vino-server");
    static final int SMALL_W = 640;
    static final int SMALL_H = 480;
    static final int BIG_W = 800;
    static final int BIG_H = 600;
    /** Pixels right of and below the parked pointer left out of the comparison. */
    static final int POINTER_BOX = 32;
    static TestServers servers;
    static TestServers.Display display;
    static TestServers.Window window;
    static int plainPort;
    static int tlsPort;
    static int[] fixture;

    @BeforeAll
    static void start() throws Exception {
        TestServers.assumeInstalled("Xvnc", "xrandr", "xdotool", "dbus-run-session");
        Prerequisites.require(Files.isExecutable(VINO), VINO + " is not installed (Debian package vino)");
        servers = new TestServers();
        display = servers.xvnc(SMALL_W, SMALL_H, TestServers.freePort(), "-SecurityTypes", "None");
        window = servers.fixtureWindow(display, BIG_W, BIG_H);
        plainPort = vino(false);
        tlsPort = vino(true);
        fixture = Fixture.pixels(BIG_W, BIG_H);
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    /**
     * Starts vino on {@link #display} with its settings in a keyfile of its own: no prompt to
     * accept the viewer, loopback only, the given port, and TLS required or not (vino's default is
     * required). vino needs a D-Bus session bus.
     */
    static int vino(boolean requireEncryption) throws Exception {
        int port = TestServers.freePort();
        Path home = servers.dir().resolve("vino-" + port);
        Path settings = home.resolve(".config/glib-2.0/settings");
        Files.createDirectories(settings);
        Files.writeString(settings.resolve("keyfile"), "[org/gnome/desktop/remote-access]\nprompt-enabled=false\n"
                + "notify-on-connect=false\nicon-visibility='never'\nnetwork-interface='lo'\n"
                + "use-alternative-port=true\nalternative-port=uint16 " + port + "\n"
                + "require-encryption=" + requireEncryption + "\n");
        Process p = servers.start("vino-" + port, List.of("dbus-run-session", "--", VINO.toString()), true,
                Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve(".config").toString(),
                        "GSETTINGS_BACKEND", "keyfile", "NO_AT_BRIDGE", "1", "DISPLAY", display.name()));
        TestServers.awaitPort(port, p);
        return port;
    }

    static VncClient.Builder client(int port) {
        return VncClient.builder().host("127.0.0.1").port(port).readTimeout(Duration.ofSeconds(5))
                .captureTimeout(Duration.ofSeconds(5));
    }

    @Test
    void tlsOnlyDefault_anonymousTlsNotAllowed_saysHowToAllowIt() {
        VncException e = assertThrows(VncException.class, () -> client(tlsPort).reconnectBudget(Duration.ZERO).connect());
        assertTrue(e.getMessage().contains("requires anonymous TLS (security type 18)")
                && e.getMessage().contains("--anon-tls"), e.getMessage());
    }

    @Test
    void tlsOnlyDefault_inAJvmThatAllowsAnonymousSuites_captures(@TempDir Path dir) throws Exception {
        String line = VncAnonymousTlsTest.probe(dir, "127.0.0.1:" + tlsPort);
        assertTrue(line.startsWith("desktop: ") && line.endsWith(" " + SMALL_W), line);
    }

    @Test
    void plain_pointerMovedByAnotherDevice_keptOutOfTheFrame_reportedAsPossible() throws Exception {
        try (VncClient vnc = client(plainPort).connect()) {
            Point at = new Point(300, 200);
            // moved by something else than this client, as a HID device or another viewer does
            servers.run(display, "xdotool", "mousemove", String.valueOf(at.x()), String.valueOf(at.y()));
            Image img = awaitExactOutside(vnc, new Point(0, 0), SMALL_W, SMALL_H, "pointer at " + at);
            Thread.sleep(300);
            img = vnc.capture();
            assertEquals(null, mismatch(img, new Point(0, 0), SMALL_W, SMALL_H), "a fresh frame, pointer at " + at);
            // vino never sends a cursor shape, so the client cannot tell that it keeps the pointer out
            assertTrue(vnc.pointerMayBeInFrame(), "no cursor shape came, so the pointer may be in the frame");
        }
    }

    @Test
    void plain_clickFreshAndType() throws Exception {
        try (VncClient vnc = client(plainPort).connect()) {
            Point corner = new Point(SMALL_W - 1, SMALL_H - 1);
            window.reset();
            vnc.move(corner);
            awaitExactOutside(vnc, corner, SMALL_W, SMALL_H, "before clicks");
            FixtureChecks.clicksPaintAndNextCaptureShows(vnc, window, "vino");
            FixtureChecks.typedArrives(vnc, window, FixtureChecks.SHIFTED_TEXT, "vino");
        }
    }

    @Test
    void plain_textTheKeymapLacks_refusedBeforeAnythingIsSent() throws Exception {
        try (VncClient vnc = client(plainPort).connect()) {
            // vino drops keysyms the desktop's (here US) keymap lacks: "a\u00e4\u20acb" would arrive as "ab"
            FixtureChecks.typingRefused(vnc, window, "a\u00e4\u20acb", "vino");
        }
    }

    @Test
    void plain_resizeBetweenCaptures_nextCapturesAreTheWholeNewScreen() throws Exception {
        for (Duration quiet : List.of(VncClient.DEFAULT_QUIET_PERIOD, Duration.ZERO)) {
            String label = "quiet " + quiet.toMillis() + " ms";
            resize(SMALL_W, SMALL_H);
            try (VncClient vnc = client(plainPort).quietPeriod(quiet).connect()) {
                Point small = new Point(SMALL_W - 1, SMALL_H - 1);
                Point big = new Point(BIG_W - 1, BIG_H - 1);
                vnc.move(small);
                awaitExactOutside(vnc, small, SMALL_W, SMALL_H, label + " before");
                resize(BIG_W, BIG_H);
                vnc.move(big);
                awaitExactOutside(vnc, big, BIG_W, BIG_H, label + " grown");
                resize(SMALL_W, SMALL_H);
                vnc.move(small);
                awaitExactOutside(vnc, small, SMALL_W, SMALL_H, label + " shrunk");
            } finally {
                resize(SMALL_W, SMALL_H);
            }
        }
    }

    static void resize(int w, int h) throws Exception {
        servers.run(display, "xrandr", "-s", w + "x" + h);
    }

    /**
     * Captures until the frame is {@code w x h} and equals the fixture everywhere except the box
     * right of and below {@code pointer} (the pointer vino draws) and the bottom 40 rows (AWT
     * repaints after a screen change); a server noticing changes by polling may lag a little.
     */
    static Image awaitExactOutside(VncClient vnc, Point pointer, int w, int h, String label) throws InterruptedException {
        Image img = vnc.capture();
        for (int i = 0; i < 100 && mismatch(img, pointer, w, h) != null; i++) {
            Thread.sleep(100);
            img = vnc.capture();
        }
        String why = mismatch(img, pointer, w, h);
        assertTrue(why == null, label + ": " + why);
        return img;
    }

    /** @return why {@code img} is not the expected screen, or null when it is */
    static String mismatch(Image img, Point pointer, int w, int h) {
        if (img.width() != w || img.height() != h) {
            return "size " + img.width() + "x" + img.height() + ", expected " + w + "x" + h;
        }
        int wrong = 0;
        String first = null;
        for (int y = 0; y < h - 40; y++) {
            for (int x = 0; x < w; x++) {
                boolean underPointer = x >= pointer.x() && x < pointer.x() + POINTER_BOX
                        && y >= pointer.y() && y < pointer.y() + POINTER_BOX;
                if (!underPointer && img.rgb(x, y) != fixture[y * BIG_W + x]) {
                    wrong++;
                    if (first == null) {
                        first = x + "," + y;
                    }
                }
            }
        }
        return wrong == 0 ? null : wrong + " pixels differ outside the pointer, first at " + first;
    }
}
