package dev.healing.api.store;

import java.util.List;

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

    /**
     * Stats from counts, with the three rates computed from them (each 0 when its whole is 0).
     *
     * @throws IllegalArgumentException if the counts are inconsistent (see the constructor)
     */
    public static HealStats of(String workflowId, long healsTried, long healsSucceeded, long memoryHits,
                               long skipped, long pendingApproval, long decided, long autoFixed, long escalated,
                               long modelCalls, long promptTokens, long completionTokens, double costUsd) {
        return new HealStats(workflowId, healsTried, healsSucceeded, rate(healsSucceeded, healsTried), memoryHits,
                skipped, pendingApproval, decided, autoFixed, escalated, rate(autoFixed, decided),
                rate(escalated, decided), modelCalls, promptTokens, completionTokens, costUsd);
    }

    /** @return the stats of a workflow with nothing logged: every count and rate 0 */
    public static HealStats none(String workflowId) {
        return of(workflowId, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** @return the sums of the counts of {@code perWorkflow}, with their rates; workflow {@code null} */
    public static HealStats total(List<HealStats> perWorkflow) {
        long tried = 0;
        long succeeded = 0;
        long memory = 0;
        long skipped = 0;
        long pending = 0;
        long decided = 0;
        long autoFixed = 0;
        long escalated = 0;
        long calls = 0;
        long prompt = 0;
        long completion = 0;
        double usd = 0;
        for (HealStats s : perWorkflow) {
            tried += s.healsTried;
            succeeded += s.healsSucceeded;
            memory += s.memoryHits;
            skipped += s.skipped;
            pending += s.pendingApproval;
            decided += s.decided;
            autoFixed += s.autoFixed;
            escalated += s.escalated;
            calls += s.modelCalls;
            prompt += s.promptTokens;
            completion += s.completionTokens;
            usd += s.costUsd;
        }
        return of(null, tried, succeeded, memory, skipped, pending, decided, autoFixed, escalated, calls, prompt,
                completion, usd);
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 0 : Math.min(1, (double) part / whole);
    }
}
