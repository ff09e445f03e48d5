package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.healing.api.Image;
import dev.healing.api.Point;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A shrink against a server that behaves like libvncserver in vino: it keeps the request for the
 * old size across the resize, merges the next request into it, and fails the update that reaches
 * beyond the new screen, after it sent the cursor position (a message shorter than its header
 * says) or without sending anything. The next capture is still the whole new screen, on the same
 * connection.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class VncCutShortUpdateTest {
    private static final int OLD_W = 64;
    private static final int OLD_H = 48;
    private static final int NEW_W = 32;
    private static final int NEW_H = 24;
    private static final int OLD_COLOUR = 0x336699;
    private static final int NEW_COLOUR = 0xCC4411;

    @ParameterizedTest(name = "{0}, quiet {1} ms")
    @CsvSource({
        "MOVE_BEFORE_CAPTURE, 500", "MOVE_BEFORE_CAPTURE, 0",
        "NO_MOVE, 500", "NO_MOVE, 0",
        "POSITION_IN_EVERY_UPDATE, 500", "POSITION_IN_EVERY_UPDATE, 0"})
    void shrink_updateCutShortOrDropped_nextCaptureIsTheNewScreenOnTheSameConnection(Pointer pointer, long quietMillis)
            throws Exception {
        try (LibvncLikeServer server = new LibvncLikeServer(pointer == Pointer.POSITION_IN_EVERY_UPDATE)) {
            try (VncClient vnc = VncClient.builder().host("127.0.0.1").port(server.port())
                    .quietPeriod(Duration.ofMillis(quietMillis)).encodings(VncEncoding.RAW)
                    .captureTimeout(Duration.ofSeconds(5)).connect()) {
                assertScreen(vnc.capture(), OLD_W, OLD_H, OLD_COLOUR);
                server.resize(NEW_W, NEW_H, NEW_COLOUR);
                if (pointer != Pointer.NO_MOVE) {
                    vnc.move(new Point(20, 10));
                    server.awaitPointer();
                }
                assertScreen(vnc.capture(), NEW_W, NEW_H, NEW_COLOUR);
                assertScreen(vnc.capture(), NEW_W, NEW_H, NEW_COLOUR);
            }
            assertEquals(1, server.connections.get(), "connections: the client reconnected");
        }
    }

    enum Pointer { MOVE_BEFORE_CAPTURE, NO_MOVE, POSITION_IN_EVERY_UPDATE }

    private static void assertScreen(Image img, int w, int h, int rgb) {
        assertEquals(w + "x" + h, img.width() + "x" + img.height());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertEquals(rgb, img.rgb(x, y) & 0xFFFFFF, "pixel " + x + "," + y);
            }
        }
    }

    /**
     * One client at a time. Requests accumulate into one region (their bounding box) until an
     * update answers them; the update after a resize only announces the new size and keeps the
     * region; an update whose region reaches beyond the screen sends its cursor position, if any,
     * and stops.
     */
    static final class LibvncLikeServer implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        private final ServerSocket listener;
        private final boolean positionInEveryUpdate;
        private int width = OLD_W;
        private int height = OLD_H;
        private int colour = OLD_COLOUR;
        private boolean resizePending;
        private boolean modified = true;
        private boolean pointerMoved;
        private int pointerX;
        private int pointerY;
        private int reqX0;
        private int reqY0;
        private int reqX1;
        private int reqY1;
        private OutputStream out;

        LibvncLikeServer(boolean positionInEveryUpdate) throws IOException {
            this.positionInEveryUpdate = positionInEveryUpdate;
            listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::acceptLoop, "libvnc-like");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        synchronized void resize(int w, int h, int rgb) throws IOException {
            width = w;
            height = h;
            colour = rgb;
            resizePending = true;
            modified = true;
            answer();
        }

        synchronized void awaitPointer() throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!pointerMoved && System.nanoTime() < end) {
                wait(50);
            }
        }

        private void acceptLoop() {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    connections.incrementAndGet();
                    serve(s);
                } catch (IOException e) {
                    // the client went away; wait for the next one
                }
            }
        }

        private void serve(Socket s) throws IOException {
            DataInputStream in = new DataInputStream(s.getInputStream());
            synchronized (this) {
                out = s.getOutputStream();
                reqX1 = 0;
                out.write(new ServerScript().handshake38(width, height).toByteArray());
                out.flush();
            }
            in.readFully(new byte[14]); // version, security type, shared flag
            while (true) {
                int type = in.readUnsignedByte();
                switch (type) {
                    case 0 -> in.readFully(new byte[19]);
                    case 2 -> {
                        in.readUnsignedByte();
                        in.readFully(new byte[4 * in.readUnsignedShort()]);
                    }
                    case 3 -> request(in.readUnsignedByte() != 0, in.readUnsignedShort(), in.readUnsignedShort(),
                            in.readUnsignedShort(), in.readUnsignedShort());
                    case 4 -> in.readFully(new byte[7]);
                    case 5 -> {
                        in.readUnsignedByte();
                        pointer(in.readUnsignedShort(), in.readUnsignedShort());
                    }
                    default -> throw new IOException("unexpected client message " + type);
                }
            }
        }

        private synchronized void request(boolean incremental, int x, int y, int w, int h) throws IOException {
            if (reqX1 == 0) {
                reqX0 = x;
                reqY0 = y;
                reqX1 = x + w;
                reqY1 = y + h;
            } else {
                reqX0 = Math.min(reqX0, x);
                reqY0 = Math.min(reqY0, y);
                reqX1 = Math.max(reqX1, x + w);
                reqY1 = Math.max(reqY1, y + h);
            }
            modified |= !incremental;
            answer();
        }

        private synchronized void pointer(int x, int y) throws IOException {
            pointerX = x;
            pointerY = y;
            pointerMoved = true;
            notifyAll();
            answer();
        }

        /** Sends the pending update, if a request is waiting and there is something to send. */
        private void answer() throws IOException {
            if (out == null || reqX1 == 0) {
                return;
            }
            ServerScript msg = new ServerScript();
            if (resizePending) {
                resizePending = false;
                out.write(msg.update(1).rect(0, 0, width, height, RfbSession.ENC_DESKTOP_SIZE).toByteArray());
                out.flush();
                return; // the request stays
            }
            boolean position = pointerMoved || positionInEveryUpdate && modified;
            if (!modified && !position) {
                return;
            }
            int x = reqX0;
            int y = reqY0;
            int w = reqX1 - reqX0;
            int h = reqY1 - reqY0;
            boolean pixels = modified;
            reqX1 = 0;
            modified = false;
            pointerMoved = false;
            msg.update((pixels ? 1 : 0) + (position ? 1 : 0));
            if (position) {
                msg.rect(pointerX, pointerY, 0, 0, RfbSession.ENC_POINTER_POS);
            }
            if (pixels && (x + w > width || y + h > height)) {
                if (position) {
                    out.write(msg.toByteArray()); // sent before the pixels fail their check
                    out.flush();
                }
                return;
            }
            if (pixels) {
                int[] px = new int[w * h];
                Arrays.fill(px, colour);
                msg.rect(x, y, w, h, RectDecoder.RAW).rawPixels(px);
            }
            out.write(msg.toByteArray());
            out.flush();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
