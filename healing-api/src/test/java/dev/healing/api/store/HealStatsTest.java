package dev.healing.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

final class HealStatsTest {
    @Test
    void of_computesTheRatesFromTheCounts() {
        HealStats s = HealStats.of("wf", 4, 3, 1, 2, 1, 5, 2, 1, 7, 100, 10, 0.25);

        assertEquals(0.75, s.successRate(), 1e-12);
        assertEquals(0.4, s.autoFixRate(), 1e-12);
        assertEquals(0.2, s.escalationRate(), 1e-12);
    }

    @Test
    void none_isAllZeroWithoutDividingByZero() {
        HealStats s = HealStats.none("wf");

        assertEquals("wf", s.workflowId());
        assertEquals(0, s.healsTried());
        assertEquals(0, s.successRate());
        assertEquals(0, s.autoFixRate());
    }

    @Test
    void total_sumsEveryCountAndRecomputesTheRates() {
        HealStats t = HealStats.total(List.of(HealStats.of("a", 4, 3, 1, 2, 1, 5, 2, 1, 7, 100, 10, 0.25),
                HealStats.of("b", 6, 1, 0, 0, 0, 5, 1, 3, 1, 50, 5, 0.5)));

        assertNull(t.workflowId());
        assertEquals(10, t.healsTried());
        assertEquals(4, t.healsSucceeded());
        assertEquals(0.4, t.successRate(), 1e-12);
        assertEquals(10, t.decided());
        assertEquals(0.3, t.autoFixRate(), 1e-12);
        assertEquals(0.4, t.escalationRate(), 1e-12);
        assertEquals(8, t.modelCalls());
        assertEquals(150, t.promptTokens());
        assertEquals(0.75, t.costUsd(), 1e-12);
    }

    @Test
    void of_inconsistentCounts_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> HealStats.of("wf", 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    }
}
