package dev.healing.core.vnc;

import java.io.IOException;

/** Internal: the server's data breaks the protocol. Becomes a {@link VncProtocolException}. */
final class ProtocolViolation extends IOException {
    private static final long serialVersionUID = 1L;

    ProtocolViolation(String message) {
        super(message);
    }

    ProtocolViolation(String message, Throwable cause) {
        super(message, cause);
    }
}
