package dev.healing.core.hid;

import dev.healing.api.InputException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fallback where JNA is not available: a blocking {@link FileOutputStream} driven by one daemon
 * thread, the caller waiting at most the timeout. A write that times out stays queued in that
 * thread (Java cannot cancel a blocked file write) and lands when the target reads again; until
 * then further writes fail fast as offline. A failed stream is reopened on the next write.
 */
final class ThreadedReportWriter implements ReportWriter {
    private static final Logger log = LoggerFactory.getLogger(ThreadedReportWriter.class);

    /** Opens the stream to write to, in the writer thread (opening a FIFO blocks until a reader comes). */
    @FunctionalInterface
    interface Opener {
        OutputStream open() throws IOException;
    }

    private final String path;
    private final Opener opener;
    private final long timeoutNanos;
    private final ExecutorService worker;
    private Future<?> inFlight;
    private volatile OutputStream out;
    private boolean closed;

    ThreadedReportWriter(Path path, long timeoutNanos) {
        this(path.toString(), () -> new FileOutputStream(path.toFile()), timeoutNanos);
    }

    /**
     * @param name   names the target in messages, e.g. a device path
     * @param opener called in the writer thread before the first write and after a failed one
     */
    ThreadedReportWriter(String name, Opener opener, long timeoutNanos) {
        this.path = name;
        this.opener = opener;
        this.timeoutNanos = timeoutNanos;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hid-writer " + path);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public synchronized void write(byte[] report) {
        if (closed) {
            throw new InputException("HID device " + path + " is closed");
        }
        long deadline = System.nanoTime() + timeoutNanos;
        if (inFlight != null && !inFlight.isDone()) {
            // An earlier report is still blocked in the device: give it the rest of this call's time.
            try {
                inFlight.get(timeoutNanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw offline("still blocked in an earlier write after " + millis() + " ms");
            } catch (ExecutionException e) {
                log.debug("earlier write to {} failed: {}", path, e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InputException("interrupted while writing to HID device " + path, e);
            }
        }
        byte[] copy = report.clone();
        inFlight = worker.submit(() -> {
            writeNow(copy);
            return null;
        });
        try {
            inFlight.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw offline("did not take a report within " + millis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new InputException("HID device " + path + " offline: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException("interrupted while writing to HID device " + path, e);
        }
    }

    private void writeNow(byte[] report) throws IOException {
        OutputStream o = out;
        if (o == null) {
            o = opener.open();
            out = o;
            log.debug("opened {} for blocking writes", path);
        }
        try {
            o.write(report);
            o.flush();
        } catch (IOException e) {
            out = null;
            closeQuietly(o);
            throw e;
        }
    }

    private long millis() {
        return TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
    }

    private InputException offline(String why) {
        return new InputException("HID device " + path + " offline: " + why);
    }

    @Override
    public String mechanism() {
        return "thread";
    }

    @Override
    public synchronized void close() {
        closed = true;
        worker.shutdownNow();
        OutputStream o = out;
        out = null;
        if (o != null) {
            closeQuietly(o);
        }
    }

    private void closeQuietly(OutputStream o) {
        try {
            o.close();
        } catch (IOException e) {
            log.debug("closing {} failed: {}", path, e.toString());
        }
    }
}
