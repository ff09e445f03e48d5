package dev.healing.core.vnc;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Internal: the buffered server-to-client byte stream. Socket read timeouts pass through. */
final class RfbInput extends ByteSource {
    private final InputStream in;

    RfbInput(InputStream in) {
        this.in = in;
    }

    @Override
    protected int fill(byte[] dst, int off, int len) throws IOException {
        int n = in.read(dst, off, len);
        if (n < 0) {
            throw new EOFException("connection closed by the server");
        }
        return n;
    }
}
