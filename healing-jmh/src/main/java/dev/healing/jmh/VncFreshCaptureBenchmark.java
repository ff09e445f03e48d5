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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A fresh full-frame capture of a 1920x1080 desktop on an open connection to a live local Xvnc,
 * with the client's defaults beside the floor (quiet period 0 and Raw, set explicitly), in one
 * run. Goal (issue 17): the defaults within 2x of the floor.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class VncFreshCaptureBenchmark {
    private VncBenchServers servers;
    private VncClient defaults;
    private VncClient floor;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        servers = new VncBenchServers(1920, 1080);
        defaults = VncClient.builder().host("127.0.0.1").port(servers.port).connect();
        floor = VncClient.builder().host("127.0.0.1").port(servers.port).quietPeriod(Duration.ZERO)
                .encodings(VncEncoding.RAW).connect();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        defaults.close();
        floor.close();
        servers.close();
    }

    /** The client as built with no settings beyond the address. */
    @Benchmark
    public Image defaults() {
        return defaults.capture();
    }

    /** The floor: quiet period 0 and Raw. */
    @Benchmark
    public Image quietZeroRaw() {
        return floor.capture();
    }
}
