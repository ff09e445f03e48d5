package dev.healing.core.vnc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Test helper: a TCP proxy on loopback in front of a real server. The client's bytes go through
 * as they come; the server's go through a {@link Relay}, which may split them into small pieces
 * ({@link #splitting}) or hold them to a rate ({@link #throttling}).
 */
final class LoopbackProxy implements AutoCloseable {
    /** Forwards what one read of the server side returned; one per connection. */
    interface Relay {
        void send(OutputStream out, byte[] buf, int n) throws IOException, InterruptedException;
    }

    private static final Relay AS_READ = (out, buf, n) -> {
        out.write(buf, 0, n);
        out.flush();
    };

    private final ServerSocket listener;
    private final int upstreamPort;
    private final String name;
    private final Supplier<Relay> serverToClient;

    private LoopbackProxy(int upstreamPort, String name, Supplier<Relay> serverToClient) throws IOException {
        this.upstreamPort = upstreamPort;
        this.name = name;
        this.serverToClient = serverToClient;
        this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, name);
        t.setDaemon(true);
        t.start();
    }

    /** The server's bytes in random small pieces (1..37 bytes, flushed one by one): reads split anywhere. */
    static LoopbackProxy splitting(int upstreamPort) throws IOException {
        Random random = new Random(5);
        return new LoopbackProxy(upstreamPort, "splitting-proxy", () -> (out, buf, n) -> {
            for (int off = 0; off < n; ) {
                int len;
                synchronized (random) {
                    len = Math.min(n - off, 1 + random.nextInt(37));
                }
                out.write(buf, off, len);
                out.flush();
                off += len;
            }
        });
    }

    /**
     * The server's bytes at {@code bytesPerSecond} at most (a slow link): after each read the relay
     * sleeps until the bytes sent so far are due; idle time is not credit.
     */
    static LoopbackProxy throttling(int upstreamPort, long bytesPerSecond) throws IOException {
        return new LoopbackProxy(upstreamPort, "throttling-proxy", () -> new Relay() {
            private long start = System.nanoTime();
            private long sent;

            @Override
            public void send(OutputStream out, byte[] buf, int n) throws IOException, InterruptedException {
                AS_READ.send(out, buf, n);
                sent += n;
                long wait = start + (long) (sent * 1e9 / bytesPerSecond) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } else if (wait < -TimeUnit.MILLISECONDS.toNanos(50)) {
                    // a burst after a pause is throttled too
                    start = System.nanoTime();
                    sent = 0;
                }
            }
        });
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
                pump(client.getInputStream(), server.getOutputStream(), AS_READ, client, server);
                pump(server.getInputStream(), client.getOutputStream(), serverToClient.get(), client, server);
            }
        } catch (IOException closed) {
            // listener closed
        }
    }

    private void pump(InputStream in, OutputStream out, Relay relay, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    relay.send(out, buf, n);
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
        }, name + "-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
