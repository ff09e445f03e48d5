package dev.healing.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** Caps heals per workflow: per run and per rolling hour. Thread-safe. */
final class HealRateLimits {
    private static final Duration HOUR = Duration.ofHours(1);

    private final int perRun;
    private final int perHour;
    private final Map<String, Integer> runs = new HashMap<>();
    private final Map<String, Deque<Instant>> hours = new HashMap<>();

    HealRateLimits(int perRun, int perHour) {
        this.perRun = perRun;
        this.perHour = perHour;
    }

    /** Counts one heal unless a limit is reached; returns {@code null} when allowed, else why not. */
    synchronized String tryAcquire(String workflowId, String runId, Instant now) {
        String runKey = workflowId + "\u0000" + (runId == null ? "" : runId);
        int inRun = runs.getOrDefault(runKey, 0);
        if (perRun != HealerBuilder.NO_LIMIT && inRun >= perRun) {
            return "heal limit reached: " + inRun + " heals of " + workflowId + " in this run (max " + perRun + ")";
        }
        Deque<Instant> recent = hours.computeIfAbsent(workflowId, id -> new ArrayDeque<>());
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(HOUR))) {
            recent.removeFirst();
        }
        if (perHour != HealerBuilder.NO_LIMIT && recent.size() >= perHour) {
            return "heal limit reached: " + recent.size() + " heals of " + workflowId + " in the last hour (max "
                    + perHour + ")";
        }
        // Unlimited counters are not kept, so a healer without limits holds no per-heal state.
        if (perRun != HealerBuilder.NO_LIMIT) {
            runs.put(runKey, inRun + 1);
        }
        if (perHour != HealerBuilder.NO_LIMIT) {
            recent.addLast(now);
        }
        return null;
    }
}
