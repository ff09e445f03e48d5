package dev.healing.store.jdbc;

import dev.healing.api.store.RunRecord;
import dev.healing.api.store.RunStatus;
import dev.healing.api.store.StepRun;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The run log after a run has started (finishing runs, listing them, step runs): binding and reading
 * are the same in both stores, the SQL is each store's. Starting a run differs in how the new id comes
 * back, so each store keeps that. Called inside a transaction.
 */
public final class RunQueries {
    /**
     * The store's SQL.
     *
     * @param finishRun     sets finished_at, status and failed_at_step of a RUNNING run; those three, then the id
     * @param allRuns       id, workflow_id, runner, started_at, finished_at, status, failed_at_step of the
     *                      latest runs, newest first; the limit
     * @param workflowRuns  the same for one workflow; workflow id, limit
     * @param insertStepRun run id (or null), workflow id, step index, similarity, passed (1 or 0), at (epoch ms)
     * @param stepRuns      similarity, passed, at, run id (0 for none) of a step's latest runs, newest first;
     *                      workflow id, step index, limit
     */
    public record Sql(String finishRun, String allRuns, String workflowRuns, String insertStepRun, String stepRuns) {
    }

    private final Sql sql;

    public RunQueries(Sql sql) {
        this.sql = sql;
    }

    /** @return 1 if the run was RUNNING and is now finished, else 0 */
    public int finishRun(Statements c, long runId, boolean passed, int failedAtStep, long atMillis)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql.finishRun())) {
            p.setLong(1, atMillis);
            p.setString(2, passed ? RunStatus.PASSED.name() : RunStatus.FAILED.name());
            p.setInt(3, passed ? -1 : failedAtStep);
            p.setLong(4, runId);
            return p.executeUpdate();
        }
    }

    /** The latest runs, newest first, of one workflow or (null) of all. */
    public List<RunRecord> runs(Statements c, String workflowId, int limit) throws SQLException {
        List<RunRecord> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(workflowId == null ? sql.allRuns() : sql.workflowRuns())) {
            Columns.setFilterAndLimit(p, workflowId, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new RunRecord(rs.getLong(1), rs.getString(2), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4)), Columns.instant(rs, 5),
                            RunStatus.valueOf(rs.getString(6)), rs.getInt(7)));
                }
            }
        }
        return out;
    }

    /** Inserts the step runs as one batch; a run without a time is stamped {@code nowMillis}. */
    public void insertStepRuns(Statements c, Collection<StepRun> runs, long nowMillis) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql.insertStepRun())) {
            for (StepRun r : runs) {
                if (r.runId() > 0) {
                    p.setLong(1, r.runId());
                } else {
                    p.setNull(1, Types.BIGINT);
                }
                p.setString(2, r.workflowId());
                p.setInt(3, r.stepIndex());
                p.setDouble(4, r.similarity());
                p.setInt(5, r.passed() ? 1 : 0);
                p.setLong(6, r.at() == null ? nowMillis : r.at().toEpochMilli());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** The step's most recent runs, oldest first. */
    public List<StepRun> stepRuns(Statements c, String workflowId, int stepIndex, int limit) throws SQLException {
        List<StepRun> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql.stepRuns())) {
            p.setString(1, workflowId);
            p.setInt(2, stepIndex);
            p.setInt(3, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(0, new StepRun(workflowId, stepIndex, rs.getDouble(1), rs.getInt(2) == 1,
                            Instant.ofEpochMilli(rs.getLong(3)), rs.getLong(4)));
                }
            }
        }
        return out;
    }
}
