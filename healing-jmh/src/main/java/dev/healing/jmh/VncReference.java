package dev.healing.jmh;

import com.shinyhut.vernacular.client.VernacularClient;
import com.shinyhut.vernacular.client.VernacularConfig;
import com.shinyhut.vernacular.client.rendering.ColorDepth;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** The reference client, com.shinyhut:vernacular (MIT), driven the way its API allows. */
final class VncReference implements AutoCloseable {
    private final VernacularClient client;
    private final Semaphore frames = new Semaphore(0);
    private final AtomicReference<Exception> error = new AtomicReference<>();

    /** Connects; {@code hextile} enables Hextile, otherwise the server must send Raw. */
    VncReference(int port, boolean hextile) {
        VernacularConfig config = new VernacularConfig();
        config.setColorDepth(ColorDepth.BPP_24_TRUE);
        config.setTargetFramesPerSecond(1000);
        config.setEnableHextileEncoding(hextile);
        config.setEnableCopyrectEncoding(false);
        config.setEnableRreEncoding(false);
        config.setEnableZLibEncoding(false);
        config.setShared(true);
        config.setScreenUpdateListener(image -> frames.release());
        config.setErrorListener(error::set);
        client = new VernacularClient(config);
        client.start("127.0.0.1", port);
    }

    /** Waits for the next complete frame that arrives after this call. */
    void nextFrame() throws Exception {
        frames.drainPermits();
        if (!frames.tryAcquire(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("vernacular delivered no frame in 30 s", error.get());
        }
    }

    /** Waits for the first frame after connecting (not drained: it may already be there). */
    void firstFrame() throws Exception {
        if (!frames.tryAcquire(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("vernacular delivered no frame in 30 s", error.get());
        }
    }

    @Override
    public void close() {
        client.stop();
    }
}
