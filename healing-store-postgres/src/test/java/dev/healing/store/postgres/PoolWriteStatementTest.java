package dev.healing.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.healing.api.StoreException;
import dev.healing.store.postgres.testing.PgCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A write done as one autocommitted statement, when the server's answer is lost on the way back. */
@Timeout(60)
final class PoolWriteStatementTest {
    /** SQLState of a connection that broke while a statement was under way. */
    private static final String CONNECTION_FAILURE = "08006";

    @Test
    void writeStatement_answerLostAfterCommit_returnsTheReceiptsResultWithoutWritingAgain() throws Exception {
        String ns = PgCluster.freshNamespace("lostreply");
        AtomicInteger runs = new AtomicInteger();
        try (Pool pool = open(ns)) {
            long result = pool.writeStatement("insert a marker", (c, receipt, at) -> {
                runs.incrementAndGet();
                insertMarker(c, ns, receipt, at, 42);
                throw new SQLException("the answer was lost on the way back", CONNECTION_FAILURE);
            });
            assertEquals(42, result, "the result comes from the committed receipt");
        }
        assertEquals(1, runs.get(), "a committed write is not run again");
        assertEquals(1, markers(ns), "the write landed exactly once");
    }

    @Test
    void baselineSave_answerLostAfterCommit_findsItsVersionByTheSaveIdInTheRow() throws Exception {
        String ns = PgCluster.freshNamespace("lostsave");
        AtomicInteger runs = new AtomicInteger();
        try (Pool pool = open(ns)) {
            long version = pool.writeStatement("save a baseline", (c, receipt, at) -> {
                runs.incrementAndGet();
                try (Tx tx = new Tx(c, ns)) {
                    BaselineRows.save(tx, Fixtures.baseline("wf", 1, 10, 1), new byte[] {1, 2}, null, 0, receipt);
                }
                throw new SQLException("the answer was lost on the way back", CONNECTION_FAILURE);
            }, (c, receipt) -> {
                try (Tx tx = new Tx(c, ns)) {
                    return BaselineRows.savedVersion(tx, "wf", 1, receipt);
                }
            });
            assertEquals(1, version, "the version comes from the committed row");
        }
        assertEquals(1, runs.get(), "a committed save is not run again");
        try (PostgresStore store = PgCluster.shared().builder(ns).build()) {
            assertEquals(1, store.versions("wf", 1).size(), "the save landed exactly once");
        }
    }

    @Test
    void writeStatement_connectionBrokeBeforeCommit_runsAgainOnce() throws Exception {
        String ns = PgCluster.freshNamespace("lostsend");
        AtomicInteger runs = new AtomicInteger();
        try (Pool pool = open(ns)) {
            long result = pool.writeStatement("insert a marker", (c, receipt, at) -> {
                if (runs.incrementAndGet() == 1) {
                    throw new SQLException("the connection broke before the statement", CONNECTION_FAILURE);
                }
                insertMarker(c, ns, receipt, at, 7);
                return 7;
            });
            assertEquals(7, result);
        }
        assertEquals(2, runs.get(), "the write that never reached the server runs again");
        assertEquals(1, markers(ns), "the write landed exactly once");
    }

    @Test
    void writeStatement_statementError_failsWithoutRetrying() throws Exception {
        String ns = PgCluster.freshNamespace("badstmt");
        AtomicInteger runs = new AtomicInteger();
        try (Pool pool = open(ns)) {
            StoreException e = assertThrows(StoreException.class, () -> pool.writeStatement("insert a marker",
                    (c, receipt, at) -> {
                        runs.incrementAndGet();
                        throw new SQLException("syntax error", "42601");
                    }));
            assertEquals(true, e.getMessage().contains("insert a marker failed"), e.getMessage());
        }
        assertEquals(1, runs.get());
    }

    private static Pool open(String ns) {
        // The store creates and migrates the schema; the pool then works inside it, in the namespace.
        PgCluster.shared().builder(ns).build().close();
        ConnectionUrl url = ConnectionUrl.parse(PgCluster.shared().url());
        return Pool.open(url, url.user(), url.password(), PgSchema.SHARED, ns, 2, Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(10), "test");
    }

    private static void insertMarker(Connection c, String namespace, UUID receipt, long at, long result) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("WITH m AS (INSERT INTO run (namespace, workflow_id, runner,"
                + " started_at, status) VALUES (?, 'marker', 'test', 0, 'RUNNING') RETURNING namespace)"
                + " INSERT INTO write_receipt (namespace, id, at, result) SELECT namespace, ?, ?, ? FROM m")) {
            p.setString(1, namespace);
            p.setObject(2, receipt);
            p.setLong(3, at);
            p.setLong(4, result);
            assertEquals(1, p.executeUpdate());
        }
    }

    private static int markers(String ns) throws SQLException {
        try (Connection admin = PgCluster.shared().admin(); Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM healing.run"
                     + " WHERE namespace = '" + ns + "' AND workflow_id = 'marker'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
