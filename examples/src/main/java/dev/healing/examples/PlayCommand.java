package dev.healing.examples;

import dev.healing.api.HealingStore;
import dev.healing.api.InputInjector;
import dev.healing.core.Healer;
import dev.healing.core.HealerBuilder;
import dev.healing.core.hid.AbsoluteScale;
import dev.healing.core.hid.HidGadget;
import dev.healing.core.hid.HidInputInjector;
import dev.healing.core.match.TemplateLocator;
import dev.healing.core.match.TextLocator;
import dev.healing.core.runner.PlayResult;
import dev.healing.core.runner.WorkflowPlayer;
import dev.healing.core.vnc.VncClient;
import dev.healing.core.workflow.JsonWorkflowStore;
import dev.healing.vision.openrouter.OpenRouterVisionLocator;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code play WORKFLOW.json --vnc HOST:PORT [--password P] --db FILE [--hid-mouse DEV --hid-keyboard DEV
 * --screen WxH] [--vision-endpoint URL --vision-model ID [--vision-key K] [--vision-profile NAME]]}: plays
 * the workflow, checks every click step, heals and goes on. One JSON line per step, then a status
 * line with {@code FINISHED} or {@code STOPPED}; exit 0 only for FINISHED. {@code --vision-profile}
 * forces the vision model's profile (as in {@code eval-corpus}). The healer holds the store's lock
 * for each heal, so runners sharing a PostgreSQL store make one fix of a step, not two. With a
 * vision model, what calibration found is kept in the store and printed on stderr at the end.
 */
final class PlayCommand implements Command {
    @Override
    public String usage() {
        return "play WORKFLOW.json --vnc HOST:PORT [--password P] --db FILE [--hid-mouse DEV --hid-keyboard DEV"
                + " --screen WxH] [--vision-endpoint URL --vision-model ID [--vision-key K] [--vision-profile NAME]]";
    }

    @Override
    public int run(List<String> args) {
        Args a = Args.parse(args, List.of("--vnc", "--password", "--db", "--hid-mouse", "--hid-keyboard", "--screen",
                "--vision-endpoint", "--vision-model", "--vision-key", "--vision-profile"), List.of(), 1, 1);
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
        if (a.option("--vision-profile") != null && endpoint == null) {
            throw new UsageException("--vision-profile needs --vision-endpoint and --vision-model");
        }
        OpenRouterVisionLocator vision = endpoint == null ? null
                : vision(endpoint, model, a.option("--vision-key"), a.option("--vision-profile"));
        VncClient.Builder vncBuilder = VncCommands.builder(vncAddress, a.option("--password"));
        JsonWorkflowStore workflows = JsonWorkflowStore.inDirectory(file.directory());
        try (HealingStore store = RunnerCommands.openStore(a.option("--db"));
             VncClient vnc = vncBuilder.connect();
             HidInputInjector hidInput = hid ? HidInputInjector.builder().device(HidGadget.builder()
                     .mouse(Path.of(mouse)).keyboard(Path.of(keyboard)).build()).screen(scale).build() : null) {
            InputInjector input = hid ? hidInput : vnc;
            // Calibration is kept in the store: a later play over the same --db does not calibrate again.
            OpenRouterVisionLocator kept = vision == null ? null : vision.withCalibrations(store.calibrations());
            WorkflowPlayer player = WorkflowPlayer.builder().screen(vnc).input(input).workflows(workflows).store(store)
                    .runner("play").listener(e -> RunnerCommands.printEvent(System.out, e))
                    .healer(v -> {
                        // store(...) also makes each heal hold the store's lock for its step (fleet-wide on PostgreSQL)
                        HealerBuilder b = Healer.builder().screen(vnc).store(store).workflows(workflows).verifier(v)
                                .locator(TemplateLocator.create())
                                .locator(TextLocator.create());   // local OCR, free: before any model
                        if (kept != null) {
                            b.locator(kept);
                        }
                        return b.build();
                    })
                    .build();
            PlayResult r = player.play(file.id());
            RunnerCommands.printResult(System.out, r);
            if (kept != null) {
                System.err.println("vision: " + kept.profile() + "; " + kept.calibrationSummary());
            }
            return r.finished() ? 0 : 1;
        }
    }

    /** The vision locator, built before connecting so a bad profile name is a usage error. */
    private static OpenRouterVisionLocator vision(String endpoint, String model, String key, String profile) {
        try {
            OpenRouterVisionLocator.Builder b = OpenRouterVisionLocator.builder().baseUrl(endpoint).model(model);
            if (key != null) {
                b.apiKey(key);
            }
            if (profile != null) {
                b.profile(profile);
            }
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UsageException(e.getMessage());
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
