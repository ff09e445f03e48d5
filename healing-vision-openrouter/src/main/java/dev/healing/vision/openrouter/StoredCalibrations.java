package dev.healing.vision.openrouter;

import dev.healing.api.ModelCalibrations;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CalibrationCache#over}: entries kept as versioned text in a store's
 * {@link ModelCalibrations}, with what was read or written also held in memory so a locate does
 * not read the store each time. Text that does not parse (another version, a damaged row) is a
 * miss, logged at WARN; a store that throws is a miss too (the calibrator logs it). Thread-safe.
 */
final class StoredCalibrations implements CalibrationCache {
    private static final Logger LOG = LoggerFactory.getLogger(StoredCalibrations.class);
    /** First line of every value: the format's version, then the space and the server's long edge. */
    static final String VERSION = "calibration/1";

    private final ModelCalibrations store;
    private final ConcurrentMap<Key, Entry> seen = new ConcurrentHashMap<>();

    StoredCalibrations(ModelCalibrations store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Optional<Entry> get(Key key) {
        Entry known = seen.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Entry> stored = store.find(key.text()).flatMap(text -> decode(key, text));
        stored.ifPresent(e -> seen.put(key, e));
        return stored;
    }

    @Override
    public void put(Key key, Entry entry) {
        seen.put(key, entry);
        store.save(key.text(), encode(entry));
    }

    /** {@code calibration/1 SPACE EDGE}, a newline, then the summary (which may hold any text). */
    static String encode(Entry entry) {
        return VERSION + " " + entry.space().name() + " " + entry.serverLongEdge() + "\n" + entry.summary();
    }

    /** @return the entry, or empty (logged) when {@code text} is not in this version's format */
    static Optional<Entry> decode(Key key, String text) {
        int newline = text.indexOf('\n');
        String[] head = (newline < 0 ? text : text.substring(0, newline)).split(" ");
        try {
            if (newline < 0 || head.length != 3 || !head[0].equals(VERSION)) {
                throw new IllegalArgumentException("not " + VERSION + " SPACE EDGE on the first line");
            }
            return Optional.of(new Entry(ModelProfile.CoordinateSpace.valueOf(head[1]), Integer.parseInt(head[2]),
                    text.substring(newline + 1)));
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: stored calibration unreadable, calibrating again: {}", key.text(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "CalibrationCache.over[" + store + "]";
    }
}
