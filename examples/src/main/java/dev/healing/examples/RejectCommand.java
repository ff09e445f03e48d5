package dev.healing.examples;

import dev.healing.api.store.OperationsStore;
import dev.healing.api.Proposal;
import java.util.List;
import java.util.Map;

/**
 * {@code reject --db FILE|URL ID [--note TEXT]}: a person rejects a pending (or approved, not yet
 * applied) proposal: nothing is applied and the workflow's trust falls. Prints the proposal as
 * JSON. Exit 1 when there is no such proposal or it is already resolved.
 */
final class RejectCommand implements Command {
    @Override
    public String usage() {
        return "reject --db FILE|URL ID [--note TEXT]";
    }

    @Override
    public int run(List<String> args) throws Exception {
        Args a = Args.parse(args, List.of("--db", "--note"), List.of(), 1, 1);
        String db = StoreJson.db(a);
        try (OperationsStore store = StoreOpener.open(db)) {
            Proposal p = store.reject(a.positional(0), a.option("--note", "rejected"));
            return JsonOutput.print(this, true, Map.of("proposal", p));
        }
    }
}
