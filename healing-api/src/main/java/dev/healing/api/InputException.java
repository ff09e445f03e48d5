package dev.healing.api;

/** Input could not be delivered: the device is offline, timed out, or cannot type a character. */
public class InputException extends HealingException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the device and the event */
    public InputException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the device and the event
     * @param cause   the underlying failure
     */
    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
