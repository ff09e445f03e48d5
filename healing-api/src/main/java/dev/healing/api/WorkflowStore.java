package dev.healing.api;

import java.util.List;

/**
 * Where step coordinates live (JSON files, a database). The healer changes them only through
 * {@link #move}, then either {@link #commit}s or {@link #rollback}s.
 *
 * <p>Thread-safe for different workflows; calls for one workflow are serialized by the healer.
 * Failures are {@link WorkflowException}s naming the workflow and step, and leave what is
 * stored unchanged.
 */
public interface WorkflowStore {
    /** @return the step, with its current coordinates */
    WorkflowStep step(String workflowId, int stepIndex);

    /** @return how many steps the workflow has */
    int stepCount(String workflowId);

    /**
     * Backs the workflow up, then writes {@code newPoint} into the step, marked provisional,
     * and appends to its healing history.
     *
     * @return what is needed to commit or undo the change
     */
    Revision move(String workflowId, int stepIndex, Point newPoint, String reason);

    /** Marks a provisional change as verified. */
    void commit(Revision revision);

    /** Restores the workflow exactly as it was before {@code revision}. */
    void rollback(Revision revision);

    /**
     * Restores the steps that still carry a provisional mark from a change whose writer died or
     * whose rollback failed. Callers (the healer, a player) call it before playing or healing a
     * workflow, so a rejected point is never clicked. The default does nothing, for stores whose
     * changes cannot be left half done.
     *
     * @return the indexes of the steps restored, empty when there were none
     * @throws WorkflowException naming the workflow and step when a mark can be neither restored
     *                           nor safely ignored
     */
    default List<Integer> recover(String workflowId) {
        return List.of();
    }

    /** @return where the workflow lives, for people reading reports (a file path); {@code ""} when unknown */
    default String locationOf(String workflowId) {
        return "";
    }
}
