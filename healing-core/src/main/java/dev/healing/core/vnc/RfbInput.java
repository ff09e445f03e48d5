package dev.healing.core.vnc;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Internal: the buffered server-to-client byte stream. Each read waits at most the read timeout
 * (the socket's SO_TIMEOUT); while a deadline is set, reads also stop at the deadline, so that a
 * server trickling one byte per read timeout cannot stretch a message or handshake forever.
 * Not thread-safe: one thread reads.
 */
final class RfbInput extends ByteSource {
    private final InputStream in;
    private final Socket socket;
    private final int readTimeoutMillis;
    private int soTimeout;
    private long deadline;
    private String overdue;
    private long received;
    private long waitNanos;

    /**
     * @param socket            the socket under {@code in}, whose SO_TIMEOUT this adjusts; null for bare streams
     * @param readTimeoutMillis the timeout of one read when no deadline is nearer
     */
    RfbInput(InputStream in, Socket socket, int readTimeoutMillis) {
        this.in = in;
        this.socket = socket;
        this.readTimeoutMillis = readTimeoutMillis;
        this.soTimeout = readTimeoutMillis;
    }

    RfbInput(InputStream in) {
        this(in, null, 0);
    }

    /**
     * Sets a deadline ({@link System#nanoTime()} value) for all reads until {@link #clearDeadline()}.
     *
     * @param overdue the message of the {@link DeadlineExceeded} thrown when it passes
     */
    void deadline(long nanoTime, String overdue) {
        this.deadline = nanoTime;
        this.overdue = overdue;
    }

    void clearDeadline() {
        this.overdue = null;
    }

    @Override
    protected int fill(byte[] dst, int off, int len) throws IOException {
        if (overdue != null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new DeadlineExceeded(overdue);
            }
            timeout((int) Math.min(readTimeoutMillis == 0 ? Integer.MAX_VALUE : readTimeoutMillis,
                    Math.max(1, (left + 999_999) / 1_000_000)));
        } else {
            timeout(readTimeoutMillis);
        }
        int n;
        long start = System.nanoTime();
        try {
            n = in.read(dst, off, len);
            waitNanos += System.nanoTime() - start;
        } catch (SocketTimeoutException e) {
            if (overdue != null && deadline - System.nanoTime() <= 0) {
                throw new DeadlineExceeded(overdue);
            }
            throw e;
        }
        if (n < 0) {
            throw new EOFException("connection closed by the server");
        }
        received += n;
        return n;
    }

    /**
     * @return the time spent waiting in reads of the stream so far, nanoseconds: the time the link
     *         took, not the time this side took to decode (a cold JVM decodes slower than loopback)
     */
    long waitNanos() {
        return waitNanos;
    }

    /** @return bytes received from the stream so far (buffered ones included) */
    long received() {
        return received;
    }

    private void timeout(int millis) throws IOException {
        if (socket != null && millis != soTimeout) {
            socket.setSoTimeout(millis);
            soTimeout = millis;
        }
    }
}
