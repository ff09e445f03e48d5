package dev.healing.api;

/**
 * Root of the library's unchecked exceptions. Thrown for misuse (bad arguments, missing
 * configuration) and for broken transports or storage. A heal that simply could not be done
 * is never an exception: it is a {@link HealResult} with status {@link HealStatus#NOT_HEALED}.
 */
public class HealingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and, where it helps, how to fix it */
    public HealingException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public HealingException(String message, Throwable cause) {
        super(message, cause);
    }
}
