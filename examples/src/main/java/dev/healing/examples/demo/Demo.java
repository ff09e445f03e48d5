package dev.healing.examples.demo;

import dev.healing.api.BaselineStore;
import dev.healing.api.HealResult;
import dev.healing.api.HealListener;
import dev.healing.api.HealingMemory;
import dev.healing.api.ProposalStore;
import dev.healing.api.SimilarityScorer;
import dev.healing.api.TrustLedger;
import dev.healing.api.Verifier;
import dev.healing.core.Healer;
import dev.healing.core.HealerBuilder;
import dev.healing.core.match.SimilarityScorers;
import dev.healing.core.match.TemplateLocator;
import dev.healing.core.runner.PlayEvent;
import dev.healing.core.runner.PlayResult;
import dev.healing.core.runner.WorkflowPlayer;
import dev.healing.core.workflow.JsonWorkflowStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The demo end to end: record a workflow on release 1 of a mail app, ship release 2 (the Sign in
 * button moved), and play the workflow with the reference player: the guard checks every click
 * step, heals the moved one, and the verifying re-run finishes the workflow.
 */
public final class Demo {
    /** The demo workflow's id (and file name, {@code mail-send.json}). */
    public static final String WORKFLOW = "mail-send";

    static final String WORKFLOW_JSON = """
            {
              "name": "Send the weekly report",
              "recorded_with": "runner 2.3",
              "actions": [
                {"type": "click", "x": 960, "y": 392, "description": "Click the Username field", "wait_after": 0.5},
                {"type": "type", "text": "alice", "description": "Type the user name"},
                {"type": "click", "x": 960, "y": 472, "description": "Click the Password field", "wait_after": 0.5},
                {"type": "type", "text": "correct horse battery staple", "description": "Type the password"},
                {"type": "click", "x": 960, "y": 564, "description": "Click the Sign in button", "wait_after": 2.0},
                {"type": "click", "x": 485, "y": 213, "description": "Click Compose", "wait_after": 1.0},
                {"type": "click", "x": 960, "y": 390, "description": "Click the Subject field"},
                {"type": "type", "text": "Weekly report", "description": "Type the subject"},
                {"type": "click", "x": 1200, "y": 702, "description": "Click Send", "sensitive": true}
              ]
            }
            """;

    /**
     * What happened.
     *
     * @param heal             the heal's result, or {@code null} when nothing needed healing
     * @param finished         whether the workflow reached its end (the message was sent)
     * @param templateSearches how often template matching ran
     * @param workflowFile     the workflow file the healer rewrote
     */
    public record Outcome(HealResult heal, boolean finished, int templateSearches, Path workflowFile) {
        /** @return whether the demo healed and finished its workflow */
        public boolean healed() {
            return finished && heal != null && heal.status() == dev.healing.api.HealStatus.HEALED;
        }
    }

    private Demo() {
    }

    /**
     * Runs the demo.
     *
     * @param workDir   where the workflow file and its backups are written
     * @param baselines where baselines are kept
     * @param memory    healing memory, shared across runs when persistent
     * @param listeners hear every heal (e.g. the SQLite store's heal log)
     * @param out       where the step-by-step story is printed
     */
    public static Outcome run(Path workDir, BaselineStore baselines, HealingMemory memory,
                              List<HealListener> listeners, PrintStream out) throws IOException {
        Files.createDirectories(workDir);
        Path file = workDir.resolve(WORKFLOW + ".json");
        Files.writeString(file, WORKFLOW_JSON);
        JsonWorkflowStore workflows = JsonWorkflowStore.inDirectory(workDir);
        SimilarityScorer similarity = SimilarityScorers.ncc();

        out.println("[record] release 1 of the mail app: playing " + WORKFLOW + " once and storing a 100x100"
                + " baseline per click");
        DemoDesktop recording = new DemoDesktop(new MailApp(1));
        player(recording, workflows, baselines, v -> plainHealer(recording, baselines, workflows, v), out)
                .record(WORKFLOW);

        out.println("[ship] release 2 is live: a \"Remember me\" row now sits where the Sign in button was");
        DemoDesktop desktop = new DemoDesktop(new MailApp(2));
        CountingLocator template = new CountingLocator(TemplateLocator.create());
        WorkflowPlayer player = player(desktop, workflows, baselines, verifier -> {
            HealerBuilder builder = Healer.builder();
            listeners.forEach(builder::listener);
            // A store that also keeps proposals and trust (the SQLite store) keeps them for approve/reject and report.
            if (baselines instanceof ProposalStore proposals) {
                builder.proposals(proposals);
            }
            if (baselines instanceof TrustLedger trust) {
                builder.trust(trust);
            }
            return builder.screen(desktop).similarity(similarity).memory(memory).locator(template)
                    .baselines(baselines).workflows(workflows).verifier(verifier).build();
        }, out);
        out.println("[run] playing " + file + " against release 2 with the guard at every click step");
        PlayResult played = player.play(WORKFLOW);
        HealResult heal = played.heals().isEmpty() ? null : played.heals().get(played.heals().size() - 1);
        if (heal != null) {
            out.printf("  healer: %s %s -> %s by %s (confidence %.2f, %s)%n", heal.status(),
                    heal.oldPoint().map(Object::toString).orElse("-"), heal.newPoint().map(Object::toString).orElse("-"),
                    heal.locator().orElse("-"), heal.confidence().orElse(0), heal.failureKind());
        }
        played.stop().ifPresent(s -> out.println("  stopped at step " + s.step() + ": " + s.reason()));
        boolean finished = played.finished() && desktop.app().screen() == MailApp.Screen.SENT;
        out.println(finished ? "[done] the weekly report was sent" : "[stopped] the workflow did not finish");
        return new Outcome(heal, finished, template.calls(), file);
    }

    /** The reference player on the virtual desktop; nothing there needs real waiting. */
    private static WorkflowPlayer player(DemoDesktop desktop, JsonWorkflowStore workflows, BaselineStore baselines,
                                         Function<Verifier, Healer> healer, PrintStream out) {
        return WorkflowPlayer.builder().screen(desktop).input(desktop).workflows(workflows).baselines(baselines)
                .sleeper(d -> { }).healer(healer).listener(e -> out.println(line(e))).build();
    }

    private static Healer plainHealer(DemoDesktop desktop, BaselineStore baselines, JsonWorkflowStore workflows,
                                      Verifier verifier) {
        return Healer.builder().screen(desktop).locator(TemplateLocator.create()).baselines(baselines)
                .workflows(workflows).verifier(verifier).build();
    }

    private static String line(PlayEvent e) {
        return String.format("%sstep %d %-6s %-9s%s%s", e.verifying() ? "  verify: " : "", e.step(), e.type(),
                e.outcome(), e.point() == null ? "" : " at " + e.point(), e.detail().isEmpty() ? "" : " (" + e.detail()
                + ")");
    }
}
