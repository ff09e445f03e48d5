package dev.healing.core.vnc;

import dev.healing.api.CaptureException;

/**
 * A VNC connection failed: the server could not be reached, refused us, timed out or broke the
 * connection. The message names the server as {@code host:port} and the {@link Phase}.
 */
public class VncException extends CaptureException {
    private static final long serialVersionUID = 1L;

    /** Where in the life of a connection a failure happened. */
    public enum Phase {
        /** Opening the TCP connection. */
        CONNECT,
        /** Protocol version, security type negotiation, TLS, ServerInit. */
        HANDSHAKE,
        /** Authentication (VNC password, VeNCrypt Plain) and the security result. */
        AUTH,
        /** Framebuffer updates and other server messages after the handshake. */
        UPDATE,
        /** Sending pointer or key events. */
        INPUT
    }

    private final String address;
    private final Phase phase;

    /**
     * @param address the server as {@code host:port}
     * @param phase   where the failure happened
     * @param detail  what went wrong
     * @param cause   the underlying failure, may be null
     */
    public VncException(String address, Phase phase, String detail, Throwable cause) {
        super("VNC " + address + " " + phase.name().toLowerCase(java.util.Locale.ROOT) + ": " + detail, cause);
        this.address = address;
        this.phase = phase;
    }

    /** @return the server as {@code host:port} */
    public String address() {
        return address;
    }

    /** @return where the failure happened */
    public Phase phase() {
        return phase;
    }
}
