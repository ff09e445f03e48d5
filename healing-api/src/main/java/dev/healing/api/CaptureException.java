package dev.healing.api;

/** A screen could not be captured: the transport is down, timed out, or sent bad data. */
public class CaptureException extends HealingException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the device or host and the phase */
    public CaptureException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the device or host and the phase
     * @param cause   the underlying failure
     */
    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
