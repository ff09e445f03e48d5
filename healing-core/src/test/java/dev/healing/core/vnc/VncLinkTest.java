package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import dev.healing.api.Point;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The encoding chosen by the measured link, against a real Xvnc: directly on loopback the client
 * stays on Raw; behind a proxy that passes 2 MB/s (still a loopback address, so the first guess is
 * Raw) it measures the slow link on the first frame and asks for ZRLE from then on. Frames are
 * exact either way.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class VncLinkTest {
    // 3 MB of Raw per frame: a loaded machine pausing Xvnc for a while still measures loopback fast
    static final int W = 1024;
    static final int H = 768;
    static final long SLOW_LINK = 2L << 20;
    static TestServers servers;
    static int port;
    static int[] fixture;

    @BeforeAll
    static void start() throws Exception {
        TestServers.assumeInstalled("Xvnc");
        servers = new TestServers();
        port = TestServers.freePort();
        TestServers.Display display = servers.xvnc(W, H, port, "-SecurityTypes", "None", "-UseBlacklist=0");
        servers.fixtureWindow(display, W, H);
        fixture = Fixture.pixels(W, H);
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    static VncClient connect(int p) {
        return VncClient.builder().host("127.0.0.1").port(p).captureTimeout(Duration.ofSeconds(20))
                .readTimeout(Duration.ofSeconds(10)).connect();
    }

    static Image exact(VncClient vnc) throws InterruptedException {
        vnc.move(new Point(W - 1, H - 1));
        Image img = vnc.capture();
        for (int i = 0; i < 100 && !Images.equal(fixture, img); i++) {
            Thread.sleep(100);
            img = vnc.capture();
        }
        Images.assertSame(fixture, img, "frame");
        return img;
    }

    @Test
    void link_directLoopback_staysOnRawAndMeasuresAFastLink() throws Exception {
        try (VncClient vnc = connect(port)) {
            exact(vnc);
            exact(vnc);
            VncLink link = vnc.link();
            assertEquals(VncEncoding.RAW, link.encoding(), link.toString());
            assertTrue(link.measuredEncodings());
            assertTrue(link.bytesPerSecond() > RfbSession.SLOW_LINK_BYTES_PER_SECOND, link.toString());
            assertFalse(link.lowerBound(), "measured on Raw data");
            assertTrue(link.roundTripMicros() >= 0, link.toString());
            assertEquals(0, vnc.currentSession().rectCount(RectDecoder.ZRLE), "no ZRLE rectangle on a fast link");
        }
    }

    @Test
    void link_oneShotOnLoopback_asksForTheFirstFrameAsHextileThenRaw() throws Exception {
        try (VncClient vnc = VncClient.builder().host("127.0.0.1").port(port).oneShot(true)
                .captureTimeout(Duration.ofSeconds(20)).connect()) {
            vnc.capture();
            RfbSession s = vnc.currentSession();
            assertTrue(s.rectCount(RectDecoder.HEXTILE) > 0, "the first frame came as Hextile");
            assertEquals(0, s.rectCount(RectDecoder.RAW), "no Raw in the first frame");
            exact(vnc);
            long raw = s.rectCount(RectDecoder.RAW);
            exact(vnc);
            assertTrue(s.rectCount(RectDecoder.RAW) > raw, "later frames come as Raw");
            assertEquals(VncEncoding.RAW, vnc.link().encoding(), vnc.link().toString());
        }
    }

    @Test
    void link_oneShotWithEncodingsSet_keepsThem() throws Exception {
        try (VncClient vnc = VncClient.builder().host("127.0.0.1").port(port).oneShot(true).encodings(VncEncoding.RAW)
                .captureTimeout(Duration.ofSeconds(20)).connect()) {
            exact(vnc);
            assertEquals(0, vnc.currentSession().rectCount(RectDecoder.HEXTILE));
        }
    }

    @Test
    void link_behindA2MBperSecondProxy_switchesToZrleAndStaysExact() throws Exception {
        try (LoopbackProxy slow = LoopbackProxy.throttling(port, SLOW_LINK); VncClient vnc = connect(slow.port())) {
            exact(vnc);
            VncLink link = vnc.link();
            assertEquals(VncEncoding.ZRLE, link.encoding(), link.toString());
            assertTrue(link.bytesPerSecond() > 0 && link.bytesPerSecond() < RfbSession.SLOW_LINK_BYTES_PER_SECOND,
                    link.toString());
            long zrle = vnc.currentSession().rectCount(RectDecoder.ZRLE);
            exact(vnc);
            assertTrue(vnc.currentSession().rectCount(RectDecoder.ZRLE) > zrle, "the next frame came as ZRLE");
            assertEquals(VncEncoding.ZRLE, vnc.link().encoding(), "compressed data at 2 MB/s does not switch back");
        }
    }

    @Test
    void link_encodingsSetOnTheBuilder_areKeptWhateverTheLink() throws Exception {
        try (LoopbackProxy slow = LoopbackProxy.throttling(port, SLOW_LINK);
             VncClient vnc = VncClient.builder().host("127.0.0.1").port(slow.port()).encodings(VncEncoding.RAW)
                     .captureTimeout(Duration.ofSeconds(20)).connect()) {
            exact(vnc);
            VncLink link = vnc.link();
            assertEquals(VncEncoding.RAW, link.encoding());
            assertFalse(link.measuredEncodings());
            assertTrue(link.bytesPerSecond() > 0 && link.bytesPerSecond() < RfbSession.SLOW_LINK_BYTES_PER_SECOND,
                    "measured all the same: " + link);
        }
    }
}
