package dev.healing.store.jdbc;

import dev.healing.api.FailureKind;
import dev.healing.api.HealStatus;
import dev.healing.api.store.HealthPolicy;
import dev.healing.api.store.HealthState;
import dev.healing.api.store.StepHealth;
import dev.healing.api.store.StepRun;
import dev.healing.api.store.WorkflowHealth;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a step's recent runs and heals for {@link HealthPolicy}, which decides its health: the
 * reading is the same in both stores, the SQL is each store's. Called inside a transaction.
 */
public final class HealthQueries {
    /**
     * The store's SQL.
     *
     * @param workflows        every workflow id with runs or heals, ascending; no parameters
     * @param steps            the step indexes of a workflow with runs or heals, ascending; the
     *                         workflow id twice
     * @param recentHeals      status, finished_at (epoch ms) and failure_kind of a step's heals, newest
     *                         first; workflow id, step index, limit
     * @param waitingProposals the count of a step's PENDING and APPROVED proposals; workflow id, step index
     */
    public record Sql(String workflows, String steps, String recentHeals, String waitingProposals) {
    }

    private final Sql sql;
    private final RunQueries runs;

    /** @param runs the store's run log, for a step's recent runs */
    public HealthQueries(Sql sql, RunQueries runs) {
        this.sql = sql;
        this.runs = runs;
    }

    /** Every workflow with runs or heals, by id. */
    public List<String> workflows(Statements c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql.workflows()); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The health of each step of the workflow with runs or heals, and the worst of them. */
    public WorkflowHealth workflow(Statements c, String workflowId) throws SQLException {
        List<Integer> steps = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql.steps())) {
            p.setString(1, workflowId);
            p.setString(2, workflowId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    steps.add(rs.getInt(1));
                }
            }
        }
        List<StepHealth> out = new ArrayList<>();
        HealthState worst = HealthState.HEALTHY;
        boolean drifting = false;
        for (int step : steps) {
            StepHealth h = step(c, workflowId, step);
            out.add(h);
            worst = h.state().compareTo(worst) > 0 ? h.state() : worst;
            drifting |= h.drifting();
        }
        return new WorkflowHealth(workflowId, worst, drifting, out);
    }

    /** The step's health from its last {@link HealthPolicy#WINDOW} runs and heals and its waiting proposals. */
    public StepHealth step(Statements c, String workflowId, int stepIndex) throws SQLException {
        List<StepRun> recent = runs.stepRuns(c, workflowId, stepIndex, HealthPolicy.WINDOW);
        List<HealthPolicy.HealOutcome> heals = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql.recentHeals())) {
            p.setString(1, workflowId);
            p.setInt(2, stepIndex);
            p.setInt(3, HealthPolicy.WINDOW);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    heals.add(0, new HealthPolicy.HealOutcome(HealStatus.valueOf(rs.getString(1)),
                            Instant.ofEpochMilli(rs.getLong(2)), FailureKind.valueOf(rs.getString(3))));
                }
            }
        }
        int waiting;
        try (PreparedStatement p = c.prepareStatement(sql.waitingProposals())) {
            p.setString(1, workflowId);
            p.setInt(2, stepIndex);
            try (ResultSet rs = p.executeQuery()) {
                waiting = rs.next() ? rs.getInt(1) : 0;
            }
        }
        return HealthPolicy.decide(workflowId, stepIndex, recent, heals, waiting);
    }
}
