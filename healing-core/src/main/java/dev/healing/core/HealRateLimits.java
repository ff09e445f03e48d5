package dev.healing.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Caps applied heals per workflow: per explicit run and per rolling hour. A request without a
 * run id is never counted into a run (a healer shared by many runs never blocks a new one); the
 * hourly cap still applies. Bounded: at most {@link #MAX_TRACKED} runs and workflows are kept,
 * the least recently used forgotten first. Thread-safe.
 */
final class HealRateLimits {
    /** How many runs, and how many workflows, are tracked at most. */
    static final int MAX_TRACKED = 1024;
    private static final Duration HOUR = Duration.ofHours(1);

    private final int perRun;
    private final int perHour;
    private final Map<String, Integer> runs = lru();
    private final Map<String, Deque<Instant>> hours = lru();

    HealRateLimits(int perRun, int perHour) {
        this.perRun = perRun;
        this.perHour = perHour;
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_TRACKED;
            }
        };
    }

    private static String runKey(String workflowId, String runId) {
        return workflowId + "\u0000" + runId;
    }

    /** @return why a new heal of this workflow may not start now, or empty when it may */
    synchronized Optional<String> refusal(String workflowId, String runId, Instant now) {
        if (runId != null && perRun != HealerBuilder.NO_LIMIT) {
            int inRun = runs.getOrDefault(runKey(workflowId, runId), 0);
            if (inRun >= perRun) {
                return Optional.of("heal limit reached: " + inRun + " heals of " + workflowId + " in run " + runId
                        + " (max " + perRun + ")");
            }
        }
        if (perHour != HealerBuilder.NO_LIMIT) {
            Deque<Instant> recent = hours.get(workflowId);
            if (recent != null) {
                prune(recent, now);
                if (recent.size() >= perHour) {
                    return Optional.of("heal limit reached: " + recent.size() + " heals of " + workflowId
                            + " in the last hour (max " + perHour + ")");
                }
            }
        }
        return Optional.empty();
    }

    /** Counts one applied heal (HEALED or PARTIAL) of this workflow. */
    synchronized void applied(String workflowId, String runId, Instant now) {
        // Unlimited counters are not kept, so a healer without limits holds no per-heal state.
        if (runId != null && perRun != HealerBuilder.NO_LIMIT) {
            runs.merge(runKey(workflowId, runId), 1, Integer::sum);
        }
        if (perHour != HealerBuilder.NO_LIMIT) {
            Deque<Instant> recent = hours.computeIfAbsent(workflowId, id -> new ArrayDeque<>());
            prune(recent, now);
            recent.addLast(now);
            while (recent.size() > perHour) {
                recent.removeFirst();
            }
        }
    }

    private static void prune(Deque<Instant> recent, Instant now) {
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(HOUR))) {
            recent.removeFirst();
        }
    }

    /** Forgets every count. */
    synchronized void reset() {
        runs.clear();
        hours.clear();
    }
}
