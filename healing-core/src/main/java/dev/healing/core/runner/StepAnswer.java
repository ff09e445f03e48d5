package dev.healing.core.runner;

import dev.healing.api.HealResult;
import dev.healing.api.Point;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host does next, as answered by {@link GuardRun#check}: click, wait and check again,
 * continue at another step, stop because the workflow is done, or stop because it cannot go on.
 */
public sealed interface StepAnswer {
    /** @return the step this answer is about (0-based) */
    int step();

    /**
     * The step looks as recorded: click it now, at {@code point} (its current point, so the healed
     * one after an earlier heal).
     *
     * @param step  the step
     * @param point where to click, screen pixels
     */
    record Click(int step, Point point) implements StepAnswer {
        /** Validates the fields. */
        public Click {
            Objects.requireNonNull(point, "point");
        }
    }

    /**
     * Do not click yet: wait {@code duration}, then check the same step again (first failure, or a
     * screen that is still loading).
     */
    record Wait(int step, Duration duration, String reason) implements StepAnswer {
        /** Validates the fields. */
        public Wait {
            Objects.requireNonNull(duration, "duration");
            reason = reason == null ? "" : reason;
        }
    }

    /**
     * A heal's verifying re-run already played the steps before {@code next}: go on there, without
     * clicking {@code step}. {@code next} may equal {@code step}'s index plus one or lie further on.
     */
    record ContinueAt(int step, int next, HealResult heal) implements StepAnswer {
        /** Validates the fields. */
        public ContinueAt {
            Objects.requireNonNull(heal, "heal");
            if (next < 0) {
                throw new IllegalArgumentException("next must be at least 0, got " + next);
            }
        }
    }

    /** A heal's verifying re-run played the workflow to its end: nothing is left to do. */
    record Done(int step, HealResult heal) implements StepAnswer {
        /** Validates the fields. */
        public Done {
            Objects.requireNonNull(heal, "heal");
        }
    }

    /**
     * Stop the workflow at {@code step}: nothing more may be clicked.
     *
     * @param reason     why, in words
     * @param heal       the heal that was tried, with its failure kind and proposal id, if any
     * @param suggestion what a person should do next
     */
    record Stop(int step, String reason, Optional<HealResult> heal, String suggestion) implements StepAnswer {
        /** Validates the fields. */
        public Stop {
            reason = reason == null ? "" : reason;
            suggestion = suggestion == null ? "" : suggestion;
            Objects.requireNonNull(heal, "heal");
        }
    }
}
