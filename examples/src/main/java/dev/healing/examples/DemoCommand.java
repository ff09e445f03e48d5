package dev.healing.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.healing.api.HealResult;
import dev.healing.core.report.HealResultJson;
import dev.healing.examples.demo.Demo;
import dev.healing.api.store.OperationsStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code demo [--db FILE|URL] [--keep]}: heals a moved button in an embedded virtual desktop; no network,
 * no keys. Baselines, memory and the heal log go to a SQLite file (a temporary one unless
 * {@code --db} names one) or a PostgreSQL namespace ({@code --db postgresql://...}); run it twice on one
 * store, from one machine or two, and the second heal comes from memory. The story goes to stderr, the
 * result as one JSON line to stdout; the temporary folder is removed unless {@code --keep}.
 */
final class DemoCommand implements Command {
    private static final ObjectMapper LINE = new ObjectMapper();

    @Override
    public String usage() {
        return "demo [--db FILE|URL] [--keep]";
    }

    @Override
    public String description() {
        return """
                Records a workflow on release 1 of a mail app, ships release 2 (the Sign in button moved)
                and runs the workflow with the healer inline: it relocates the button, verifies by re-running
                and finishes. The story goes to stderr; the result, with the heal, as JSON to stdout.
                  --db FILE|URL  keep baselines, memory and the heal log in FILE (run twice: the second heal
                                 comes from memory); a SQLite file or postgresql://host/db?namespace=N
                                 (password from the URL or $PGPASSWORD); default: a file in the temporary folder
                  --keep         keep the temporary folder (workflow file, backups, database) and print its path
                Exit 0 when healed and finished.""";
    }

    @Override
    public int run(List<String> args) throws Exception {
        Args a = Args.parse(args, List.of("--db"), List.of("--keep"), 0, 0);
        boolean keep = a.flag("--keep");
        Path work = Files.createTempDirectory("healing-demo-");
        try {
            String db = a.option("--db") != null ? a.option("--db") : work.resolve("healing.db").toString();
            Demo.Outcome outcome;
            String location;
            try (OperationsStore store = StoreOpener.open(db, true)) {
                location = store.location();
                System.err.println("[store] " + location);
                outcome = Demo.run(work, store.baselines(), store.memory(), List.of(store.log()), System.err);
            }
            HealResult heal = outcome.heal();
            if (heal != null && heal.locator().filter("memory"::equals).isPresent()) {
                System.err.printf("[memory] healed from memory: %d template searches, %d model calls%n",
                        outcome.templateSearches(), heal.cost().calls());
            }
            // One line, the heal's own fields at the top level after "command" and "done".
            ObjectNode json = JsonOutput.of(this, outcome.healed());
            if (heal == null) {
                json.put("status", "NOT_NEEDED");
            } else {
                json.setAll((ObjectNode) LINE.readTree(HealResultJson.toJson(heal)));
            }
            json.put("db", location);
            json.put("finished", outcome.finished());
            json.put("templateSearches", outcome.templateSearches());
            if (keep) {
                json.put("kept", work.toAbsolutePath().toString());
            }
            System.out.println(LINE.writeValueAsString(json));
            System.out.flush();
            return outcome.healed() ? Main.DONE : Main.NOT_DONE;
        } finally {
            if (!keep) {
                deleteTree(work);
            }
        }
    }

    /** Removes the demo's temporary folder; a file that will not go is left, never an error. */
    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("[demo] could not remove " + dir + ": " + e.getMessage());
        }
    }
}
