package dev.healing.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.StoreException;
import dev.healing.api.TrustLedger;
import dev.healing.api.store.TrustPolicy;
import dev.healing.store.postgres.testing.PgCluster;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Wrong passwords, dead servers, slow statements and a server restart in the middle of writes. */
@Timeout(120)
final class PostgresRobustnessTest {
    private static void assertNoSecret(Throwable e, String secret) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(secret), "the password leaked: " + t);
            assertFalse(t.toString().contains(secret), "the password leaked: " + t);
        }
    }

    @Test
    void wrongPassword_clearErrorWithoutEitherPassword() {
        PgCluster pg = PgCluster.shared();
        String wrong = "not-" + PgCluster.PASSWORD;
        StoreException e = assertThrows(StoreException.class, () -> PostgresStore.builder()
                .url("postgresql://" + PgCluster.USER + ":" + wrong + "@127.0.0.1:" + pg.port() + "/postgres")
                .connectTimeout(Duration.ofSeconds(2)).build());
        assertTrue(e.getMessage().contains("127.0.0.1:" + pg.port()), e.getMessage());
        assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());
        assertNoSecret(e, wrong);
        assertNoSecret(e, PgCluster.PASSWORD);
    }

    @Test
    void passwordInUrl_neverInLocationOrToString() {
        try (PostgresStore s = PgCluster.shared().builder(PgCluster.freshNamespace("secret")).build()) {
            assertFalse(s.location().contains(PgCluster.PASSWORD), s.location());
            assertFalse(s.toString().contains(PgCluster.PASSWORD), s.toString());
            assertTrue(s.location().contains("namespace=secret_"), s.location());
        }
    }

    @Test
    void noServer_failsWithinTheConnectTimeoutNamingIt() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        int closed = port;
        StoreException e = assertThrows(StoreException.class, () -> PostgresStore.builder()
                .url("postgresql://u:topsecret@127.0.0.1:" + closed + "/db").connectTimeout(Duration.ofSeconds(1))
                .build());
        assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:" + closed), e.getMessage());
        assertNoSecret(e, "topsecret");
    }

    @Test
    void statementTimeout_endsTheCallAndWritesNothing() throws Exception {
        String ns = PgCluster.freshNamespace("timeout");
        try (PostgresStore s = PgCluster.shared().builder(ns).statementTimeout(Duration.ofMillis(300)).build();
             Connection admin = PgCluster.shared().admin()) {
            s.record("wf", TrustLedger.Event.VERIFIED);
            double before = s.trust("wf");
            admin.setAutoCommit(false);
            try (Statement st = admin.createStatement()) {
                st.execute("SELECT * FROM healing.trust WHERE namespace = '" + ns + "' AND workflow_id = 'wf' FOR UPDATE");
                StoreException e = assertThrows(StoreException.class, () -> s.record("wf", TrustLedger.Event.FAILED));
                assertTrue(e.getMessage().contains("timed out"), e.getMessage());
            } finally {
                admin.rollback();
            }
            assertEquals(before, s.trust("wf"), 1e-9, "the timed-out event left nothing behind");
            s.record("wf", TrustLedger.Event.FAILED);
            assertEquals(TrustPolicy.next(before, TrustLedger.Event.FAILED), s.trust("wf"), 1e-9);
        }
    }

    @Test
    void droppedConnections_nextCallsReconnectAndSucceed() throws Exception {
        String ns = PgCluster.freshNamespace("dropped");
        try (PostgresStore s = PgCluster.shared().builder(ns).build()) {
            s.save(Fixtures.baseline("wf", 1, 10, 1));
            try (Connection admin = PgCluster.shared().admin(); Statement st = admin.createStatement()) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'healing'");
            }
            s.save(Fixtures.baseline("wf", 1, 20, 2));
            assertEquals(20, s.current("wf", 1).orElseThrow().point().x());
            assertEquals(2, s.versions("wf", 1).size(), "the save across the dropped connection landed once");
        }
    }

    @Test
    void serverRestart_midWritesAndSaves_everyWriteLandsExactlyOnce() throws Exception {
        String ns = PgCluster.freshNamespace("restart");
        int threads = 3;
        int perThread = 150;
        AtomicInteger done = new AtomicInteger();
        try (PostgresStore s = PgCluster.shared().builder(ns).retryWithin(Duration.ofSeconds(60)).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                java.util.List<Future<?>> writers = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int step = t;
                    writers.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            s.recordStepRun("wf", step, 0.9, true);
                            s.record("wf" + step, TrustLedger.Event.VERIFIED);
                            s.save(Fixtures.baseline("wf", step, 10 + i, i));
                            done.incrementAndGet();
                        }
                    }));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (done.get() < threads * perThread / 4 && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                assertTrue(done.get() < threads * perThread, "the restart came in the middle");
                PgCluster.shared().restart();
                for (Future<?> f : writers) {
                    f.get(90, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(threads * perThread, done.get());
            try (Connection admin = PgCluster.shared().admin(); Statement st = admin.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM healing.step_run WHERE namespace = '" + ns + "'")) {
                rs.next();
                assertEquals(threads * perThread, rs.getInt(1), "step runs lost or doubled");
            }
            for (int t = 0; t < threads; t++) {
                assertEquals(1.0, s.trust("wf" + t), 1e-9);
                try (Connection admin = PgCluster.shared().admin(); Statement st = admin.createStatement();
                     ResultSet rs = st.executeQuery("SELECT verified FROM healing.trust"
                             + " WHERE namespace = '" + ns + "' AND workflow_id = 'wf" + t + "'")) {
                    rs.next();
                    assertEquals(perThread, rs.getInt(1), "trust events lost or doubled");
                }
                assertEquals(perThread, s.versions("wf", t).size(), "baseline saves lost or doubled");
                assertEquals(10 + perThread - 1, s.current("wf", t).orElseThrow().point().x());
            }
        }
    }
}
