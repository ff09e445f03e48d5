package dev.healing.store.sqlite;

import dev.healing.api.store.HealEvent;
import dev.healing.api.store.HealthState;
import dev.healing.api.store.StepHealth;
import dev.healing.api.store.StepRun;
import dev.healing.api.store.WorkflowHealth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Cost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
final class SqliteStoreHealthTest {
    @TempDir
    Path dir;

    private static void runs(SqliteStore store, String wf, int step, double... similarities) {
        List<StepRun> runs = new ArrayList<>();
        for (int i = 0; i < similarities.length; i++) {
            runs.add(new StepRun(wf, step, similarities[i], similarities[i] >= 0.7, Fixtures.T0.plusSeconds(i), 0));
        }
        store.recordStepRuns(runs);
    }

    @Test
    void health_steadyHighSimilarity_isHealthy() {
        try (SqliteStore store = Fixtures.open(dir.resolve("h.db"))) {
            runs(store, "wf", 0, 0.97, 0.96, 0.97, 0.96, 0.97, 0.96);

            StepHealth h = store.health("wf", 0);
            assertEquals(HealthState.HEALTHY, h.state());
            assertFalse(h.drifting());
            assertTrue(h.issues().isEmpty());
            assertEquals(6, h.runs());
        }
    }

    @Test
    void health_similaritySlidingButPassing_isDriftingBeforeBreaking() {
        try (SqliteStore store = Fixtures.open(dir.resolve("h.db"))) {
            runs(store, "wf", 2, 0.97, 0.94, 0.91, 0.88, 0.85, 0.82);

            StepHealth h = store.health("wf", 2);
            assertEquals(HealthState.DEGRADED, h.state());
            assertTrue(h.drifting());
            assertEquals(0, h.consecutiveFailures());
            assertTrue(h.trendPerRun() < -0.02, "slope " + h.trendPerRun());
            assertTrue(h.issues().stream().anyMatch(s -> s.contains("drifting")), h.issues().toString());
            WorkflowHealth w = store.health("wf");
            assertTrue(w.drifting());
            assertEquals(HealthState.DEGRADED, w.state());
        }
    }

    @Test
    void health_twoFailedRunsNotHealed_isBroken() {
        try (SqliteStore store = Fixtures.open(dir.resolve("h.db"))) {
            runs(store, "wf", 1, 0.96, 0.95, 0.24, 0.22);

            StepHealth h = store.health("wf", 1);
            assertEquals(HealthState.BROKEN, h.state());
            assertEquals(2, h.consecutiveFailures());
            assertFalse(h.drifting());
        }
    }

    @Test
    void health_failedThenHealed_isDegradedNotBroken() {
        try (SqliteStore store = Fixtures.open(dir.resolve("h.db"))) {
            runs(store, "wf", 1, 0.96, 0.95, 0.96, 0.95, 0.24, 0.22);
            store.recordHeals(List.of(new HealEvent(Fixtures.request("wf", 1),
                    Fixtures.healed("wf", 1, "template", Cost.FREE), Fixtures.T0.plusSeconds(100))));

            StepHealth h = store.health("wf", 1);
            assertEquals(HealthState.DEGRADED, h.state());
            assertEquals(1, h.healsSucceeded());
        }
    }

    @Test
    void health_failedAndHealFailed_isBroken() {
        try (SqliteStore store = Fixtures.open(dir.resolve("h.db"))) {
            runs(store, "wf", 1, 0.96, 0.95, 0.96, 0.24);
            store.recordHeals(List.of(new HealEvent(Fixtures.request("wf", 1), Fixtures.notHealed("wf", 1),
                    Fixtures.T0.plusSeconds(100))));

            StepHealth h = store.health("wf", 1);
            assertEquals(HealthState.BROKEN, h.state());
            assertEquals(1, h.healsTried());
            assertEquals(0, h.healsSucceeded());
        }
    }

    @Test
    void health_allWorkflows_worstStepWins() {
        try (SqliteStore store = Fixtures.open(dir.resolve("h.db"))) {
            runs(store, "a", 0, 0.97, 0.97, 0.97);
            runs(store, "a", 1, 0.97, 0.3, 0.2);
            runs(store, "b", 0, 0.97, 0.97, 0.97);

            List<WorkflowHealth> all = store.health();
            assertEquals(List.of("a", "b"), all.stream().map(WorkflowHealth::workflowId).toList());
            assertEquals(HealthState.BROKEN, all.get(0).state());
            assertEquals(2, all.get(0).steps().size());
            assertEquals(HealthState.HEALTHY, all.get(1).state());
        }
    }
}
