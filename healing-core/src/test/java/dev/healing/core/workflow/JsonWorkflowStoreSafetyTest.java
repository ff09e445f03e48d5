package dev.healing.core.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.healing.api.Point;
import dev.healing.api.Revision;
import dev.healing.api.WorkflowException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Workflow files under concurrent stores, symlinks, file modes, huge files, odd values and crashes. */
final class JsonWorkflowStoreSafetyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T04:00:00Z"), ZoneOffset.UTC);
    private static final String LOGIN = """
            {"actions": [
              {"type": "click", "x": 100, "y": 200, "name": "Sign in"},
              {"type": "click", "x": 300, "y": 400, "name": "Publish", "sensitive": true}
            ]}
            """;
    /** A pid no process can have (above Linux's pid_max), so the mark's writer is dead. */
    private static final String DEAD_WRITER = "2147483646@1";

    @TempDir
    Path dir;

    private JsonWorkflowStore store() {
        return JsonWorkflowStore.inDirectory(dir).withClock(CLOCK);
    }

    private Path write(String id, String json) throws IOException {
        Path f = dir.resolve(id + ".json");
        Files.writeString(f, json);
        return f;
    }

    private static String workflow(int steps) {
        StringBuilder json = new StringBuilder("{\"actions\": [");
        for (int s = 0; s < steps; s++) {
            json.append(s == 0 ? "" : ", ").append("{\"x\": ").append(10 + s).append(", \"y\": ").append(20 + s)
                    .append('}');
        }
        return json.append("]}").toString();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void twoStoreInstances_healingOneFileFromEightThreads_loseNothingAndShareNoBackupName() throws Exception {
        int steps = 40;
        Path file = write("shared", workflow(steps));
        JsonWorkflowStore[] stores = {store(), JsonWorkflowStore.inDirectory(dir).withClock(CLOCK)};
        List<String> backups = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int s = thread; s < steps; s += 8) {
                        Revision r = stores[thread % 2].move("shared", s, new Point(1000 + s, 2000 + s), "t" + thread);
                        backups.add(r.backup());
                        if (s % 3 == 0) {
                            stores[thread % 2].rollback(r);
                        } else {
                            stores[(thread + 1) % 2].commit(r);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(steps, new HashSet<>(backups).size(), "backup names handed out twice: " + backups);
        JsonNode actions = JSON.readTree(file.toFile()).get("actions");
        for (int s = 0; s < steps; s++) {
            Point expected = s % 3 == 0 ? new Point(10 + s, 20 + s) : new Point(1000 + s, 2000 + s);
            assertEquals(expected, store().step("shared", s).point(), "step " + s);
            assertFalse(actions.get(s).has(WorkflowDocument.PROVISIONAL), "step " + s);
        }
    }

    @Test
    void move_throughSymlink_rewritesTargetAndKeepsTheLink() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("real"));
        Path target = elsewhere.resolve("login-v2.json");
        Files.writeString(target, LOGIN);
        Path link = Files.createSymbolicLink(dir.resolve("login.json"), target);

        Revision r = store().move("login", 0, new Point(150, 250), "moved");
        store().commit(r);

        assertTrue(Files.isSymbolicLink(link), "the link was replaced by a regular file");
        assertEquals(150, JSON.readTree(target.toFile()).get("actions").get(0).get("x").asInt());
        assertEquals(new Point(150, 250), store().step("login", 0).point());
        Revision again = store().move("login", 0, new Point(160, 260), "again");
        store().rollback(again);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(new Point(150, 250), store().step("login", 0).point());
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp")));
        }
    }

    @Test
    void moveCommitRollback_mode0644_keptOnFileAndBackups() throws IOException {
        Path file = write("login", LOGIN);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        Revision r = store().move("login", 0, new Point(1, 2), "x");
        assertEquals("rw-r--r--", mode(file), "after move");
        assertEquals("rw-r--r--", mode(Path.of(r.backup())), "backup");
        store().commit(r);
        assertEquals("rw-r--r--", mode(file), "after commit");
        Revision back = store().move("login", 0, new Point(3, 4), "y");
        store().rollback(back);
        assertEquals("rw-r--r--", mode(file), "after rollback");
        assertEquals(Files.getOwner(dir), Files.getOwner(file));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void step_hundredMegabyteFile_refusedWithClearError_fileUntouchedNoBackup() throws IOException {
        Path file = dir.resolve("huge.json");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write("{\"actions\": [".getBytes(StandardCharsets.US_ASCII));
            raf.setLength(100L * 1024 * 1024);
        }
        WorkflowException e = assertThrows(WorkflowException.class, () -> store().step("huge", 0));
        assertTrue(e.getMessage().contains("huge.json") && e.getMessage().contains("104857600 bytes")
                && e.getMessage().contains("32 MiB"), e.getMessage());
        assertThrows(WorkflowException.class, () -> store().move("huge", 0, new Point(1, 1), "x"));
        assertThrows(WorkflowException.class, () -> store().stepCount("huge"));
        assertEquals(100L * 1024 * 1024, Files.size(file));
        assertFalse(Files.exists(dir.resolve(JsonWorkflowStore.BACKUP_DIR)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "\"true\"", "\"True\"", "\"TRUE\"", "\"yes\"", "\"Yes\"", "\"y\"", "\"on\"",
        "\"1\"", "1", "\" yes \""})
    void step_sensitiveSpelledTrue_isSensitive(String value) throws IOException {
        write("w", "{\"actions\": [{\"x\": 1, \"y\": 2, \"sensitive\": " + value + "}]}");
        assertTrue(store().step("w", 0).sensitive(), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "\"false\"", "\"False\"", "\"no\"", "\"NO\"", "\"n\"", "\"off\"", "\"0\"", "0",
        "null"})
    void step_sensitiveSpelledFalse_isNotSensitive(String value) throws IOException {
        write("w", "{\"actions\": [{\"x\": 1, \"y\": 2, \"sensitive\": " + value + "}]}");
        assertFalse(store().step("w", 0).sensitive(), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"maybe\"", "\"\"", "2", "-1", "1.0", "[]", "{}", "\"truee\""})
    void step_sensitiveNeitherTrueNorFalse_refusedNamingFileAndStep(String value) throws IOException {
        write("w", "{\"actions\": [{\"x\": 1, \"y\": 2}, {\"x\": 1, \"y\": 2, \"sensitive\": " + value + "}]}");
        WorkflowException e = assertThrows(WorkflowException.class, () -> store().step("w", 1));
        assertTrue(e.getMessage().contains("w.json") && e.getMessage().contains("step 1")
                && e.getMessage().contains("sensitive"), e.getMessage());
    }

    @Test
    void step_provisionalMarkOfDeadWriter_restoredFromItsBackupBeforeReading() throws IOException {
        Path file = write("login", LOGIN);
        Revision r = store().move("login", 0, new Point(900, 900), "rejected later");
        // as if the writer died before verification ended: its mark names a process that is gone
        Files.writeString(file, Files.readString(file).replace(
                "\"writer\": \"" + Writers.me() + "\"", "\"writer\": \"" + DEAD_WRITER + "\""));
        byte[] backup = Files.readAllBytes(Path.of(r.backup()));

        assertEquals(new Point(100, 200), store().step("login", 0).point());
        JsonNode step = JSON.readTree(file.toFile()).get("actions").get(0);
        assertFalse(step.has(WorkflowDocument.PROVISIONAL));
        assertFalse(step.has(WorkflowDocument.HISTORY));
        assertArrayEquals(backup, Files.readAllBytes(Path.of(r.backup())), "the backup itself is kept");
    }

    @Test
    void recover_failedRollbackInThisProcess_restoresTheRejectedPoint() throws IOException {
        Path file = write("login", LOGIN);
        int[] writes = {0};
        JsonWorkflowStore failing = new JsonWorkflowStore(dir, CLOCK, new AtomicFiles(temp -> {
            if (++writes[0] == 3) { // backup, move, then the rollback's write fails
                throw new IOException("disk full");
            }
        }));
        Revision r = failing.move("login", 0, new Point(900, 900), "rejected");
        assertThrows(WorkflowException.class, () -> failing.rollback(r));
        assertTrue(JSON.readTree(file.toFile()).get("actions").get(0).has(WorkflowDocument.PROVISIONAL));

        assertEquals(List.of(0), store().recover("login"));
        assertEquals(new Point(100, 200), store().step("login", 0).point());
        assertEquals(List.of(), store().recover("login"));
    }

    @Test
    void step_leftoverStackedOnAChangeStillBeingVerified_restoresOnlyTheLeftover() throws IOException {
        Path file = write("login", LOGIN);
        Revision onTrial = store().move("login", 0, new Point(500, 500), "on trial");
        store().move("login", 0, new Point(900, 900), "by a runner that then died");
        String text = Files.readString(file);
        int last = text.lastIndexOf(Writers.me());
        Files.writeString(file, text.substring(0, last) + DEAD_WRITER + text.substring(last + Writers.me().length()));

        assertEquals(new Point(500, 500), store().step("login", 0).point());
        store().commit(onTrial);
        assertFalse(JSON.readTree(file.toFile()).get("actions").get(0).has(WorkflowDocument.PROVISIONAL));
    }

    @Test
    void step_leftoverMarkWithBackupGone_restoredFromHistory() throws IOException {
        Path file = write("login", LOGIN);
        Revision r = store().move("login", 0, new Point(900, 900), "rejected");
        Files.delete(Path.of(r.backup()));
        Files.writeString(file, Files.readString(file).replace(Writers.me(), DEAD_WRITER));

        assertEquals(new Point(100, 200), store().step("login", 0).point());
        assertFalse(JSON.readTree(file.toFile()).get("actions").get(0).has(WorkflowDocument.PROVISIONAL));
    }

    @Test
    void step_leftoverMarkWithoutBackupOrHistory_refusedLoudly_fileUntouched() throws IOException {
        Path file = write("login", "{\"actions\": [{\"x\": 900, \"y\": 900, \"_healing_provisional\": true}]}");
        byte[] before = Files.readAllBytes(file);
        WorkflowException e = assertThrows(WorkflowException.class, () -> store().step("login", 0));
        assertTrue(e.getMessage().contains("login.json") && e.getMessage().contains("step 0")
                && e.getMessage().contains("_healing_provisional"), e.getMessage());
        assertThrows(WorkflowException.class, () -> store().move("login", 0, new Point(1, 1), "x"));
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void step_markOfAChangeStillBeingVerified_leftAlone() throws IOException {
        write("login", LOGIN);
        Revision r = store().move("login", 0, new Point(900, 900), "on trial");
        // the verifier replays the workflow while the change is on trial, through another instance
        assertEquals(new Point(900, 900), store().step("login", 0).point());
        assertEquals(List.of(), store().recover("login"));
        store().commit(r);
        assertEquals(new Point(900, 900), store().step("login", 0).point());
    }

    @Test
    void rollback_afterAnotherStepWasCommitted_keepsThatCommit() throws IOException {
        write("login", LOGIN);
        Revision first = store().move("login", 0, new Point(11, 11), "a");
        Revision second = store().move("login", 1, new Point(22, 22), "b");
        store().commit(second);
        store().rollback(first);
        assertEquals(new Point(100, 200), store().step("login", 0).point());
        assertEquals(new Point(22, 22), store().step("login", 1).point());
    }

    @Test
    void rollback_backupDeleted_restoresOldPointFromHistory() throws IOException {
        Path file = write("login", LOGIN);
        Revision r = store().move("login", 0, new Point(900, 900), "rejected");
        Files.delete(Path.of(r.backup()));
        store().rollback(r);
        assertEquals(new Point(100, 200), store().step("login", 0).point());
        JsonNode step = JSON.readTree(file.toFile()).get("actions").get(0);
        assertFalse(step.has(WorkflowDocument.PROVISIONAL));
        assertFalse(step.has(WorkflowDocument.HISTORY));
    }

    @Test
    void rollback_afterTopLevelFieldChanged_keepsThatChange() throws IOException {
        Path file = write("login", LOGIN);
        Revision r = store().move("login", 0, new Point(900, 900), "rejected");
        JsonNode root = JSON.readTree(file.toFile());
        ((ObjectNode) root).put("version", 7);
        Files.writeString(file, JSON.writeValueAsString(root));
        store().rollback(r);
        JsonNode after = JSON.readTree(file.toFile());
        assertEquals(7, after.get("version").asInt());
        assertEquals(100, after.get("actions").get(0).get("x").asInt());
    }

    @Test
    void recoverAndStep_nothingLeftOver_takeNoLockAndWriteNothing() throws IOException {
        Path file = write("login", LOGIN);
        assertEquals(List.of(), store().recover("login"));
        assertEquals(new Point(100, 200), store().step("login", 0).point());
        assertFalse(Files.exists(WorkflowLock.lockFileOf(file)), "a read-only folder would have failed");
        assertEquals(LOGIN, Files.readString(file));
    }

    @Test
    void inDirectory_tempFilesLeftByACrash_deleted() throws IOException {
        write("login", LOGIN);
        Path temp = dir.resolve(".login.json.healing-123456.tmp");
        Files.writeString(temp, "{\"actions\": [");
        Path backups = Files.createDirectories(dir.resolve(JsonWorkflowStore.BACKUP_DIR));
        Path backupTemp = backups.resolve(".login.backup.healing-99.tmp");
        Files.writeString(backupTemp, "{");
        Path foreign = dir.resolve("notes.tmp");
        Files.writeString(foreign, "mine");

        JsonWorkflowStore.inDirectory(dir);

        assertFalse(Files.exists(temp));
        assertFalse(Files.exists(backupTemp));
        assertTrue(Files.exists(foreign), "a file the store did not write is left alone");
    }
}
