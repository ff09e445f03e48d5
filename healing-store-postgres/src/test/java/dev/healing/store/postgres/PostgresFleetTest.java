package dev.healing.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.ApprovalClass;
import dev.healing.api.Candidate;
import dev.healing.api.FailureKind;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.Proposal;
import dev.healing.api.RememberedFix;
import dev.healing.store.postgres.testing.PgCluster;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two stores on one server behave as two runners of a fleet. */
@Timeout(60)
final class PostgresFleetTest {
    private static final String HASH = "baseline-hash";

    private static PostgresStore store(String namespace) {
        return PgCluster.shared().builder(namespace).build();
    }

    @Test
    void namespaces_seeOnlyTheirOwnRows() {
        try (PostgresStore a = store(PgCluster.freshNamespace("team_a"));
             PostgresStore b = store(PgCluster.freshNamespace("team_b"))) {
            a.save(Fixtures.baseline("wf", 1, 10, 1));
            a.record("wf", 1, HASH, Point.of(5, 5), Fixtures.image(8, 8, 2), true, Fixtures.T0);
            a.submit(proposal("p1"));
            a.startRun("wf", "runner-a");

            assertTrue(b.current("wf", 1).isEmpty());
            assertTrue(b.recall("wf", 1, HASH).isEmpty());
            assertTrue(b.proposal("p1").isEmpty());
            assertTrue(b.runs("wf", 10).isEmpty());
            assertEquals(1, a.runs("wf", 10).size());
            // the same proposal id is free in another namespace
            b.submit(proposal("p1"));
            assertEquals(1, b.pending().size());
        }
    }

    @Test
    void fixRemembered_otherRunnerHearsItAndRecallsIt() throws Exception {
        String ns = PgCluster.freshNamespace("fleet");
        try (PostgresStore a = store(ns); PostgresStore b = store(ns)) {
            assertTrue(b.awaitFleetEvents(Duration.ofSeconds(10)), "b listens");
            assertTrue(b.recall("wf", 3, HASH).isEmpty(), "nothing yet (and now cached)");
            CountDownLatch heard = new CountDownLatch(1);
            AtomicLong heardAt = new AtomicLong();
            AutoCloseable sub = b.subscribe(e -> {
                if (e.kind() == FleetEvent.Kind.FIX_REMEMBERED && e.stepIndex() == 3) {
                    heardAt.set(System.nanoTime());
                    heard.countDown();
                }
            });
            try {
                long committed = System.nanoTime();
                a.record("wf", 3, HASH, Point.of(200, 120), Fixtures.image(8, 8, 3), true, Fixtures.T0);
                assertTrue(heard.await(10, TimeUnit.SECONDS), "b heard a's fix");
                System.out.printf("fleet event latency: %.1f ms%n", (heardAt.get() - committed) / 1e6);
            } finally {
                sub.close();
            }
            List<RememberedFix> fixes = b.recall("wf", 3, HASH);
            assertEquals(1, fixes.size(), "the cached empty answer was dropped");
            assertEquals(Point.of(200, 120), fixes.get(0).point());
        }
    }

