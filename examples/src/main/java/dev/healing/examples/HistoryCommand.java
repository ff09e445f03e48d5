package dev.healing.examples;

import dev.healing.api.store.OperationsStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code history --db FILE|URL [--workflow W]}: the most recent heals (each with every attempt) and
 * runs in a SQLite store, as one JSON document on stdout.
 */
final class HistoryCommand implements Command {
    /** Most heals and runs printed, newest first. */
    static final int LIMIT = 1000;

    @Override
    public String usage() {
        return "history --db FILE|URL [--workflow W]";
    }

    @Override
    public int run(List<String> args) throws Exception {
        Args a = Args.parse(args, List.of("--db", "--workflow"), List.of(), 0, 0);
        String db = StoreJson.db(a);
        String workflow = a.option("--workflow");
        try (OperationsStore store = StoreOpener.open(db)) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("db", store.location());
            out.put("workflow", workflow);
            out.put("limit", LIMIT);
            out.put("heals", store.history(workflow, LIMIT));
            out.put("runs", store.runs(workflow, LIMIT));
            return JsonOutput.print(this, true, out);
        }
    }
}
