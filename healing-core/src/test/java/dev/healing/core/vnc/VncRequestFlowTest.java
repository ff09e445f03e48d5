package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The request flow against a server that answers every request with a full frame (like a replay):
 * without a quiet period each capture costs exactly one request, so no backlog of frames builds up.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class VncRequestFlowTest {
    @Test
    void capture_withoutQuietPeriod_sendsOneRequestPerCapture() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger frame = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> serve(listener, requests, frame), "answer-every-request");
            server.setDaemon(true);
            server.start();
            try (VncClient vnc = VncClient.builder().host("127.0.0.1").port(listener.getLocalPort())
                    .quietPeriod(Duration.ZERO).encodings(VncEncoding.RAW).connect()) {
                for (int i = 0; i < 300; i++) {
                    Image img = vnc.capture();
                    assertEquals(32, img.width());
                }
            }
        }
        assertTrue(requests.get() <= 300, "requests sent for 300 captures: " + requests.get());
    }

    private static void serve(ServerSocket listener, AtomicInteger requests, AtomicInteger frame) {
        try (Socket s = listener.accept()) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.write(new ServerScript().handshake38(32, 16).toByteArray());
            in.readFully(new byte[14]); // version, security type, shared flag
            while (true) {
                int type = in.readUnsignedByte();
                if (type == 0) {
                    in.readFully(new byte[19]);
                } else if (type == 2) {
                    in.readUnsignedByte();
                    in.readFully(new byte[4 * in.readUnsignedShort()]);
                } else if (type == 3) {
                    in.readFully(new byte[9]);
                    requests.incrementAndGet();
                    int[] px = new int[32 * 16];
                    java.util.Arrays.fill(px, frame.incrementAndGet() & 0xFFFFFF);
                    out.write(new ServerScript().update(1).rect(0, 0, 32, 16, 0).rawPixels(px).toByteArray());
                    out.flush();
                } else {
                    in.readFully(new byte[type == 4 ? 7 : 5]);
                }
            }
        } catch (IOException done) {
            // client closed
        }
    }
}
