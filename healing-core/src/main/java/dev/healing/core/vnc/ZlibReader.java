package dev.healing.core.vnc;

import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Internal: one zlib stream that lives as long as the connection (RFB requires the dictionary to
 * persist across rectangles). Each rectangle hands over the length of its compressed bytes with
 * {@link #feed}; they are read from the connection in small chunks as the decoder needs them, so
 * memory stays bounded whatever length the server declares. Reading past them is a
 * {@link ProtocolViolation} ("truncated zlib data"), never a hang.
 */
final class ZlibReader extends ByteSource {
    private static final int CHUNK = 16 * 1024;
    private final String name;
    private final byte[] input = new byte[CHUNK];
    private Inflater inflater = new Inflater();
    private ByteSource from;
    private long remaining;

    ZlibReader(String name) {
        this.name = name;
    }

    /**
     * Makes the next {@code length} bytes of {@code from} the input of this stream. Buffered,
     * undecoded output of the previous rectangle is dropped.
     *
     * @param limit the largest length that makes sense for this rectangle
     */
    void feed(ByteSource from, int length, long limit) throws IOException {
        if (length < 0 || length > limit) {
            throw new ProtocolViolation(name + " zlib length " + Integer.toUnsignedString(length)
                    + " is out of range (at most " + limit + " for this rectangle)");
        }
        this.from = from;
        this.remaining = length;
        pos = 0;
        lim = 0;
    }

    /** Hands the inflater the next chunk of compressed input; false if the rectangle has none left. */
    private boolean refill() throws IOException {
        if (remaining == 0 || from == null) {
            return false;
        }
        if (from.pos == from.lim) {
            from.require(1);
        }
        int n = (int) Math.min(Math.min(remaining, from.lim - from.pos), CHUNK);
        System.arraycopy(from.buf, from.pos, input, 0, n);
        from.pos += n;
        remaining -= n;
        inflater.setInput(input, 0, n);
        return true;
    }

    /**
     * Runs the rest of the rectangle's input through the inflater, so that the dictionary stays
     * in step with the server's even if the decoder did not need all of it (sync-flush markers).
     */
    void drain() throws IOException {
        byte[] scratch = buf;
        try {
            while (true) {
                int idle = 0;
                while (!inflater.needsInput() && !inflater.finished() && !inflater.needsDictionary()) {
                    int n = inflater.inflate(scratch, 0, scratch.length);
                    if (n == 0 && ++idle > 4) {
                        break;
                    }
                }
                if (inflater.finished() || inflater.needsDictionary() || !inflater.needsInput() || !refill()) {
                    break;
                }
            }
            if (remaining > 0) {
                from.skip(remaining);
                remaining = 0;
            }
        } catch (DataFormatException e) {
            throw new ProtocolViolation(name + " zlib data is corrupt: " + e.getMessage(), e);
        }
        from = null;
        pos = 0;
        lim = 0;
    }

    /** Starts a fresh stream (Tight's reset bits). */
    void reset() {
        inflater.end();
        inflater = new Inflater();
        pos = 0;
        lim = 0;
    }

    /** Frees the native inflater. */
    void close() {
        inflater.end();
    }

    @Override
    protected int fill(byte[] dst, int off, int len) throws IOException {
        try {
            for (int idle = 0; ; ) {
                int n = inflater.inflate(dst, off, len);
                if (n > 0) {
                    return n;
                }
                if (inflater.needsDictionary()) {
                    throw new ProtocolViolation(name + " zlib data asks for a preset dictionary");
                }
                if (inflater.finished()) {
                    throw new ProtocolViolation(name + " zlib stream ended before the rectangle was complete");
                }
                if (inflater.needsInput()) {
                    if (!refill()) {
                        throw new ProtocolViolation(name
                                + " zlib data is truncated: the rectangle needs more pixels than it sent");
                    }
                } else if (++idle > 4) {
                    throw new ProtocolViolation(name + " zlib data is truncated: the rectangle needs more pixels than it sent");
                }
            }
        } catch (DataFormatException e) {
            throw new ProtocolViolation(name + " zlib data is corrupt: " + e.getMessage(), e);
        }
    }
}
