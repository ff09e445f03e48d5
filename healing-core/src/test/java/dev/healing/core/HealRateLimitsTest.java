package dev.healing.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class HealRateLimitsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void refusal_nullRunId_neverCountedIntoARun() {
        HealRateLimits limits = new HealRateLimits(1, HealerBuilder.NO_LIMIT);
        for (int i = 0; i < 10; i++) {
            assertEquals(Optional.empty(), limits.refusal("wf", null, T0));
            limits.applied("wf", null, T0);
        }
    }

    @Test
    void refusal_explicitRunAtItsLimit_refusedNamingTheRunWhileOthersGoOn() {
        HealRateLimits limits = new HealRateLimits(2, HealerBuilder.NO_LIMIT);
        limits.applied("wf", "r1", T0);
        limits.applied("wf", "r1", T0);
        String why = limits.refusal("wf", "r1", T0).orElseThrow();
        assertTrue(why.contains("2 heals of wf in run r1 (max 2)"), why);
        assertEquals(Optional.empty(), limits.refusal("wf", "r2", T0));
        assertEquals(Optional.empty(), limits.refusal("other", "r1", T0));
    }

    @Test
    void refusal_hourlyLimit_countsAppliedHealsInTheRollingHour() {
        HealRateLimits limits = new HealRateLimits(HealerBuilder.NO_LIMIT, 2);
        limits.applied("wf", null, T0);
        limits.applied("wf", "r", T0.plusSeconds(60));
        assertTrue(limits.refusal("wf", "r2", T0.plusSeconds(120)).orElseThrow().contains("last hour"));
        assertEquals(Optional.empty(), limits.refusal("wf", "r2", T0.plus(Duration.ofMinutes(61))));
    }

    @Test
    void applied_manyRuns_boundedAndResettable() {
        HealRateLimits limits = new HealRateLimits(1, HealerBuilder.NO_LIMIT);
        limits.applied("wf", "first", T0);
        assertTrue(limits.refusal("wf", "first", T0).isPresent());
        for (int i = 0; i < HealRateLimits.MAX_TRACKED; i++) {
            limits.applied("wf", "run-" + i, T0);
        }
        assertEquals(Optional.empty(), limits.refusal("wf", "first", T0), "the oldest run is forgotten");
        assertTrue(limits.refusal("wf", "run-5", T0).isPresent());
        limits.reset();
        assertEquals(Optional.empty(), limits.refusal("wf", "run-5", T0));
    }
}
