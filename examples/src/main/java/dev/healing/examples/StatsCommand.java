package dev.healing.examples;

import dev.healing.store.sqlite.SqliteStore;
import dev.healing.store.sqlite.StoreStats;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code stats --db FILE}: heal stats overall and per workflow (tried, succeeded, success rate,
 * memory hits, model calls, cost) and the health of every workflow and step, as one JSON document.
 */
final class StatsCommand implements Command {
    @Override
    public String usage() {
        return "stats --db FILE";
    }

    @Override
    public int run(List<String> args) throws Exception {
        Path db = StoreJson.db(Args.parse(args, List.of("--db"), List.of(), 0, 0));
        try (SqliteStore store = StoreJson.open(db)) {
            StoreStats stats = store.stats();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("db", store.path().toString());
            out.put("overall", stats.overall());
            out.put("workflows", stats.workflows());
            out.put("health", store.health());
            return JsonOutput.print(this, true, out);
        }
    }
}
