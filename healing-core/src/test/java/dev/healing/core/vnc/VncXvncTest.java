package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import dev.healing.api.InputException;
import dev.healing.api.MouseButton;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Against a real TigerVNC Xvnc showing the fixture window: decoding, formats and input. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class VncXvncTest {
    static final int W = 400;
    static final int H = 300;
    static TestServers servers;
    static TestServers.Display display;
    static TestServers.Window window;
    static int port;
    static int[] fixture;

    @BeforeAll
    static void start() throws Exception {
        TestServers.assumeInstalled("Xvnc", "xdotool");
        servers = new TestServers();
        port = TestServers.freePort();
        display = servers.xvnc(W, H, port, "-SecurityTypes", "None", "-UseBlacklist=0");
        window = servers.fixtureWindow(display, W, H);
        fixture = Fixture.pixels(W, H);
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @BeforeEach
    void drainEvents() {
        if (window != null) {
            window.events.clear();
        }
    }

    /**
     * TigerVNC draws the pointer into the framebuffer while it sits where this client did not put
     * it (moved by another viewer or xdotool): park it with this client first.
     */
    static VncClient connect(VncClient.Builder b) {
        VncClient vnc = b.connect();
        vnc.move(new Point(W - 1, H - 1));
        return vnc;
    }

    static VncClient.Builder client() {
        return VncClient.builder().host("127.0.0.1").port(port).quietPeriod(Duration.ZERO)
                .readTimeout(Duration.ofSeconds(5)).captureTimeout(Duration.ofSeconds(5));
    }

    /** The window may still be painting right after start: retry a few times before comparing. */
    static Image awaitFixture(VncClient vnc) throws InterruptedException {
        Image img = vnc.capture();
        for (int i = 0; i < 100 && !Images.equal(fixture, img); i++) {
            Thread.sleep(100);
            img = vnc.capture();
        }
        return img;
    }

    @Test
    void capture_eachEncoding_bitIdenticalToRawAndFixture() throws Exception {
        Image raw;
        try (VncClient vnc = connect(client().encodings(VncEncoding.RAW))) {
            raw = awaitFixture(vnc);
            Images.assertSame(fixture, raw, "Raw");
        }
        for (VncEncoding e : List.of(VncEncoding.ZRLE, VncEncoding.TIGHT, VncEncoding.HEXTILE, VncEncoding.RRE)) {
            try (VncClient vnc = connect(client().encodings(e))) {
                Image img = vnc.capture();
                Images.assertSame(raw.pixels(), img, e.name() + " vs Raw");
                Images.assertSame(fixture, img, e.name() + " vs fixture");
                // a second capture goes through the same, persistent zlib streams
                Images.assertSame(fixture, vnc.capture(), e.name() + " second capture");
            }
        }
    }

    @Test
    void capture_tightJpegWhenAskedFor_isCloseButLossy() throws Exception {
        try (VncClient vnc = connect(client().encodings(VncEncoding.TIGHT).tightJpegQuality(8))) {
            Image img = vnc.capture();
            long error = 0;
            for (int i = 0; i < fixture.length; i++) {
                int a = fixture[i];
                int b = img.pixels()[i];
                error += Math.abs((a >> 16 & 0xFF) - (b >> 16 & 0xFF)) + Math.abs((a >> 8 & 0xFF) - (b >> 8 & 0xFF))
                        + Math.abs((a & 0xFF) - (b & 0xFF));
            }
            double mean = error / (3.0 * fixture.length);
            assertTrue(mean < 20, "mean channel error " + mean);
        }
    }

    @Test
    void capture_pointerMovedByAnotherProgram_reportedAndLeavesTheFrameOnceThisClientMovesIt() throws Exception {
        servers.run(display, "xdotool", "mousemove", "200", "150");
        try (VncClient vnc = client().connect()) {
            // TigerVNC 1.12 draws a pointer it did not see this client put there, and says so through the flag
            Image drawn = vnc.capture();
            assertTrue(drawn.rgb(198, 148) != fixture[148 * W + 198] || drawn.rgb(200, 150) != fixture[150 * W + 200],
                    "TigerVNC rendered the foreign pointer");
            assertTrue(vnc.pointerMayBeInFrame(), "the client reports that the server may draw the pointer");
            vnc.move(new Point(200, 150));
            Images.assertSame(fixture, awaitFixture(vnc), "after this client moved the pointer");
        }
    }

    @Test
    void capture_region_isTheCropOfTheFixture() throws Exception {
        try (VncClient vnc = connect(client())) {
            awaitFixture(vnc);
            Rect region = Rect.of(37, 101, 123, 77);
            Image img = vnc.capture(region);
            assertEquals(123, img.width());
            assertEquals(77, img.height());
            Images.assertSame(Images.crop(fixture, W, 37, 101, 123, 77), img, "region");
            assertThrows(IllegalArgumentException.class, () -> vnc.capture(Rect.of(300, 200, 101, 10)));
        }
    }

    @Test
    void capture_otherTrueColourFormats_decodeToTheQuantisedFixture() throws Exception {
        PixelFormat rgb565 = new PixelFormat(16, 16, false, 31, 63, 31, 11, 5, 0);
        PixelFormat bgr233be = new PixelFormat(8, 8, true, 3, 7, 7, 0, 2, 5);
        PixelFormat bgrBigEndian32 = new PixelFormat(32, 24, true, 255, 255, 255, 0, 8, 16);
        for (PixelFormat pf : List.of(rgb565, bgr233be, bgrBigEndian32)) {
            int[] expected = new int[fixture.length];
            for (int i = 0; i < expected.length; i++) {
                int p = fixture[i];
                expected[i] = pf.toRgb(pf.compose(quantise(p >> 16 & 0xFF, pf.redMax), quantise(p >> 8 & 0xFF, pf.greenMax),
                        quantise(p & 0xFF, pf.blueMax)));
            }
            for (VncEncoding e : List.of(VncEncoding.RAW, VncEncoding.ZRLE, VncEncoding.HEXTILE, VncEncoding.TIGHT,
                    VncEncoding.RRE)) {
                try (VncClient vnc = connect(client().encodings(e).pixelFormat(pf))) {
                    Images.assertSame(expected, vnc.capture(), e + " at " + pf);
                }
            }
        }
    }

    private static int quantise(int v8, int max) {
        // TigerVNC rounds with +128 (its down-conversion table)
        return (v8 * max + 128) / 255;
    }

    @Test
    void click_eachButton_windowSeesItAtThePoint() throws Exception {
        try (VncClient vnc = connect(client())) {
            for (MouseButton b : MouseButton.values()) {
                int x = 20 + 40 * b.ordinal();
                vnc.click(new Point(x, 150), b);
                int awt = b == MouseButton.LEFT ? 1 : b == MouseButton.MIDDLE ? 2 : 3;
                assertNotNull(window.await(("PRESS " + x + " 150 " + awt)::equals, 10), b + " press");
                assertNotNull(window.await(("RELEASE " + x + " 150 " + awt)::equals, 10), b + " release");
            }
            String loc = servers.run(display, "xdotool", "getmouselocation");
            assertTrue(loc.startsWith("x:100 y:150 "), loc);
        }
    }

    @Test
    void doubleClick_windowCountsTwoClicks() throws Exception {
        try (VncClient vnc = connect(client())) {
            vnc.doubleClick(new Point(210, 40));
            assertNotNull(window.await("CLICK 210 40 1 2"::equals, 10));
        }
    }

    @Test
    void scrollAndDrag_windowSeesWheelAndMotionWithButtonHeld() throws Exception {
        try (VncClient vnc = connect(client())) {
            vnc.move(new Point(100, 100));
            vnc.scroll(2);
            assertNotNull(window.await("WHEEL 1"::equals, 10));
            vnc.scroll(-1);
            assertNotNull(window.await("WHEEL -1"::equals, 10));
            vnc.drag(new Point(10, 10), new Point(90, 80), MouseButton.LEFT);
            assertNotNull(window.await("PRESS 10 10 1"::equals, 10));
            assertNotNull(window.await("DRAG 90 80"::equals, 10));
            assertNotNull(window.await("RELEASE 90 80 1"::equals, 10));
        }
    }

    @Test
    void type_asciiAndNonLatin1_windowReceivesEachCharacter() throws Exception {
        try (VncClient vnc = connect(client())) {
            vnc.click(new Point(200, 150), MouseButton.LEFT);
            String text = "Hello, QEMU 123 !@# ~{}|:\"<>?_+ Hi é€ж";
            vnc.type(text);
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < text.length(); i++) {
                String line = window.await(l -> l.startsWith("TYPED "), 10);
                assertNotNull(line, "typed so far: " + got);
                got.add(Integer.parseInt(line.substring(6)));
            }
            assertEquals(text.chars().boxed().toList(), got);
        }
    }

    @Test
    void keys_combination_pressesModifiersWithKey() throws Exception {
        try (VncClient vnc = connect(client())) {
            vnc.click(new Point(200, 150), MouseButton.LEFT);
            vnc.keys("ctrl+shift+F5");
            // java.awt.event.KeyEvent.VK_F5 = 116; CTRL_DOWN_MASK | SHIFT_DOWN_MASK = 128 | 64
            assertNotNull(window.await("KEY 116 192"::equals, 10));
            InputException e = assertThrows(InputException.class, () -> vnc.keys("ctrl+nosuchkey"));
            assertTrue(e.getMessage().contains("nosuchkey"), e.getMessage());
        }
    }

    @Test
    void capture_defaults_xvncSpeaksFencesSoNoQuietPeriod_rawOnLoopback_andFreshAfterAChange() throws Exception {
        try (VncClient vnc = connect(VncClient.builder().host("127.0.0.1").port(port))) {
            awaitFixture(vnc);
            RfbSession s = vnc.currentSession();
            assertTrue(s.fenceOffered(), "Xvnc offered a fence");
            assertEquals(0, s.quietNanos(), "no quiet period where the server's framebuffer is the screen");
            assertTrue(s.rawFirst(), "Raw first on loopback");
            window.reset();
            for (int i = 0; i < 3; i++) {
                int x = 30 + 90 * i;
                window.events.clear();
                vnc.click(new Point(x, 100), MouseButton.MIDDLE);
                assertNotNull(window.await(("PAINTED " + x + " 100")::equals, 10));
                Image img = vnc.capture();
                assertEquals(0xFF00FF, img.rgb(x + 10, 110), "marker of click " + i + " in the next capture");
            }
        } finally {
            window.reset();
        }
    }
}
