package dev.healing.jmh;

import dev.healing.core.hid.HidGadget;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of never hanging: one absolute mouse report written to a FIFO (standing in for
 * /dev/hidg1, drained by a reader thread) through {@link HidGadget} with non-blocking files and
 * poll(2) via JNA, through its writer-thread fallback, and, as the reference, a plain blocking
 * {@link FileOutputStream} write with no timeout at all.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HidWriteBenchmark {
    // A boot mouse report: left button down at the middle of the absolute range (16384, little-endian).
    private final byte[] report = {1, 0x00, 0x40, 0x00, 0x40, 0, 0};
    private Path dir;
    private RandomAccessFile reader;
    private Thread drain;
    private HidGadget polling;
    private HidGadget threaded;
    private FileOutputStream plain;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("hid-bench");
        Path fifo = dir.resolve("hidg1");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (p.waitFor() != 0) {
            throw new IOException("mkfifo failed");
        }
        reader = new RandomAccessFile(fifo.toFile(), "rw");
        drain = new Thread(() -> {
            byte[] buf = new byte[1 << 16];
            try {
                while (reader.read(buf) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // closed at tear-down
            }
        }, "hid-bench-drain");
        drain.setDaemon(true);
        drain.start();
        polling = HidGadget.builder().mouse(fifo).writeTimeout(Duration.ofSeconds(1)).build();
        threaded = HidGadget.builder().mouse(fifo).writeTimeout(Duration.ofSeconds(1)).nativePolling(false).build();
        plain = new FileOutputStream(fifo.toFile());
        if (!polling.writeMechanism().equals("poll")) {
            throw new IllegalStateException("JNA polling unavailable: " + polling.writeMechanism());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        polling.close();
        threaded.close();
        plain.close();
        reader.close();
    }

    /** Ours: non-blocking file, poll(2) with a timeout, through JNA. */
    @Benchmark
    public void gadgetPolling() {
        polling.sendMouse(report);
    }

    /** Ours without JNA: blocking write on a writer thread, the caller waiting with a timeout. */
    @Benchmark
    public void gadgetWriterThread() {
        threaded.sendMouse(report);
    }

    /** Reference: a plain blocking write that would hang forever on a stalled target. */
    @Benchmark
    public void plainBlockingWrite() throws IOException {
        plain.write(report);
    }
}
