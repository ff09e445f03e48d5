package dev.healing.core.vnc;

import dev.healing.testing.Prerequisites;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Test helper: starts X servers, VNC servers and the fixture window as child processes on
 * loopback, and stops them all (forcibly) on {@link #close()} or JVM exit. Public so that other
 * test packages (the HID end-to-end test) start Xvfb and x11vnc the same way.
 */
public final class TestServers implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final Path dir;

    /** Creates a temporary directory for logs; starts nothing yet. */
    public TestServers() throws IOException {
        dir = Files.createTempDirectory("vnc-test");
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    /** Fails (with CI=true) or skips the calling test unless every binary is on the PATH. */
    public static void assumeInstalled(String... binaries) {
        Prerequisites.requireOnPath(binaries);
    }

    /** @return whether {@code binary} is an executable on the PATH */
    public static boolean onPath(String binary) {
        return Prerequisites.onPath(binary);
    }

    /** @return the directory holding the servers' logs */
    public Path dir() {
        return dir;
    }

    /** @return a TCP port free on loopback just now */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A started X server: its display number and process. */
    public record Display(int number, Process process) {
        /** @return the X display name, {@code :N} */
        public String name() {
            return ":" + number;
        }
    }

    /** Starts {@code Xvfb} with a free display; depth 24 or 16. */
    public Display xvfb(int w, int h, int depth) throws IOException {
        Process p = start("xvfb", List.of("Xvfb", "-displayfd", "1", "-screen", "0", w + "x" + h + "x" + depth,
                "-nolisten", "tcp", "-ac"));
        return new Display(readDisplay(p), p);
    }

    /** Starts TigerVNC {@code Xvnc} on a free display and the given port with extra options. */
    Display xvnc(int w, int h, int port, String... options) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("Xvnc", "-displayfd", "1", "-geometry", w + "x" + h, "-depth", "24",
                "-rfbport", String.valueOf(port), "-localhost", "-nolisten", "tcp", "-ac", "-AlwaysShared"));
        cmd.addAll(List.of(options));
        Process p = start("xvnc-" + port, cmd);
        Display d = new Display(readDisplay(p), p);
        awaitPort(port, p);
        return d;
    }

    /** Starts x11vnc on {@code display} and the given port with extra options (e.g. -nopw). */
    public Process x11vnc(Display display, int port, String... options) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("x11vnc", "-display", display.name(), "-rfbport", String.valueOf(port),
                "-localhost", "-forever", "-shared", "-quiet", "-norc", "-nossl", "-noipv6"));
        cmd.addAll(List.of(options));
        Process p = start("x11vnc-" + port, cmd, true);
        awaitPort(port, p);
        return p;
    }

    /** Writes a TigerVNC/x11vnc password file for {@code password}. */
    Path passwordFile(String password) throws IOException, InterruptedException {
        Path file = dir.resolve("passwd-" + System.nanoTime());
        Process p = new ProcessBuilder("vncpasswd", "-f").redirectOutput(file.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream o = p.getOutputStream()) {
            o.write((password + "\n" + password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("vncpasswd failed");
        }
        return file;
    }

    /** The fixture window: its event lines and the process. */
    static final class Window {
        final Process process;
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        Window(Process process) {
            this.process = process;
        }

        /** Removes the marker square and waits until it is gone from the window. */
        void reset() throws IOException, InterruptedException {
            events.clear();
            process.getOutputStream().write("reset\n".getBytes(StandardCharsets.US_ASCII));
            process.getOutputStream().flush();
            if (await("RESET"::equals, 10) == null) {
                throw new IOException("fixture window did not reset");
            }
        }

        /** @return the first event line matching {@code p} within {@code seconds}, or null */
        String await(Predicate<String> p, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                String line = events.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    return null;
                }
                if (p.test(line)) {
                    return line;
                }
            }
        }
    }

    /** Starts {@link FixtureWindow} on {@code display} covering {@code w x h} and waits for READY. */
    Window fixtureWindow(Display display, int w, int h) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx64m", "-Djava.awt.headless=false", "-cp",
                System.getProperty("java.class.path"), FixtureWindow.class.getName(), String.valueOf(w), String.valueOf(h));
        pb.environment().put("DISPLAY", display.name());
        pb.redirectError(dir.resolve("window.err").toFile());
        Process p = pb.start();
        register(p);
        Window window = new Window(p);
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    window.events.add(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "fixture-window-events");
        t.setDaemon(true);
        t.start();
        if (window.await("READY"::equals, 30) == null) {
            throw new IOException("fixture window did not start: " + Files.readString(dir.resolve("window.err")));
        }
        return window;
    }

    /** Runs a command with DISPLAY set and returns its stdout. */
    String run(Display display, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DISPLAY", display.name());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " hung");
        }
        return out;
    }

    Process start(String name, List<String> cmd) throws IOException {
        return start(name, cmd, false);
    }

    Process start(String name, List<String> cmd, boolean logStdout) throws IOException {
        return start(name, cmd, logStdout, Map.of());
    }

    /** Starts {@code cmd} with {@code extraEnv} added to the environment (without DISPLAY). */
    Process start(String name, List<String> cmd, boolean logStdout, Map<String, String> extraEnv) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve(name + ".log").toFile());
        if (logStdout) {
            pb.redirectOutput(dir.resolve(name + ".out").toFile());
        }
        Map<String, String> env = pb.environment();
        env.remove("DISPLAY");
        env.putAll(extraEnv);
        Process p = pb.start();
        register(p);
        return p;
    }

    private synchronized void register(Process p) {
        processes.add(p);
    }

    /** Stops one process forcibly and waits for it. */
    static void kill(Process p) throws InterruptedException {
        stop(List.of(p));
    }

    /**
     * Stops processes and their children: SIGTERM first, so servers release what outlives them
     * (x11vnc's System V shared-memory segments leak on SIGKILL, and enough of them make the
     * next PostgreSQL cluster fail to start), then SIGKILL for whatever still runs after 3 s.
     */
    static void stop(List<Process> stopping) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : stopping) {
            p.descendants().forEach(all::add);
            all.add(p.toHandle());
        }
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (ProcessHandle h : all) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (ExecutionException | TimeoutException stillRunning) {
                // forced below
            }
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        for (Process p : stopping) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int readDisplay(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        String line = r.readLine();
        if (line == null || !line.trim().matches("\\d+")) {
            throw new IOException("X server did not report a display: " + line);
        }
        return Integer.parseInt(line.trim());
    }

    static void awaitPort(int port, Process p) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (p != null && !p.isAlive()) {
                throw new IOException("server for port " + port + " exited with " + p.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
        throw new IOException("nothing listens on port " + port);
    }

    @Override
    public synchronized void close() {
        List<Process> stopping = new ArrayList<>(processes);
        Collections.reverse(stopping);
        try {
            stop(stopping);
        } catch (InterruptedException e) {
            stopping.forEach(Process::destroyForcibly);
            Thread.currentThread().interrupt();
        }
        processes.clear();
    }
}
