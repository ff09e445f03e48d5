package dev.healing.examples;

import dev.healing.api.store.OperationsStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report --db FILE|URL --out DIR}: writes a static HTML report of a SQLite store to DIR
 * ({@code index.html} and the evidence pictures as PNG files next to it; no scripts, no external
 * resources): stats, per-workflow health, proposals waiting for a person, escalations, and a
 * timeline of runs and heals. Prints where it went as JSON.
 */
final class ReportCommand implements Command {
    @Override
    public String usage() {
        return "report --db FILE|URL --out DIR";
    }

    @Override
    public int run(List<String> args) throws Exception {
        Args a = Args.parse(args, List.of("--db", "--out"), List.of(), 0, 0);
        String db = StoreJson.db(a);
        String out = a.option("--out");
        if (out == null) {
            throw new UsageException("--out DIR is required");
        }
        try (OperationsStore store = StoreOpener.open(db)) {
            HtmlReport.Summary s = HtmlReport.write(store, Path.of(out));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("db", store.location());
            json.put("index", s.index().toAbsolutePath().toString());
            json.put("workflows", s.workflows());
            json.put("heals", s.heals());
            json.put("runs", s.runs());
            json.put("escalations", s.escalations());
            json.put("proposals", s.proposals());
            json.put("pictures", s.pictures());
            return JsonOutput.print(this, true, json);
        }
    }
}
