package dev.healing.api;

/**
 * The host's own check: re-run a workflow from a step and say how far it got. The healer calls
 * it after writing provisional coordinates. Implementations click through the host's own input
 * path and may take seconds.
 *
 * <p>Called from the thread that called {@code attemptHeal}. Exceptions thrown here are caught
 * by the healer and treated as a failed verification at {@code stepIndex}.
 */
@FunctionalInterface
public interface Verifier {
    /**
     * @param workflowId the workflow to run
     * @param stepIndex  0-based index of the first step to run
     * @return success, or the first failing step and its similarity
     */
    VerificationResult runFrom(String workflowId, int stepIndex);
}
