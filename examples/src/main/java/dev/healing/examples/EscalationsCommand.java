package dev.healing.examples;

import dev.healing.api.store.OperationsStore;
import dev.healing.api.Proposal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code escalations --db FILE|URL}: every escalation (newest first, each with its attempts, workflow
 * file, backups and suggested action; {@code pictures} names the stored evidence pictures, which
 * {@code report} writes out) and the proposals still waiting for a person, as one JSON document.
 */
final class EscalationsCommand implements Command {
    /** Most escalations printed. */
    static final int LIMIT = 1000;

    @Override
    public String usage() {
        return "escalations --db FILE|URL";
    }

    @Override
    public int run(List<String> args) throws Exception {
        String db = StoreJson.db(Args.parse(args, List.of("--db"), List.of(), 0, 0));
        try (OperationsStore store = StoreOpener.open(db)) {
            List<Proposal> waiting = new ArrayList<>(store.proposals().pending());
            waiting.addAll(store.proposals().approved());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("db", store.location());
            out.put("escalations", store.escalations(null, LIMIT));
            out.put("proposals", waiting);
            System.out.println(StoreJson.mapper().writeValueAsString(out));
        }
        return 0;
    }
}
