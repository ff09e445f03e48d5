package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Rect;
import dev.healing.testing.Threads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Servers that trickle bytes (one every 300 ms, less than the read timeout, so that no single
 * read ever times out) or flood updates: every call still ends in a {@link VncException} within
 * its deadline, and {@link VncClient#close()} returns while a capture is blocked. The class
 * timeout catches a hang; on the code before per-message deadlines each of these hung.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class VncHostileServerTest {
    private static final long DRIP_MILLIS = 300;

    private static VncClient.Builder client(int port) {
        return VncClient.builder().host("127.0.0.1").port(port).quietPeriod(Duration.ZERO)
                .connectTimeout(Duration.ofMillis(1500)).readTimeout(Duration.ofMillis(1000))
                .captureTimeout(Duration.ofMillis(1500)).reconnectBudget(Duration.ZERO);
    }

    @Test
    void connect_greetingDrippedByteByByte_failsAtTheConnectTimeout() throws Exception {
        byte[] greeting = "RFB 003.008\n".getBytes(StandardCharsets.US_ASCII);
        try (HostileServer server = new HostileServer((s, out) -> HostileServer.drip(out, greeting, DRIP_MILLIS))) {
            VncException e = assertThrows(VncException.class, () -> client(server.port()).connect());
            assertEquals(VncException.Phase.HANDSHAKE, e.phase());
            assertTrue(e.getMessage().contains("did not complete the handshake within the connect timeout of 1500 ms"),
                    e.getMessage());
        }
    }

    @Test
    void connect_desktopNameDripped_failsAtTheConnectTimeout() throws Exception {
        byte[] head = new ServerScript().text("RFB 003.008\n").u8(1).u8(1).s32(0).u16(64).u16(48)
                .bytes(PixelFormat.PREFERRED.encode()).s32(60_000).toByteArray();
        byte[] name = "a long desktop name ".getBytes(StandardCharsets.US_ASCII);
        try (HostileServer server = new HostileServer((s, out) -> {
            out.write(head);
            HostileServer.drip(out, name, DRIP_MILLIS);
        })) {
            VncException e = assertThrows(VncException.class, () -> client(server.port()).connect());
            assertTrue(e.getMessage().contains("within the connect timeout of 1500 ms"), e.getMessage());
        }
    }

    @Test
    void capture_frameDrippedMidRectangle_failsAndBoundsStayReadable() throws Exception {
        CountDownLatch midFrame = new CountDownLatch(1);
        try (HostileServer server = new HostileServer((s, out) -> {
            out.write(new ServerScript().handshake38(64, 48).toByteArray());
            out.flush();
            Thread.sleep(200);
            out.write(new ServerScript().update(1).rect(0, 0, 64, 48, 0).pixel(0x123456).toByteArray());
            out.flush();
            midFrame.countDown();
            HostileServer.drip(out, new byte[] {1, 2, 3, 4}, DRIP_MILLIS);
        })) {
            try (VncClient vnc = client(server.port()).readTimeout(Duration.ofSeconds(20)).connect()) {
                CompletableFuture<Rect> bounds = new CompletableFuture<>();
                Thread probe = new Thread(() -> {
                    try {
                        midFrame.await();
                        Thread.sleep(DRIP_MILLIS);
                        bounds.complete(vnc.screenBounds());
                    } catch (RuntimeException | InterruptedException e) {
                        bounds.completeExceptionally(e);
                    }
                });
                probe.start();
                VncException e = assertThrows(VncException.class, vnc::capture);
                assertTrue(e.getMessage().contains("capture timeout of 1500 ms"), e.getMessage());
                assertEquals(Rect.of(0, 0, 64, 48), bounds.get(10, TimeUnit.SECONDS),
                        "screenBounds() while the reader sat inside a dripped update");
            }
        }
    }

    @Test
    void reader_messageDrippedLongerThanTheReadTimeout_endsTheSessionAndTheNextCallSaysWhy() throws Exception {
        try (HostileServer server = new HostileServer((s, out) -> {
            out.write(new ServerScript().handshake38(64, 48).toByteArray());
            out.write(new ServerScript().update(1).rect(0, 0, 64, 48, 0).toByteArray());
            out.flush();
            HostileServer.drip(out, new byte[] {9}, DRIP_MILLIS);
        })) {
            try (VncClient vnc = client(server.port()).captureTimeout(Duration.ofSeconds(20)).connect()) {
                VncException e = assertThrows(VncException.class, vnc::capture);
                assertTrue(e.getMessage().contains("a server message took longer than the read timeout of 1000 ms"),
                        e.getMessage());
            }
        }
    }

    @Test
    void close_whileACaptureWaitsInsideADrippedFrame_returnsAndTheCaptureFails() throws Exception {
        CountDownLatch midFrame = new CountDownLatch(1);
        try (HostileServer server = new HostileServer((s, out) -> {
            out.write(new ServerScript().handshake38(64, 48).toByteArray());
            out.write(new ServerScript().update(1).rect(0, 0, 64, 48, 0).pixel(1).toByteArray());
            out.flush();
            midFrame.countDown();
            HostileServer.drip(out, new byte[] {7}, DRIP_MILLIS);
        })) {
            VncClient vnc = client(server.port()).readTimeout(Duration.ofSeconds(60))
                    .captureTimeout(Duration.ofSeconds(60)).connect();
            CompletableFuture<Object> capture = CompletableFuture.supplyAsync(vnc::capture, Threads.EACH);
            assertTrue(midFrame.await(10, TimeUnit.SECONDS), "the server sent the partial frame");
            CompletableFuture<Void> closing = CompletableFuture.runAsync(vnc::close, Threads.EACH);
            closing.get(10, TimeUnit.SECONDS);
            ExecutionException e = assertThrows(ExecutionException.class, () -> capture.get(10, TimeUnit.SECONDS));
            assertInstanceOf(VncException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
        }
    }

    @Test
    void capture_updateOf65535FullScreenRawRectangles_failsAtTheReadTimeout() throws Exception {
        int w = 320;
        int h = 240;
        byte[] rect = new ServerScript().rect(0, 0, w, h, 0).bytes(new byte[w * h * 4]).toByteArray();
        try (HostileServer server = new HostileServer((s, out) -> {
            out.write(new ServerScript().handshake38(w, h).toByteArray());
            out.write(new ServerScript().update(65_535).toByteArray());
            while (true) {
                out.write(rect);
            }
        })) {
            try (VncClient vnc = client(server.port()).captureTimeout(Duration.ofSeconds(20)).connect()) {
                VncException e = assertThrows(VncException.class, vnc::capture);
                assertTrue(e.getMessage().contains("took longer than the read timeout of 1000 ms (the server sends too"
                        + " slowly or too much)"), e.getMessage());
                CompletableFuture.runAsync(vnc::close, Threads.EACH).get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void input_serverThatNeverReads_failsAtTheReadTimeout() throws Exception {
        try (java.net.ServerSocket deaf = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture<java.net.Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    java.net.Socket s = deaf.accept();
                    s.setReceiveBufferSize(4096);
                    s.getOutputStream().write(new ServerScript().handshake38(64, 48).toByteArray());
                    return s;
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }, Threads.EACH);
            try (VncClient vnc = client(deaf.getLocalPort()).connect(); java.net.Socket peer = accepted.get(10, TimeUnit.SECONDS)) {
                char[] text = new char[2000];
                Arrays.fill(text, 'a');
                String chunk = new String(text);
                dev.healing.api.InputException e = assertThrows(dev.healing.api.InputException.class, () -> {
                    for (int i = 0; i < 100_000; i++) {
                        vnc.type(chunk);
                    }
                });
                assertTrue(e.getMessage().contains("did not accept data for the read timeout of 1000 ms"), e.getMessage());
                assertFalse(peer.isClosed());
            }
        }
    }

    @Test
    void nextCall_afterTheReaderDiedBetweenCalls_reportsTheCauseThenReconnects() throws Exception {
        CountDownLatch clientLeft = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        try (HostileServer server = new HostileServer((s, out) -> {
            out.write(new ServerScript().handshake38(16, 8).toByteArray());
            out.flush();
            if (connections.incrementAndGet() == 1) {
                out.write(99);
                out.flush();
                java.io.InputStream in = s.getInputStream();
                while (in.read() >= 0) {
                    // until the client drops the connection
                }
                clientLeft.countDown();
                return;
            }
            Thread.sleep(20_000);
        })) {
            try (VncClient vnc = client(server.port()).reconnectBudget(Duration.ofSeconds(5)).connect()) {
                assertTrue(clientLeft.await(10, TimeUnit.SECONDS), "the client dropped the broken connection");
                VncException e = assertThrows(VncException.class, vnc::screenBounds);
                assertTrue(e.getMessage().contains("the connection ended") && e.getMessage().contains(
                        "unknown server message type 99"), e.getMessage());
                assertEquals(Rect.of(0, 0, 16, 8), vnc.screenBounds(), "the call after it reconnects");
            }
        }
    }
}
