package dev.healing.vision.openrouter;

/**
 * Caps on what vision calls may spend in a sliding hour and a sliding day. Once any cap is
 * reached, {@code locate} answers ERROR "vision budget exhausted" without calling the model, until
 * old calls leave the window. A call in flight is never cut short, so one call may overshoot a cap
 * by its own cost. Immutable; use {@link #UNLIMITED} and the {@code with...} methods.
 *
 * @param usdPerHour    US dollars per sliding hour, positive; infinity for no cap
 * @param usdPerDay     US dollars per sliding 24 hours, positive; infinity for no cap
 * @param tokensPerHour prompt plus completion tokens per sliding hour, positive; {@link Long#MAX_VALUE} for no cap
 * @param tokensPerDay  tokens per sliding 24 hours, positive; {@link Long#MAX_VALUE} for no cap
 */
public record CostBudget(double usdPerHour, double usdPerDay, long tokensPerHour, long tokensPerDay) {
    /** No caps. */
    public static final CostBudget UNLIMITED =
            new CostBudget(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Long.MAX_VALUE, Long.MAX_VALUE);

    /** Rejects caps that are zero, negative or NaN. */
    public CostBudget {
        if (!(usdPerHour > 0) || !(usdPerDay > 0)) {
            throw new IllegalArgumentException("usd caps must be positive, got perHour=" + usdPerHour
                    + " perDay=" + usdPerDay);
        }
        if (tokensPerHour <= 0 || tokensPerDay <= 0) {
            throw new IllegalArgumentException("token caps must be positive, got perHour=" + tokensPerHour
                    + " perDay=" + tokensPerDay);
        }
    }

    /** @return a copy with at most {@code usd} dollars per sliding hour */
    public CostBudget withUsdPerHour(double usd) {
        return new CostBudget(usd, usdPerDay, tokensPerHour, tokensPerDay);
    }

    /** @return a copy with at most {@code usd} dollars per sliding day */
    public CostBudget withUsdPerDay(double usd) {
        return new CostBudget(usdPerHour, usd, tokensPerHour, tokensPerDay);
    }

    /** @return a copy with at most {@code tokens} tokens per sliding hour */
    public CostBudget withTokensPerHour(long tokens) {
        return new CostBudget(usdPerHour, usdPerDay, tokens, tokensPerDay);
    }

    /** @return a copy with at most {@code tokens} tokens per sliding day */
    public CostBudget withTokensPerDay(long tokens) {
        return new CostBudget(usdPerHour, usdPerDay, tokensPerHour, tokens);
    }
}
