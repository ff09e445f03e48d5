package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Lifecycle: split reads, server restarts, timeouts, close, concurrent use. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class VncRecoveryTest {
    static final int W = 200;
    static final int H = 120;
    static TestServers servers;
    static int port;
    static int[] fixture;

    @BeforeAll
    static void start() throws Exception {
        TestServers.assumeInstalled("Xvnc");
        servers = new TestServers();
        port = TestServers.freePort();
        TestServers.Display d = servers.xvnc(W, H, port, "-SecurityTypes", "None", "-UseBlacklist=0");
        servers.fixtureWindow(d, W, H);
        fixture = Fixture.pixels(W, H);
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    static VncClient.Builder client(int p) {
        return VncClient.builder().host("127.0.0.1").port(p).quietPeriod(Duration.ZERO)
                .readTimeout(Duration.ofSeconds(5)).captureTimeout(Duration.ofSeconds(5));
    }

    static VncClient parked(VncClient.Builder b) {
        VncClient vnc = b.connect();
        vnc.move(new Point(W - 1, H - 1));
        return vnc;
    }

    @Test
    void capture_throughProxySplittingReadsAtRandomBoundaries_isExact() throws Exception {
        try (LoopbackProxy proxy = LoopbackProxy.splitting(port)) {
            for (VncEncoding e : List.of(VncEncoding.ZRLE, VncEncoding.TIGHT, VncEncoding.HEXTILE, VncEncoding.RAW)) {
                try (VncClient vnc = parked(client(proxy.port()).encodings(e))) {
                    Image img = vnc.capture();
                    for (int i = 0; i < 50 && !Images.equal(fixture, img); i++) {
                        Thread.sleep(100);
                        img = vnc.capture();
                    }
                    Images.assertSame(fixture, img, e + " through the splitting proxy");
                }
            }
        }
    }

    @Test
    void capture_serverKilledAndRestarted_reconnectsAndCaptures() throws Exception {
        int p = TestServers.freePort();
        TestServers.Display first = servers.xvnc(64, 48, p, "-SecurityTypes", "None", "-UseBlacklist=0");
        try (VncClient vnc = client(p).reconnectBudget(Duration.ofSeconds(20)).connect()) {
            assertEquals(64, vnc.capture().width());
            TestServers.kill(first.process());
            Thread restart = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    servers.xvnc(80, 60, p, "-SecurityTypes", "None", "-UseBlacklist=0");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            restart.start();
            Image after = vnc.capture();
            restart.join();
            assertEquals(80, after.width(), "captured from the restarted server");
            assertEquals(Rect.of(0, 0, 80, 60), vnc.screenBounds());
        }
    }

    @Test
    void capture_serverNeverAnswers_timesOutNamingThePhase() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    s.getOutputStream().write(new ServerScript().handshake38(10, 10).toByteArray());
                    InputStream in = s.getInputStream();
                    while (in.read() >= 0) {
                        // swallow requests, answer nothing
                    }
                } catch (IOException ignored) {
                    // client went away
                }
            });
            t.setDaemon(true);
            t.start();
            try (VncClient vnc = client(silent.getLocalPort()).captureTimeout(Duration.ofMillis(300)).connect()) {
                VncException e = assertThrows(VncException.class, vnc::capture);
                assertEquals(VncException.Phase.UPDATE, e.phase());
                assertTrue(e.getMessage().contains("within the capture timeout of 300 ms"), e.getMessage());
            }
        }
    }

    @Test
    void connect_serverSilentInHandshake_timesOut() throws Exception {
        try (ServerSocket mute = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            VncException e = assertThrows(VncException.class,
                    () -> client(mute.getLocalPort()).readTimeout(Duration.ofMillis(200)).connect());
            assertEquals(VncException.Phase.HANDSHAKE, e.phase());
            assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        }
    }

    @Test
    void connect_nothingListening_failsInConnectPhase() throws Exception {
        int p = TestServers.freePort();
        VncException e = assertThrows(VncException.class, () -> client(p).connect());
        assertEquals(VncException.Phase.CONNECT, e.phase());
        assertTrue(e.getMessage().startsWith("VNC 127.0.0.1:" + p + " connect: "), e.getMessage());
    }

    @Test
    void close_isIdempotentAndLaterCallsFail() {
        VncClient vnc = client(port).connect();
        vnc.close();
        vnc.close();
        VncException e = assertThrows(VncException.class, vnc::capture);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void concurrentCapturesAndInput_allSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (VncClient vnc = parked(client(port))) {
            List<Future<Image>> captures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                captures.add(pool.submit(() -> vnc.capture(Rect.of(0, 0, 50, 40))));
                int x = i;
                pool.submit(() -> vnc.move(new Point(W - 1 - x, H - 1)));
            }
            for (Future<Image> f : captures) {
                Images.assertSame(Images.crop(fixture, W, 0, 0, 50, 40), f.get(30, TimeUnit.SECONDS), "concurrent");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
