package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import dev.healing.api.Point;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Servers nobody on the project wrote, beside Xvnc and x11vnc: TigerVNC's scraping server
 * (x0tigervncserver on Xvfb) and TightVNC 1.3 (Xtightvnc), each with the fixture window, with the
 * client's defaults: exact frames, a fresh frame right after a change, clicks and typed text
 * (shifted symbols included) as the window receives them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class VncOtherServersTest {
    static final int W = 320;
    static final int H = 240;
    static TestServers servers;
    static TestServers.Window scrapedWindow;
    static TestServers.Window tightWindow;
    static int scrapingPort;
    static int tightPort;
    static int[] fixture;

    @BeforeAll
    static void start() throws Exception {
        TestServers.assumeInstalled("Xvfb", "x0tigervncserver", "Xtightvnc");
        servers = new TestServers();
        TestServers.Display xvfb = servers.xvfb(W, H, 24);
        scrapedWindow = servers.fixtureWindow(xvfb, W, H);
        scrapingPort = TestServers.freePort();
        Process x0 = servers.start("x0tigervncserver", List.of("x0tigervncserver", "-display", xvfb.name(), "-rfbport",
                String.valueOf(scrapingPort), "-localhost", "-SecurityTypes", "None"), true);
        TestServers.awaitPort(scrapingPort, x0);
        tightPort = TestServers.freePort();
        int number = 40 + (int) (ProcessHandle.current().pid() % 50);
        // Xtightvnc takes no -displayfd: skip displays that another X server holds
        while (Files.exists(Path.of("/tmp/.X" + number + "-lock")) || Files.exists(Path.of("/tmp/.X11-unix/X" + number))) {
            number++;
        }
        Process tight = servers.start("xtightvnc", List.of("Xtightvnc", ":" + number, "-geometry", W + "x" + H, "-depth",
                "24", "-rfbport", String.valueOf(tightPort), "-localhost", "-alwaysshared", "-nolisten", "tcp", "-ac"), true);
        TestServers.awaitPort(tightPort, tight);
        tightWindow = servers.fixtureWindow(new TestServers.Display(number, tight), W, H);
        fixture = Fixture.pixels(W, H);
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    static VncClient connect(int port, boolean oneShot) {
        return VncClient.builder().host("127.0.0.1").port(port).oneShot(oneShot).readTimeout(Duration.ofSeconds(5))
                .captureTimeout(Duration.ofSeconds(5)).connect();
    }

    static Image awaitFixture(VncClient vnc) throws InterruptedException {
        vnc.move(new Point(W - 1, H - 1));
        Image img = vnc.capture();
        for (int i = 0; i < 100 && !Images.equal(fixture, img); i++) {
            Thread.sleep(100);
            img = vnc.capture();
        }
        return img;
    }

    @Test
    void scrapingServer_defaults_exactFreshClickAndType() throws Exception {
        exactFreshClickAndType(scrapingPort, scrapedWindow, "x0tigervncserver");
    }

    @Test
    void tightVnc_defaults_exactFreshClickAndType() throws Exception {
        exactFreshClickAndType(tightPort, tightWindow, "TightVNC");
    }

    @Test
    void scrapingServer_oneShot_exactFromAHextileFirstFrame() throws Exception {
        exactOneShot(scrapingPort, scrapedWindow, "x0tigervncserver");
    }

    @Test
    void tightVnc_oneShot_exactFromAHextileFirstFrame() throws Exception {
        exactOneShot(tightPort, tightWindow, "TightVNC");
    }

    private static void exactOneShot(int port, TestServers.Window window, String label) throws Exception {
        window.reset();
        try (VncClient vnc = connect(port, true)) {
            Images.assertSame(fixture, awaitFixture(vnc), label);
            assertTrue(vnc.currentSession().rectCount(RectDecoder.HEXTILE) > 0, label + ": the first frame as Hextile");
        }
    }

    private static void exactFreshClickAndType(int port, TestServers.Window window, String label) throws Exception {
        try (VncClient vnc = connect(port, false)) {
            window.reset();
            Images.assertSame(fixture, awaitFixture(vnc), label);
            FixtureChecks.clicksPaintAndNextCaptureShows(vnc, window, label);
            FixtureChecks.typedArrives(vnc, window, FixtureChecks.SHIFTED_TEXT, label);
        } catch (IOException e) {
            throw new AssertionError(label, e);
        }
    }
}
