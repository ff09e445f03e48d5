package dev.healing.api;

/**
 * What a locate call cost: tokens and money spent on a paid model. Local locators cost nothing.
 *
 * @param calls            paid model calls made, at least 0
 * @param promptTokens     input tokens, at least 0
 * @param completionTokens output tokens, at least 0
 * @param usd              money spent in US dollars, at least 0
 */
public record Cost(int calls, long promptTokens, long completionTokens, double usd) {
    /** Nothing spent. */
    public static final Cost FREE = new Cost(0, 0, 0, 0);

    /** Rejects negative amounts. */
    public Cost {
        if (calls < 0 || promptTokens < 0 || completionTokens < 0 || !(usd >= 0)) {
            throw new IllegalArgumentException("cost must not be negative: calls=" + calls + " prompt="
                    + promptTokens + " completion=" + completionTokens + " usd=" + usd);
        }
    }

    /** @return total tokens, prompt plus completion */
    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /** @return the sum of this and {@code other} */
    public Cost plus(Cost other) {
        return new Cost(calls + other.calls, promptTokens + other.promptTokens,
                completionTokens + other.completionTokens, usd + other.usd);
    }
}
