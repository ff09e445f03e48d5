package dev.healing.store.sqlite;

import dev.healing.api.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * One JDBC connection to one SQLite file, in WAL mode with a busy timeout. Every logical write
 * is one {@code BEGIN IMMEDIATE} transaction, so a writer takes the file's write lock up front
 * (waiting up to the busy timeout) instead of failing half-way with SQLITE_BUSY; reads run in a
 * deferred transaction for a consistent snapshot. Thread-safe: calls are serialised on a lock.
 */
final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_BYTES = 100;
    private static final int WAL_HEADER_BYTES = 32;
    private static final int WAL_MAGIC = 0x377f0682;
    private static final int WAL_FORMAT = 3007000;
    private static final int QUICK_CHECK_ERRORS = 5;
    private static final int PROBE_BUSY_MILLIS = 10_000;

    /** Work done inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    private final Path path;
    private final Connection connection;
    private final Tx tx;
    private final long busyTimeoutNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    private Database(Path path, Connection connection, Duration busyTimeout) {
        this.path = path;
        this.connection = connection;
        this.tx = new Tx(connection);
        this.busyTimeoutNanos = busyTimeout.toNanos();
    }

    /**
     * Opens (or creates) the file. Before SQLite is allowed to write anything, the file is checked:
     * a file that is not an SQLite database, is truncated, has another database's {@code -wal}
     * beside it, is not a healing store, fails {@code quick_check}, or whose schema cannot be read
     * is refused with a {@link StoreException} and left byte for byte as it was (with its WAL).
     */
    static Database open(Path path, Duration busyTimeout, boolean createIfMissing) {
        boolean exists = Files.exists(path);
        if (!exists && !createIfMissing) {
            throw new StoreException("no healing store at " + path + " (the file does not exist)");
        }
        if (exists) {
            int pageSize = checkHeader(path);
            if (pageSize > 0) {
                checkWalHeader(path, pageSize);
                probe(path);
            }
        } else {
            try {
                Path parent = path.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (IOException e) {
                throw new StoreException("cannot create the directory of " + path + ": " + e.getMessage(), e);
            }
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        Connection connection;
        try {
            connection = config.createConnection("jdbc:sqlite:" + path);
        } catch (SQLException e) {
            throw new StoreException("cannot open SQLite store " + path + ": " + e.getMessage(), e);
        }
        Database db = new Database(path, connection, busyTimeout);
        try {
            // Reading the schema first: a corrupt file fails here, before anything writes to it.
            db.read("read the schema", c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM sqlite_master")) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            });
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /**
     * Switches the file to WAL mode (a write to its header the first time) and sets the
     * connection's pragmas. Called once the file is known to be a healing store.
     */
    void enableWal() {
        withRetry("switch to WAL", () -> {
            try (Statement s = connection.createStatement()) {
                String mode;
                try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
                    mode = rs.next() ? rs.getString(1) : "?";
                }
                if (!"wal".equalsIgnoreCase(mode)) {
                    throw new StoreException(path + " could not be switched to WAL mode (journal_mode=" + mode + ")");
                }
                // NORMAL in WAL mode: a commit survives a killed process (it is in the WAL, in the
                // OS cache); only a power cut can lose the last commits, never consistency.
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA foreign_keys=ON");
            }
            return null;
        });
    }

    /**
     * Checks a {@code -wal} file beside the store: SQLite replays any WAL with valid frames into the
     * database, even one copied from another database, so a WAL that is not this file's is refused
     * before a connection that may checkpoint is opened. An empty or absent WAL passes.
     */
    private static void checkWalHeader(Path path, int pageSize) {
        Path wal = path.resolveSibling(path.getFileName() + "-wal");
        byte[] header = new byte[WAL_HEADER_BYTES];
        int read;
        try {
            if (!Files.exists(wal)) {
                return;
            }
            if (!Files.isRegularFile(wal)) {
                throw new StoreException(wal + " beside the store " + path + " is not a regular file; refusing to open");
            }
            try (InputStream in = Files.newInputStream(wal)) {
                read = in.readNBytes(header, 0, WAL_HEADER_BYTES);
            }
        } catch (IOException e) {
            throw new StoreException("cannot read " + wal + " beside the store " + path + ": " + e.getMessage(), e);
        }
        if (read == 0) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(header);
        int magic = b.getInt(0);
        if (read < WAL_HEADER_BYTES || (magic & 0xFFFFFFFE) != WAL_MAGIC || b.getInt(4) != WAL_FORMAT) {
            throw new StoreException(path + ": the -wal file beside it (" + wal.getFileName()
                    + ") is not an SQLite write-ahead log; refusing to open (move it away if it is not this store's)");
        }
        int walPageSize = b.getInt(8);
        if (walPageSize != pageSize) {
            throw new StoreException(path + ": the -wal file beside it has pages of " + walPageSize
                    + " bytes, the store " + pageSize + ", so it belongs to another database; refusing to open"
                    + " (move " + wal.getFileName() + " away)");
        }
    }

    /**
     * Looks at the file, with its WAL, through a read-only connection, which can neither checkpoint
     * nor roll back a journal into it: the schema must be a healing store's (or empty), not newer
     * than this code, and {@code PRAGMA quick_check} must pass. quick_check reads every page once
     * (O(file size): a 110 MB file took 200-250 ms from the page cache on a 2-core machine at load 7,
     * about 2 ms per MB, plus the disk read when cold); it finds zeroed or garbled b-tree and
     * overflow pages but skips the index-content checks of the full integrity_check.
     */
    private static void probe(Path path) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(PROBE_BUSY_MILLIS);
        try (Connection c = config.createConnection("jdbc:sqlite:" + path)) {
            Tx tx = new Tx(c);
            try {
                c.setAutoCommit(false);
                int version = Schema.version(tx, path);
                if (version > Schema.LATEST) {
                    throw new StoreException(path + " has schema version " + version + ", newer than this library's "
                            + Schema.LATEST + "; upgrade healing-store-sqlite to open it");
                }
                List<String> problems = new ArrayList<>();
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("PRAGMA quick_check(" + QUICK_CHECK_ERRORS + ")")) {
                    while (rs.next()) {
                        problems.add(rs.getString(1));
                    }
                }
                if (!problems.equals(List.of("ok"))) {
                    throw new StoreException(path + " is a corrupt SQLite database (quick_check: "
                            + String.join("; ", problems) + "); refusing to touch it");
                }
                c.rollback();
            } finally {
                tx.closeCached();
            }
        } catch (SQLException e) {
            int code = primaryCode(e);
            if (code == SQLiteErrorCode.SQLITE_NOTADB.code || code == SQLiteErrorCode.SQLITE_CORRUPT.code) {
                throw new StoreException(path + " is not a healing store database or is corrupt: " + e.getMessage()
                        + "; refusing to touch it", e);
            }
            if (code == SQLiteErrorCode.SQLITE_READONLY.code) {
                throw new StoreException(path + " has a hot rollback journal (" + path.getFileName()
                        + "-journal) from a crashed writer; refusing to replay it: if it is this store's, recover"
                        + " the file with the sqlite3 tool first", e);
            }
            throw new StoreException("cannot check " + path + " before opening it: " + e.getMessage(), e);
        }
    }

    /** @return the page size, or 0 for an empty file */
    private static int checkHeader(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new StoreException(path + " is not a regular file, so it cannot be a healing store");
        }
        byte[] header = new byte[HEADER_BYTES];
        long size;
        int read;
        try (InputStream in = Files.newInputStream(path)) {
            size = Files.size(path);
            read = in.readNBytes(header, 0, HEADER_BYTES);
        } catch (IOException e) {
            throw new StoreException("cannot read " + path + ": " + e.getMessage(), e);
        }
        if (size == 0) {
            return 0;
        }
        if (read < HEADER_BYTES || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new StoreException(path + " is not an SQLite database (" + size
                    + " bytes without the SQLite header); refusing to touch it");
        }
        ByteBuffer b = ByteBuffer.wrap(header);
        int pageSize = Short.toUnsignedInt(b.getShort(16));
        pageSize = pageSize == 1 ? 65536 : pageSize;
        if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
            throw new StoreException(path + " is a corrupt SQLite database (page size " + pageSize + ")");
        }
        long pages = Integer.toUnsignedLong(b.getInt(28));
        // The header's page count is only trustworthy with no WAL beside the file: another process
        // checkpointing writes page 1 (the header) before the pages that grow the file.
        boolean sizeValid = b.getInt(24) == b.getInt(92)
                && !Files.exists(path.resolveSibling(path.getFileName() + "-wal"));
        if (sizeValid && (size % pageSize != 0 || pages * pageSize > size)) {
            throw new StoreException(path + " is a corrupt SQLite database: " + size + " bytes, header says "
                    + pages + " pages of " + pageSize + " bytes (truncated?)");
        }
        return pageSize;
    }

    /** @return the file this database lives in */
    Path path() {
        return path;
    }

    /** Runs {@code work} in one write transaction ({@code BEGIN IMMEDIATE}), committing at the end. */
    <T> T write(String what, Work<T> work) {
        return transaction(what, "BEGIN IMMEDIATE", work);
    }

    /** Runs {@code work} in one read transaction, a consistent snapshot of the file. */
    <T> T read(String what, Work<T> work) {
        return transaction(what, "BEGIN", work);
    }

    private <T> T transaction(String what, String begin, Work<T> work) {
        return withRetry(what, () -> {
            tx.cached(begin).execute();
            try {
                T result = work.run(tx);
                tx.cached("COMMIT").execute();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly();
                throw e;
            }
        });
    }

    private <T> T withRetry(String what, Work0<T> work) {
        long deadline = System.nanoTime() + busyTimeoutNanos;
        lock.lock();
        try {
            if (closed) {
                throw new StoreException("the store " + path + " is closed; cannot " + what);
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    return work.run();
                } catch (SQLException e) {
                    // SQLite's busy handler already waited; BUSY_SNAPSHOT and BUSY_RECOVERY bypass
                    // it, so those (rare) are retried here within the same budget.
                    if (isBusy(e) && System.nanoTime() < deadline) {
                        LOG.debug("{}: {} busy (attempt {}), retrying", path, what, attempt);
                        pause(attempt);
                        continue;
                    }
                    throw translate(what, e);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    private interface Work0<T> {
        T run() throws SQLException;
    }

    private static void pause(int attempt) {
        try {
            TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextLong(200, 1000L * Math.min(attempt, 20)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the store's write lock", e);
        }
    }

    private void rollbackQuietly() {
        try (Statement s = connection.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // No transaction left to roll back (SQLite ended it on the error); nothing to undo.
            LOG.trace("{}: rollback: {}", path, e.getMessage());
        }
    }

    private static int primaryCode(SQLException e) {
        if (e instanceof SQLiteException se && se.getResultCode() != null) {
            return se.getResultCode().code & 0xFF;
        }
        return e.getErrorCode() & 0xFF;
    }

    private static boolean isBusy(SQLException e) {
        int code = primaryCode(e);
        return code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code;
    }

    private StoreException translate(String what, SQLException e) {
        int code = primaryCode(e);
        if (code == SQLiteErrorCode.SQLITE_NOTADB.code || code == SQLiteErrorCode.SQLITE_CORRUPT.code) {
            return new StoreException(path + " is not a healing store database or is corrupt (" + what + ": "
                    + e.getMessage() + ")", e);
        }
        if (isBusy(e)) {
            return new StoreException(path + ": " + what + " gave up after the busy timeout of "
                    + Duration.ofNanos(busyTimeoutNanos).toMillis() + " ms: " + e.getMessage(), e);
        }
        return new StoreException(path + ": " + what + " failed: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                tx.closeCached();
                connection.close();
            }
        } catch (SQLException e) {
            throw new StoreException("closing " + path + " failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
