package dev.healing.core.report;

import dev.healing.api.HealAttempt;
import dev.healing.api.HealListener;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Logs every attempt and result through slf4j with structured key-value fields
 * ({@code workflow}, {@code step}, {@code status}, {@code locator}, {@code confidence}, ...), for log
 * pipelines that index them. Results that need a person (NOT_HEALED, PENDING_APPROVAL) log at WARN.
 * Thread-safe; never throws.
 */
public final class Slf4jHealListener implements HealListener {
    private final Logger log;

    /** Logs to the logger {@code dev.healing.heals}. */
    public Slf4jHealListener() {
        this("dev.healing.heals");
    }

    /** @param loggerName the slf4j logger to log to */
    public Slf4jHealListener(String loggerName) {
        this.log = LoggerFactory.getLogger(loggerName);
    }

    @Override
    public void onAttempt(HealRequest request, HealAttempt attempt) {
        log.atDebug()
                .addKeyValue("workflow", request.workflowId())
                .addKeyValue("step", request.stepIndex())
                .addKeyValue("attempt", attempt.number())
                .addKeyValue("candidate", attempt.candidate().point())
                .addKeyValue("source", attempt.candidate().source())
                .addKeyValue("confidence", attempt.candidate().confidence())
                .addKeyValue("accepted", attempt.accepted())
                .log("heal attempt: {}", attempt.note());
    }

    @Override
    public void onResult(HealRequest request, HealResult r) {
        Level level = switch (r.status()) {
            case NOT_HEALED, PENDING_APPROVAL -> Level.WARN;
            case SKIPPED -> Level.DEBUG;
            default -> Level.INFO;
        };
        log.atLevel(level)
                .addKeyValue("workflow", r.workflowId())
                .addKeyValue("step", r.stepIndex())
                .addKeyValue("status", r.status())
                .addKeyValue("failure_kind", r.failureKind())
                .addKeyValue("old", r.oldPoint().orElse(null))
                .addKeyValue("new", r.newPoint().orElse(null))
                .addKeyValue("locator", r.locator().orElse(null))
                .addKeyValue("confidence", r.confidence().isPresent() ? r.confidence().getAsDouble() : null)
                .addKeyValue("attempts", r.attempts())
                .addKeyValue("similarity", request.similarity())
                .addKeyValue("cost_usd", r.cost().usd())
                .addKeyValue("duration_ms", r.duration().toMillis())
                .log("heal {}: {}", r.status(), r.reason());
    }
}