    @Test
    void fleetEventsDown_recallReadsTheDatabase() throws Exception {
        String ns = PgCluster.freshNamespace("fallback");
        try (PostgresStore a = store(ns);
             PostgresStore b = PgCluster.shared().builder(ns).memoryCache(Duration.ofSeconds(60)).build()) {
            assertTrue(b.awaitFleetEvents(Duration.ofSeconds(10)));
            assertTrue(b.recall("wf", 4, HASH).isEmpty());
            // Cut only the listening connections, then commit a fix while nobody can be told.
            try (Connection admin = PgCluster.shared().admin(); Statement s = admin.createStatement()) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE application_name = 'healing-listen'");
            }
            a.record("wf", 4, HASH, Point.of(40, 50), Fixtures.image(8, 8, 4), true, Fixtures.T0);
            // Whether or not b has noticed yet, its next recall must not be the cached empty list
            // for long: the heartbeat bounds it to about a second.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<RememberedFix> fixes = b.recall("wf", 4, HASH);
            while (fixes.isEmpty() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
                fixes = b.recall("wf", 4, HASH);
            }
            assertEquals(1, fixes.size());
            assertTrue(b.awaitFleetEvents(Duration.ofSeconds(15)), "b listens again after the backoff");
        }
    }

    @Test
    void exclusively_twoRunnersSameStep_oneHealsTheOtherReusesItsFix() throws Exception {
        String ns = PgCluster.freshNamespace("lock");
        try (PostgresStore a = store(ns); PostgresStore b = store(ns)) {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            AtomicInteger searches = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            try {
                List<Future<Point>> heals = List.of(pool.submit(() -> heal(a, go, inside, most, searches)),
                        pool.submit(() -> heal(b, go, inside, most, searches)));
                go.countDown();
                Point first = heals.get(0).get(30, TimeUnit.SECONDS);
                Point second = heals.get(1).get(30, TimeUnit.SECONDS);
                assertEquals(first, second, "both runners use one fix");
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, most.get(), "the two heals overlapped");
            assertEquals(1, searches.get(), "only one runner searched");
            assertEquals(1, a.recall("wf", 7, HASH).size(), "one fix remembered");
        }
    }

    /** A heal as the healer does it: memory first, else a (counted) search whose fix is remembered. */
    private static Point heal(PostgresStore store, CountDownLatch go, AtomicInteger inside, AtomicInteger most,
                              AtomicInteger searches) throws InterruptedException {
        go.await();
        return store.exclusively("wf", 7, () -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                List<RememberedFix> known = store.recall("wf", 7, HASH);
                if (!known.isEmpty()) {
                    return known.get(0).point();
                }
                searches.incrementAndGet();
                Point found = Point.of(321, 123);
                store.record("wf", 7, HASH, found, Fixtures.image(8, 8, 7), true, Fixtures.T0);
                return found;
            } finally {
                inside.decrementAndGet();
            }
        });
    }

    @Test
    void approval_byOnePerson_isSeenByEveryRunner() throws Exception {
        String ns = PgCluster.freshNamespace("approve");
        try (PostgresStore runner = store(ns); PostgresStore desk = store(ns)) {
            assertTrue(runner.awaitFleetEvents(Duration.ofSeconds(10)));
            CountDownLatch told = new CountDownLatch(1);
            AutoCloseable sub = runner.subscribe(e -> {
                if (e.kind() == FleetEvent.Kind.PROPOSAL_RESOLVED && e.id().equals("p9")) {
                    told.countDown();
                }
            });
            try {
                runner.submit(proposal("p9"));
                desk.approve("p9");
                assertTrue(told.await(10, TimeUnit.SECONDS));
            } finally {
                sub.close();
            }
            assertEquals(List.of("p9"), runner.approved().stream().map(Proposal::id).toList());
            assertTrue(runner.pending().isEmpty());
        }
    }

    @Test
    void baselineVersions_rollbackIsSeenByTheOtherRunner() {
        String ns = PgCluster.freshNamespace("versions");
        try (PostgresStore a = store(ns); PostgresStore b = store(ns)) {
            a.save(Fixtures.baseline("wf", 2, 10, 1));
            b.save(Fixtures.baseline("wf", 2, 30, 2));
            assertEquals(2, a.versions("wf", 2).size());
            assertEquals(30, a.current("wf", 2).orElseThrow().point().x());
            b.rollback("wf", 2, 1);
            assertEquals(10, a.current("wf", 2).orElseThrow().point().x());
            assertTrue(a.versions("wf", 2).get(0).current());
        }
    }

    @Test
    void concurrentBaselineSaves_eachGetsItsOwnVersion() throws Exception {
        String ns = PgCluster.freshNamespace("saves");
        try (PostgresStore a = store(ns); PostgresStore b = store(ns)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    PostgresStore s = t % 2 == 0 ? a : b;
                    int seed = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 25; i++) {
                            s.save(Fixtures.baseline("wf", 0, i, seed * 100L + i));
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            List<Integer> versions = a.versions("wf", 0).stream().map(v -> v.version()).toList();
            assertEquals(100, versions.size());
            assertEquals(100, (int) versions.get(99));
        }
    }

    private static Proposal proposal(String id) {
        Image evidence = Fixtures.image(8, 8, 9);
        return new Proposal(id, "wf", 2, "Post button", Point.of(10, 10),
                Candidate.at(Point.of(40, 50), 0.9, "template", "found"), ApprovalClass.B, FailureKind.MOVED,
                "publishing step", Fixtures.T0, Proposal.Status.PENDING, evidence);
    }

    @Test
    void evidence_theResultsPictureIsStoredOnce() throws Exception {
        String ns = PgCluster.freshNamespace("evidence");
        Image first = Fixtures.image(30, 20, 11);
        Image last = Fixtures.image(30, 20, 12);
        HealResult healed = FleetWriterProcess.healed("wf", 4);
        HealAttempt a1 = healed.history().get(0);
        HealAttempt a2 = healed.history().get(1);
        List<HealAttempt> history = List.of(
                new HealAttempt(1, a1.candidate(), a1.verification(), a1.accepted(), a1.note(), first),
                new HealAttempt(2, a2.candidate(), a2.verification(), a2.accepted(), a2.note(), last));
        HealResult result = HealResult.healed(new HealResult.Trace("wf", 4, healed.oldPoint(), healed.failureKind(),
                history, List.of(), healed.cost(), healed.duration(), Optional.of(last)), healed.candidate().orElseThrow(),
                ApprovalClass.A, healed.reason());
        try (PostgresStore s = store(ns)) {
            long id = s.recordHeal(HealRequest.of("wf", 4, 0.3, null), result);
            assertEquals(last, Image.fromPng(s.evidencePng(id, 0).orElseThrow()));
            assertEquals(first, Image.fromPng(s.evidencePng(id, 1).orElseThrow()));
            assertEquals(last, Image.fromPng(s.evidencePng(id, 2).orElseThrow()));
        }
        try (Connection admin = PgCluster.shared().admin(); Statement st = admin.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM healing.heal_evidence WHERE namespace = '" + ns
                     + "'), (SELECT count(*) FROM healing.attempt_evidence WHERE namespace = '" + ns + "')")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the result's picture was stored a second time");
            assertEquals(2, rs.getInt(2));
        }
    }

    @Test
    void proposalPicture_roundTrips() {
        try (PostgresStore a = store(PgCluster.freshNamespace("picture"))) {
            a.submit(proposal("p2"));
            Image got = a.proposal("p2").orElseThrow().evidence();
            assertNotNull(got);
            assertEquals(Fixtures.image(8, 8, 9), got);
            assertFalse(a.pending().isEmpty());
        }
    }
}
