package dev.healing.examples;

import dev.healing.api.HealResult;
import dev.healing.core.InMemoryBaselineStore;
import dev.healing.core.InMemoryHealingMemory;
import dev.healing.core.report.HealResultJson;
import dev.healing.examples.demo.Demo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code demo}: heals a moved button in an embedded virtual desktop; no network, no keys. */
final class DemoCommand implements Command {
    @Override
    public String usage() {
        return "demo [--db FILE]";
    }

    @Override
    public int run(List<String> args) throws Exception {
        Args a = Args.parse(args, List.of("--db"), List.of(), 0, 0);
        Path work = Files.createTempDirectory("healing-demo-");
        Demo.Outcome outcome = Demo.run(work, new InMemoryBaselineStore(), new InMemoryHealingMemory(), System.out);
        HealResult heal = outcome.heal();
        if (heal != null) {
            System.out.println(HealResultJson.toJson(heal));
        } else {
            System.out.println("{\"status\":\"NOT_NEEDED\"}");
        }
        return outcome.healed() ? 0 : 1;
    }
}
