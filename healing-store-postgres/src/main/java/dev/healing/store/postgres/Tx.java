package dev.healing.store.postgres;

import dev.healing.store.jdbc.Statements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The connection as seen inside one transaction of one namespace. Every table has a
 * {@code namespace} column, and every statement names it: {@value #NAMESPACE} in the SQL stands for
 * this store's namespace (a quoted literal, safe because a namespace is only {@code a-z 0-9 _}), so
 * the row classes cannot forget the filter without it showing in the SQL. {@link #cached}
 * statements stay open until the transaction ends ({@link #close()}), so the row classes shared in
 * shape with the SQLite store need not close them. Used by one thread.
 */
final class Tx implements AutoCloseable, Statements {
    /** The token that stands for the namespace in SQL. */
    static final String NAMESPACE = ":ns";
    private static final Pattern VALID = Pattern.compile("[a-z0-9_]{1,40}");

    private final Connection connection;
    private final String literal;
    private final List<PreparedStatement> open = new ArrayList<>();

    Tx(Connection connection, String namespace) {
        this.connection = connection;
        this.literal = literal(namespace);
    }

    /** @return the namespace as a SQL string literal; rejects anything but {@code a-z 0-9 _} */
    static String literal(String namespace) {
        if (!VALID.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace must be 1..40 of a-z, 0-9 and _, got '" + namespace + "'");
        }
        return "'" + namespace + "'";
    }

    /** @return {@code sql} with {@value #NAMESPACE} replaced by the namespace literal */
    String sql(String sql) {
        return sql.replace(NAMESPACE, literal);
    }

    /** A prepared statement closed with this transaction: do not close it; close its result sets. */
    @Override
    public PreparedStatement cached(String sql) throws SQLException {
        PreparedStatement p = connection.prepareStatement(sql(sql));
        open.add(p);
        return p;
    }

    /** A new prepared statement; the caller closes it. */
    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return connection.prepareStatement(sql(sql));
    }

    /** Closes the statements handed out by {@link #cached}. */
    @Override
    public void close() {
        for (PreparedStatement p : open) {
            try {
                p.close();
            } catch (SQLException e) {
                // the connection is closing or gone; nothing to free
            }
        }
        open.clear();
    }
}
