package dev.healing.examples;

import dev.healing.api.HealResult;
import dev.healing.core.report.HealResultJson;
import dev.healing.examples.demo.Demo;
import dev.healing.api.store.OperationsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code demo [--db FILE|URL]}: heals a moved button in an embedded virtual desktop; no network, no
 * keys. Baselines, memory and the heal log go to a SQLite file (a temporary one unless
 * {@code --db} names one) or a PostgreSQL namespace ({@code --db postgresql://...}); run it twice
 * on one store, from one machine or two, and the second heal comes from memory.
 */
final class DemoCommand implements Command {
    @Override
    public String usage() {
        return "demo [--db FILE|URL]";
    }

    @Override
    public int run(List<String> args) throws Exception {
        Args a = Args.parse(args, List.of("--db"), List.of(), 0, 0);
        Path work = Files.createTempDirectory("healing-demo-");
        String db = a.option("--db") != null ? a.option("--db") : work.resolve("healing.db").toString();
        Demo.Outcome outcome;
        try (OperationsStore store = StoreOpener.open(db, true)) {
            System.out.println("[store] " + store.location());
            outcome = Demo.run(work, store.baselines(), store.memory(), List.of(store.log()), System.out);
        }
        HealResult heal = outcome.heal();
        if (heal == null) {
            System.out.println("{\"status\":\"NOT_NEEDED\"}");
            return 1;
        }
        if (heal.locator().filter("memory"::equals).isPresent()) {
            System.out.printf("[memory] healed from memory: %d template searches, %d model calls%n",
                    outcome.templateSearches(), heal.cost().calls());
        }
        System.out.println(HealResultJson.toJson(heal));
        return outcome.healed() ? 0 : 1;
    }
}
