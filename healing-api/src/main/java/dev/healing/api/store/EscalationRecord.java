package dev.healing.api.store;

import dev.healing.api.Escalation;
import java.util.List;
import java.util.Objects;

/**
 * One stored escalation: a heal that failed after all its attempts and needs a person.
 *
 * @param id       the escalation's id in the store, increasing with time
 * @param escalation everything recorded: step, attempts with candidates and notes, workflow file,
 *                 backups, suggested action; pictures only when read with {@link OperationsStore#escalation(long)}
 * @param pictures which pictures are stored: 0 for the escalation's own, n for attempt n
 */
public record EscalationRecord(long id, Escalation escalation, List<Integer> pictures) {
    /** Validates and copies. */
    public EscalationRecord {
        Objects.requireNonNull(escalation, "escalation");
        pictures = List.copyOf(pictures);
        if (id < 1) {
            throw new IllegalArgumentException("escalation id starts at 1, got " + id);
        }
    }
}
