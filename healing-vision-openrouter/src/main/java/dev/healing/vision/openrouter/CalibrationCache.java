package dev.healing.vision.openrouter;

import dev.healing.api.ModelCalibrations;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps what calibration found per endpoint and model beyond one locator, so a new locator (a new
 * process, a restarted runner) does not pay the two calibration calls again. Give the same
 * instance to several locators, or implement it over the host's store (the key and the entry are
 * plain strings and numbers).
 *
 * <p>Implementations must be thread-safe: locators call them from any thread, and two threads
 * may calibrate at once (the later {@link #put} stands). A {@link #get} or {@link #put} that
 * throws is logged and treated as a miss; the locate goes on.
 */
public interface CalibrationCache {
    /**
     * @param key the endpoint, model and profile
     * @return the entry stored under {@code key}, or empty
     */
    Optional<Entry> get(Key key);

    /** Stores {@code entry} under {@code key}, replacing any earlier one. */
    void put(Key key, Entry entry);

    /** @return a new empty cache held in memory, thread-safe; share it between locators to share results */
    static CalibrationCache inMemory() {
        ConcurrentMap<Key, Entry> map = new ConcurrentHashMap<>();
        return new CalibrationCache() {
            @Override
            public Optional<Entry> get(Key key) {
                return Optional.ofNullable(map.get(key));
            }

            @Override
            public void put(Key key, Entry entry) {
                map.put(key, entry);
            }

            @Override
            public String toString() {
                return "CalibrationCache.inMemory[" + map.size() + " entries]";
            }
        };
    }

    /**
     * A cache kept in a store's {@link ModelCalibrations} (e.g. {@code HealingStore.calibrations()}),
     * so a new process or another runner over the same store does not calibrate again. Entries are
     * written as versioned text; a value that does not parse is a miss (logged), never an
     * exception. What was read or written is also held in memory by the returned cache.
     *
     * @param store where entries are kept; thread-safe per its contract
     */
    static CalibrationCache over(ModelCalibrations store) {
        return new StoredCalibrations(store);
    }

    /**
     * What a calibration is keyed by: the answers depend on the server (its resize), the model and
     * the profile whose prompt asked.
     *
     * @param endpoint the chat-completions URL, e.g. {@code http://localhost:1234/v1/chat/completions}
     * @param model    the model id as sent
     * @param profile  the profile's name, e.g. {@code QWEN2_5_VL}
     */
    record Key(String endpoint, String model, String profile) {
        /** Rejects blank parts. */
        public Key {
            if (endpoint == null || endpoint.isBlank() || model == null || model.isBlank() || profile == null
                    || profile.isBlank()) {
                throw new IllegalArgumentException("endpoint, model and profile must not be blank, got " + endpoint
                        + ", " + model + ", " + profile);
            }
        }

        /** @return one string for a store's key column: {@code endpoint|model|profile} */
        public String text() {
            return endpoint + "|" + model + "|" + profile;
        }
    }

    /**
     * What calibration found.
     *
     * @param space          the coordinate space the model answers in
     * @param serverLongEdge for pixel spaces, the long edge in pixels the server shrinks images to; 0 for none
     * @param summary        the human-readable finding, as {@link OpenRouterVisionLocator#calibrationSummary()} shows it
     */
    record Entry(ModelProfile.CoordinateSpace space, int serverLongEdge, String summary) {
        /** Rejects a missing space or summary and a negative edge. */
        public Entry {
            if (space == null || summary == null) {
                throw new IllegalArgumentException("space and summary must not be null");
            }
            if (serverLongEdge < 0) {
                throw new IllegalArgumentException("serverLongEdge must be >= 0, got " + serverLongEdge);
            }
        }
    }
}
