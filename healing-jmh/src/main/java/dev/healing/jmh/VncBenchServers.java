package dev.healing.jmh;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark helper: a local TigerVNC Xvnc showing {@link VncDesktopPainter}, a recorder that
 * captures what Xvnc sends for one full-frame request in a given pixel format and encoding, and a
 * replay server that answers every FramebufferUpdateRequest with such a recording.
 */
final class VncBenchServers implements AutoCloseable {
    final int width;
    final int height;
    final int port;
    private final List<Process> processes = new ArrayList<>();

    VncBenchServers(int width, int height) throws IOException, InterruptedException {
        this.width = width;
        this.height = height;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
        Process xvnc = new ProcessBuilder("Xvnc", "-displayfd", "1", "-geometry", width + "x" + height, "-depth", "24",
                "-rfbport", String.valueOf(port), "-localhost", "-nolisten", "tcp", "-SecurityTypes", "None",
                "-UseBlacklist=0", "-AlwaysShared").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(xvnc);
        String display = new BufferedReader(new InputStreamReader(xvnc.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        if (display == null) {
            close();
            throw new IOException("Xvnc did not start (is tigervnc-standalone-server installed?)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                VncDesktopPainter.class.getName(), String.valueOf(width), String.valueOf(height))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DISPLAY", ":" + display.trim());
        Process painter = pb.start();
        processes.add(painter);
        String ready = new BufferedReader(new InputStreamReader(painter.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        if (!"READY".equals(ready)) {
            close();
            throw new IOException("desktop painter did not start: " + ready);
        }
    }

    /**
     * Records two consecutive full-frame FramebufferUpdate messages from Xvnc for the given
     * 16-byte pixel format and encoding: the first starts the zlib streams, the second continues
     * them and can be replayed again and again.
     */
    byte[][] record(byte[] pixelFormat, int encoding) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            in.readFully(new byte[12]);
            out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
            int n = in.readUnsignedByte();
            in.readFully(new byte[n]);
            out.write(1);
            if (in.readInt() != 0) {
                throw new IOException("Xvnc refused");
            }
            out.write(1);
            in.readFully(new byte[20]);
            in.readFully(new byte[in.readInt()]);
            out.write(0);
            out.write(new byte[3]);
            out.write(pixelFormat);
            out.write(2);
            out.write(0);
            out.writeShort(1);
            out.writeInt(encoding);
            byte[][] frames = new byte[2][];
            s.setSoTimeout(700);
            for (int i = 0; i < 2; i++) {
                out.write(new byte[] {3, 0, 0, 0, 0, 0});
                out.writeShort(width);
                out.writeShort(height);
                out.flush();
                ByteArrayOutputStream rec = new ByteArrayOutputStream();
                byte[] buf = new byte[65536];
                try {
                    for (int k; (k = in.read(buf)) > 0; ) {
                        rec.write(buf, 0, k);
                    }
                } catch (SocketTimeoutException quiet) {
                    // the update is complete once Xvnc has been quiet for a while
                }
                frames[i] = rec.toByteArray();
            }
            return frames;
        }
    }

    /**
     * A replay server on loopback: RFB 3.8, security None, ServerInit for the benchmark's size;
     * answers each FramebufferUpdateRequest with a recording of Xvnc for the pixel format the
     * client set and the given encoding (recorded on first use).
     */
    final class Replay implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        private final int encoding;
        private final Map<String, byte[][]> recordings = new ConcurrentHashMap<>();

        Replay(int encoding) throws IOException {
            this.encoding = encoding;
            Thread t = new Thread(this::acceptLoop, "vnc-replay");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void acceptLoop() {
            try {
                while (true) {
                    Socket s = listener.accept();
                    Thread t = new Thread(() -> serve(s), "vnc-replay-conn");
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException closed) {
                // stopped
            }
        }

        private void serve(Socket s) {
            try (s) {
                s.setTcpNoDelay(true);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(s.getInputStream()));
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
                in.readFully(new byte[12]);
                out.write(new byte[] {1, 1});
                in.readUnsignedByte();
                out.writeInt(0);
                in.readUnsignedByte();
                out.writeShort(width);
                out.writeShort(height);
                byte[] pf = {32, 24, 0, 1, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 16, 8, 0, 0, 0, 0};
                out.write(pf);
                byte[] name = "replay".getBytes(StandardCharsets.US_ASCII);
                out.writeInt(name.length);
                out.write(name);
                out.flush();
                int served = 0;
                while (true) {
                    int type = in.readUnsignedByte();
                    switch (type) {
                        case 0 -> {
                            in.readFully(new byte[3]);
                            in.readFully(pf);
                        }
                        case 2 -> {
                            in.readUnsignedByte();
                            in.readFully(new byte[4 * in.readUnsignedShort()]);
                        }
                        case 3 -> {
                            in.readFully(new byte[9]);
                            byte[][] rec = recording(pf);
                            out.write(served++ == 0 ? rec[0] : rec[1]);
                            out.flush();
                        }
                        case 4 -> in.readFully(new byte[7]);
                        case 5 -> in.readFully(new byte[5]);
                        case 6 -> {
                            in.readFully(new byte[3]);
                            in.readFully(new byte[in.readInt()]);
                        }
                        default -> throw new IOException("unknown client message " + type);
                    }
                }
            } catch (IOException done) {
                // client went away
            }
        }

        private byte[][] recording(byte[] pf) {
            return recordings.computeIfAbsent(Arrays.toString(pf), k -> {
                try {
                    return record(pf.clone(), encoding);
                } catch (IOException e) {
                    throw new IllegalStateException("recording failed", e);
                }
            });
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
