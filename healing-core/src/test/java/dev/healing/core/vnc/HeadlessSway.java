package dev.healing.core.vnc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Test helper: a headless sway compositor (wlroots' headless backend, software rendering) with
 * wayvnc, {@code grim} for reference screenshots and {@code wev} as the window that logs what it
 * receives. sway refuses to run as root, so as root every process runs as {@code nobody} (through
 * {@code setpriv}) with its runtime directory in a fresh folder owned by that user.
 */
final class HeadlessSway implements AutoCloseable {
    static final String OUTPUT = "HEADLESS-1";
    private final TestServers servers;
    private final Path run;
    private final Map<String, String> env = new HashMap<>();
    private final boolean root = "root".equals(System.getProperty("user.name"));

    /** Starts sway with one output of {@code w x h} and waits for its sockets. */
    HeadlessSway(TestServers servers, int w, int h) throws IOException, InterruptedException {
        this.servers = servers;
        run = Files.createTempDirectory("sway-run");
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
        Path config = run.resolve("config");
        Files.writeString(config, "default_border none\n"
                + "output " + OUTPUT + " mode " + w + "x" + h + " bg #336699 solid_color\n"
                + "focus_follows_mouse no\n");
        if (root) {
            UserPrincipalLookupService users = run.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(run, users.lookupPrincipalByName("nobody"));
            Files.setOwner(config, users.lookupPrincipalByName("nobody"));
        }
        env.put("XDG_RUNTIME_DIR", run.toString());
        env.put("HOME", run.toString());
        env.put("WLR_BACKENDS", "headless");
        env.put("WLR_LIBINPUT_NO_DEVICES", "1");
        env.put("WLR_RENDERER", "pixman");
        Process sway = start("sway", List.of("sway", "-c", config.toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (find("wayland-", "") == null || find("sway-ipc.", ".sock") == null) {
            if (!sway.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("sway did not start: " + log("sway"));
            }
            Thread.sleep(20);
        }
        env.put("WAYLAND_DISPLAY", find("wayland-", "").getFileName().toString());
        env.put("SWAYSOCK", find("sway-ipc.", ".sock").toString());
    }

    private Path find(String prefix, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(run)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(suffix) && !n.endsWith(".lock");
            }).findFirst().orElse(null);
        }
    }

    /** Starts a process as the compositor's user with its environment; output in {@code name}.log/.out. */
    Process start(String name, List<String> cmd) throws IOException {
        return start(name, cmd, true);
    }

    private Process start(String name, List<String> cmd, boolean logStdout) throws IOException {
        List<String> all = new ArrayList<>();
        if (root) {
            all.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        all.addAll(cmd);
        return servers.start(name, all, logStdout, env);
    }

    /** @return the log (stderr) of the process started as {@code name} */
    String log(String name) throws IOException {
        Path p = servers.dir().resolve(name + ".log");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    /** Starts wayvnc on {@code port} without authentication and waits until it listens. */
    Process wayvnc(int port) throws IOException {
        Process p = start("wayvnc-" + port, List.of("wayvnc", "-C", "/dev/null", "127.0.0.1", String.valueOf(port)));
        TestServers.awaitPort(port, p);
        return p;
    }

    /** Runs {@code swaymsg} with {@code args}, failing on a non-zero exit. */
    void swaymsg(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("swaymsg"));
        cmd.addAll(List.of(args));
        Process p = start("swaymsg", cmd);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("swaymsg " + String.join(" ", args) + " failed: " + log("swaymsg"));
        }
    }

    /** @return the output as {@code grim} sees it, pixels {@code 0xRRGGBB}, width and height first */
    int[] grim() throws IOException, InterruptedException {
        Process p = start("grim", List.of("grim", "-t", "ppm", "-"), false);
        byte[] ppm;
        try (InputStream in = p.getInputStream()) {
            ppm = in.readAllBytes();
        }
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("grim failed: " + log("grim"));
        }
        return parsePpm(ppm);
    }

    /** @return width, height, then the pixels of a binary PPM (P6, maximum 255) */
    static int[] parsePpm(byte[] ppm) throws IOException {
        int[] header = new int[3];
        int pos = 2;
        for (int i = 0; i < 3; i++) {
            while (Character.isWhitespace(ppm[pos])) {
                pos++;
            }
            int v = 0;
            while (!Character.isWhitespace(ppm[pos])) {
                v = v * 10 + ppm[pos++] - '0';
            }
            header[i] = v;
        }
        pos++;
        if (ppm[0] != 'P' || ppm[1] != '6' || header[2] != 255) {
            throw new IOException("not an 8-bit binary PPM");
        }
        int w = header[0];
        int h = header[1];
        int[] out = new int[2 + w * h];
        out[0] = w;
        out[1] = h;
        for (int i = 0; i < w * h; i++, pos += 3) {
            out[2 + i] = (ppm[pos] & 0xFF) << 16 | (ppm[pos + 1] & 0xFF) << 8 | ppm[pos + 2] & 0xFF;
        }
        return out;
    }

    /** Starts {@code wev} (a window that logs its input events) and collects its event lines. */
    Events wev() throws IOException, InterruptedException {
        Process p = start("wev", List.of("stdbuf", "-oL", "wev", "-f", "wl_keyboard:key", "-f", "wl_pointer:button",
                "-f", "wl_pointer:motion", "-f", "xdg_toplevel:configure"), false);
        Events events = new Events();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    events.lines.add(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "wev-events");
        t.setDaemon(true);
        t.start();
        if (events.await("configure", 20) == null) {
            throw new IOException("wev did not show a window: " + log("wev"));
        }
        return events;
    }

    /** The lines {@code wev} printed, in order. */
    static final class Events {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final java.util.Set<String> serials = new java.util.HashSet<>();

        /** @return the first line containing {@code text} within {@code seconds}, or null */
        String await(String text, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null || line.contains(text)) {
                    return line;
                }
            }
        }

        /**
         * @return the text of the next {@code count} key presses that produce text (wev prints
         *         {@code utf8: 'x'} on the line after a press), waiting at most {@code seconds}.
         *         wev may hold two keyboard objects (it binds one per seat capability change) that
         *         both print each event: an event's serial is counted once.
         */
        String typed(int count, int seconds) throws InterruptedException {
            StringBuilder typed = new StringBuilder();
            boolean pressed = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (typed.codePointCount(0, typed.length()) < count) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    break;
                }
                if (line.contains("wl_keyboard] key:")) {
                    int at = line.indexOf("serial: ");
                    String serial = line.substring(at + 8, line.indexOf(';', at));
                    pressed = line.contains("(pressed)") && serials.add(serial);
                } else if (pressed && line.contains("utf8: '")) {
                    int start = line.indexOf("utf8: '") + 7;
                    typed.append(line, start, line.lastIndexOf('\''));
                    pressed = false;
                }
            }
            return typed.toString();
        }
    }

    @Override
    public void close() {
        // the processes belong to the TestServers; the runtime folder goes with the temp dir
        try (Stream<Path> files = Files.list(run)) {
            files.forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
        run.toFile().delete();
    }
}
