package dev.healing.core.vnc;

import dev.healing.api.Image;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * Test helper run in a child JVM with a small heap ({@code -Xmx256m}) by {@link VncHeapBoundTest}:
 * plays large desktops against the client and prints one line per scenario, so the parent can
 * check that each ended in a clear refusal or a capture, never an {@link OutOfMemoryError}.
 */
public final class HeapProbe {
    private HeapProbe() {
    }

    /** @param args none; prints {@code name: outcome} lines and exits 0 */
    public static void main(String[] args) throws Exception {
        report("connect8k", () -> {
            try (Server s = new Server(7680, 4320); VncClient vnc = client(s).connect()) {
                return "connected " + vnc.screenBounds();
            }
        });
        report("churn4k", () -> {
            try (Server s = new Server(3840, 2160); VncClient vnc = client(s).connect()) {
                int n = 0;
                for (int i = 0; i < 8; i++) {
                    s.resizeTo(3840, i % 2 == 0 ? 2000 : 2160);
                    Image img = vnc.capture();
                    if (img.width() != 3840 || img.pixels()[img.pixels().length - 1] != 0x204060) {
                        return "wrong frame " + img.width() + "x" + img.height();
                    }
                    n++;
                }
                return "ok " + n + " captures";
            }
        });
        report("resize8k", () -> {
            try (Server s = new Server(3840, 2160); VncClient vnc = client(s).connect()) {
                vnc.capture();
                s.resizeTo(7680, 4320);
                vnc.capture();
                return "captured";
            }
        });
        System.out.flush();
    }

    private interface Scenario {
        String run() throws Exception;
    }

    private static void report(String name, Scenario s) {
        String outcome;
        try {
            outcome = s.run();
        } catch (Throwable e) {
            outcome = e.getClass().getSimpleName() + " " + e.getMessage();
        }
        System.out.println(name + ": " + outcome);
    }

    private static VncClient.Builder client(Server s) {
        return VncClient.builder().host("127.0.0.1").port(s.port()).quietPeriod(Duration.ZERO)
                .encodings(VncEncoding.RAW).reconnectBudget(Duration.ZERO)
                .captureTimeout(Duration.ofSeconds(20)).readTimeout(Duration.ofSeconds(20));
    }

    /** Answers each update request with the whole screen in Raw, announcing a pending resize first. */
    private static final class Server implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private volatile int width;
        private volatile int height;
        private volatile boolean resize;

        Server(int w, int h) throws IOException {
            width = w;
            height = h;
            Thread t = new Thread(this::serve, "heap-probe-server");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        void resizeTo(int w, int h) {
            width = w;
            height = h;
            resize = true;
        }

        private void serve() {
            try (Socket s = listener.accept()) {
                OutputStream out = s.getOutputStream();
                DataInputStream in = new DataInputStream(s.getInputStream());
                out.write(new ServerScript().text("RFB 003.008\n").u8(1).u8(1).s32(0).u16(width).u16(height)
                        .bytes(PixelFormat.PREFERRED.encode()).reason("probe").toByteArray());
                in.readFully(new byte[14]);
                while (true) {
                    int type = in.readUnsignedByte();
                    if (type == 0) {
                        in.readFully(new byte[19]);
                    } else if (type == 2) {
                        in.readUnsignedByte();
                        in.readFully(new byte[4 * in.readUnsignedShort()]);
                    } else if (type == 3) {
                        in.readFully(new byte[9]);
                        frame(out);
                    } else if (type == 4) {
                        in.readFully(new byte[7]);
                    } else if (type == 5) {
                        in.readFully(new byte[5]);
                    } else {
                        return;
                    }
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        private void frame(OutputStream out) throws IOException {
            int w = width;
            int h = height;
            boolean announce = resize;
            resize = false;
            ServerScript head = new ServerScript().update(announce ? 2 : 1);
            if (announce) {
                head.rect(0, 0, w, h, -223);
            }
            out.write(head.rect(0, 0, w, h, 0).toByteArray());
            byte[] row = new byte[w * 4];
            for (int i = 0; i < w; i++) {
                row[4 * i] = 0x60;
                row[4 * i + 1] = 0x40;
                row[4 * i + 2] = 0x20;
            }
            for (int y = 0; y < h; y++) {
                out.write(row);
            }
            out.flush();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
