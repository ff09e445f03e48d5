package dev.healing.api.store;

import dev.healing.api.Baseline;
import dev.healing.api.HealingStore;
import dev.healing.api.Proposal;
import dev.healing.api.RunLog;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link HealingStore} that also answers the people who run the healer: heal and run history,
 * stats, health, escalations, proposals to approve or reject, evidence pictures, baseline versions
 * and rollback. The command-line tools ({@code history}, {@code stats}, {@code escalations},
 * {@code approve}, {@code reject}, {@code report}) work on any implementation: the SQLite store
 * (one file) and the PostgreSQL store (a fleet).
 *
 * <p>Thread-safe. Failures are {@link dev.healing.api.StoreException}s naming the store (never its
 * password).
 */
public interface OperationsStore extends HealingStore, RunLog {
    /** @return where the store lives, for people: a file path, or a URL without its password */
    String location();

    /** @return every stored baseline version of the step, oldest first, without images */
    List<BaselineVersion> versions(String workflowId, int stepIndex);

    /** @return one stored version of the step with its images, if it exists */
    Optional<Baseline> version(String workflowId, int stepIndex, int version);

    /**
     * Makes a stored version the step's current baseline; nothing is deleted.
     *
     * @throws dev.healing.api.StoreException if the step has no such version
     */
    void rollback(String workflowId, int stepIndex, int version);

    /** @return the most recent heals first, each with every attempt; {@code workflowId} null for all */
    List<HealRecord> history(String workflowId, int limit);

    /** @return the most recent runs first; {@code workflowId} null for all */
    List<RunRecord> runs(String workflowId, int limit);

    /** @return the step's most recent runs, oldest first */
    List<StepRun> stepRuns(String workflowId, int stepIndex, int limit);

    /**
     * @param attempt 0 for the heal's own picture, n for attempt n's
     * @return the PNG bytes, or empty when none was stored
     */
    Optional<byte[]> evidencePng(long healId, int attempt);

    /** @return every proposal, newest first, at most {@code limit} */
    List<Proposal> proposals(int limit);

    /**
     * A person approves a pending proposal; every healer sharing the store applies it on its next
     * heal of that step.
     *
     * @return the proposal, now APPROVED
     * @throws dev.healing.api.StoreException if there is no such proposal or it is not PENDING
     */
    Proposal approve(String id);

    /**
     * A person rejects a pending or approved proposal; the workflow's trust falls, in one transaction.
     *
     * @return the proposal, now REJECTED
     * @throws dev.healing.api.StoreException if there is no such proposal or it is neither PENDING nor APPROVED
     */
    Proposal reject(String id, String note);

    /** @return the trust 0..1 of every workflow with a recorded event, by id */
    Map<String, Double> trustLevels();

    /** @return the most recent escalations first, pictures not loaded; {@code workflowId} null for all */
    List<EscalationRecord> escalations(String workflowId, int limit);

    /** @return one escalation with all its pictures decoded, if it exists */
    Optional<EscalationRecord> escalation(long id);

    /**
     * @param number 0 for the escalation's own picture, n for attempt n's
     * @return the PNG bytes, or empty when none was stored
     */
    Optional<byte[]> escalationPng(long id, int number);

    /** @return heal stats overall and per workflow */
    StoreStats stats();

    /** @return the health of one step from its last runs and heals ({@link HealthPolicy}) */
    StepHealth health(String workflowId, int stepIndex);

    /** @return the health of one workflow and each of its known steps */
    WorkflowHealth health(String workflowId);

    /** @return the health of every workflow with runs or heals, by id */
    List<WorkflowHealth> health();
}
