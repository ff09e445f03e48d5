package dev.healing.core.vnc;

import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Internal: one zlib stream that lives as long as the connection (RFB requires the dictionary to
 * persist across rectangles). Each rectangle hands over its compressed bytes with {@link #feed};
 * reading past them is a {@link ProtocolViolation} ("truncated zlib data"), never a hang.
 */
final class ZlibReader extends ByteSource {
    private final String name;
    private Inflater inflater = new Inflater();
    private byte[] input = new byte[0];

    ZlibReader(String name) {
        this.name = name;
    }

    /**
     * Reads {@code length} compressed bytes from {@code from} and makes them the input of this
     * stream. Buffered, undecoded output of the previous rectangle is dropped.
     *
     * @param limit the largest length that makes sense for this rectangle
     */
    void feed(ByteSource from, int length, long limit) throws IOException {
        if (length < 0 || length > limit) {
            throw new ProtocolViolation(name + " zlib length " + Integer.toUnsignedString(length)
                    + " is out of range (at most " + limit + " for this rectangle)");
        }
        if (input.length < length) {
            input = new byte[Math.max(length, Math.min(2 * input.length, (int) Math.min(limit, Integer.MAX_VALUE - 16)))];
        }
        from.readFully(input, 0, length);
        inflater.setInput(input, 0, length);
        pos = 0;
        lim = 0;
    }

    /**
     * Runs the rest of the rectangle's input through the inflater, so that the dictionary stays
     * in step with the server's even if the decoder did not need all of it (sync-flush markers).
     */
    void drain() throws IOException {
        byte[] scratch = buf;
        try {
            int idle = 0;
            while (!inflater.needsInput() && !inflater.finished() && !inflater.needsDictionary()) {
                int n = inflater.inflate(scratch, 0, scratch.length);
                if (n == 0 && ++idle > 4) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            throw new ProtocolViolation(name + " zlib data is corrupt: " + e.getMessage(), e);
        }
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
            for (int attempt = 0; ; attempt++) {
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
                if (inflater.needsInput() || attempt > 4) {
                    throw new ProtocolViolation(name + " zlib data is truncated: the rectangle needs more pixels than it sent");
                }
            }
        } catch (DataFormatException e) {
            throw new ProtocolViolation(name + " zlib data is corrupt: " + e.getMessage(), e);
        }
    }
}
