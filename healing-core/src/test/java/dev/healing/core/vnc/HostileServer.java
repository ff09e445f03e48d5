package dev.healing.core.vnc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Test helper: an RFB server on loopback that plays a script against one client at a time (a
 * slow drip, a flood), swallowing whatever the client sends. Stops on {@link #close()}.
 */
final class HostileServer implements AutoCloseable {
    /** What the server does with one connection; ends when the client goes away. */
    interface Script {
        void play(Socket client, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket listener;
    private final Thread acceptor;

    HostileServer(Script script) throws IOException {
        listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    Thread t = new Thread(() -> serve(s, script), "hostile-rfb");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "hostile-rfb-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void serve(Socket s, Script script) {
        Thread drain = new Thread(() -> {
            try (InputStream in = s.getInputStream()) {
                byte[] b = new byte[4096];
                while (in.read(b) >= 0) {
                    // swallow requests and input
                }
            } catch (IOException ignored) {
                // the client went away
            }
        }, "hostile-rfb-drain");
        drain.setDaemon(true);
        drain.start();
        try (s) {
            script.play(s, s.getOutputStream());
        } catch (IOException | InterruptedException ignored) {
            // the client went away or the test ended
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Writes {@code bytes} one at a time, {@code gapMillis} apart, forever (repeating them). */
    static void drip(OutputStream out, byte[] bytes, long gapMillis) throws IOException, InterruptedException {
        for (int i = 0; ; i = (i + 1) % bytes.length) {
            out.write(bytes[i]);
            out.flush();
            Thread.sleep(gapMillis);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
