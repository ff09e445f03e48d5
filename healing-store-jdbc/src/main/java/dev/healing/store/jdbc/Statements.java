package dev.healing.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The statements of one transaction, as a store prepares them (the PostgreSQL store fills in its
 * namespace). Used by one thread.
 */
public interface Statements {
    /** A prepared statement kept open by the transaction: do not close it; close its result sets. */
    PreparedStatement cached(String sql) throws SQLException;

    /** A new prepared statement; the caller closes it. */
    PreparedStatement prepareStatement(String sql) throws SQLException;
}
