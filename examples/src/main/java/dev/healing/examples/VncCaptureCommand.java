package dev.healing.examples;

import dev.healing.api.Image;
import dev.healing.core.vnc.VncClient;
import dev.healing.core.vnc.VncLink;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;

/**
 * {@code vnc-capture HOST:PORT [security options] OUT.png}: saves a fresh, lossless screenshot.
 * Run as a whole process per screenshot, so its path avoids what a cold JVM pays for at first use
 * (Jackson, lambdas, indy string concatenation, {@code String.format}, regular expressions).
 */
final class VncCaptureCommand implements Command {
    @Override
    public String usage() {
        return "vnc-capture HOST:PORT " + VncCommands.SECURITY_USAGE + " OUT.png";
    }

    @Override
    public String description() {
        return "Saves a fresh, lossless screenshot as PNG. The password may also come from $"
                + VncCommands.PASSWORD_ENV + ". Prints the encoding chosen for the link and what was measured"
                + " of it (link_bytes_per_s, round_trip_us; -1 when not measured). On loopback the one frame"
                + " is asked as Hextile, which a fresh process takes faster than Raw; the link's choice is"
                + " what a longer session would use.";
    }

    /**
     * {@code -Dhealing.timing=true}: prints where a screenshot's time went (ms since {@code main},
     * connect, capture, PNG) on stderr, for measuring the whole-process cost.
     */
    private static final boolean TIMING = Boolean.getBoolean("healing.timing");

    @Override
    public int run(List<String> args) {
        long t0 = System.nanoTime();
        Args a = Args.parse(args, VncCommands.SECURITY_OPTIONS, VncCommands.SECURITY_FLAGS, 2, 2);
        new Warmup(a.positional(0)).start();
        Path out = Path.of(a.positional(1));
        try (VncClient vnc = VncCommands.builder(a).oneShot(true).connect()) {
            long t1 = System.nanoTime();
            Image frame = vnc.capture();
            long t2 = System.nanoTime();
            writePng(frame, out);
            long t3 = System.nanoTime();
            VncLink link = vnc.link();
            int code = JsonOutput.print(this, true, JsonOutput.fields("wrote", out.toAbsolutePath().toString(),
                    "width", frame.width(), "height", frame.height(), "server", vnc.address(),
                    "encoding", link.encoding().name(), "link_bytes_per_s", link.bytesPerSecond(),
                    "round_trip_us", link.roundTripMicros()));
            if (TIMING) {
                System.err.printf("timing: command %d ms, connect %d ms, capture %d ms, png %d ms, json %d ms%n",
                        (t0 - Main.START) / 1_000_000, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                        (t3 - t2) / 1_000_000, (System.nanoTime() - t3) / 1_000_000);
                threadTimes();
            }
            return code;
        }
    }

    /** Prints the CPU time of every thread of this process so far (Linux /proc), grouped by name. */
    private static void threadTimes() {
        java.util.Map<String, Long> byName = new java.util.TreeMap<>();
        try (java.nio.file.DirectoryStream<Path> tasks = java.nio.file.Files.newDirectoryStream(
                Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat = java.nio.file.Files.readString(task.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9#]+$", "").trim();
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                byName.merge(name, ticks * 10, Long::sum);
            }
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("timing: no thread times (" + e + ")");
            return;
        }
        System.err.println("timing: cpu ms by thread " + byName);
    }

    /** Writes {@code image} as a lossless 8-bit RGB PNG, fast ({@link FastPng}). */
    static void writePng(Image image, Path file) {
        FastPng.write(image, file);
    }

    /**
     * Loads, on another core, what this command needs while the main thread connects: the server's
     * address, the VNC client's classes, the JDK's sockets and the logging backend
     * ({@link VncClient#preload()}), and the PNG classes. A one-shot screenshot is mostly
     * start-up; this takes tens of ms off it on an idle machine.
     */
    private static final class Warmup extends Thread {
        private final String address;

        /** @param address the {@code HOST:PORT} argument, as given */
        Warmup(String address) {
            super("vnc-capture-warmup");
            setDaemon(true);
            // The logging backend (slf4j-simple) looks for simplelogger.properties through the
            // context class loader. Through this jar's loader, that look-up opens and indexes the
            // whole fat jar (5,000 entries): 10 ms of CPU, spent while the frame arrives and the
            // server needs the other core. The jar holds no such file (Main sets the backend up
            // by system properties); the platform loader answers at once.
            setContextClassLoader(ClassLoader.getPlatformClassLoader());
            this.address = address;
        }

        @Override
        public void run() {
            // The server's address first: the main thread, meanwhile creating its socket, then
            // finds it resolved.
            VncClient.preload(address);
            new CRC32().update(1);
            FastPng.warmUp();
        }
    }
}
