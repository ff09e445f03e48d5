package dev.healing.core.vnc;

import java.net.SocketTimeoutException;

/** Internal: a handshake or server message did not complete by its deadline. */
final class DeadlineExceeded extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    DeadlineExceeded(String message) {
        super(message);
    }
}
