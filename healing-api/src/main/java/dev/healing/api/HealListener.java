package dev.healing.api;

/**
 * Hears what the healer does: reporters, stores, dashboards.
 *
 * <p>Called synchronously on the healing thread; keep it quick. An exception thrown by a
 * listener is logged and ignored: a listener never fails a heal.
 */
public interface HealListener {
    /** One candidate was tried. */
    default void onAttempt(HealRequest request, HealAttempt attempt) {
    }

    /** The heal call ended; called exactly once per {@code attemptHeal}. */
    void onResult(HealRequest request, HealResult result);

    /** A heal failed after all its attempts and needs a person; called before {@link #onResult}. */
    default void onEscalation(HealRequest request, Escalation escalation) {
    }
}
