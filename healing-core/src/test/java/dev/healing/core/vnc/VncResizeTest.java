package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The screen grows and shrinks (xrandr) between two captures on one client, on TigerVNC Xvnc
 * and on x11vnc {@code -xrandr} and TigerVNC's x0tigervncserver watching the same display, with the default settings and with
 * quiet period 0: the next capture has the new size (on x11vnc with quiet period 0, once x11vnc
 * noticed the resize), and captures show the new screen exactly once the window has repainted
 * (AWT repaints after a screen change). The fixture window is as large as the largest screen, so
 * the exact picture of every size is known.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class VncResizeTest {
    static final int SMALL_W = 640;
    static final int SMALL_H = 480;
    static final int BIG_W = 800;
    static final int BIG_H = 600;
    static TestServers servers;
    static TestServers.Display display;
    static int xvncPort;
    static int x11vncPort;
    static int scrapingPort;
    static int[] fixture;

    @BeforeAll
    static void start() throws Exception {
        TestServers.assumeInstalled("Xvnc", "x11vnc", "x0tigervncserver", "xrandr");
        servers = new TestServers();
        xvncPort = TestServers.freePort();
        display = servers.xvnc(SMALL_W, SMALL_H, xvncPort, "-SecurityTypes", "None", "-UseBlacklist=0");
        servers.fixtureWindow(display, BIG_W, BIG_H);
        x11vncPort = TestServers.freePort();
        servers.x11vnc(display, x11vncPort, "-nopw", "-xrandr");
        scrapingPort = TestServers.freePort();
        Process x0 = servers.start("x0tigervncserver", List.of("x0tigervncserver", "-display", display.name(),
                "-rfbport", String.valueOf(scrapingPort), "-localhost", "-SecurityTypes", "None"), true);
        TestServers.awaitPort(scrapingPort, x0);
        fixture = Fixture.pixels(BIG_W, BIG_H);
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    static void resize(int w, int h) throws Exception {
        servers.run(display, "xrandr", "-s", w + "x" + h);
    }

    @Test
    void resize_growAndShrinkOnOneClient_nextCaptureIsTheWholeNewScreen() throws Exception {
        resize(SMALL_W, SMALL_H);
        for (int port : List.of(xvncPort, x11vncPort, scrapingPort)) {
            for (Duration quiet : List.of(VncClient.DEFAULT_QUIET_PERIOD, Duration.ZERO)) {
                String label = (port == xvncPort ? "Xvnc" : port == x11vncPort ? "x11vnc" : "x0tigervncserver") + " quiet "
                        + quiet.toMillis() + " ms";
                try (VncClient vnc = VncClient.builder().host("127.0.0.1").port(port).quietPeriod(quiet)
                        .readTimeout(Duration.ofSeconds(5)).captureTimeout(Duration.ofSeconds(5)).connect()) {
                    park(vnc, SMALL_W, SMALL_H);
                    awaitExact(vnc, SMALL_W, SMALL_H, label + " before");
                    for (int round = 0; round < 2; round++) {
                        resize(BIG_W, BIG_H);
                        park(vnc, BIG_W, BIG_H);
                        Image grown = vnc.capture();
                        if (announcedAtOnce(port, quiet)) {
                            assertEquals(BIG_W + "x" + BIG_H, grown.width() + "x" + grown.height(), label + " grown");
                        }
                        awaitExact(vnc, BIG_W, BIG_H, label + " grown");
                        assertEquals(Rect.of(0, 0, BIG_W, BIG_H), vnc.screenBounds());
                        resize(SMALL_W, SMALL_H);
                        park(vnc, SMALL_W, SMALL_H);
                        Image shrunk = vnc.capture();
                        if (announcedAtOnce(port, quiet)) {
                            assertEquals(SMALL_W + "x" + SMALL_H, shrunk.width() + "x" + shrunk.height(), label + " shrunk");
                        }
                        awaitExact(vnc, SMALL_W, SMALL_H, label + " shrunk");
                    }
                }
            }
        }
    }

    /**
     * Xvnc is the X server and announces a resize with the answer to the next request; x11vnc
     * and x0tigervncserver notice it a little later (like any screen change: the reason for the quiet period), so with
     * quiet period 0 its first capture may still be the old screen, and only later ones must be new.
     */
    static boolean announcedAtOnce(int port, Duration quiet) {
        return port == xvncPort || !quiet.isZero();
    }

    /** Moves the pointer with this client into the bottom-right corner, where TigerVNC leaves it out of the frame. */
    static void park(VncClient vnc, int w, int h) {
        vnc.move(new Point(w - 1, h - 1));
    }

    static int[] crop(Image img, int w, int h) {
        return Images.crop(img.pixels(), img.width(), 0, 0, w, h);
    }

    /** Captures until the frame is the fixture's crop (a polling server or a repaint may lag a little). */
    static void awaitExact(VncClient vnc, int w, int h, String label) throws InterruptedException {
        int[] want = Images.crop(fixture, BIG_W, 0, 0, w, h - 40);
        Image img = vnc.capture();
        for (int i = 0; i < 100 && !(img.width() == w && Images.equal(want, Image.wrap(w, h - 40, crop(img, w, h - 40)))); i++) {
            Thread.sleep(100);
            img = vnc.capture();
        }
        assertEquals(w + "x" + h, img.width() + "x" + img.height(), label);
        Images.assertSame(want, Image.wrap(w, h - 40, crop(img, w, h - 40)), label);
    }
}
