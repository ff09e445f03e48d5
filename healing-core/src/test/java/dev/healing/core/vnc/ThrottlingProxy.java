package dev.healing.core.vnc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: a TCP proxy on loopback that forwards the server's bytes at a limited rate (a slow
 * link in front of a real server) and the client's bytes as they come.
 */
final class ThrottlingProxy implements AutoCloseable {
    private static final int CHUNK = 8192;
    private final ServerSocket listener;
    private final int upstreamPort;
    private final long bytesPerSecond;

    /** @param bytesPerSecond the rate of the server-to-client direction */
    ThrottlingProxy(int upstreamPort, long bytesPerSecond) throws IOException {
        this.upstreamPort = upstreamPort;
        this.bytesPerSecond = bytesPerSecond;
        this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "throttling-proxy");
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
                pump(client.getInputStream(), server.getOutputStream(), Long.MAX_VALUE, client, server);
                pump(server.getInputStream(), client.getOutputStream(), bytesPerSecond, client, server);
            }
        } catch (IOException closed) {
            // listener closed
        }
    }

    /** Copies in chunks; a limited direction sleeps until the bytes sent so far are due (a few ms at a time). */
    private static void pump(InputStream in, OutputStream out, long rate, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[CHUNK];
            long start = System.nanoTime();
            long sent = 0;
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                    sent += n;
                    if (rate != Long.MAX_VALUE) {
                        long due = start + (long) (sent * 1e9 / rate);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        } else if (wait < -TimeUnit.MILLISECONDS.toNanos(50)) {
                            // idle time is not credit: a burst after a pause is throttled too
                            start = System.nanoTime();
                            sent = 0;
                        }
                    }
                }
            } catch (IOException | InterruptedException ignored) {
                // one side closed
            } finally {
                try {
                    a.close();
                    b.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }, "throttling-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
