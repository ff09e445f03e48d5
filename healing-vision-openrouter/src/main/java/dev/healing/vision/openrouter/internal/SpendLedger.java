package dev.healing.vision.openrouter.internal;

import dev.healing.api.Cost;
import dev.healing.vision.openrouter.CostBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What vision calls spent in the last hour and day, against a {@link CostBudget}. Thread-safe.
 */
public final class SpendLedger {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    private record Entry(Instant at, long tokens, double usd) {
    }

    private final CostBudget budget;
    private final Clock clock;
    private final Deque<Entry> entries = new ArrayDeque<>();

    /** @param clock the time source; tests inject a fake one */
    public SpendLedger(CostBudget budget, Clock clock) {
        this.budget = budget;
        this.clock = clock;
    }

    /** Records what a call cost. */
    public synchronized void record(Cost cost) {
        if (cost.totalTokens() > 0 || cost.usd() > 0) {
            entries.addLast(new Entry(clock.instant(), cost.totalTokens(), cost.usd()));
        }
    }

    /** @return why no further call may be made now, or {@code null} when within the budget */
    public synchronized String exhausted() {
        Instant now = clock.instant();
        while (!entries.isEmpty() && !entries.peekFirst().at().isAfter(now.minus(DAY))) {
            entries.removeFirst();
        }
        Instant hourAgo = now.minus(HOUR);
        long tokensHour = 0;
        long tokensDay = 0;
        double usdHour = 0;
        double usdDay = 0;
        for (Entry e : entries) {
            tokensDay += e.tokens();
            usdDay += e.usd();
            if (e.at().isAfter(hourAgo)) {
                tokensHour += e.tokens();
                usdHour += e.usd();
            }
        }
        if (usdHour >= budget.usdPerHour()) {
            return String.format(java.util.Locale.ROOT, "vision budget exhausted: $%.4f spent in the last hour, cap $%.4f",
                    usdHour, budget.usdPerHour());
        }
        if (usdDay >= budget.usdPerDay()) {
            return String.format(java.util.Locale.ROOT, "vision budget exhausted: $%.4f spent in the last day, cap $%.4f",
                    usdDay, budget.usdPerDay());
        }
        if (tokensHour >= budget.tokensPerHour()) {
            return "vision budget exhausted: " + tokensHour + " tokens in the last hour, cap " + budget.tokensPerHour();
        }
        if (tokensDay >= budget.tokensPerDay()) {
            return "vision budget exhausted: " + tokensDay + " tokens in the last day, cap " + budget.tokensPerDay();
        }
        return null;
    }
}
