package dev.healing.core.vnc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;

/**
 * Test helper: a TCP proxy on loopback that forwards the server's bytes in random small pieces
 * (1..37 bytes, flushed one by one), so the client sees reads split at arbitrary boundaries.
 */
final class SplittingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int upstreamPort;
    private final Random random = new Random(5);

    SplittingProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "splitting-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                pump(client.getInputStream(), server.getOutputStream(), false, client, server);
                pump(server.getInputStream(), client.getOutputStream(), true, client, server);
            }
        } catch (IOException closed) {
            // listener closed
        }
    }

    private void pump(InputStream in, OutputStream out, boolean split, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    int off = 0;
                    while (off < n) {
                        int len = split ? Math.min(n - off, 1 + nextInt(37)) : n - off;
                        out.write(buf, off, len);
                        out.flush();
                        off += len;
                    }
                }
            } catch (IOException ignored) {
                // one side closed
            } finally {
                try {
                    a.close();
                    b.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }, "splitting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private synchronized int nextInt(int bound) {
        return random.nextInt(bound);
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
