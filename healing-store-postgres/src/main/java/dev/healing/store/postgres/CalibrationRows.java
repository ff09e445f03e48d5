package dev.healing.store.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** SQL for the {@code calibration} table (schema version 6), per namespace. Called inside a transaction. */
final class CalibrationRows {
    private CalibrationRows() {
    }

    static Optional<String> find(Tx c, String key) throws SQLException {
        PreparedStatement p = c.cached("SELECT value FROM calibration WHERE namespace = :ns AND key = ?");
        p.setString(1, key);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /** Inserts or replaces the value of {@code key} (an upsert: the later save wins). */
    static void save(Tx c, String key, String value, long atMillis) throws SQLException {
        PreparedStatement p = c.cached("INSERT INTO calibration (namespace, key, value, saved_at) VALUES (:ns, ?, ?, ?)"
                + " ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, saved_at = excluded.saved_at");
        p.setString(1, key);
        p.setString(2, value);
        p.setLong(3, atMillis);
        p.executeUpdate();
    }
}
