package dev.healing.core.vnc;

/**
 * The server sent data that breaks the RFB protocol: an unknown message or encoding, a rectangle
 * outside the framebuffer, an absurd length, truncated or corrupt zlib data. The connection is
 * closed; the next call reconnects.
 */
public class VncProtocolException extends VncException {
    private static final long serialVersionUID = 1L;

    /**
     * @param address the server as {@code host:port}
     * @param phase   where the failure happened
     * @param detail  what was wrong with the data
     * @param cause   the underlying failure, may be null
     */
    public VncProtocolException(String address, Phase phase, String detail, Throwable cause) {
        super(address, phase, detail, cause);
    }
}
