package dev.healing.store.jdbc;

import dev.healing.api.Point;
import dev.healing.api.Rect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Binding and reading the values that take more than one column or may be null. */
public final class Columns {
    private Columns() {
    }

    /** Binds {@code value}, or SQL NULL. */
    public static void setString(PreparedStatement p, int index, String value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.VARCHAR);
        } else {
            p.setString(index, value);
        }
    }

    /** Binds x and y at {@code index} and {@code index + 1}, or two NULLs. */
    public static void setPoint(PreparedStatement p, int index, Point point) throws SQLException {
        if (point == null) {
            p.setNull(index, Types.INTEGER);
            p.setNull(index + 1, Types.INTEGER);
        } else {
            p.setInt(index, point.x());
            p.setInt(index + 1, point.y());
        }
    }

    /** @return the point of two column values as JDBC returns them ({@link Number}s), or null if either is null */
    public static Point point(Object x, Object y) {
        return x == null || y == null ? null : new Point(((Number) x).intValue(), ((Number) y).intValue());
    }

    /** Binds x, y, width and height from {@code index} on, or four NULLs. */
    public static void setBox(PreparedStatement p, int index, Rect box) throws SQLException {
        for (int k = 0; k < 4; k++) {
            if (box == null) {
                p.setNull(index + k, Types.INTEGER);
            } else {
                p.setInt(index + k, switch (k) {
                    case 0 -> box.x();
                    case 1 -> box.y();
                    case 2 -> box.width();
                    default -> box.height();
                });
            }
        }
    }

    /** @return the box in the four columns from {@code index} on, or null when the first is NULL */
    public static Rect box(ResultSet rs, int index) throws SQLException {
        int x = rs.getInt(index);
        return rs.wasNull() ? null : new Rect(x, rs.getInt(index + 1), rs.getInt(index + 2), rs.getInt(index + 3));
    }

    /** @return the instant of epoch milliseconds in {@code column}, or null for NULL */
    public static Instant instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /**
     * Binds an optional filter and a limit, the parameters of {@code ... [WHERE col = ?] ... LIMIT ?}:
     * {@code filter} as parameter 1 unless null, then {@code limit} as the next one.
     */
    public static void setFilterAndLimit(PreparedStatement p, String filter, int limit) throws SQLException {
        int k = 1;
        if (filter != null) {
            p.setString(k++, filter);
        }
        p.setInt(k, limit);
    }

    /** @return {@code count} JDBC parameter marks, comma-separated ({@code "?, ?, ?"}) */
    public static String marks(int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "?" : ", ?");
        }
        return b.toString();
    }
}
