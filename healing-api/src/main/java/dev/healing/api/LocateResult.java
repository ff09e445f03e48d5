package dev.healing.api;

import java.util.List;
import java.util.Objects;

/**
 * What a locator found.
 *
 * @param status     FOUND with at least one candidate, or why not
 * @param candidates best first; empty unless FOUND
 * @param reason     why nothing was found, or a short note; never {@code null}
 * @param cost       what the call cost (model tokens and money); {@link Cost#FREE} for local locators
 */
public record LocateResult(Status status, List<Candidate> candidates, String reason, Cost cost) {
    /** How a locate call ended. */
    public enum Status {
        /** At least one candidate. */
        FOUND,
        /** Looked and found nothing trustworthy (including a deliberate abstention). */
        NOT_FOUND,
        /** Could not look: the model failed, the budget is spent, input was unusable. */
        ERROR
    }

    /** Validates the fields and sorts nothing: candidates must come best first. */
    public LocateResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(cost, "cost");
        candidates = List.copyOf(candidates);
        reason = reason == null ? "" : reason;
        if (status == Status.FOUND && candidates.isEmpty()) {
            throw new IllegalArgumentException("FOUND needs at least one candidate");
        }
        if (status != Status.FOUND && !candidates.isEmpty()) {
            throw new IllegalArgumentException(status + " must not carry candidates");
        }
    }

    /** @return a free result with the given candidates, best first */
    public static LocateResult found(List<Candidate> candidates) {
        return new LocateResult(Status.FOUND, candidates, "", Cost.FREE);
    }

    /** @return a free result saying why nothing was found */
    public static LocateResult notFound(String reason) {
        return new LocateResult(Status.NOT_FOUND, List.of(), reason, Cost.FREE);
    }

    /** @return a result saying why the locator could not look */
    public static LocateResult error(String reason, Cost cost) {
        return new LocateResult(Status.ERROR, List.of(), reason, cost);
    }
}
