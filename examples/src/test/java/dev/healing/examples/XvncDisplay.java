package dev.healing.examples;

import dev.healing.testing.Prerequisites;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: a TigerVNC Xvnc on loopback (no password) and {@link ReleaseApp} processes on its
 * display. Xvnc missing skips the test locally and fails it under {@code CI=true}.
 */
final class XvncDisplay implements AutoCloseable {
    private final Process xvnc;
    private final String display;
    private final int port;

    private XvncDisplay(Process xvnc, String display, int port) {
        this.xvnc = xvnc;
        this.display = display;
        this.port = port;
    }

    static XvncDisplay start(int width, int height) throws Exception {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/Xvnc"));
        Prerequisites.require(installed, "Xvnc is not installed: .ci/run installs tigervnc-standalone-server");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder("Xvnc", "-displayfd", "1", "-geometry", width + "x" + height, "-depth", "24",
                "-rfbport", String.valueOf(port), "-localhost", "-nolisten", "tcp", "-SecurityTypes", "None",
                "-UseBlacklist=0", "-AlwaysShared").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        if (line == null) {
            p.destroyForcibly();
            throw new IOException("Xvnc did not report a display");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                break;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    p.destroyForcibly();
                    throw new IOException("Xvnc does not listen on " + port);
                }
                Thread.sleep(50);
            }
        }
        return new XvncDisplay(p, ":" + line.trim(), port);
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** @return the X display name, such as {@code :3} */
    String display() {
        return display;
    }

    /** Starts the app in {@code release} and waits until it shows. */
    App app(String release) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx96m", "-Djava.awt.headless=false", "-cp",
                System.getProperty("java.class.path"), ReleaseApp.class.getName(), release)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DISPLAY", display);
        App app = new App(pb.start());
        String ready = app.events.poll(30, TimeUnit.SECONDS);
        if (!"READY".equals(ready)) {
            app.close();
            throw new IOException("the app did not start: " + ready);
        }
        // Let the first paint reach the framebuffer before anything captures it.
        Thread.sleep(300);
        return app;
    }

    @Override
    public void close() {
        xvnc.destroyForcibly();
        try {
            xvnc.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A running {@link ReleaseApp}: the lines it printed. */
    static final class App implements AutoCloseable {
        private final Process process;
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        App(Process process) {
            this.process = process;
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        events.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "release-app-events");
            t.setDaemon(true);
            t.start();
        }

        /** @return the next {@code n} events, or fewer when they do not come within 20 s */
        List<String> events(int n) throws InterruptedException {
            List<String> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (out.size() < n) {
                String e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (e == null) {
                    break;
                }
                out.add(e);
            }
            return out;
        }

        /** @return every event until none came for half a second */
        List<String> eventsUntilQuiet() throws InterruptedException {
            List<String> out = new ArrayList<>();
            for (String e; (e = events.poll(500, TimeUnit.MILLISECONDS)) != null; ) {
                out.add(e);
            }
            return out;
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
