package dev.healing.api;

/**
 * A workflow could not be read or written: malformed JSON, a missing step, a step without
 * coordinates, an I/O failure. The message names the file and the step. The file on disk is
 * left as it was.
 */
public class WorkflowException extends HealingException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the file and the step */
    public WorkflowException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the file and the step
     * @param cause   the underlying failure
     */
    public WorkflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
