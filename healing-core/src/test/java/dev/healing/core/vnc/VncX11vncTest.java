package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import dev.healing.api.MouseButton;
import dev.healing.api.Point;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Against real x11vnc on Xvfb (a polling server), with a password and with -nopw. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class VncX11vncTest {
    static final int W = 320;
    static final int H = 240;
    static final String PASSWORD = "s3cret!";
    static TestServers servers;
    static TestServers.Display display;
    static TestServers.Window window;
    static int passwordPort;
    static int openPort;
    static int[] fixture;

    @BeforeAll
    static void start() throws Exception {
        TestServers.assumeInstalled("Xvfb", "x11vnc", "vncpasswd");
        servers = new TestServers();
        display = servers.xvfb(W, H, 24);
        window = servers.fixtureWindow(display, W, H);
        passwordPort = TestServers.freePort();
        servers.x11vnc(display, passwordPort, "-rfbauth", servers.passwordFile(PASSWORD).toString());
        openPort = TestServers.freePort();
        servers.x11vnc(display, openPort, "-nopw");
        fixture = Fixture.pixels(W, H);
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    static VncClient.Builder client(int port) {
        return VncClient.builder().host("127.0.0.1").port(port).readTimeout(Duration.ofSeconds(5))
                .captureTimeout(Duration.ofSeconds(5));
    }

    static Image awaitFixture(VncClient vnc) throws InterruptedException {
        Image img = vnc.capture();
        for (int i = 0; i < 100 && !Images.equal(fixture, img); i++) {
            Thread.sleep(100);
            img = vnc.capture();
        }
        return img;
    }

    @Test
    void capture_withPassword_eachEncodingIdenticalToFixture() throws Exception {
        for (VncEncoding e : List.of(VncEncoding.RAW, VncEncoding.ZRLE, VncEncoding.ZLIB, VncEncoding.TIGHT,
                VncEncoding.HEXTILE, VncEncoding.RRE)) {
            try (VncClient vnc = client(passwordPort).password(PASSWORD).encodings(e).connect()) {
                Images.assertSame(fixture, awaitFixture(vnc), e.name());
                Images.assertSame(fixture, vnc.capture(), e.name() + " again");
            }
        }
    }

    @Test
    void connect_wrongPassword_failsInAuthPhaseNamingTheServer() {
        VncException e = assertThrows(VncException.class,
                () -> client(passwordPort).password("wrong").connect().close());
        assertEquals(VncException.Phase.AUTH, e.phase());
        assertTrue(e.getMessage().contains("127.0.0.1:" + passwordPort), e.getMessage());
    }

    @Test
    void connect_noPasswordGiven_saysThePasswordIsNeeded() {
        VncException e = assertThrows(VncException.class, () -> client(passwordPort).connect().close());
        assertTrue(e.getMessage().contains("requires a VNC password"), e.getMessage());
    }

    @Test
    void capture_nopwServer_needsNoPassword() throws Exception {
        try (VncClient vnc = client(openPort).connect()) {
            assertEquals(W, vnc.screenBounds().width());
            Images.assertSame(fixture, awaitFixture(vnc), "nopw");
        }
    }

    @Test
    void capture_rightAfterTheScreenChanged_showsTheChange() throws Exception {
        try (VncClient vnc = client(openPort).connect()) {
            window.reset();
            awaitFixture(vnc);
            for (int i = 0; i < 3; i++) {
                int x = 30 + 90 * i;
                window.events.clear();
                vnc.click(new Point(x, 100), MouseButton.MIDDLE);
                assertNotNull(window.await(("PAINTED " + x + " 100")::equals, 10));
                Image img = vnc.capture();
                for (int dy = 0; dy < 20; dy++) {
                    for (int dx = 0; dx < 20; dx++) {
                        assertEquals(0xFF00FF, img.rgb(x + dx, 100 + dy), "marker pixel " + dx + "," + dy + " of click " + i);
                    }
                }
            }
        } finally {
            window.reset();
        }
    }

    @Test
    void type_shiftedSymbolsAndLatin1_windowReceivesEachCharacter() throws Exception {
        try (VncClient vnc = client(openPort).connect()) {
            vnc.click(new Point(200, 150), MouseButton.LEFT);
            window.events.clear();
            String text = "Hello, QEMU 123 !@# ~{}|:\"<>?_+ é";
            vnc.type(text);
            List<Integer> got = new java.util.ArrayList<>();
            for (int i = 0; i < text.length(); i++) {
                String line = window.await(l -> l.startsWith("TYPED "), 10);
                assertNotNull(line, "typed so far: " + got);
                got.add(Integer.parseInt(line.substring(6)));
            }
            assertEquals(text.chars().boxed().toList(), got);
        }
    }

    @Test
    void connect_defaults_x11vncOffersNoFence_keepsTheQuietPeriod() {
        try (VncClient vnc = client(openPort).connect()) {
            vnc.capture();
            assertEquals(VncClient.DEFAULT_QUIET_PERIOD.toNanos(), vnc.currentSession().quietNanos());
            assertTrue(!vnc.currentSession().fenceOffered());
            assertTrue(!vnc.pointerMayBeInFrame(), "x11vnc sends the cursor shape and leaves the pointer out");
        }
    }
}
