package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import dev.healing.api.InputException;
import dev.healing.api.MouseButton;
import dev.healing.api.Point;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.AssertionFailedError;

/**
 * wayvnc 0.5 on a headless sway (as an unprivileged user when run as root), with {@code wev} as
 * the window: frames exactly as {@code grim} sees the output, clicks where they were sent, typed
 * text (shifted symbols included) as the window receives it, non-ASCII refused before anything is
 * sent (wayvnc maps keysyms through a US keymap and drops the rest), and the output resized with
 * {@code swaymsg} between captures on one client, with the defaults and with quiet period 0.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class VncWayvncTest {
    static final int W = 640;
    static final int H = 480;
    static TestServers servers;
    static HeadlessSway sway;
    static HeadlessSway.Events wev;
    static int port;
    static Process wayvnc;

    @BeforeAll
    static void start() throws Exception {
        TestServers.assumeInstalled("sway", "wayvnc", "grim", "wev", "stdbuf", "setpriv");
        servers = new TestServers();
        sway = new HeadlessSway(servers, W, H);
        wev = sway.wev();
        port = TestServers.freePort();
        wayvnc = sway.wayvnc(port);
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
        if (sway != null) {
            sway.close();
        }
    }

    static VncClient connect(Duration quiet) {
        VncClient.Builder b = VncClient.builder().host("127.0.0.1").port(port).readTimeout(Duration.ofSeconds(5))
                .captureTimeout(Duration.ofSeconds(5)).reconnectBudget(Duration.ofSeconds(1));
        if (quiet != null) {
            b.quietPeriod(quiet);
        }
        return b.connect();
    }

    /** Captures until the frame equals grim's picture of the output (the window may still be drawing), at most 5 s. */
    static void assertExact(VncClient vnc, String what) throws Exception {
        int[] grim = sway.grim();
        Image img = vnc.capture();
        for (int i = 0; i < 100 && !same(grim, img); i++) {
            Thread.sleep(100);
            grim = sway.grim();
            img = vnc.capture();
        }
        assertEquals(grim[0] + "x" + grim[1], img.width() + "x" + img.height(), what + ": size");
        Images.assertSame(Arrays.copyOfRange(grim, 2, grim.length), img, what);
    }

    static boolean same(int[] grim, Image img) {
        return grim[0] == img.width() && grim[1] == img.height()
                && Arrays.equals(grim, 2, grim.length, img.pixels(), 0, img.pixels().length);
    }

    @Test
    void wayvnc_defaults_exactFrameClickAndType() throws Exception {
        try (VncClient vnc = connect(null)) {
            assertEquals("WayVNC", vnc.desktopName());
            assertExact(vnc, "wayvnc frame");
            wev.lines.clear();
            vnc.click(new Point(123, 77), MouseButton.LEFT);
            assertNotNull(wev.await("x, y: 123.000000, 77.000000", 10), "the pointer reached (123, 77)");
            assertNotNull(wev.await("button: 272 (left), state: 1 (pressed)", 10), "left press");
            assertNotNull(wev.await("button: 272 (left), state: 0 (released)", 10), "left release");
            wev.lines.clear();
            String text = "Hello, wayvnc 123 !@# ~{}";
            vnc.type(text);
            assertEquals(text, wev.typed(text.length(), 10));
            InputException e = assertThrows(InputException.class, () -> vnc.type("a\u00e4\u20ac"));
            assertTrue(e.getMessage().contains("nothing was typed"), e.getMessage());
            vnc.type("z");
            assertEquals("z", wev.typed(1, 10), "the refused text sent nothing before it");
        }
    }

    @Test
    void resize_growAndShrinkOnOneClient_defaults() throws Exception {
        growAndShrink(null);
    }

    @Test
    void resize_growAndShrinkOnOneClient_quietPeriodZero() throws Exception {
        growAndShrink(Duration.ZERO);
    }

    /**
     * wayvnc 0.5 does not clip a request to the new size after the output shrank: it answers with a
     * Raw rectangle of the old size (which the client skips), crashes reading past its buffer (a
     * segfault in neatvnc), or keeps announcing the old size, to new connections too. After a
     * crash the client's capture must fail, naming the server; when wayvnc is stuck, a new
     * connection must see the same size as the client (the client is not the stale one). Either
     * way a new connection to a restarted wayvnc must show the new screen exactly.
     */
    private static void growAndShrink(Duration quiet) throws Exception {
        String label = quiet == null ? "defaults" : "quiet period 0";
        VncClient vnc = connect(quiet);
        try {
            assertExact(vnc, label + ", before");
            for (int[] size : new int[][] {{800, 600}, {W, H}, {1024, 768}, {W, H}}) {
                String what = label + ", " + size[0] + "x" + size[1];
                sway.swaymsg("output", HeadlessSway.OUTPUT, "mode", size[0] + "x" + size[1]);
                try {
                    assertExact(vnc, what);
                    continue;
                } catch (VncException e) {
                    assertTrue(wayvnc.waitFor(5, TimeUnit.SECONDS), what + ": a capture failed, yet wayvnc runs: " + e);
                    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
                } catch (AssertionFailedError e) {
                    dev.healing.api.Rect seen = vnc.screenBounds();
                    try (VncClient fresh = connect(quiet)) {
                        assertEquals(seen, fresh.screenBounds(), what + ": the client's frame differs from the output ("
                                + e.getMessage() + ") but a new connection sees another size");
                    }
                    TestServers.kill(wayvnc);
                }
                wayvnc = sway.wayvnc(port);
                vnc.close();
                vnc = connect(quiet);
                assertExact(vnc, what + ", wayvnc restarted");
            }
        } finally {
            vnc.close();
        }
    }
}
