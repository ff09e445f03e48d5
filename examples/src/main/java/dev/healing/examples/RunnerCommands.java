package dev.healing.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.healing.api.HealResult;
import dev.healing.api.HealingStore;
import dev.healing.api.Point;
import dev.healing.core.runner.PlayEvent;
import dev.healing.core.runner.PlayResult;
import dev.healing.core.runner.StepAnswer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code record} and {@code play} share: the workflow file, the store, and the JSON lines they print. */
final class RunnerCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunnerCommands() {
    }

    /** A workflow file named on the command line: its id (file name without .json) and folder. */
    record WorkflowFile(String id, Path directory) {
        static WorkflowFile of(String argument) {
            Path file = Path.of(argument).toAbsolutePath().normalize();
            String name = file.getFileName().toString();
            if (!name.endsWith(".json") || name.length() == ".json".length()) {
                throw new UsageException("WORKFLOW must be a .json file, got " + argument);
            }
            if (!Files.isRegularFile(file)) {
                throw new UsageException("no workflow file " + file);
            }
            return new WorkflowFile(name.substring(0, name.length() - ".json".length()), file.getParent());
        }
    }

    /** Opens (creating when missing) the store named by {@code --db}: a SQLite file or a postgresql:// URL. */
    static HealingStore openStore(String db) {
        if (db == null) {
            throw new UsageException("--db FILE|URL is required");
        }
        return StoreOpener.open(db, true);
    }

    /** Prints one step as a JSON line. */
    static void printEvent(PrintStream out, PlayEvent e) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", e.step());
        line.put("type", e.type());
        line.put("outcome", e.outcome());
        if (e.point() != null) {
            line.put("x", e.point().x());
            line.put("y", e.point().y());
        }
        if (e.verifying()) {
            line.put("verifying", true);
        }
        if (!e.detail().isEmpty()) {
            line.put("detail", e.detail());
        }
        print(out, line);
    }

    /** Prints the last line: status, heals and, when stopped, where and why. */
    static void printResult(PrintStream out, PlayResult r) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("status", r.status().name());
        line.put("workflow", r.workflowId());
        List<Map<String, Object>> heals = new ArrayList<>();
        for (HealResult h : r.heals()) {
            heals.add(heal(h));
        }
        line.put("heals", heals);
        if (r.stop().isPresent()) {
            StepAnswer.Stop s = r.stop().get();
            line.put("stopped_at", s.step());
            line.put("reason", s.reason());
            line.put("suggestion", s.suggestion());
            s.heal().ifPresent(h -> {
                line.put("failure_kind", h.failureKind().name());
                h.proposalId().ifPresent(id -> line.put("proposal", id));
            });
        }
        print(out, line);
    }

    private static Map<String, Object> heal(HealResult h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", h.stepIndex());
        m.put("status", h.status().name());
        m.put("old", point(h.oldPoint().orElse(null)));
        m.put("new", point(h.newPoint().orElse(null)));
        m.put("locator", h.locator().orElse(null));
        m.put("failure_kind", h.failureKind().name());
        return m;
    }

    private static Map<String, Integer> point(Point p) {
        if (p == null) {
            return null;
        }
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("x", p.x());
        m.put("y", p.y());
        return m;
    }

    private static void print(PrintStream out, Map<String, Object> line) {
        try {
            out.println(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON line", e);
        }
        out.flush();
    }
}
