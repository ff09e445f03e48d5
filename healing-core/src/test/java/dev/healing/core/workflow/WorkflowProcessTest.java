package dev.healing.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.healing.api.Point;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Workflow files under runner JVMs that are killed with SIGKILL or write one file at once. */
final class WorkflowProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Process start(Path err, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx64m", "-cp",
                System.getProperty("java.class.path"), WorkflowWriterProcess.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(err.toFile()).start();
    }

    private Path workflow(String id, int steps) throws IOException {
        StringBuilder json = new StringBuilder("{\"name\": \"" + id + "\", \"actions\": [\n");
        for (int s = 0; s < steps; s++) {
            json.append(s == 0 ? "" : ",\n").append("  {\"type\": \"click\", \"x\": ").append(10 + s)
                    .append(", \"y\": ").append(20 + s).append(", \"name\": \"step ").append(s).append("\"}");
        }
        Path file = dir.resolve(id + ".json");
        Files.writeString(file, json.append("\n]}\n"));
        return file;
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void killMinus9_twentyTimesMidWrite_everyFileWholeAndNoCommittedStepLost() throws Exception {
        int steps = 5;
        Path file = workflow("killed", steps);
        Map<Integer, Long> lastCommitted = new HashMap<>();
        Random random = new Random(11);
        int kills = 20;
        for (int round = 0; round < kills; round++) {
            int kill = round;
            Path err = dir.resolve("err-" + kill);
            Process p = start(err, "endless", dir.toString(), "killed", String.valueOf(steps),
                    String.valueOf(kill * 1_000_000L + 1));
            int wanted = 1 + random.nextInt(25);
            int seen = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; seen < wanted && (line = out.readLine()) != null; seen++) {
                    String[] f = line.split(" ");
                    lastCommitted.put(Integer.parseInt(f[1]), Long.parseLong(f[2]));
                }
            } finally {
                // SIGKILL while the runner is somewhere inside its next change
                p.destroyForcibly();
            }
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "runner " + kill + " did not die");
            assertEquals(wanted, seen, () -> "runner " + kill + " stopped early: " + readQuietly(err));

            assertWholeAndParseable(file);
            JsonWorkflowStore store = JsonWorkflowStore.inDirectory(dir);
            assertEquals(List.of(), tempFiles(), "temp files left after reopening");
            store.recover("killed");
            JsonNode actions = JSON.readTree(file.toFile()).get("actions");
            for (int s = 0; s < steps; s++) {
                assertFalse(actions.get(s).has(WorkflowDocument.PROVISIONAL), "step " + s + " still provisional");
                Point at = store.step("killed", s).point();
                long committed = lastCommitted.getOrDefault(s, 0L);
                // the point names the iteration that wrote it: never older than the last one reported committed
                long iteration = at.x() < 1000 && at.y() == 20 + s ? 0 : at.x();
                assertTrue(iteration >= committed, "kill " + kill + ": step " + s + " is at " + at
                        + ", but iteration " + committed + " was committed");
            }
        }
        try (Stream<Path> backups = Files.list(dir.resolve(JsonWorkflowStore.BACKUP_DIR))) {
            for (Path b : (Iterable<Path>) backups::iterator) {
                assertWholeAndParseable(b);
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void twoProcesses_healingOneWorkflow_loseNoCommittedStepAndNeverShareABackupName() throws Exception {
        int steps = 40;
        Path file = workflow("shared", steps);
        Path go = dir.resolve("go");
        List<Process> processes = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        try {
            for (int r = 0; r < 2; r++) {
                Process p = start(dir.resolve("err-" + r), "heal", dir.toString(), "shared", String.valueOf(r), "2",
                        String.valueOf(steps / 2), go.toString());
                processes.add(p);
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8));
                outputs.add(out);
                assertEquals("ready", out.readLine(), () -> readQuietly(dir.resolve("err-0")));
            }
            Files.createFile(go);
            List<String> backups = new ArrayList<>();
            Map<Integer, Point> committed = new HashMap<>();
            Set<Integer> rolledBack = new HashSet<>();
            for (int r = 0; r < 2; r++) {
                List<String> lines = new ArrayList<>();
                for (String line; (line = outputs.get(r).readLine()) != null; ) {
                    lines.add(line);
                }
                Process p = processes.get(r);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "runner " + r + " did not finish");
                assertEquals(0, p.exitValue(), "runner " + r + " failed: " + readQuietly(dir.resolve("err-" + r)));
                assertEquals("done", lines.get(lines.size() - 1));
                for (String line : lines) {
                    String[] f = line.split(" ");
                    switch (f[0]) {
                        case "backup" -> backups.add(f[1]);
                        case "committed" -> committed.put(Integer.parseInt(f[1]),
                                new Point(Integer.parseInt(f[2]), Integer.parseInt(f[3])));
                        case "rolledback" -> rolledBack.add(Integer.parseInt(f[1]));
                        default -> { }
                    }
                }
            }
            assertEquals(steps, backups.size());
            assertEquals(steps, new HashSet<>(backups).size(), "a backup name was handed out twice: " + backups);
            for (String b : backups) {
                assertWholeAndParseable(dir.resolve(JsonWorkflowStore.BACKUP_DIR).resolve(b));
            }
            assertEquals(steps, committed.size() + rolledBack.size());
            JsonWorkflowStore store = JsonWorkflowStore.inDirectory(dir);
            JsonNode actions = JSON.readTree(file.toFile()).get("actions");
            for (int s = 0; s < steps; s++) {
                Point expected = committed.getOrDefault(s, new Point(10 + s, 20 + s));
                assertEquals(expected, store.step("shared", s).point(), "step " + s);
                assertFalse(actions.get(s).has(WorkflowDocument.PROVISIONAL), "step " + s + " still provisional");
                assertEquals(committed.containsKey(s) ? 1 : 0, actions.get(s).path("_healing_history").size(),
                        "history of step " + s);
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    private static void assertWholeAndParseable(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        assertTrue(root != null && root.get("actions").isArray(), file + " is not a whole workflow");
    }

    private List<Path> tempFiles() throws IOException {
        List<Path> temps = new ArrayList<>();
        for (Path d : List.of(dir, dir.resolve(JsonWorkflowStore.BACKUP_DIR))) {
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    s.filter(p -> p.getFileName().toString().endsWith(".tmp")).forEach(temps::add);
                }
            }
        }
        return temps;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no " + file + ")";
        }
    }
}
