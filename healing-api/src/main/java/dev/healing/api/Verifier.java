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

    /**
     * Re-runs the workflow with a candidate on trial. The healer calls this one; the default
     * ignores what the trial says and calls {@link #runFrom}. Verifiers that check crops should
     * check the healed step against {@link VerificationTrial#provisionalBaseline()}.
     *
     * @return success, or the first failing step and its similarity
     */
    default VerificationResult verify(VerificationTrial trial) {
        return runFrom(trial.workflowId(), trial.stepIndex());
    }
}
