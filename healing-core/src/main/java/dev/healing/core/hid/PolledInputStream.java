package dev.healing.core.hid;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads a device file opened non-blocking, waiting with poll(2) in short slices so that
 * {@link #close()} from another thread ends a pending read within one slice (a plain blocking
 * read on a serial port cannot be woken). The reading thread owns the descriptor and closes it.
 */
final class PolledInputStream extends InputStream {
    private static final int SLICE_MILLIS = 100;

    private final Posix posix;
    private final Path path;
    private int fd;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;
    private boolean released;

    PolledInputStream(Posix posix, Path path) throws IOException {
        this.posix = posix;
        this.path = path;
        try {
            this.fd = posix.open(path.toString(), Posix.O_RDONLY | Posix.O_NONBLOCK | Posix.O_NOCTTY | Posix.O_CLOEXEC);
        } catch (RuntimeException e) {
            throw new IOException("cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            return readLocked(b, off, len);
        } finally {
            lock.unlock();
        }
    }

    private int readLocked(byte[] b, int off, int len) throws IOException {
        byte[] into = off == 0 && len == b.length ? b : new byte[len];
        while (true) {
            if (closed) {
                release();
                return -1;
            }
            int revents;
            try {
                revents = posix.poll(fd, Posix.POLLIN, SLICE_MILLIS);
            } catch (RuntimeException e) {
                if (Posix.errno(e) == Posix.EINTR) {
                    continue;
                }
                throw new IOException("poll on " + path + " failed: " + e.getMessage(), e);
            }
            if (revents == 0) {
                continue;
            }
            if ((revents & Posix.POLLIN) == 0) {
                throw new IOException(path + " hung up (poll events 0x" + Integer.toHexString(revents) + ")");
            }
            long n;
            try {
                n = posix.read(fd, into);
            } catch (RuntimeException e) {
                int errno = Posix.errno(e);
                if (errno == Posix.EAGAIN || errno == Posix.EINTR) {
                    continue;
                }
                throw new IOException("read on " + path + " failed: " + e.getMessage(), e);
            }
            if (n <= 0) {
                return -1;
            }
            if (into != b) {
                System.arraycopy(into, 0, b, off, (int) n);
            }
            return (int) n;
        }
    }

    private void release() {
        if (!released) {
            released = true;
            try {
                posix.close(fd);
            } catch (RuntimeException e) {
                // nothing more to do with a descriptor that will not close
            }
        }
    }

    /** Marks the stream closed; a read in progress returns -1 within one poll slice and closes the file. */
    @Override
    public void close() {
        closed = true;
        if (lock.tryLock()) {
            try {
                release();
            } finally {
                lock.unlock();
            }
        }
    }
}
