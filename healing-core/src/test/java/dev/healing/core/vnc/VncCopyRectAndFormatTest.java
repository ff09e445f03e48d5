package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import dev.healing.api.Point;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CopyRect from a real server (a window moved on Xvnc), and x11vnc on a 16-bit Xvfb decoded in the
 * server's own pixel format.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class VncCopyRectAndFormatTest {
    static final int W = 240;
    static final int H = 160;
    static TestServers servers;

    @BeforeAll
    static void start() throws Exception {
        TestServers.assumeInstalled("Xvnc", "Xvfb", "x11vnc", "xdotool");
        servers = new TestServers();
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void copyRect_windowMovedOnXvnc_incrementalUpdateUsesCopyRectAndMatchesRaw() throws Exception {
        int port = TestServers.freePort();
        TestServers.Display d = servers.xvnc(W, H, port, "-SecurityTypes", "None", "-UseBlacklist=0");
        servers.fixtureWindow(d, W / 2, H / 2);
        VncClient.Builder b = VncClient.builder().host("127.0.0.1").port(port).quietPeriod(Duration.ZERO);
        try (VncClient copying = b.encodings(VncEncoding.COPY_RECT, VncEncoding.RAW).connect();
                VncClient reference = VncClient.builder().host("127.0.0.1").port(port).quietPeriod(Duration.ZERO)
                        .encodings(VncEncoding.RAW).connect()) {
            copying.move(new Point(W - 1, H - 1));
            reference.move(new Point(W - 1, H - 1));
            copying.capture();
            RfbSession s = copying.currentSession();
            String window = servers.run(d, "xdotool", "search", "--onlyvisible", "--maxdepth", "1", "--name", "fixture").trim();
            servers.run(d, "xdotool", "windowmove", window.lines().findFirst().orElseThrow(), "50", "40");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Image expected = reference.capture();
            while (System.nanoTime() < deadline
                    && (s.rectCount(RectDecoder.COPY_RECT) == 0 || !s.snapshot().equals(expected))) {
                long before = s.updateCount();
                s.requestUpdate(true, s.bounds());
                while (s.updateCount() == before && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                expected = reference.capture();
            }
            assertTrue(s.rectCount(RectDecoder.COPY_RECT) > 0, "the server sent CopyRect; window " + window.replace('\n', ' ') + " raw rects "
                    + s.rectCount(RectDecoder.RAW) + " updates " + s.updateCount() + " at 50,40: "
                    + Integer.toHexString(expected.rgb(50, 40)) + " at 0,0 " + Integer.toHexString(expected.rgb(0, 0)));
            Images.assertSame(expected.pixels(), s.snapshot(), "after CopyRect");
            assertEquals(Fixture.pixels(W / 2, H / 2)[0], expected.rgb(50, 40), "the window moved to (50, 40)");
        }
    }

    @Test
    void capture_laterUpdatesChangeTheScreen_anEarlierCaptureKeepsItsPixels() throws Exception {
        int port = TestServers.freePort();
        TestServers.Display d = servers.xvnc(W, H, port, "-SecurityTypes", "None", "-UseBlacklist=0");
        servers.fixtureWindow(d, W / 2, H / 2);
        try (VncClient vnc = VncClient.builder().host("127.0.0.1").port(port).quietPeriod(Duration.ZERO)
                .encodings(VncEncoding.COPY_RECT, VncEncoding.RAW).connect()) {
            vnc.move(new Point(W - 1, H - 1));
            Image first = vnc.capture();
            int[] asCaptured = first.pixels().clone();
            String window = servers.run(d, "xdotool", "search", "--onlyvisible", "--maxdepth", "1", "--name", "fixture").trim();
            servers.run(d, "xdotool", "windowmove", window.lines().findFirst().orElseThrow(), "70", "50");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Image later = vnc.capture();
            while (System.nanoTime() < deadline && later.equals(first)) {
                Thread.sleep(20);
                later = vnc.capture();
            }
            assertTrue(!later.equals(first), "the window move reached the client");
            // the capture's pixels are the client's framebuffer itself until an update arrives
            Images.assertSame(asCaptured, first, "the first capture after later updates");
            assertEquals(Fixture.pixels(W / 2, H / 2)[0], later.rgb(70, 50), "the window moved to (70, 50)");
        }
    }

    @Test
    void serverFormat_x11vncOn16BitXvfb_everyEncodingDecodesTheSamePixels() throws Exception {
        TestServers.Display d = servers.xvfb(W, H, 16);
        servers.fixtureWindow(d, W, H);
        int port = TestServers.freePort();
        servers.x11vnc(d, port, "-nopw");
        int[] fixture = Fixture.pixels(W, H);
        Image raw = null;
        for (VncEncoding e : List.of(VncEncoding.RAW, VncEncoding.ZRLE, VncEncoding.TIGHT, VncEncoding.HEXTILE,
                VncEncoding.ZLIB, VncEncoding.RRE)) {
            // keep the server's own 16-bit format instead of asking for 32 bits
            try (VncClient vnc = VncClient.builder().host("127.0.0.1").port(port).encodings(e).pixelFormat(null)
                    .connect()) {
                Image img = vnc.capture();
                if (raw == null) {
                    for (int i = 0; i < 100 && !close(fixture, img); i++) {
                        Thread.sleep(100);
                        img = vnc.capture();
                    }
                    assertTrue(close(fixture, img), "16-bit Raw is the fixture within 5-6-5 precision");
                    raw = img;
                } else {
                    Images.assertSame(raw.pixels(), img, e + " vs Raw at 16 bpp");
                }
            }
        }
    }

    private static boolean close(int[] fixture, Image img) {
        int[] p = img.pixels();
        for (int i = 0; i < p.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                if (Math.abs((p[i] >> shift & 0xFF) - (fixture[i] >> shift & 0xFF)) > 8) {
                    return false;
                }
            }
        }
        return true;
    }
}
