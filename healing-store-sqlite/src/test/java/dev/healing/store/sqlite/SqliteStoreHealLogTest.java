package dev.healing.store.sqlite;

import dev.healing.api.store.HealEvent;
import dev.healing.api.store.HealRecord;
import dev.healing.api.store.HealStats;
import dev.healing.api.store.RunRecord;
import dev.healing.api.store.RunStatus;
import dev.healing.api.store.StepRun;
import dev.healing.api.store.StoreStats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Cost;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
final class SqliteStoreHealLogTest {
    @TempDir
    Path dir;

    private SqliteStore open() {
        return SqliteStore.builder().path(dir.resolve("log.db"))
                .clock(Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC)).build();
    }

    @Test
    void onResult_logsHealWithEveryAttempt() {
        try (SqliteStore store = open()) {
            HealResult result = Fixtures.healed("wf", 3, "template", Cost.FREE);
            store.onResult(Fixtures.request("wf", 3), result);

            List<HealRecord> history = store.history("wf", 10);
            assertEquals(1, history.size());
            HealRecord record = history.get(0);
            assertEquals(result, record.result());
            assertEquals(0.24, record.similarity());
            assertEquals(2, record.consecutiveFailures());
            assertEquals("relocate", record.strategy());
            assertEquals(Instant.parse("2026-03-01T10:00:00Z"), record.finishedAt());
            assertEquals(Instant.parse("2026-03-01T09:59:59.580Z"), record.startedAt());
        }
    }

    @Test
    void recordHeals_batch_isReadBackNewestFirstPerWorkflow() {
        try (SqliteStore store = open()) {
            List<HealEvent> events = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String wf = i % 2 == 0 ? "even" : "odd";
                events.add(new HealEvent(Fixtures.request(wf, i), Fixtures.notHealed(wf, i),
                        Fixtures.T0.plusSeconds(i)));
            }
            long[] ids = store.recordHeals(events);

            assertEquals(50, ids.length);
            assertEquals(ids[0] + 49, ids[49]);
            List<HealRecord> odd = store.history("odd", 100);
            assertEquals(25, odd.size());
            assertEquals(49, odd.get(0).result().stepIndex());
            assertEquals(1, odd.get(0).result().history().size());
            assertEquals(50, store.history(null, 100).size());
            assertEquals(5, store.history(null, 5).size());
        }
    }

    @Test
    void stats_countTriedSucceededMemoryHitsAndCost() {
        try (SqliteStore store = open()) {
            store.recordHeal(Fixtures.request("a", 0), Fixtures.healed("a", 0, "memory", Cost.FREE));
            store.recordHeal(Fixtures.request("a", 0), Fixtures.healed("a", 0, "vision", new Cost(2, 3000, 100, 0.01)));
            store.recordHeal(Fixtures.request("a", 1), Fixtures.notHealed("a", 1));
            store.recordHeal(Fixtures.request("a", 1), Fixtures.skipped("a", 1));
            store.recordHeal(Fixtures.request("b", 0), Fixtures.healed("b", 0, "template", Cost.FREE));

            StoreStats stats = store.stats();
            HealStats a = store.stats("a");
            assertEquals(3, a.healsTried());
            assertEquals(2, a.healsSucceeded());
            assertEquals(2.0 / 3, a.successRate(), 1e-9);
            assertEquals(1, a.memoryHits());
            assertEquals(1, a.skipped());
            assertEquals(3, a.modelCalls());
            assertEquals(4000, a.promptTokens());
            assertEquals(0.012, a.costUsd(), 1e-9);
            assertNull(stats.overall().workflowId());
            assertEquals(4, stats.overall().healsTried());
            assertEquals(3, stats.overall().healsSucceeded());
            assertEquals(List.of("a", "b"), stats.workflows().stream().map(HealStats::workflowId).toList());
            assertEquals(0, store.stats("none").healsTried());
        }
    }

    @Test
    void runs_startAndFinish_areListedNewestFirst() {
        try (SqliteStore store = open()) {
            long first = store.startRun("wf", "runner-1");
            long second = store.startRun("wf", "runner-2");
            store.finishRun(first, false, 4);

            List<RunRecord> runs = store.runs("wf", 10);
            assertEquals(List.of(second, first), runs.stream().map(RunRecord::id).toList());
            assertEquals(RunStatus.RUNNING, runs.get(0).status());
            assertNull(runs.get(0).finishedAt());
            assertEquals(RunStatus.FAILED, runs.get(1).status());
            assertEquals(4, runs.get(1).failedAtStep());
            StoreException e = assertThrows(StoreException.class, () -> store.finishRun(first, true, -1));
            assertTrue(e.getMessage().contains("no running run"), e.getMessage());
        }
    }

    @Test
    void recordStepRun_isReadBackOldestFirst() {
        try (SqliteStore store = open()) {
            long run = store.startRun("wf", "r");
            store.recordStepRuns(List.of(new StepRun("wf", 1, 0.97, true, Fixtures.T0, run),
                    new StepRun("wf", 1, 0.95, true, Fixtures.T0.plusSeconds(1), run)));
            store.recordStepRun("wf", 1, 0.40, false);

            List<StepRun> runs = store.stepRuns("wf", 1, 10);
            assertEquals(List.of(0.97, 0.95, 0.40), runs.stream().map(StepRun::similarity).toList());
            assertEquals(run, runs.get(0).runId());
            assertEquals(0, runs.get(2).runId());
        }
    }

    @Test
    void history_statusesRoundTrip() {
        try (SqliteStore store = open()) {
            store.recordHeal(Fixtures.request("wf", 1), Fixtures.skipped("wf", 1));
            HealRecord r = store.history("wf", 1).get(0);
            assertEquals(HealStatus.SKIPPED, r.result().status());
            assertEquals("similarity 0.90 is above the threshold 0.70", r.result().reason());
            assertTrue(r.result().oldPoint().isEmpty());
            assertTrue(r.result().history().isEmpty());
        }
    }
}
