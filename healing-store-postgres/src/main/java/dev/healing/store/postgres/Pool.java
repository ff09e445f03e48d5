package dev.healing.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.healing.api.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool (HikariCP) and the transaction runner. Every logical write is one
 * transaction that also inserts a random receipt; when the connection breaks while the COMMIT
 * is under way, the runner reconnects and looks for the receipt, so a write is applied exactly
 * once even across a server restart. A write that is one statement ({@link #writeStatement}) runs
 * autocommitted and inserts its receipt, with its result, in that same statement: one round trip.
 * Failures of the connection (server restarting, network
 * dropped, pool exhausted) are retried with jittered exponential backoff within the store's retry
 * budget; anything else, and a statement timeout, ends the call with a {@link StoreException}.
 * Thread-safe.
 */
final class Pool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pool.class);
    private static final long FIRST_BACKOFF_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 2000;
    /** Writes between two sweeps of receipts older than {@link #RECEIPT_AGE_MILLIS}. */
    private static final int RECEIPT_SWEEP_EVERY = 10_000;
    /** Receipts are needed only until the write's caller has its answer; a day is ample. */
    static final long RECEIPT_AGE_MILLIS = TimeUnit.DAYS.toMillis(1);

    /** Work done inside one transaction on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * One autocommitted statement (or several, of which only the one that writes inserts the
     * receipt) that writes and inserts {@code receipt} with its result in the same statement.
     */
    @FunctionalInterface
    interface StatementWork {
        /**
         * @param receipt the receipt id to insert ({@code write_receipt (id, at, result)})
         * @param at the receipt's time, epoch milliseconds
         * @return the result, also stored in the receipt
         */
        long run(Connection c, UUID receipt, long at) throws SQLException;
    }

    private final HikariDataSource dataSource;
    private final RecentlyUsedDataSource connections;
    private final String namespace;
    private final String where;
    private final long retryWithinNanos;
    private final Duration statementTimeout;
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean closed;

    private Pool(HikariDataSource dataSource, RecentlyUsedDataSource connections, String namespace, String where,
                 Duration retryWithin, Duration statementTimeout) {
        this.dataSource = dataSource;
        this.connections = connections;
        this.namespace = namespace;
        this.where = where;
        this.retryWithinNanos = retryWithin.toNanos();
        this.statementTimeout = statementTimeout;
    }

    /**
     * Opens the pool; the first connection is made here so a wrong host or password fails at once.
     *
     * @param schema the schema the connections work in ({@code search_path})
     * @param namespace the namespace whose write receipts this pool writes and reads
     * @throws StoreException naming the server without its password
     */
    static Pool open(ConnectionUrl url, String user, char[] password, String schema, String namespace, int size,
                     Duration connectTimeout, Duration statementTimeout, Duration retryWithin, String where) {
        return open(url, user, password, schema, namespace, size, connectTimeout, statementTimeout, retryWithin, where,
                RecentlyUsedDataSource.DEFAULT_TRUST_NANOS, true);
    }

    /** As above, trusting a connection used within {@code trustNanos} to be alive (tests vary it). */
    static Pool open(ConnectionUrl url, String user, char[] password, String schema, String namespace, int size,
                     Duration connectTimeout, Duration statementTimeout, Duration retryWithin, String where,
                     long trustNanos) {
        return open(url, user, password, schema, namespace, size, connectTimeout, statementTimeout, retryWithin, where,
                trustNanos, true);
    }

    /**
     * As above; {@code synchronousCommit} false lets the server acknowledge a commit before its WAL
     * is on disk (the store's opt-in, see {@code PostgresStore.Builder.synchronousCommit}).
     */
    static Pool open(ConnectionUrl url, String user, char[] password, String schema, String namespace, int size,
                     Duration connectTimeout, Duration statementTimeout, Duration retryWithin, String where,
                     long trustNanos, boolean synchronousCommit) {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", new String(password));
        }
        props.setProperty("currentSchema", schema);
        props.setProperty("connectTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        props.setProperty("loginTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        // The server cancels a statement after the statement timeout; the socket timeout is the
        // client's guard against a server that stops answering altogether.
        props.setProperty("options", "-c statement_timeout=" + statementTimeout.toMillis()
                + (synchronousCommit ? "" : " -c synchronous_commit=off"));
        props.setProperty("socketTimeout", Long.toString(statementTimeout.toSeconds() + 10));
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "healing");
        props.setProperty("reWriteBatchedInserts", "true");
        RecentlyUsedDataSource connections = new RecentlyUsedDataSource(url.jdbcUrl(), props, trustNanos);
        HikariConfig config = new HikariConfig();
        config.setPoolName("healing-pg");
        config.setDataSource(connections);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
        config.setValidationTimeout(Math.max(250, Math.min(connectTimeout.toMillis(), 5000)));
        config.setInitializationFailTimeout(Math.max(1, connectTimeout.toMillis()));
        config.setAutoCommit(true);
        try {
            return new Pool(new HikariDataSource(config), connections, namespace, where, retryWithin,
                    statementTimeout);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreException("cannot connect to the PostgreSQL store " + where + ": "
                    + ConnectionUrl.redact(String.valueOf(cause.getMessage())), null);
        }
    }

    /** @return how many of the pool's liveness checks went to the server (for tests) */
    long serverChecks() {
        return connections.serverChecks();
    }

    /** @return where the store lives, for messages (no password) */
    String where() {
        return where;
    }

    /**
     * Runs {@code work}, which only reads, autocommitted: each statement sees its own snapshot, as
     * it would in a READ COMMITTED transaction, without the COMMIT's round trip (a recall or a
     * baseline load on the heal path is one round trip). Connection failures are retried.
     */
    <T> T read(String what, Work<T> work) {
        return run(what, work, null, false);
    }

    /**
     * Runs {@code work} in one transaction without a write receipt: for work that is safe to run
     * again after a lost COMMIT (schema migrations, which look before they change).
     */
    <T> T transaction(String what, Work<T> work) {
        return run(what, work, null, true);
    }

    /** Runs {@code work} in one write transaction, exactly once (see the class comment). */
    <T> T write(String what, Work<T> work) {
        return run(what, work, UUID.randomUUID(), true);
    }

    private <T> T run(String what, Work<T> work, UUID receipt, boolean transaction) {
        long deadline = System.nanoTime() + retryWithinNanos;
        for (int attempt = 1; ; attempt++) {
            checkOpen(what);
            boolean commitSent = false;
            T result = null;
            try (Connection c = dataSource.getConnection()) {
                try {
                    if (!transaction) {
                        return work.run(c);
                    }
                    c.setAutoCommit(false);
                    result = work.run(c);
                    if (receipt != null) {
                        try (PreparedStatement p = c.prepareStatement(
                                "INSERT INTO write_receipt (namespace, id, at) VALUES (?, ?, ?)")) {
                            p.setString(1, namespace);
                            p.setObject(2, receipt);
                            p.setLong(3, System.currentTimeMillis());
                            p.executeUpdate();
                        }
                    }
                    commitSent = true;
                    c.commit();
                    if (receipt != null && writes.incrementAndGet() % RECEIPT_SWEEP_EVERY == 0) {
                        sweepReceipts(c);
                    }
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(c);
                    throw e;
                } finally {
                    resetQuietly(c);
                }
            } catch (SQLException e) {
                if (!isConnectionFailure(e) || System.nanoTime() > deadline || closed) {
                    throw translate(what, e, attempt);
                }
                if (commitSent && receipt != null && committed(receipt, this::receiptResult, deadline) != null) {
                    LOG.info("{}: {} was committed before the connection broke", where, what);
                    return result;
                }
                LOG.warn("{}: {} lost its connection ({}); retrying (attempt {})", where, what,
                        ConnectionUrl.redact(String.valueOf(e.getMessage())), attempt);
                backoff(attempt, what);
            }
        }
    }

    /** Drops old receipts (autocommit, best effort: a failure is retried at the next sweep). */
    private void sweepReceipts(Connection c) {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM write_receipt WHERE namespace = ? AND at < ?")) {
            p.setString(1, namespace);
            p.setLong(2, System.currentTimeMillis() - RECEIPT_AGE_MILLIS);
            p.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            LOG.debug("{}: sweeping old write receipts failed: {}", where, e.getMessage());
        }
    }

    /** Finds out whether an autocommitted write with this receipt was committed. */
    @FunctionalInterface
    interface ReceiptLookup {
        /** @return the write's result, or null when it was not committed */
        Long find(Connection c, UUID receipt) throws SQLException;
    }

    /**
     * Runs {@code work} autocommitted, exactly once: the work's statement inserts the receipt and
     * its result itself ({@code write_receipt}), so a write is one round trip (statement and commit
     * together). When the connection breaks after the statement was sent, the receipt says whether
     * it was committed, and with what result; if not, it runs again.
     */
    long writeStatement(String what, StatementWork work) {
        return writeStatement(what, work, this::receiptResult);
    }

    /**
     * Like {@link #writeStatement(String, StatementWork)}, for a statement that stores the receipt
     * in its own rows, where {@code lookup} finds it.
     */
    long writeStatement(String what, StatementWork work, ReceiptLookup lookup) {
        long deadline = System.nanoTime() + retryWithinNanos;
        for (int attempt = 1; ; attempt++) {
            checkOpen(what);
            UUID receipt = UUID.randomUUID();
            boolean sent = false;
            try (Connection c = dataSource.getConnection()) {
                sent = true;
                long result = work.run(c, receipt, System.currentTimeMillis());
                if (writes.incrementAndGet() % RECEIPT_SWEEP_EVERY == 0) {
                    sweepReceipts(c);
                }
                return result;
            } catch (SQLException e) {
                if (!isConnectionFailure(e) || System.nanoTime() > deadline || closed) {
                    throw translate(what, e, attempt);
                }
                Long result = sent ? committed(receipt, lookup, deadline) : null;
                if (result != null) {
                    LOG.info("{}: {} was committed before the connection broke", where, what);
                    return result;
                }
                LOG.warn("{}: {} lost its connection ({}); retrying (attempt {})", where, what,
                        ConnectionUrl.redact(String.valueOf(e.getMessage())), attempt);
                backoff(attempt, what);
            }
        }
    }

    /**
     * After a COMMIT whose answer was lost: whether it went through, asked until the deadline.
     *
     * @return the receipt's result (0 when it has none), or null when the write was not committed
     */
    private Long committed(UUID receipt, ReceiptLookup lookup, long deadline) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                return lookup.find(c, receipt);
            } catch (SQLException e) {
                if (!isConnectionFailure(e) || System.nanoTime() > deadline || closed) {
                    throw translate("find out whether a write was committed", e, attempt);
                }
                backoff(attempt, "find out whether a write was committed");
            }
        }
    }

    /** @return the result in the receipt table (0 when it has none), or null when there is no receipt */
    private Long receiptResult(Connection c, UUID receipt) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT coalesce(result, 0) FROM write_receipt WHERE namespace = ? AND id = ?")) {
            p.setString(1, namespace);
            p.setObject(2, receipt);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /**
     * Borrows a connection for work that spans calls (the step lock); the caller closes it.
     * Connection failures are retried within the budget.
     */
    Connection borrow(String what) {
        long deadline = System.nanoTime() + retryWithinNanos;
        for (int attempt = 1; ; attempt++) {
            checkOpen(what);
            try {
                return dataSource.getConnection();
            } catch (SQLException e) {
                if (!isConnectionFailure(e) || System.nanoTime() > deadline) {
                    throw translate(what, e, attempt);
                }
                backoff(attempt, what);
            }
        }
    }

    /** Drops a connection whose session state is unknown (e.g. a lock that could not be released). */
    void evict(Connection c) {
        dataSource.evictConnection(c);
    }

    private void checkOpen(String what) {
        if (closed) {
            throw new StoreException("the PostgreSQL store " + where + " is closed; cannot " + what);
        }
    }

    private void backoff(int attempt, String what) {
        long cap = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt - 1, 10));
        try {
            TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(where + ": interrupted while reconnecting to " + what, e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // The connection is gone; the server rolled the transaction back itself.
            LOG.trace("rollback: {}", e.getMessage());
        }
    }

    private static void resetQuietly(Connection c) {
        try {
            if (!c.isClosed()) {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            LOG.trace("reset: {}", e.getMessage());
        }
    }

    /** @return whether the failure is the connection's (worth reconnecting), not the statement's */
    static boolean isConnectionFailure(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03") || state.equals("53300") || state.equals("40001")
                        || state.equals("40P01")) {
                    return true;
                }
            }
        }
        return false;
    }

    StoreException translate(String what, SQLException e, int attempts) {
        String message = ConnectionUrl.redact(String.valueOf(e.getMessage()));
        if ("57014".equals(e.getSQLState())) {
            return new StoreException(where + ": " + what + " timed out after the statement timeout of "
                    + statementTimeout.toMillis() + " ms and was rolled back: " + message, e);
        }
        if (isConnectionFailure(e)) {
            return new StoreException(where + ": " + what + " failed: the server could not be reached after "
                    + attempts + " attempt(s) within the retry budget of " + Duration.ofNanos(retryWithinNanos)
                    .toMillis() + " ms; nothing was written: " + message, e);
        }
        return new StoreException(where + ": " + what + " failed: " + message, e);
    }

    @Override
    public void close() {
        closed = true;
        dataSource.close();
    }
}
