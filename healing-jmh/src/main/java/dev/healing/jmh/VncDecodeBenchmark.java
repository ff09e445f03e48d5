package dev.healing.jmh;

import dev.healing.api.Image;
import dev.healing.core.vnc.VncClient;
import dev.healing.core.vnc.VncEncoding;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Decoding a recorded 1920x1080 Xvnc session replayed from a local socket: every request is
 * answered with the same recorded full-frame update. Ours (VncClient) against vernacular
 * (which has no ZRLE, so only ours runs there). Needs Xvnc (tigervnc-standalone-server) to record.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class VncDecodeBenchmark {
    @Param({"RAW", "HEXTILE", "ZRLE"})
    public String encoding;

    private VncBenchServers servers;
    private VncBenchServers.Replay replay;
    private VncClient ours;
    private VncReference reference;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        servers = new VncBenchServers(1920, 1080);
        VncEncoding e = VncEncoding.valueOf(encoding);
        replay = servers.new Replay(e.code());
        ours = VncClient.builder().host("127.0.0.1").port(replay.port()).encodings(e)
                .quietPeriod(Duration.ZERO).connect();
        if (e != VncEncoding.ZRLE) {
            reference = new VncReference(replay.port(), e == VncEncoding.HEXTILE);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (reference != null) {
            reference.close();
        }
        ours.close();
        replay.close();
        servers.close();
    }

    /** One full frame: request, receive, decode, copy out as an {@link Image}. */
    @Benchmark
    public Image ours() {
        return ours.capture();
    }

    /** One full frame through vernacular (Raw and Hextile only). */
    @Benchmark
    public void vernacular() throws Exception {
        if (reference == null) {
            throw new UnsupportedOperationException("vernacular has no " + encoding);
        }
        reference.nextFrame();
    }
}
