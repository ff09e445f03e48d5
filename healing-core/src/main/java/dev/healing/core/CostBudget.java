package dev.healing.core;

import dev.healing.api.Cost;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A spending limit for paid locators (vision models), per rolling hour and per rolling day, in
 * US dollars and in tokens. Once a limit is reached, the healer skips paid locators and says so.
 * Thread-safe.
 */
public final class CostBudget {
    /** No limit at all. */
    public static final double UNLIMITED = Double.POSITIVE_INFINITY;

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    private final double usdPerHour;
    private final double usdPerDay;
    private final long tokensPerHour;
    private final long tokensPerDay;
    private final Clock clock;
    private final Deque<Spend> spends = new ArrayDeque<>();

    private record Spend(Instant at, Cost cost) {
    }

    private CostBudget(double usdPerHour, double usdPerDay, long tokensPerHour, long tokensPerDay, Clock clock) {
        this.usdPerHour = checkLimit("usdPerHour", usdPerHour);
        this.usdPerDay = checkLimit("usdPerDay", usdPerDay);
        this.tokensPerHour = checkLimit("tokensPerHour", tokensPerHour);
        this.tokensPerDay = checkLimit("tokensPerDay", tokensPerDay);
        this.clock = clock;
    }

    /** @return a budget without limits */
    public static CostBudget unlimited() {
        return new CostBudget(UNLIMITED, UNLIMITED, Long.MAX_VALUE, Long.MAX_VALUE, Clock.systemUTC());
    }

    /**
     * @param usdPerHour    dollars per rolling hour, at least 0 ({@link #UNLIMITED} for none)
     * @param usdPerDay     dollars per rolling day, at least 0
     * @param tokensPerHour tokens per rolling hour, at least 0 ({@code Long.MAX_VALUE} for none)
     * @param tokensPerDay  tokens per rolling day, at least 0
     * @param clock         the time source
     */
    public static CostBudget of(double usdPerHour, double usdPerDay, long tokensPerHour, long tokensPerDay,
                                Clock clock) {
        return new CostBudget(usdPerHour, usdPerDay, tokensPerHour, tokensPerDay, clock);
    }

    /** @return {@code null} while spending is allowed, else which limit is reached */
    public synchronized String exhaustedReason() {
        Instant now = clock.instant();
        while (!spends.isEmpty() && spends.peekFirst().at().isBefore(now.minus(DAY))) {
            spends.removeFirst();
        }
        Cost hour = Cost.FREE;
        Cost day = Cost.FREE;
        for (Spend s : spends) {
            day = day.plus(s.cost());
            if (!s.at().isBefore(now.minus(HOUR))) {
                hour = hour.plus(s.cost());
            }
        }
        if (hour.usd() >= usdPerHour) {
            return String.format("vision budget spent: $%.4f of $%.4f this hour", hour.usd(), usdPerHour);
        }
        if (day.usd() >= usdPerDay) {
            return String.format("vision budget spent: $%.4f of $%.4f today", day.usd(), usdPerDay);
        }
        if (hour.totalTokens() >= tokensPerHour) {
            return "vision budget spent: " + hour.totalTokens() + " of " + tokensPerHour + " tokens this hour";
        }
        if (day.totalTokens() >= tokensPerDay) {
            return "vision budget spent: " + day.totalTokens() + " of " + tokensPerDay + " tokens today";
        }
        return null;
    }

    /** Records money and tokens spent now. */
    public synchronized void spend(Cost cost) {
        if (cost.calls() > 0 || cost.usd() > 0 || cost.totalTokens() > 0) {
            spends.addLast(new Spend(clock.instant(), cost));
        }
    }

    private static double checkLimit(String name, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(name + " must be at least 0, got " + value);
        }
        return value;
    }

    private static long checkLimit(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be at least 0, got " + value);
        }
        return value;
    }
}
