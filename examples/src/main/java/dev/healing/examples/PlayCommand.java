package dev.healing.examples;

import dev.healing.api.HealingStore;
import dev.healing.api.InputInjector;
import dev.healing.core.Healer;
import dev.healing.core.HealerBuilder;
import dev.healing.core.hid.AbsoluteScale;
import dev.healing.core.hid.HidGadget;
import dev.healing.core.hid.HidInputInjector;
import dev.healing.core.match.TemplateLocator;
import dev.healing.core.runner.PlayResult;
import dev.healing.core.runner.WorkflowPlayer;
import dev.healing.core.vnc.VncClient;
import dev.healing.core.workflow.JsonWorkflowStore;
import dev.healing.vision.openrouter.OpenRouterVisionLocator;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code play WORKFLOW.json --vnc HOST:PORT [--password P] --db FILE [--hid-mouse DEV --hid-keyboard DEV
 * --screen WxH] [--vision-endpoint URL --vision-model ID [--vision-key K]]}: plays the workflow,
 * checks every click step, heals and goes on. One JSON line per step, then a status line with
 * {@code FINISHED} or {@code STOPPED}; exit 0 only for FINISHED.
 */
final class PlayCommand implements Command {
    @Override
    public String usage() {
        return "play WORKFLOW.json --vnc HOST:PORT [--password P] --db FILE [--hid-mouse DEV --hid-keyboard DEV"
                + " --screen WxH] [--vision-endpoint URL --vision-model ID [--vision-key K]]";
    }

    @Override
    public int run(List<String> args) {
        Args a = Args.parse(args, List.of("--vnc", "--password", "--db", "--hid-mouse", "--hid-keyboard", "--screen",
                "--vision-endpoint", "--vision-model", "--vision-key"), List.of(), 1, 1);
        RunnerCommands.WorkflowFile file = RunnerCommands.WorkflowFile.of(a.positional(0));
        String vncAddress = a.option("--vnc");
        if (vncAddress == null) {
            throw new UsageException("--vnc HOST:PORT is required");
        }
        String mouse = a.option("--hid-mouse");
        String keyboard = a.option("--hid-keyboard");
        String screenSize = a.option("--screen");
        boolean hid = mouse != null || keyboard != null || screenSize != null;
        if (hid && (mouse == null || keyboard == null || screenSize == null)) {
            throw new UsageException("HID input needs all of --hid-mouse DEV --hid-keyboard DEV --screen WxH");
        }
        AbsoluteScale scale = hid ? scale(screenSize) : null;
        String endpoint = a.option("--vision-endpoint");
        String model = a.option("--vision-model");
        if ((endpoint == null) != (model == null) || (a.option("--vision-key") != null && endpoint == null)) {
            throw new UsageException("a vision locator needs both --vision-endpoint URL and --vision-model ID");
        }
        VncClient.Builder vncBuilder = VncCommands.builder(vncAddress, a.option("--password"));
        JsonWorkflowStore workflows = JsonWorkflowStore.inDirectory(file.directory());
        try (HealingStore store = RunnerCommands.openStore(a.option("--db"));
             VncClient vnc = vncBuilder.connect();
             HidInputInjector hidInput = hid ? HidInputInjector.builder().device(HidGadget.builder()
                     .mouse(Path.of(mouse)).keyboard(Path.of(keyboard)).build()).screen(scale).build() : null) {
            InputInjector input = hid ? hidInput : vnc;
            WorkflowPlayer player = WorkflowPlayer.builder().screen(vnc).input(input).workflows(workflows).store(store)
                    .runner("play").listener(e -> RunnerCommands.printEvent(System.out, e))
                    .healer(v -> {
                        HealerBuilder b = Healer.builder().screen(vnc).baselines(store.baselines())
                                .memory(store.memory()).proposals(store.proposals()).trust(store.trust())
                                .listener(store.log()).workflows(workflows).verifier(v)
                                .locator(TemplateLocator.create());
                        if (endpoint != null) {
                            OpenRouterVisionLocator.Builder vision = OpenRouterVisionLocator.builder()
                                    .baseUrl(endpoint).model(model);
                            if (a.option("--vision-key") != null) {
                                vision.apiKey(a.option("--vision-key"));
                            }
                            b.locator(vision.build());
                        }
                        return b.build();
                    })
                    .build();
            PlayResult r = player.play(file.id());
            RunnerCommands.printResult(System.out, r);
            return r.finished() ? 0 : 1;
        }
    }

    private static AbsoluteScale scale(String text) {
        try {
            return AbsoluteScale.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
