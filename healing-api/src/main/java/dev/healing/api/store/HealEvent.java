package dev.healing.api.store;

import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import java.time.Instant;
import java.util.Objects;

/**
 * One finished heal to log: what the host asked, what the healer did, and when it ended.
 *
 * @param request    the request
 * @param result     the result, with every candidate tried in its history
 * @param finishedAt when the heal ended, or {@code null} for the store's clock at the time of logging
 */
public record HealEvent(HealRequest request, HealResult result, Instant finishedAt) {
    /** Validates that the request and result belong together. */
    public HealEvent {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(result, "result");
        if (!request.workflowId().equals(result.workflowId()) || request.stepIndex() != result.stepIndex()) {
            throw new IllegalArgumentException("result for " + result.workflowId() + " step " + result.stepIndex()
                    + " does not answer the request for " + request.workflowId() + " step " + request.stepIndex());
        }
    }

    /** @return an event ending now, by the store's clock */
    public static HealEvent of(HealRequest request, HealResult result) {
        return new HealEvent(request, result, null);
    }
}
