package dev.healing.examples;

import dev.healing.api.HealingStore;
import dev.healing.core.Healer;
import dev.healing.core.match.TemplateLocator;
import dev.healing.core.runner.PlayResult;
import dev.healing.core.runner.WorkflowPlayer;
import dev.healing.core.vnc.VncClient;
import dev.healing.core.workflow.JsonWorkflowStore;
import java.util.List;

/**
 * {@code record WORKFLOW.json --vnc HOST:PORT [--password P] --db FILE}: plays the workflow on the
 * current UI (input over VNC) and stores each click step's baseline. One JSON line per step, then
 * the status line; exit 0 only when every step was recorded.
 */
final class RecordCommand implements Command {
    @Override
    public String usage() {
        return "record WORKFLOW.json --vnc HOST:PORT [--password P] --db FILE";
    }

    @Override
    public int run(List<String> args) {
        Args a = Args.parse(args, List.of("--vnc", "--password", "--db"), List.of(), 1, 1);
        RunnerCommands.WorkflowFile file = RunnerCommands.WorkflowFile.of(a.positional(0));
        String vncAddress = a.option("--vnc");
        if (vncAddress == null) {
            throw new UsageException("--vnc HOST:PORT is required");
        }
        VncClient.Builder vncBuilder = VncCommands.builder(vncAddress, a.option("--password"));
        JsonWorkflowStore workflows = JsonWorkflowStore.inDirectory(file.directory());
        try (HealingStore store = RunnerCommands.openStore(a.option("--db"));
             VncClient vnc = vncBuilder.connect()) {
            WorkflowPlayer player = WorkflowPlayer.builder().screen(vnc).input(vnc).workflows(workflows).store(store)
                    .runner("record").listener(e -> RunnerCommands.printEvent(System.out, e))
                    .healer(v -> Healer.builder().screen(vnc).baselines(store.baselines()).workflows(workflows)
                            .locator(TemplateLocator.create()).verifier(v).enabled(false).build())
                    .build();
            PlayResult r = player.record(file.id());
            RunnerCommands.printResult(System.out, r);
            return r.finished() ? 0 : 1;
        }
    }
}
