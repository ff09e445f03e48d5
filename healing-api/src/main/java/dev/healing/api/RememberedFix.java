package dev.healing.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A fix the healer made before: when the step's baseline looked like {@code appearanceHash},
 * the element was found at {@code point}, looking like {@code crop}.
 *
 * @param workflowId     the workflow
 * @param stepIndex      0-based step index
 * @param appearanceHash {@link Image#appearanceHash()} of the baseline crop that failed
 * @param point          where the element was found, in screen pixels
 * @param crop           the crop at {@code point} after the fix
 * @param successes      verified heals with this fix, at least 0
 * @param failures       failed verifications with this fix, at least 0
 * @param lastSuccess    when it last healed, or {@code null}
 * @param lastFailure    when it last failed, or {@code null}
 */
public record RememberedFix(String workflowId, int stepIndex, String appearanceHash, Point point, Image crop,
                            int successes, int failures, Instant lastSuccess, Instant lastFailure) {
    /** Validates the fields. */
    public RememberedFix {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(appearanceHash, "appearanceHash");
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(crop, "crop");
        if (successes < 0 || failures < 0) {
            throw new IllegalArgumentException("counts must not be negative: " + successes + "/" + failures);
        }
    }

    /** @return whether the last outcome of this fix was a failure */
    public boolean failedLast() {
        return lastFailure != null && (lastSuccess == null || lastFailure.isAfter(lastSuccess));
    }
}
