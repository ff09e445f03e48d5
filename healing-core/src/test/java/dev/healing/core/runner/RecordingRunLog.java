package dev.healing.core.runner;

import dev.healing.api.RunLog;
import java.util.ArrayList;
import java.util.List;

/** A run log that keeps what it was told, for assertions. */
final class RecordingRunLog implements RunLog {
    record StepRun(String workflowId, int step, double similarity, boolean passed) {
    }

    record Finished(long runId, boolean passed, int failedAtStep) {
    }

    final List<String> started = new ArrayList<>();
    final List<StepRun> steps = new ArrayList<>();
    final List<Finished> finished = new ArrayList<>();

    @Override
    public synchronized long startRun(String workflowId, String runner) {
        started.add(workflowId);
        return started.size();
    }

    @Override
    public synchronized void recordStepRun(String workflowId, int stepIndex, double similarity, boolean passed) {
        steps.add(new StepRun(workflowId, stepIndex, similarity, passed));
    }

    @Override
    public synchronized void finishRun(long runId, boolean passed, int failedAtStep) {
        finished.add(new Finished(runId, passed, failedAtStep));
    }
}
