package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.healing.api.store.RunRecord;
import dev.healing.api.store.RunStatus;
import dev.healing.store.sqlite.SqliteStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code record} and {@code play} end to end: a real TigerVNC Xvnc serves an X display, the
 * {@link ReleaseApp} runs on it in several releases, and the commands drive it over VNC.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
final class RecordPlayXvncTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WORKFLOW = """
            {"actions": [
              {"type": "click", "x": 312, "y": 163, "description": "user name field"},
              {"type": "type", "text": "alice"},
              {"type": "key", "keys": "Tab", "wait_after": 0.2},
              {"type": "type", "text": "secret"},
              {"type": "click", "x": 355, "y": 267, "description": "Sign in button", "wait_after": 0.1},
              {"type": "double_click", "x": 280, "y": 179, "description": "Reports mailbox"},
              {"type": "wait", "seconds": 0.5},
              {"type": "type", "text": "weekly"},
              {"type": "click", "x": 340, "y": 227, "description": "Submit button"SENSITIVE}
            ]}
            """;
    private static final List<String> EXPECTED_EVENTS = List.of("PRESS user", "PRESS signin", "LOGIN alice secret",
            "PRESS list", "PRESS list", "OPEN Reports", "PRESS submit", "SUBMIT weekly");

    private static XvncDisplay display;

    @TempDir
    Path dir;

    @BeforeAll
    static void startXvnc() throws Exception {
        display = XvncDisplay.start(ReleaseApp.WIDTH, ReleaseApp.HEIGHT);
    }

    @AfterAll
    static void stopXvnc() {
        if (display != null) {
            display.close();
        }
    }

    @Test
    void record_release1_storesEveryClickStepAndTheAppGetsTheWorkflow() throws Exception {
        Path file = workflow(false);
        try (XvncDisplay.App app = display.app("r1")) {
            Result r = run("record", file.toString(), "--vnc", display.address(), "--db", db());
            assertEquals(0, r.code(), r.toString());
            assertEquals("FINISHED", r.last().get("status").asText());
            assertEquals(4, r.lines().stream().filter(l -> l.path("outcome").asText().equals("recorded")).count());
            assertEquals(withoutPresses(EXPECTED_EVENTS), withoutPresses(app.events(EXPECTED_EVENTS.size())));
        }
    }

    @Test
    void play_buttonsMoved_healsEveryMovedStepAndFinishes() throws Exception {
        Result r = recordThenPlay("moved", false);
        assertEquals(0, r.code(), r.toString());
        assertEquals("FINISHED", r.last().get("status").asText());
        assertTrue(r.last().get("heals").size() >= 2, r.toString());
        assertEquals(EXPECTED_EVENTS, r.events());
        try (SqliteStore store = SqliteStore.builder().path(Path.of(db())).build()) {
            List<RunRecord> runs = store.runs("weekly-report", 10);
            assertEquals(1, runs.size(), "the play run: " + runs);
            assertEquals(RunStatus.PASSED, runs.get(0).status(), runs.toString());
            assertTrue(store.stepRuns("weekly-report", 4, 10).stream().anyMatch(s -> !s.passed()),
                    "the moved step's failed checks are logged");
        }
    }

    @Test
    void play_darkTheme_healsInPlaceInOnePass() throws Exception {
        Result r = recordThenPlay("dark", false);
        assertEquals(0, r.code(), r.toString());
        assertEquals("FINISHED", r.last().get("status").asText());
        assertEquals(4, r.last().get("heals").size(), "every click step healed once, in one pass: " + r);
        for (JsonNode heal : r.last().get("heals")) {
            assertEquals(heal.get("old"), heal.get("new"), "a restyle heals in place: " + heal);
        }
        assertEquals(EXPECTED_EVENTS, r.events());
    }

    /**
     * At 125 % Swing re-renders text and 1-pixel borders crisply instead of resampling them, so the
     * template search alone scores the best match about 0.56 and would abstain; the text locator
     * reads the labels and finds each element, and the play finishes with the right input.
     */
    @Test
    void play_scaled125_healsEveryStepAndFinishes() throws Exception {
        Result r = recordThenPlay("scaled", false);
        assertEquals(0, r.code(), r.toString());
        assertEquals("FINISHED", r.last().get("status").asText());
        assertTrue(r.last().get("heals").size() >= 1, r.toString());
        assertEquals(EXPECTED_EVENTS, r.events(), "the right clicks and texts, in order");
    }

    @Test
    void play_submitGone_stopsThereWithTheReasonAndTheFileUnchanged() throws Exception {
        Result r = recordThenPlay("gone", false);
        assertEquals(1, r.code(), r.toString());
        assertEquals("STOPPED", r.last().get("status").asText());
        assertEquals(8, r.last().get("stopped_at").asInt(), r.toString());
        assertFalse(r.last().get("reason").asText().isBlank());
        assertEquals(EXPECTED_EVENTS.subList(0, 6), r.events(), "nothing clicked after the stop");
        assertEquals(r.workflowBefore(), r.workflowAfter());
    }

    @Test
    void play_sensitiveSubmitMoved_stopsWithAProposalAndNeverClicksIt() throws Exception {
        Result r = recordThenPlay("moved", true);
        assertEquals(1, r.code(), r.toString());
        assertEquals("STOPPED", r.last().get("status").asText());
        assertEquals(8, r.last().get("stopped_at").asInt(), r.toString());
        assertFalse(r.last().path("proposal").asText().isBlank(), r.toString());
        try (SqliteStore store = SqliteStore.builder().path(Path.of(db())).build()) {
            assertEquals(r.last().get("proposal").asText(), store.pending().get(0).id());
        }
        assertEquals(EXPECTED_EVENTS.subList(0, 6), r.events(), "Submit never clicked");
    }

    private Result recordThenPlay(String release, boolean sensitive) throws Exception {
        Path file = workflow(sensitive);
        try (XvncDisplay.App app = display.app("r1")) {
            Result rec = run("record", file.toString(), "--vnc", display.address(), "--db", db());
            assertEquals(0, rec.code(), rec.toString());
            app.events(EXPECTED_EVENTS.size());
        }
        String before = Files.readString(file);
        try (XvncDisplay.App app = display.app(release)) {
            Result r = run("play", file.toString(), "--vnc", display.address(), "--db", db());
            List<String> events = app.eventsUntilQuiet();
            return new Result(r.code(), r.lines(), r.stdout(), r.stderr(), events, before, Files.readString(file));
        }
    }

    private Path workflow(boolean sensitive) throws Exception {
        Path file = dir.resolve("weekly-report.json");
        Files.writeString(file, WORKFLOW.replace("SENSITIVE", sensitive ? ", \"sensitive\": true" : ""));
        return file;
    }

    private String db() {
        return dir.resolve("healing.db").toString();
    }

    private static List<String> withoutPresses(List<String> events) {
        return events.stream().filter(e -> !e.startsWith("PRESS")).toList();
    }

    /** What a command printed and returned, and what the app saw. */
    record Result(int code, List<JsonNode> lines, String stdout, String stderr, List<String> events,
                  String workflowBefore, String workflowAfter) {
        JsonNode last() {
            return lines.get(lines.size() - 1);
        }

        @Override
        public String toString() {
            return "exit " + code + "\n" + stdout + "\nstderr:\n" + stderr + "\napp: " + events;
        }
    }

    private static synchronized Result run(String... args) throws Exception {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String stdout = out.toString(StandardCharsets.UTF_8);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            }
        }
        assertFalse(lines.isEmpty(), "no JSON lines: " + stdout + err);
        return new Result(code, lines, stdout, err.toString(StandardCharsets.UTF_8), List.of(), "", "");
    }
}
