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
 * A fresh full-frame capture of a 1920x1080 desktop from a live local Xvnc (started here, with a
 * desktop-like window). Vernacular only requests a full frame when it connects, so its fresh
 * capture is connect + first frame + disconnect; ours is measured both that way and on an open
 * connection (a non-incremental request each time).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class VncCaptureBenchmark {
    @Param({"RAW", "HEXTILE"})
    public String encoding;

    private VncBenchServers servers;
    private VncClient open;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        servers = new VncBenchServers(1920, 1080);
        open = builder().connect();
    }

    private VncClient.Builder builder() {
        return VncClient.builder().host("127.0.0.1").port(servers.port).encodings(VncEncoding.valueOf(encoding))
                .quietPeriod(Duration.ZERO);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        open.close();
        servers.close();
    }

    /** Ours on an open connection: request the whole screen, wait for all of it, copy it out. */
    @Benchmark
    public Image oursOpenConnection() {
        return open.capture();
    }

    /** Ours, connect + capture + close: the same work vernacular has to do for a fresh frame. */
    @Benchmark
    public Image oursConnectCaptureClose() {
        try (VncClient vnc = builder().connect()) {
            return vnc.capture();
        }
    }

    /** Vernacular: connect, first (full) frame, stop. */
    @Benchmark
    public void vernacularConnectFirstFrameStop() throws Exception {
        try (VncReference ref = new VncReference(servers.port, "HEXTILE".equals(encoding))) {
            ref.firstFrame();
        }
    }
}
