package dev.healing.store.sqlite;

import dev.healing.api.HealStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides a step's health from its recent runs and heals.
 *
 * <ul>
 *   <li>BROKEN: the latest runs failed ({@value #BROKEN_FAILURES} in a row) with no successful
 *       heal since, or it failed and the heal after it did not heal.</li>
 *   <li>DEGRADED: a recent failure, mean similarity below {@value #DEGRADED_MEAN}, failed heals,
 *       or drift.</li>
 *   <li>Drift: over at least {@value #DRIFT_MIN_RUNS} runs the similarity falls by
 *       {@value #DRIFT_SLOPE} or more per run (least squares) while the step still passes.</li>
 * </ul>
 */
final class HealthRules {
    /** Runs considered, most recent. */
    static final int WINDOW = 10;
    /** Mean similarity below this is degraded. */
    static final double DEGRADED_MEAN = 0.85;
    /** Slope of similarity per run at or below which a passing step is drifting. */
    static final double DRIFT_SLOPE = -0.01;
    /** Fewest runs that can show drift. */
    static final int DRIFT_MIN_RUNS = 4;
    /** Failed runs in a row that make a step broken unless healed since. */
    static final int BROKEN_FAILURES = 2;

    private record HealOutcome(HealStatus status, Instant finishedAt) {
    }

    private HealthRules() {
    }

    /** Every workflow with runs or heals, by id. */
    static List<String> workflows(Tx c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT workflow_id FROM step_run UNION"
                + " SELECT workflow_id FROM heal ORDER BY 1"); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static WorkflowHealth workflow(Tx c, String workflowId) throws SQLException {
        List<Integer> steps = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT step_index FROM step_run WHERE workflow_id = ? UNION"
                + " SELECT step_index FROM heal WHERE workflow_id = ? ORDER BY 1")) {
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
        List<StepRun> runs = HealLog.stepRuns(c, workflowId, stepIndex, WINDOW);
        List<HealOutcome> heals = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT status, finished_at FROM heal"
                + " WHERE workflow_id = ? AND step_index = ? ORDER BY id DESC LIMIT ?")) {
            p.setString(1, workflowId);
            p.setInt(2, stepIndex);
            p.setInt(3, WINDOW);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    heals.add(0, new HealOutcome(HealStatus.valueOf(rs.getString(1)),
                            Instant.ofEpochMilli(rs.getLong(2))));
                }
            }
        }
        return decide(workflowId, stepIndex, runs, heals);
    }

    private static StepHealth decide(String workflowId, int stepIndex, List<StepRun> runs, List<HealOutcome> all) {
        Instant since = runs.isEmpty() ? Instant.MIN : runs.get(0).at();
        List<HealOutcome> heals = all.stream().filter(h -> !h.finishedAt().isBefore(since)).toList();
        int tried = 0;
        int succeeded = 0;
        for (HealOutcome h : heals) {
            if (tried(h.status())) {
                tried++;
                succeeded += succeeded(h.status()) ? 1 : 0;
            }
        }
        int n = runs.size();
        double last = n == 0 ? -1 : runs.get(n - 1).similarity();
        double mean = n == 0 ? -1 : runs.stream().mapToDouble(StepRun::similarity).average().orElse(-1);
        double slope = slope(runs);
        int failuresInRow = 0;
        for (int i = n - 1; i >= 0 && !runs.get(i).passed(); i--) {
            failuresInRow++;
        }
        Instant lastFailure = failuresInRow == 0 ? null : runs.get(n - 1).at();
        HealOutcome latestHeal = heals.stream().filter(h -> tried(h.status())).reduce((a, b) -> b).orElse(null);
        boolean healedSinceFailure = latestHeal != null && lastFailure != null && succeeded(latestHeal.status())
                && !latestHeal.finishedAt().isBefore(lastFailure);
        boolean healFailedSinceFailure = latestHeal != null && lastFailure != null
                && latestHeal.status() == HealStatus.NOT_HEALED && !latestHeal.finishedAt().isBefore(lastFailure);
        boolean drifting = n >= DRIFT_MIN_RUNS && slope <= DRIFT_SLOPE && failuresInRow == 0;

        List<String> issues = new ArrayList<>();
        HealthState state = HealthState.HEALTHY;
        if (failuresInRow >= BROKEN_FAILURES && !healedSinceFailure) {
            state = HealthState.BROKEN;
            issues.add(failuresInRow + " failed runs in a row, not healed since");
        } else if (healFailedSinceFailure) {
            state = HealthState.BROKEN;
            issues.add("failed in the latest run and the heal after it did not heal");
        } else if (n == 0 && latestHeal != null && latestHeal.status() == HealStatus.NOT_HEALED) {
            state = HealthState.BROKEN;
            issues.add("the latest heal did not heal");
        }
        if (state != HealthState.BROKEN) {
            if (failuresInRow > 0) {
                issues.add(failuresInRow + " failed run(s) in a row" + (healedSinceFailure ? ", healed since" : ""));
            }
            if (n > 0 && mean < DEGRADED_MEAN) {
                issues.add(String.format(Locale.ROOT, "mean similarity %.2f over %d runs is below %.2f", mean, n,
                        DEGRADED_MEAN));
            }
            if (drifting) {
                issues.add(String.format(Locale.ROOT, "similarity drifting down %.3f per run over %d runs (last %.2f)",
                        -slope, n, last));
            }
            if (tried > succeeded) {
                issues.add((tried - succeeded) + " of " + tried + " recent heals failed");
            }
            state = issues.isEmpty() ? HealthState.HEALTHY : HealthState.DEGRADED;
        }
        return new StepHealth(workflowId, stepIndex, state, n, last, mean, slope, drifting, failuresInRow, tried,
                succeeded, issues);
    }

    private static boolean tried(HealStatus s) {
        return s == HealStatus.HEALED || s == HealStatus.PARTIAL || s == HealStatus.NOT_HEALED;
    }

    private static boolean succeeded(HealStatus s) {
        return s == HealStatus.HEALED || s == HealStatus.PARTIAL;
    }

    /** Least-squares slope of similarity against run number; 0 for fewer than two runs. */
    static double slope(List<StepRun> runs) {
        int n = runs.size();
        if (n < 2) {
            return 0;
        }
        double meanX = (n - 1) / 2.0;
        double meanY = runs.stream().mapToDouble(StepRun::similarity).average().orElse(0);
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (i - meanX) * (runs.get(i).similarity() - meanY);
            den += (i - meanX) * (i - meanX);
        }
        return num / den;
    }
}
