package dev.healing.examples;

import dev.healing.api.store.OperationsStore;
import dev.healing.api.Proposal;
import java.util.List;
import java.util.Map;

/**
 * {@code approve --db FILE|URL ID}: a person approves a pending proposal in a SQLite store. The
 * proposal becomes APPROVED; the runner's healer (on the same file) applies it on its next heal of
 * that step, backed up and verified exactly like an automatic heal, without locating again. Prints
 * the proposal as JSON. Exit 1 when there is no such proposal or it is not pending.
 */
final class ApproveCommand implements Command {
    @Override
    public String usage() {
        return "approve --db FILE|URL ID";
    }

    @Override
    public int run(List<String> args) throws Exception {
        Args a = Args.parse(args, List.of("--db"), List.of(), 1, 1);
        String db = StoreJson.db(a);
        try (OperationsStore store = StoreOpener.open(db)) {
            Proposal p = store.approve(a.positional(0));
            return JsonOutput.print(this, true, Map.of("proposal", p));
        }
    }
}
