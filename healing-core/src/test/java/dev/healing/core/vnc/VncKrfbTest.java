package dev.healing.core.vnc;


import dev.healing.api.Image;
import dev.healing.api.Point;
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

/**
 * krfb 22.12 (KDE's desktop sharing) on Xvfb with the fixture window, unattended access with a
 * VNC password, the client's defaults: exact frames, a fresh frame right after a change, clicks,
 * and typed text with the characters a US keyboard makes with Shift (krfb turns each keysym into
 * the first key code making it and adds no Shift itself: {@code '<'} lands on the 102nd key), while
 * text the keymap lacks is refused before anything is sent.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class VncKrfbTest {
    static final int W = 320;
    static final int H = 240;
    static final String PASSWORD = "krfb-pw1";
    static TestServers servers;
    static TestServers.Window window;
    static int port;
    static int[] fixture;

    @BeforeAll
    static void start() throws Exception {
        TestServers.assumeInstalled("Xvfb", "krfb", "dbus-run-session");
        servers = new TestServers();
        TestServers.Display xvfb = servers.xvfb(W, H, 24);
        window = servers.fixtureWindow(xvfb, W, H);
        port = TestServers.freePort();
        Path home = servers.dir().resolve("krfb");
        Files.createDirectories(home.resolve(".config"));
        Path runtime = Files.createDirectories(home.resolve("runtime"));
        // krfb keeps the unattended password in its settings, obscured by KStringHandler::obscure,
        // when told not to use a wallet
        Files.writeString(home.resolve(".config/krfbrc"), "[FrameBuffer]\npreferredFrameBufferPlugin=xcb\n\n"
                + "[Security]\nallowUnattendedAccess=true\nallowUninvitedConnections=true\naskOnConnect=false\n"
                + "allowDesktopControl=true\nnoWallet=true\ndesktopPassword=" + obscure(PASSWORD)
                + "\nunattendedPassword=" + obscure(PASSWORD) + "\n\n[TCP]\nuseDefaultPort=false\nport=" + port
                + "\npublishService=false\n");
        Process krfb = servers.start("krfb", List.of("dbus-run-session", "--", "krfb", "--nodialog"), true,
                Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve(".config").toString(),
                        "XDG_RUNTIME_DIR", runtime.toString(), "QT_QPA_PLATFORM", "xcb", "DISPLAY", xvfb.name()));
        TestServers.awaitPort(port, krfb);
        fixture = Fixture.pixels(W, H);
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    /** KDE's reversible obscuring of stored passwords: each character above '!' becomes U+1001F minus it. */
    static String obscure(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x21 ? c : (char) (0x1001F - c));
        }
        return b.toString();
    }

    @Test
    void krfb_defaultsWithPassword_exactFreshClickAndType() throws Exception {
        try (VncClient vnc = VncClient.builder().host("127.0.0.1").port(port).password(PASSWORD)
                .readTimeout(Duration.ofSeconds(5)).captureTimeout(Duration.ofSeconds(5)).connect()) {
            window.reset();
            vnc.move(new Point(W - 1, H - 1));
            Image img = vnc.capture();
            for (int i = 0; i < 100 && !Images.equal(fixture, img); i++) {
                Thread.sleep(100);
                img = vnc.capture();
            }
            Images.assertSame(fixture, img, "krfb");
            FixtureChecks.clicksPaintAndNextCaptureShows(vnc, window, "krfb");
            FixtureChecks.typedArrives(vnc, window, FixtureChecks.SHIFTED_TEXT, "krfb");
            // krfb drops keysyms the keymap lacks ("a\u00e4\u20acb" arrived as "ab"): refused, nothing sent
            FixtureChecks.typingRefused(vnc, window, "a\u00e4\u20acb", "krfb");
        }
    }
}
