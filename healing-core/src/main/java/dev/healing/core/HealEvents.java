package dev.healing.core;

import dev.healing.api.Escalation;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealListener;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the log and the listeners what a heal did. A listener that throws is logged and the
 * others still hear the event. SKIPPED results are logged at DEBUG (a runner asks often), the
 * rest at INFO. Immutable and thread-safe.
 */
final class HealEvents {
    private static final Logger log = LoggerFactory.getLogger(Healer.class);

    private final List<HealListener> listeners;

    HealEvents(List<HealListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void attempted(HealRequest request, HealAttempt attempt) {
        for (HealListener l : listeners) {
            try {
                l.onAttempt(request, attempt);
            } catch (RuntimeException e) {
                log.warn("heal listener {} failed on an attempt", l.getClass().getName(), e);
            }
        }
    }

    void escalated(HealRequest request, Escalation escalation) {
        for (HealListener l : listeners) {
            try {
                l.onEscalation(request, escalation);
            } catch (RuntimeException e) {
                log.warn("heal listener {} failed on an escalation", l.getClass().getName(), e);
            }
        }
    }

    void result(HealRequest request, HealResult r) {
        if (r.healed()) {
            log.info("{} step {} {}: {} -> {} by {} (confidence {}, class {}, {} attempt(s), {})", r.workflowId(),
                    r.stepIndex(), r.status(), r.oldPoint().orElse(null), r.newPoint().orElse(null),
                    r.locator().orElse(""), String.format("%.2f", r.confidence().orElse(0)),
                    r.approvalClass().orElse(null), r.attempts(), r.failureKind());
        } else if (r.status() == HealStatus.SKIPPED) {
            log.debug("{} step {} SKIPPED: {}", r.workflowId(), r.stepIndex(), r.reason());
        } else {
            log.info("{} step {} {}: {} ({})", r.workflowId(), r.stepIndex(), r.status(), r.reason(),
                    r.failureKind());
        }
        for (HealListener l : listeners) {
            try {
                l.onResult(request, r);
            } catch (RuntimeException e) {
                log.warn("heal listener {} failed on the result", l.getClass().getName(), e);
            }
        }
    }
}
