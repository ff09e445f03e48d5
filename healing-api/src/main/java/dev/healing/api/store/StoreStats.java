package dev.healing.api.store;

import java.util.List;
import java.util.Objects;

/**
 * Heal stats over the whole store and per workflow.
 *
 * @param overall   the totals over every workflow ({@link HealStats#workflowId()} is {@code null})
 * @param workflows one entry per workflow with logged heals, by workflow id
 */
public record StoreStats(HealStats overall, List<HealStats> workflows) {
    /** Copies the list. */
    public StoreStats {
        Objects.requireNonNull(overall, "overall");
        workflows = List.copyOf(workflows);
    }
}
