package dev.healing.api;

import java.util.Optional;

/**
 * What calibration learned about a model behind an endpoint (its coordinate space, the size the
 * server shrinks images to), kept by a {@link HealingStore} so a new process, a restarted runner
 * or another runner of the fleet does not pay the calibration calls again.
 *
 * <p>Keys and values are opaque text owned by the vision locator; a store keeps the latest value
 * per key. Implementations are thread-safe; the later {@link #save} of one key wins.
 */
public interface ModelCalibrations {
    /**
     * @param key the endpoint, model and profile, as the vision locator writes it
     * @return the value saved under {@code key}, or empty
     * @throws StoreException if the store cannot be read
     */
    Optional<String> find(String key);

    /**
     * Saves {@code value} under {@code key}, replacing any earlier value.
     *
     * @throws StoreException if the store cannot be written
     */
    void save(String key, String value);

    /** @return calibrations that keep nothing: every {@link #find} is empty */
    static ModelCalibrations none() {
        return NoCalibrations.INSTANCE;
    }
}
