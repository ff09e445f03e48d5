package dev.healing.api.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One workflow run by a runner.
 *
 * @param id           the run's id, increasing with time
 * @param workflowId   the workflow
 * @param runner       who ran it (host name, runner id), never {@code null}
 * @param startedAt    when it started
 * @param finishedAt   when it finished, or {@code null} while {@link RunStatus#RUNNING}
 * @param status       where it stands
 * @param failedAtStep the first failing step for {@link RunStatus#FAILED}, -1 otherwise
 */
public record RunRecord(long id, String workflowId, String runner, Instant startedAt, Instant finishedAt,
                        RunStatus status, int failedAtStep) {
    /** Validates the fields. */
    public RunRecord {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(status, "status");
    }
}
