package dev.healing.core.hid;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Named pipes for tests: a FIFO stands in for a gadget's /dev/hidgN. */
final class Fifo {
    private Fifo() {
    }

    static Path create(Path dir, String name) throws IOException, InterruptedException {
        Path fifo = dir.resolve(name);
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("mkfifo " + fifo + " failed: " + new String(p.getInputStream().readAllBytes()));
        }
        return fifo;
    }
}
