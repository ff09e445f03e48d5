package dev.healing.api;

/** A baseline or memory store failed: the file is not a database, is corrupt, or I/O failed. */
public class StoreException extends HealingException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the store */
    public StoreException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the store
     * @param cause   the underlying failure
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
