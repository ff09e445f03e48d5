package dev.healing.api.store;

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
 * @param decided          heals the healer decided by itself: PENDING_APPROVAL, and HEALED, PARTIAL or
 *                         NOT_HEALED that did not apply an approved proposal
 * @param autoFixed        heals that left a verified fix without a person's approval (class A or B)
 * @param escalated        heals that failed after all attempts and were escalated to a person
 * @param autoFixRate      {@code autoFixed / decided}, 0..1; 0 when nothing was decided
 * @param escalationRate   {@code escalated / decided}, 0..1; 0 when nothing was decided
 * @param modelCalls       paid model calls
 * @param promptTokens     model input tokens
 * @param completionTokens model output tokens
 * @param costUsd          money spent on models, US dollars
 */
public record HealStats(String workflowId, long healsTried, long healsSucceeded, double successRate, long memoryHits,
                        long skipped, long pendingApproval, long decided, long autoFixed, long escalated,
                        double autoFixRate, double escalationRate, long modelCalls, long promptTokens,
                        long completionTokens, double costUsd) {
    /** Validates the counts. */
    public HealStats {
        if (healsTried < 0 || healsSucceeded < 0 || healsSucceeded > healsTried || memoryHits > healsSucceeded) {
            throw new IllegalArgumentException("inconsistent counts: tried " + healsTried + ", succeeded "
                    + healsSucceeded + ", memory hits " + memoryHits);
        }
    }
}
