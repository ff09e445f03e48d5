package dev.healing.core.hid;

import dev.healing.api.InputException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes reports to a device file opened non-blocking, waiting for room with {@code poll(2)} up
 * to the timeout. A report is written whole or not at all (gadget reports and pipe writes under
 * PIPE_BUF are atomic), so a timed-out report is never half sent. A file that fails is closed and
 * reopened on the next write, which is how the writer recovers when the target reads again.
 */
final class PollingReportWriter implements ReportWriter {
    private static final Logger log = LoggerFactory.getLogger(PollingReportWriter.class);

    private final Posix posix;
    private final Path path;
    private final long timeoutNanos;
    private int fd = -1;
    private boolean closed;

    PollingReportWriter(Posix posix, Path path, long timeoutNanos) {
        this.posix = posix;
        this.path = path;
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public synchronized void write(byte[] report) {
        if (closed) {
            throw new InputException("HID device " + path + " is closed");
        }
        long deadline = System.nanoTime() + timeoutNanos;
        ensureOpen();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw offline("did not take a report within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
            }
            int revents;
            try {
                revents = posix.poll(fd, Posix.POLLOUT, (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999)));
            } catch (RuntimeException e) {
                if (Posix.errno(e) == Posix.EINTR) {
                    continue;
                }
                throw failed("poll", e);
            }
            if (revents == 0) {
                continue; // timed out: the deadline check above reports it
            }
            if ((revents & Posix.POLLOUT) == 0 && (revents & (Posix.POLLERR | Posix.POLLHUP | Posix.POLLNVAL)) != 0) {
                closeFd();
                throw offline("has no reader (poll events 0x" + Integer.toHexString(revents) + ")");
            }
            try {
                long n = posix.write(fd, report);
                if (n != report.length) {
                    throw new InputException("HID device " + path + " took " + n + " of " + report.length
                            + " report bytes; is it a HID gadget with a matching report length?");
                }
                return;
            } catch (InputException e) {
                throw e;
            } catch (RuntimeException e) {
                int errno = Posix.errno(e);
                if (errno == Posix.EAGAIN || errno == Posix.EINTR) {
                    continue;
                }
                throw failed("write", e);
            }
        }
    }

    private void ensureOpen() {
        if (fd >= 0) {
            return;
        }
        try {
            fd = posix.open(path.toString(), Posix.O_WRONLY | Posix.O_NONBLOCK | Posix.O_NOCTTY | Posix.O_CLOEXEC);
            log.debug("opened {} non-blocking (fd {})", path, fd);
        } catch (RuntimeException e) {
            if (Posix.errno(e) == Posix.ENXIO) {
                throw offline("has no reader (open: ENXIO)");
            }
            throw new InputException("cannot open HID device " + path + ": " + e.getMessage(), e);
        }
    }

    private InputException failed(String call, RuntimeException e) {
        closeFd();
        int errno = Posix.errno(e);
        if (errno == Posix.EPIPE) {
            return offline("has no reader (" + call + ": EPIPE)");
        }
        return new InputException("HID device " + path + " offline: " + call + " failed: " + e.getMessage(), e);
    }

    private InputException offline(String why) {
        return new InputException("HID device " + path + " offline: " + why);
    }

    private void closeFd() {
        if (fd >= 0) {
            try {
                posix.close(fd);
            } catch (RuntimeException e) {
                log.debug("closing {} failed: {}", path, e.toString());
            }
            fd = -1;
        }
    }

    @Override
    public String mechanism() {
        return "poll";
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeFd();
    }
}
