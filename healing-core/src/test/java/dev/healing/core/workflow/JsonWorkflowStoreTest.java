package dev.healing.core.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.healing.api.Point;
import dev.healing.api.Revision;
import dev.healing.api.WorkflowException;
import dev.healing.api.WorkflowStep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JsonWorkflowStoreTest {
    private static final String FLAT = """
            {"name": "login", "version": 3, "actions": [
              {"type": "click", "x": 100, "y": 200, "description": "Click Sign in", "wait_after": 1.50,
               "meta": {"recorded_by": "runner-7", "tags": ["a", "b"]}},
              {"type": "type", "text": "alice"},
              {"type": "click", "x": 640, "y": 480, "name": "Publish", "sensitive": true}
            ]}
            """;
    private static final String NESTED = """
            {"steps": [{"action": "doubleclick", "coordinates": {"x": 10.0, "y": 20}, "name": "Open file"}]}
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:15:30Z"), ZoneOffset.UTC);

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

    @Test
    void step_flatActions_readsPointTypeDescriptionAndSensitivity() throws IOException {
        write("login", FLAT);
        WorkflowStep first = store().step("login", 0);
        assertEquals(new Point(100, 200), first.point());
        assertEquals("click", first.type());
        assertEquals("Click Sign in", first.description());
        assertFalse(first.sensitive());
        WorkflowStep typing = store().step("login", 1);
        assertNull(typing.point());
        assertEquals("type", typing.type());
        WorkflowStep publish = store().step("login", 2);
        assertEquals("Publish", publish.description());
        assertTrue(publish.sensitive());
        assertEquals(3, store().stepCount("login"));
    }

    @Test
    void step_nestedCoordinatesUnderSteps_readsThem() throws IOException {
        write("open", NESTED);
        WorkflowStep s = store().step("open", 0);
        assertEquals(new Point(10, 20), s.point());
        assertEquals("doubleclick", s.type());
        assertEquals("Open file", s.description());
    }

    @Test
    void move_writesPointHistoryProvisionalMarkAndBackup() throws IOException {
        Path file = write("login", FLAT);
        byte[] before = Files.readAllBytes(file);
        Revision r = store().move("login", 0, new Point(300, 210), "healed by template");

        JsonNode step = JSON.readTree(file.toFile()).get("actions").get(0);
        assertEquals(300, step.get("x").asInt());
        assertEquals(210, step.get("y").asInt());
        assertTrue(step.get("_healing_provisional").asBoolean());
        JsonNode h = step.get("_healing_history").get(0);
        assertEquals("2026-11-22T10:15:30Z", h.get("timestamp").asText());
        assertEquals(100, h.get("old_x").asInt());
        assertEquals(200, h.get("old_y").asInt());
        assertEquals(300, h.get("new_x").asInt());
        assertEquals(210, h.get("new_y").asInt());
        assertEquals("healed by template", h.get("reason").asText());
        assertEquals(new Point(100, 200), r.oldPoint());
        assertArrayEquals(before, Files.readAllBytes(Path.of(r.backup())));
        assertTrue(Path.of(r.backup()).startsWith(dir.resolve(JsonWorkflowStore.BACKUP_DIR)));
    }

    @Test
    void move_nestedCoordinates_staysNested() throws IOException {
        Path file = write("open", NESTED);
        store().move("open", 0, new Point(50, 60), "moved");
        JsonNode step = JSON.readTree(file.toFile()).get("steps").get(0);
        assertFalse(step.has("x"));
        assertEquals(50, step.get("coordinates").get("x").asInt());
        assertEquals(60, step.get("coordinates").get("y").asInt());
    }

    @Test
    void commit_clearsProvisionalMarkAndKeepsHistory() throws IOException {
        Path file = write("login", FLAT);
        Revision r = store().move("login", 0, new Point(300, 210), "healed");
        store().commit(r);
        JsonNode step = JSON.readTree(file.toFile()).get("actions").get(0);
        assertFalse(step.has("_healing_provisional"));
        assertEquals(1, step.get("_healing_history").size());
        assertEquals(300, step.get("x").asInt());
    }

    @Test
    void rollback_restoresFileByteForByte() throws IOException {
        Path file = write("login", FLAT);
        byte[] before = Files.readAllBytes(file);
        Revision r = store().move("login", 0, new Point(300, 210), "healed");
        store().rollback(r);
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void move_unknownFieldsSurviveRoundTrip() throws IOException {
        Path file = write("login", FLAT);
        store().move("login", 0, new Point(1, 2), "x");
        String text = Files.readString(file);
        JsonNode root = JSON.readTree(text);
        assertEquals("login", root.get("name").asText());
        assertEquals(3, root.get("version").asInt());
        JsonNode step = root.get("actions").get(0);
        assertTrue(text.contains("1.50"), "decimal written as it was: " + text);
        assertEquals("runner-7", step.get("meta").get("recorded_by").asText());
        assertEquals("b", step.get("meta").get("tags").get(1).asText());
        assertEquals("alice", root.get("actions").get(1).get("text").asText());
        assertTrue(root.get("actions").get(2).get("sensitive").asBoolean());
    }

    @Test
    void move_writeInterruptedBeforeRename_leavesOriginalIntactAndNoTempFile() throws IOException {
        Path file = write("login", FLAT);
        byte[] before = Files.readAllBytes(file);
        int[] writes = {0};
        AtomicFiles crashing = new AtomicFiles(temp -> {
            // the backup is the first write; the crash hits the workflow file itself
            if (++writes[0] == 2) {
                throw new IOException("simulated crash before rename");
            }
        });
        JsonWorkflowStore store = new JsonWorkflowStore(dir, CLOCK, crashing);
        WorkflowException e = assertThrows(WorkflowException.class,
                () -> store.move("login", 0, new Point(5, 5), "x"));
        assertTrue(e.getMessage().contains("login.json"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void step_malformedJson_errorNamesFileAndLine_fileUntouched() throws IOException {
        Path file = write("broken", "{\"actions\": [ {\"x\": 1, \"y\": 2 ]}");
        byte[] before = Files.readAllBytes(file);
        WorkflowException e = assertThrows(WorkflowException.class, () -> store().step("broken", 0));
        assertTrue(e.getMessage().contains("broken.json") && e.getMessage().contains("malformed JSON"),
                e.getMessage());
        assertThrows(WorkflowException.class, () -> store().move("broken", 0, new Point(1, 1), "x"));
        assertArrayEquals(before, Files.readAllBytes(file));
        assertFalse(Files.exists(dir.resolve(JsonWorkflowStore.BACKUP_DIR)));
    }

    @Test
    void step_noStepsArray_clearError() throws IOException {
        write("empty", "{\"name\": \"x\"}");
        WorkflowException e = assertThrows(WorkflowException.class, () -> store().step("empty", 0));
        assertTrue(e.getMessage().contains("\"actions\" or \"steps\""), e.getMessage());
    }

    @Test
    void step_missingStep_errorNamesFileAndStep() throws IOException {
        write("login", FLAT);
        WorkflowException e = assertThrows(WorkflowException.class, () -> store().step("login", 7));
        assertTrue(e.getMessage().contains("login.json") && e.getMessage().contains("no step 7"), e.getMessage());
    }

    @Test
    void move_stepWithoutCoordinates_errorAndFileUntouched() throws IOException {
        Path file = write("login", FLAT);
        byte[] before = Files.readAllBytes(file);
        WorkflowException e = assertThrows(WorkflowException.class,
                () -> store().move("login", 1, new Point(1, 1), "x"));
        assertTrue(e.getMessage().contains("step 1") && e.getMessage().contains("no coordinates"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void step_nonNumericCoordinates_clearError() throws IOException {
        write("bad", "{\"actions\": [{\"x\": \"left\", \"y\": 3}]}");
        WorkflowException e = assertThrows(WorkflowException.class, () -> store().step("bad", 0));
        assertTrue(e.getMessage().contains("step 0") && e.getMessage().contains("numeric"), e.getMessage());
    }

    @Test
    void step_missingFile_clearError() {
        WorkflowException e = assertThrows(WorkflowException.class, () -> store().step("nope", 0));
        assertTrue(e.getMessage().contains("nope.json"), e.getMessage());
    }

    @Test
    void fileOf_pathTraversalId_rejected() {
        assertThrows(WorkflowException.class, () -> store().fileOf("../etc/passwd"));
    }

    @Test
    void move_twice_keepsBothBackupsDistinct() throws IOException {
        write("login", FLAT);
        Revision a = store().move("login", 0, new Point(1, 1), "a");
        Revision b = store().move("login", 0, new Point(2, 2), "b");
        assertFalse(a.backup().equals(b.backup()));
        String first = Files.readString(Path.of(b.backup()), StandardCharsets.UTF_8);
        assertTrue(first.contains("\"new_x\": 1"), first);
    }
}
