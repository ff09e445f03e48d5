package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.healing.api.ApprovalClass;
import dev.healing.api.Candidate;
import dev.healing.api.Cost;
import dev.healing.api.FailureKind;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.Point;
import dev.healing.api.VerificationResult;
import dev.healing.store.sqlite.SqliteStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
final class StoreCommandsTest {
    @TempDir
    Path dir;

    private static HealResult healed(String workflow, int step, String locator, Cost cost) {
        Candidate c = Candidate.at(Point.of(200, 120), 0.93, locator, "matches");
        return HealResult.healed(new HealResult.Trace(workflow, step, Optional.of(Point.of(100, 120)),
                FailureKind.MOVED, List.of(new HealAttempt(1, c, VerificationResult.succeeded(), true, "verified", null)),
                List.of(), cost, Duration.ofMillis(300), Optional.empty()), c, ApprovalClass.A, "verified");
    }

    private Path storeWithHeals() {
        Path db = dir.resolve("heal.db");
        try (SqliteStore store = SqliteStore.builder().path(db).build()) {
            store.recordHeal(HealRequest.of("mail", 2, 0.24, null), healed("mail", 2, "template", Cost.FREE));
            store.recordHeal(HealRequest.of("mail", 2, 0.25, null), healed("mail", 2, "memory", Cost.FREE));
            store.recordHeal(HealRequest.of("shop", 0, 0.3, null), healed("shop", 0, "vision",
                    new Cost(1, 900, 30, 0.002)));
            store.recordStepRun("mail", 2, 0.96, true);
            store.finishRun(store.startRun("mail", "runner-a"), true, -1);
        }
        return db;
    }

    private static String run(String... argv) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            assertEquals(0, Main.run(argv), "exit code");
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void history_workflow_printsItsHealsWithAttemptsAsJson() throws Exception {
        Path db = storeWithHeals();
        JsonNode json = new ObjectMapper().readTree(run("history", "--db", db.toString(), "--workflow", "mail"));

        assertEquals("mail", json.get("workflow").asText());
        JsonNode heals = json.get("heals");
        assertEquals(2, heals.size());
        JsonNode newest = heals.get(0);
        assertEquals("memory", newest.at("/result/locator").asText());
        assertEquals("HEALED", newest.at("/result/status").asText());
        assertEquals(200, newest.at("/result/newPoint/x").asInt());
        assertEquals(0.25, newest.get("similarity").asDouble());
        assertEquals(1, newest.at("/result/history").size());
        assertTrue(newest.get("finishedAt").asText().endsWith("Z"), newest.get("finishedAt").asText());
        assertEquals("PT0.3S", newest.at("/result/duration").asText());
        assertEquals(1, json.get("runs").size());
        assertEquals("PASSED", json.at("/runs/0/status").asText());
    }

    @Test
    void history_allWorkflows_printsEveryHeal() throws Exception {
        Path db = storeWithHeals();
        JsonNode json = new ObjectMapper().readTree(run("history", "--db", db.toString()));
        assertEquals(3, json.get("heals").size());
        assertTrue(json.get("workflow").isNull());
    }

    @Test
    void stats_printsOverallPerWorkflowAndHealth() throws Exception {
        Path db = storeWithHeals();
        JsonNode json = new ObjectMapper().readTree(run("stats", "--db", db.toString()));

        assertEquals(3, json.at("/overall/healsTried").asInt());
        assertEquals(1, json.at("/overall/memoryHits").asInt());
        assertEquals(1, json.at("/overall/modelCalls").asInt());
        assertEquals(0.002, json.at("/overall/costUsd").asDouble(), 1e-12);
        assertEquals("mail", json.at("/workflows/0/workflowId").asText());
        assertEquals(2, json.at("/workflows/0/healsSucceeded").asInt());
        assertEquals(1.0, json.at("/workflows/0/successRate").asDouble());
        assertEquals("HEALTHY", json.at("/health/0/state").asText());
        assertEquals(2, json.at("/health/0/steps/0/stepIndex").asInt());
    }

    @Test
    void stats_missingDb_failsWithoutCreatingIt() {
        Path db = dir.resolve("absent.db");
        assertEquals(1, Main.run(new String[] {"stats", "--db", db.toString()}));
        assertFalse(Files.exists(db));
    }

    @Test
    void history_withoutDb_isUsageError() {
        assertEquals(2, Main.run(new String[] {"history", "--workflow", "mail"}));
        assertEquals(2, Main.run(new String[] {"stats", "--db"}));
    }
}
