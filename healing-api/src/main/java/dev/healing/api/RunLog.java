package dev.healing.api;

/**
 * Where runs and step checks are recorded, for health and drift. The runner guard calls it at
 * every click step; hosts with their own loop may call it too.
 *
 * <p>Implementations are thread-safe. Failures are {@link StoreException}s.
 */
public interface RunLog {
    /**
     * Opens a run of a workflow.
     *
     * @param runner who runs it (host name or runner id)
     * @return the run's id, for {@link #finishRun}
     */
    long startRun(String workflowId, String runner);

    /**
     * Records what a step looked like in a run.
     *
     * @param similarity similarity 0..1 of the live crop to the baseline
     */
    void recordStepRun(String workflowId, int stepIndex, double similarity, boolean passed);

    /**
     * Closes a run.
     *
     * @param failedAtStep the first failing step when {@code passed} is false, ignored otherwise
     */
    void finishRun(long runId, boolean passed, int failedAtStep);
}
