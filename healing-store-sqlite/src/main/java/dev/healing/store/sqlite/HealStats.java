package dev.healing.store.sqlite;

/**
 * Heal counts and spend for one workflow, or for all of them.
 *
 * @param workflowId       the workflow, or {@code null} for the total over all workflows
 * @param healsTried       heals that went past the gate (HEALED, PARTIAL, NOT_HEALED)
 * @param healsSucceeded   heals that left a verified fix (HEALED, PARTIAL)
 * @param successRate      {@code healsSucceeded / healsTried}, 0..1; 0 when nothing was tried
 * @param memoryHits       successful heals whose winning locator was {@code "memory"}
 * @param skipped          calls that were SKIPPED by the gate
 * @param pendingApproval  calls that ended PENDING_APPROVAL
 * @param modelCalls       paid model calls
 * @param promptTokens     model input tokens
 * @param completionTokens model output tokens
 * @param costUsd          money spent on models, US dollars
 */
public record HealStats(String workflowId, long healsTried, long healsSucceeded, double successRate, long memoryHits,
                        long skipped, long pendingApproval, long modelCalls, long promptTokens,
                        long completionTokens, double costUsd) {
    /** Validates the counts. */
    public HealStats {
        if (healsTried < 0 || healsSucceeded < 0 || healsSucceeded > healsTried || memoryHits > healsSucceeded) {
            throw new IllegalArgumentException("inconsistent counts: tried " + healsTried + ", succeeded "
                    + healsSucceeded + ", memory hits " + memoryHits);
        }
    }
}
