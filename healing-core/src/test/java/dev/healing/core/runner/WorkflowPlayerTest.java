package dev.healing.core.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.BaselineStore;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.Image;
import dev.healing.api.InputInjector;
import dev.healing.api.MouseButton;
import dev.healing.api.Point;
import dev.healing.core.Healer;
import dev.healing.core.InMemoryStore;
import dev.healing.core.match.TemplateLocator;
import dev.healing.core.workflow.JsonWorkflowStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class WorkflowPlayerTest {
    private static final Point SEND = new Point(200, 150);
    private static final Point MOVED = new Point(420, 260);

    @TempDir
    Path dir;

    private final AtomicReference<Image> screen = new AtomicReference<>(Screens.withButton(SEND));
    private final List<String> input = new ArrayList<>();
    private final List<Duration> slept = new ArrayList<>();
    private final BaselineStore baselines = new InMemoryStore().baselines();

    /** Records what the player sends; the pointer parks are kept apart from clicks. */
    private final InputInjector recorder = new InputInjector() {
        @Override
        public void move(Point point) {
            input.add("move " + point);
        }

        @Override
        public void press(MouseButton button) {
            input.add("press " + button);
        }

        @Override
        public void release(MouseButton button) {
            input.add("release " + button);
        }

        @Override
        public void scroll(int notches) {
            input.add("scroll " + notches);
        }

        @Override
        public void type(String text) {
            input.add("type " + text);
        }

        @Override
        public void keys(String combination) {
            input.add("keys " + combination);
        }
    };

    private WorkflowPlayer player(String json) throws Exception {
        Files.writeString(dir.resolve("send.json"), json);
        JsonWorkflowStore workflows = JsonWorkflowStore.inDirectory(dir);
        return WorkflowPlayer.builder().screen(screen::get).input(recorder).workflows(workflows)
                .baselines(baselines).parkingSpot(new Point(639, 399)).sleeper(slept::add)
                .healer(v -> Healer.builder().screen(screen::get).locator(TemplateLocator.create())
                        .baselines(baselines).workflows(workflows).verifier(v).sleeper(d -> { }).build())
                .build();
    }

    private List<String> clicks() {
        return input.stream().filter(s -> !s.startsWith("move")).toList();
    }

    @Test
    void play_everyStepType_sendsTheInputInOrderAndParksBeforeChecks() throws Exception {
        WorkflowPlayer player = player("""
                {"actions": [
                  {"type": "click", "x": 200, "y": 150, "wait_after": 0.25},
                  {"type": "type", "text": "hello"},
                  {"type": "key", "keys": "ctrl+a"},
                  {"type": "wait", "seconds": 1.5},
                  {"type": "right_click", "x": 200, "y": 150}
                ]}
                """);
        assertEquals(PlayResult.Status.FINISHED, player.record("send").status());
        input.clear();

        PlayResult r = player.play("send");

        assertEquals(PlayResult.Status.FINISHED, r.status(), r.toString());
        assertEquals(List.of("press LEFT", "release LEFT", "type hello", "keys ctrl+a", "press RIGHT",
                "release RIGHT"), clicks());
        assertEquals("move (639, 399)", input.get(0), "parked before the first check");
        assertTrue(slept.contains(Duration.ofMillis(250)) && slept.contains(Duration.ofMillis(1500)), slept.toString());
    }

    @Test
    void play_sensitiveStepMoved_stopsWithAProposalAndNeverClicks_approveAppliesToTheFileOnly() throws Exception {
        WorkflowPlayer player = player("""
                {"actions": [{"type": "click", "x": 200, "y": 150, "description": "Publish", "sensitive": true}]}
                """);
        player.record("send");
        input.clear();
        screen.set(Screens.withButton(MOVED));

        PlayResult stopped = player.play("send");
        String proposal = stopped.stop().orElseThrow().heal().orElseThrow().proposalId().orElseThrow();
        HealResult approved = player.guard().healer().approve(proposal);

        assertEquals(PlayResult.Status.STOPPED, stopped.status());
        assertEquals(HealStatus.PENDING_APPROVAL, stopped.stop().get().heal().get().status());
        assertEquals(HealStatus.HEALED, approved.status(), approved.toString());
        assertEquals(List.of(), clicks(), "a sensitive step is never clicked to verify");
        Point healed = approved.newPoint().orElseThrow();
        assertTrue(healed.distanceTo(MOVED) <= 3, healed.toString());
        assertTrue(Files.readString(dir.resolve("send.json")).contains("\"x\": " + healed.x()));

        PlayResult again = player.play("send");

        assertEquals(PlayResult.Status.FINISHED, again.status(), again.toString());
        assertEquals(List.of("press LEFT", "release LEFT"), clicks());
        assertTrue(input.contains("move " + healed), input.toString());
    }

    @Test
    void play_darkThemeOverTheWholeWorkflow_healsEveryStepOnceInOnePassAndRebaselines() throws Exception {
        Point second = new Point(400, 120);
        screen.set(Screens.withButtons(SEND, second));
        WorkflowPlayer player = player("""
                {"actions": [
                  {"type": "click", "x": 200, "y": 150},
                  {"type": "type", "text": "x"},
                  {"type": "click", "x": 400, "y": 120}
                ]}
                """);
        player.record("send");
        String file = Files.readString(dir.resolve("send.json"));
        input.clear();
        screen.set(Screens.dark(screen.get()));

        PlayResult r = player.play("send");

        assertEquals(PlayResult.Status.FINISHED, r.status(), r.toString());
        assertEquals(List.of(2, 0), r.heals().stream().map(HealResult::stepIndex).toList(), "innermost first");
        for (HealResult h : r.heals()) {
            assertEquals(HealStatus.HEALED, h.status());
            assertEquals(h.oldPoint(), h.newPoint(), "restyled in place");
        }
        assertEquals(List.of("press LEFT", "release LEFT", "type x", "press LEFT", "release LEFT"), clicks(),
                "each step played once, inside the verifying re-runs");
        assertEquals(screen.get().cropAround(SEND, 100, 100), baselines.current("send", 0).orElseThrow().crop());
        assertEquals(screen.get().cropAround(second, 100, 100), baselines.current("send", 2).orElseThrow().crop());
        assertEquals(file, Files.readString(dir.resolve("send.json")), "an in-place heal moves nothing");
    }

    @Test
    void play_badStep_stopsWithTheFileAndStepInTheReason() throws Exception {
        WorkflowPlayer player = player("""
                {"actions": [{"type": "type"}]}
                """);

        PlayResult r = player.play("send");

        assertEquals(PlayResult.Status.STOPPED, r.status());
        assertTrue(r.stop().get().reason().contains("step 0") && r.stop().get().reason().contains("text"),
                r.stop().get().reason());
        assertEquals(List.of(), input);
    }

    @Test
    void play_leftOverMarkFromDeadWriter_restoredBeforeTheFirstClick() throws Exception {
        WorkflowPlayer player = player("""
                {"actions": [{"type": "click", "x": 200, "y": 150, "description": "Send"}]}
                """);
        player.record("send");
        input.clear();
        // a heal moved the step to a rejected point, then its process died before commit or rollback
        Files.writeString(dir.resolve("send.json"), """
                {"actions": [{"type": "click", "x": 420, "y": 260, "description": "Send",
                  "_healing_provisional": true,
                  "_healing_history": [{"timestamp": "2026-01-01T00:00:00Z", "old_x": 200, "old_y": 150,
                    "new_x": 420, "new_y": 260, "reason": "heal", "backup": "send.gone.json",
                    "writer": "2147483646@1"}]}]}
                """);

        PlayResult r = player.play("send");

        assertEquals(PlayResult.Status.FINISHED, r.status(), r.toString());
        assertEquals(List.of("move (200, 150)", "press LEFT", "release LEFT"),
                input.stream().filter(s -> !s.equals("move (639, 399)")).toList());
        String file = Files.readString(dir.resolve("send.json"));
        assertTrue(!file.contains("_healing_provisional"), file);
    }

    @Test
    void play_markThatCannotBeRestored_stopsLoudlyWithNothingClicked() throws Exception {
        WorkflowPlayer player = player("""
                {"actions": [{"type": "click", "x": 900, "y": 900, "_healing_provisional": true}]}
                """);

        for (PlayResult r : List.of(player.play("send"), player.record("send"))) {
            assertEquals(PlayResult.Status.STOPPED, r.status());
            String reason = r.stop().orElseThrow().reason();
            assertTrue(reason.contains("left-over provisional mark not restored, nothing clicked"), reason);
        }
        assertEquals(List.of(), clicks());
        assertTrue(baselines.current("send", 0).isEmpty(), "nothing recorded");
    }
}
