package dev.healing.examples;

import dev.healing.api.store.OperationsStore;
import dev.healing.api.store.StoreStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code stats --db FILE|URL}: heal stats overall and per workflow (tried, succeeded, success rate,
 * memory hits, model calls, cost) and the health of every workflow and step, as one JSON document.
 */
final class StatsCommand implements Command {
    @Override
    public String usage() {
        return "stats --db FILE|URL";
    }

    @Override
    public int run(List<String> args) throws Exception {
        String db = StoreJson.db(Args.parse(args, List.of("--db"), List.of(), 0, 0));
        try (OperationsStore store = StoreOpener.open(db)) {
            StoreStats stats = store.stats();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("db", store.location());
            out.put("overall", stats.overall());
            out.put("workflows", stats.workflows());
            out.put("health", store.health());
            return JsonOutput.print(this, true, out);
        }
    }
}
