package dev.healing.core.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.BaselineStore;
import dev.healing.api.CaptureException;
import dev.healing.api.HealStatus;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.VerificationResult;
import dev.healing.api.VerificationTrial;
import dev.healing.api.Verifier;
import dev.healing.core.Healer;
import dev.healing.core.InMemoryStore;
import dev.healing.core.match.TemplateLocator;
import dev.healing.core.workflow.JsonWorkflowStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class StepGuardTest {
    private static final String WF = "send";
    private static final Point SEND = new Point(200, 150);
    private static final Point MOVED = new Point(420, 260);

    @TempDir
    Path dir;

    private final AtomicReference<Image> screen = new AtomicReference<>(Screens.withButton(SEND));
    private final BaselineStore baselines = new InMemoryStore().baselines();
    private final RecordingRunLog runs = new RecordingRunLog();
    private final List<VerificationTrial> trials = new ArrayList<>();
    private VerificationResult verdict = VerificationResult.succeeded();
    private JsonWorkflowStore workflows;

    @BeforeEach
    void workflow() throws Exception {
        Files.writeString(dir.resolve(WF + ".json"), """
                {"actions": [
                  {"type": "click", "x": 200, "y": 150, "description": "Send"},
                  {"type": "type", "text": "done"}
                ]}
                """);
        workflows = JsonWorkflowStore.inDirectory(dir);
    }

    private StepGuard guard(boolean enabled) {
        Verifier verifier = new Verifier() {
            @Override
            public VerificationResult runFrom(String workflowId, int stepIndex) {
                throw new AssertionError("the healer must call verify(trial)");
            }

            @Override
            public VerificationResult verify(VerificationTrial trial) {
                trials.add(trial);
                return verdict;
            }
        };
        Healer healer = Healer.builder().screen(screen::get).locator(TemplateLocator.create()).baselines(baselines)
                .workflows(workflows).verifier(verifier).sleeper(d -> { }).enabled(enabled).build();
        return StepGuard.builder().healer(healer).workflows(workflows).baselines(baselines).runs(runs)
                .screen(screen::get).build();
    }

    @Test
    void check_stepLooksAsRecorded_clicksAtItsPointAndRecordsThePass() {
        StepGuard guard = guard(true);
        guard.record(WF, 0, screen.get());
        GuardRun run = guard.start(WF);

        StepAnswer a = run.check(0);
        run.finish();

        assertEquals(new StepAnswer.Click(0, SEND), a);
        assertEquals(1, runs.steps.size());
        assertTrue(runs.steps.get(0).passed());
        assertTrue(runs.steps.get(0).similarity() > 0.95, "similarity " + runs.steps.get(0).similarity());
        assertEquals(List.of(new RecordingRunLog.Finished(1, true, -1)), runs.finished);
    }

    @Test
    void check_buttonMoved_waitsOnceThenHealsAndTellsTheVerifierTheCandidate() throws Exception {
        StepGuard guard = guard(true);
        guard.record(WF, 0, screen.get());
        screen.set(Screens.withButton(MOVED));
        GuardRun run = guard.start(WF);

        StepAnswer first = run.check(0);
        StepAnswer second = run.check(0);

        assertInstanceOf(StepAnswer.Wait.class, first);
        StepAnswer.Done done = assertInstanceOf(StepAnswer.Done.class, second, second.toString());
        assertEquals(HealStatus.HEALED, done.heal().status());
        assertTrue(done.heal().newPoint().orElseThrow().distanceTo(MOVED) <= 3, "healed to " + done.heal().newPoint());
        assertEquals(1, trials.size());
        VerificationTrial trial = trials.get(0);
        assertEquals(SEND, trial.oldPoint());
        assertEquals(done.heal().newPoint().orElseThrow(), trial.candidate());
        assertEquals(screen.get().cropAround(trial.candidate(), 100, 100), trial.provisionalBaseline().orElseThrow());
        assertEquals(2, runs.steps.stream().filter(s -> !s.passed()).count());
        assertEquals(1, run.heals().size());
        assertTrue(Files.readString(workflows.fileOf(WF)).contains("\"x\": " + done.heal().newPoint().orElseThrow().x()));
    }

    @Test
    void check_healedButALaterStepFails_continuesThere() {
        verdict = VerificationResult.failedAt(1, 0.2);
        StepGuard guard = guard(true);
        guard.record(WF, 0, screen.get());
        screen.set(Screens.withButton(MOVED));
        GuardRun run = guard.start(WF);

        run.check(0);
        StepAnswer a = run.check(0);

        StepAnswer.ContinueAt c = assertInstanceOf(StepAnswer.ContinueAt.class, a, a.toString());
        assertEquals(1, c.next());
        assertEquals(HealStatus.PARTIAL, c.heal().status());
    }

    @Test
    void check_elementGone_stopsWithReasonAndLeavesTheFile() throws Exception {
        StepGuard guard = guard(true);
        guard.record(WF, 0, screen.get());
        String before = Files.readString(workflows.fileOf(WF));
        screen.set(Screens.withoutButton());
        GuardRun run = guard.start(WF);

        run.check(0);
        StepAnswer a = run.check(0);
        run.finish();

        StepAnswer.Stop stop = assertInstanceOf(StepAnswer.Stop.class, a, a.toString());
        assertEquals(0, stop.step());
        assertFalse(stop.reason().isBlank());
        assertEquals(before, Files.readString(workflows.fileOf(WF)));
        assertEquals(List.of(new RecordingRunLog.Finished(1, false, 0)), runs.finished);
    }

    @Test
    void check_withoutBaseline_stopsAndSaysToRecord() {
        StepAnswer a = guard(true).start(WF).check(0);

        StepAnswer.Stop stop = assertInstanceOf(StepAnswer.Stop.class, a);
        assertTrue(stop.suggestion().contains("Record"), stop.suggestion());
    }

    @Test
    void check_healerDisabled_stopsInsteadOfWaitingForever() {
        StepGuard guard = guard(false);
        guard.record(WF, 0, screen.get());
        screen.set(Screens.withButton(MOVED));

        StepAnswer a = guard.start(WF).check(0);

        assertTrue(assertInstanceOf(StepAnswer.Stop.class, a).reason().contains("disabled"));
    }

    @Test
    void check_screenCannotBeRead_waitsBoundedThenStops() {
        StepGuard guard = guard(true);
        guard.record(WF, 0, screen.get());
        StepGuard broken = StepGuard.builder().healer(guard.healer()).workflows(workflows).baselines(baselines)
                .screen(() -> {
                    throw new CaptureException("connection reset");
                }).maxTransientWaits(2).build();
        GuardRun run = broken.start(WF);

        List<StepAnswer> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(run.check(0));
        }

        assertInstanceOf(StepAnswer.Wait.class, answers.get(0));
        assertInstanceOf(StepAnswer.Wait.class, answers.get(1));
        assertTrue(assertInstanceOf(StepAnswer.Stop.class, answers.get(2)).reason().contains("connection reset"));
    }

    @Test
    void check_stepWithoutPointOrUnknownStep_stopsWithoutThrowing() {
        GuardRun run = guard(true).start(WF);

        assertInstanceOf(StepAnswer.Stop.class, run.check(1));
        assertTrue(assertInstanceOf(StepAnswer.Stop.class, run.check(7)).reason().contains("7"));
    }

    @Test
    void record_wrongCropSizeOrPointOutsideTheFrame_isAClearError() {
        StepGuard guard = guard(true);
        Image frame = screen.get();

        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> guard.record(WF, 0, SEND, Image.filled(80, 100, 0), frame));
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> guard.record(WF, 0, new Point(700, 10), frame));
        IllegalArgumentException noPoint = assertThrows(IllegalArgumentException.class,
                () -> guard.record(WF, 1, frame));

        assertTrue(size.getMessage().contains("80x100") && size.getMessage().contains("100x100"), size.getMessage());
        assertTrue(outside.getMessage().contains("(700, 10)") && outside.getMessage().contains("640x400"),
                outside.getMessage());
        assertTrue(noPoint.getMessage().contains("no point"), noPoint.getMessage());
        assertTrue(baselines.current(WF, 0).isEmpty(), "nothing stored");
    }

    @Test
    void record_fromAFrame_storesCropFrameAndPoint() {
        StepGuard guard = guard(true);

        var b = guard.record(WF, 0, screen.get());

        assertEquals(SEND, b.point());
        assertEquals(100, b.crop().width());
        assertEquals(screen.get(), b.frame());
        assertEquals(b, baselines.current(WF, 0).orElseThrow());
    }

    @Test
    void builder_missingSettings_namesEachOne() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StepGuard.builder().build());
        for (String name : List.of("healer(", "workflows(", "baselines(")) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }
}
