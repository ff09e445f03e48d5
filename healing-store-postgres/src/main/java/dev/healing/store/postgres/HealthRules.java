package dev.healing.store.postgres;

import dev.healing.api.store.HealthPolicy;
import dev.healing.api.store.HealthState;
import dev.healing.api.store.StepHealth;
import dev.healing.api.store.StepRun;
import dev.healing.api.store.WorkflowHealth;
import dev.healing.api.FailureKind;
import dev.healing.api.HealStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads a step's recent runs and heals for {@link HealthPolicy}, which decides its health. */
final class HealthRules {
    private HealthRules() {
    }

    /** Every workflow with runs or heals, by id. */
    static List<String> workflows(Tx c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT workflow_id FROM step_run WHERE namespace = :ns UNION"
                + " SELECT workflow_id FROM heal WHERE namespace = :ns ORDER BY 1"); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static WorkflowHealth workflow(Tx c, String workflowId) throws SQLException {
        List<Integer> steps = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT step_index FROM step_run WHERE namespace = :ns"
                + " AND workflow_id = ? UNION SELECT step_index FROM heal WHERE namespace = :ns AND workflow_id = ? ORDER BY 1")) {
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

    static StepHealth step(Tx c, String workflowId, int stepIndex) throws SQLException {
        List<StepRun> runs = HealLog.stepRuns(c, workflowId, stepIndex, HealthPolicy.WINDOW);
        List<HealthPolicy.HealOutcome> heals = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT status, finished_at, failure_kind FROM heal"
                + " WHERE namespace = :ns AND workflow_id = ? AND step_index = ? ORDER BY id DESC LIMIT ?")) {
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
        try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM proposal WHERE namespace = :ns AND workflow_id = ?"
                + " AND step_index = ? AND status IN ('PENDING', 'APPROVED')")) {
            p.setString(1, workflowId);
            p.setInt(2, stepIndex);
            try (ResultSet rs = p.executeQuery()) {
                waiting = rs.next() ? rs.getInt(1) : 0;
            }
        }
        return HealthPolicy.decide(workflowId, stepIndex, runs, heals, waiting);
    }
}
