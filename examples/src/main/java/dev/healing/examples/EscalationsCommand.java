package dev.healing.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.healing.api.store.OperationsStore;
import java.util.List;

/**
 * {@code escalations --db FILE|URL}: every escalation (newest first, each with its attempts, workflow
 * file, backups and suggested action; {@code pictures} names the stored evidence pictures, which
 * {@code report} writes out), the proposals waiting for a person ({@code proposals}) and those approved
 * but not applied yet ({@code approvedNotApplied}: the runner applies them on its next heal), as JSON.
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
            ObjectNode out = JsonOutput.of(this, true);
            ObjectMapper json = StoreJson.mapper();
            out.put("db", store.location());
            ArrayNode escalations = json.valueToTree(store.escalations(null, LIMIT));
            escalations.forEach(r -> Escalations.reword(r.path("escalation")));
            out.set("escalations", escalations);
            out.set("proposals", json.valueToTree(store.proposals().pending()));
            out.set("approvedNotApplied", json.valueToTree(store.proposals().approved()));
            return JsonOutput.print(out);
        }
    }
}
