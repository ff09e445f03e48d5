package dev.healing.core.vnc;

import java.io.IOException;

/**
 * Internal: a buffered source of protocol bytes (the socket, or a zlib stream). Decoders read
 * straight out of {@link #buf} between {@link #pos} and {@link #lim} to avoid copies.
 * Not thread-safe: only the reader thread uses it.
 */
abstract class ByteSource {
    static final int BUFFER_SIZE = 64 * 1024;

    final byte[] buf = new byte[BUFFER_SIZE];
    int pos;
    int lim;

    /**
     * Makes at least {@code n} bytes available ({@code n <= BUFFER_SIZE}), compacting the buffer.
     *
     * @throws java.io.EOFException or {@link ProtocolViolation} if the data ends first
     */
    final void require(int n) throws IOException {
        if (lim - pos >= n) {
            return;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        while (lim < n) {
            int got = fill(buf, lim, buf.length - lim);
            lim += got;
        }
    }

    /** Reads at least one byte into {@code dst}; throws instead of returning less. */
    protected abstract int fill(byte[] dst, int off, int len) throws IOException;

    /** @return how many bytes are buffered now, without blocking */
    final int buffered() {
        return lim - pos;
    }

    final int u8() throws IOException {
        if (pos == lim) {
            require(1);
        }
        return buf[pos++] & 0xFF;
    }

    final int u16() throws IOException {
        require(2);
        int v = peekU16(0);
        pos += 2;
        return v;
    }

    final int s32() throws IOException {
        require(4);
        int v = peekS32(0);
        pos += 4;
        return v;
    }

    /** @return the big-endian u16 {@code offset} bytes ahead, without consuming; {@link #require} it first */
    final int peekU16(int offset) {
        return (buf[pos + offset] & 0xFF) << 8 | buf[pos + offset + 1] & 0xFF;
    }

    /** @return the big-endian s32 {@code offset} bytes ahead, without consuming; {@link #require} it first */
    final int peekS32(int offset) {
        return peekU16(offset) << 16 | peekU16(offset + 2);
    }

    final void readFully(byte[] dst, int off, int len) throws IOException {
        while (len > 0) {
            if (pos == lim) {
                require(1);
            }
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    final void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == lim) {
                require(1);
            }
            int step = (int) Math.min(n, lim - pos);
            pos += step;
            n -= step;
        }
    }
}
