package dev.healing.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.ApprovalClass;
import dev.healing.api.Candidate;
import dev.healing.api.Escalation;
import dev.healing.api.FailureKind;
import dev.healing.api.HealRequest;
import dev.healing.api.Point;
import dev.healing.api.Proposal;
import dev.healing.api.StoreException;
import dev.healing.api.TrustLedger;
import dev.healing.api.store.HealthState;
import dev.healing.store.postgres.testing.PgCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two namespaces on one database, in the one shared schema: neither sees the other's rows, fleet
 * events or step locks, though both use the same workflow ids, steps, proposal ids and row ids.
 */
@Timeout(60)
final class PostgresNamespaceTest {
    private static final String HASH = "baseline-hash";

    private static PostgresStore store(String namespace) {
        return PgCluster.shared().builder(namespace).build();
    }

    @Test
    void everyView_seesOnlyItsOwnNamespace() {
        try (PostgresStore a = store(PgCluster.freshNamespace("site_a"));
             PostgresStore b = store(PgCluster.freshNamespace("site_b"))) {
            a.save(Fixtures.baseline("wf", 1, 10, 1));
            a.record("wf", 1, HASH, Point.of(5, 5), Fixtures.image(8, 8, 2), true, Fixtures.T0);
            a.submit(proposal("p1"));
            a.record("wf", TrustLedger.Event.VERIFIED);
            long run = a.startRun("wf", "runner-a");
            a.recordStepRun("wf", 1, 0.2, false);
            long heal = a.recordHeal(HealRequest.of("wf", 1, 0.3, null), FleetWriterProcess.healed("wf", 1));
            long escalation = a.recordEscalation(escalation());
            a.calibrations().save("endpoint|model|P", "a");

            assertTrue(b.current("wf", 1).isEmpty(), "baselines");
            assertTrue(b.versions("wf", 1).isEmpty(), "baseline versions");
            assertTrue(b.version("wf", 1, 1).isEmpty(), "a baseline version");
            assertThrows(StoreException.class, () -> b.rollback("wf", 1, 1), "rollback to another's version");
            assertTrue(b.recall("wf", 1, HASH).isEmpty(), "memory");
            assertTrue(b.proposal("p1").isEmpty(), "proposals");
            assertTrue(b.pending().isEmpty(), "pending proposals");
            assertThrows(StoreException.class, () -> b.approve("p1"), "approving another's proposal");
            assertEquals(0.5, b.trust("wf"), 1e-9, "trust");
            assertTrue(b.trustLevels().isEmpty(), "trust levels");
            assertTrue(b.runs("wf", 10).isEmpty(), "runs");
            assertThrows(StoreException.class, () -> b.finishRun(run, true, -1), "finishing another's run");
            assertTrue(b.stepRuns("wf", 1, 10).isEmpty(), "step runs");
            assertTrue(b.history(null, 10).isEmpty(), "heal log");
            assertTrue(b.evidencePng(heal, 1).isEmpty(), "evidence");
            assertTrue(b.escalations(null, 10).isEmpty(), "escalations");
            assertTrue(b.escalation(escalation).isEmpty(), "an escalation by id");
            assertEquals(0, b.stats().overall().healsTried(), "stats");
            assertTrue(b.stats().workflows().isEmpty(), "stats per workflow");
            assertTrue(b.health().isEmpty(), "health");
            assertEquals(HealthState.HEALTHY, b.health("wf", 1).state(), "step health");
            assertTrue(b.calibrations().find("endpoint|model|P").isEmpty(), "calibrations");

            // The same keys are free in the other namespace, and the first keeps its own.
            b.save(Fixtures.baseline("wf", 1, 30, 3));
            b.submit(proposal("p1"));
            b.approve("p1");
            b.calibrations().save("endpoint|model|P", "b");
            assertEquals(10, a.current("wf", 1).orElseThrow().point().x());
            assertEquals(30, b.current("wf", 1).orElseThrow().point().x());
            assertEquals(1, a.versions("wf", 1).size());
            assertEquals(Proposal.Status.PENDING, a.proposal("p1").orElseThrow().status());
            assertEquals("a", a.calibrations().find("endpoint|model|P").orElseThrow());
            assertEquals(1, a.stats().overall().healsTried());
            assertEquals(1, a.escalations(null, 10).size());
            assertEquals(1, a.history(null, 10).size());
            a.finishRun(run, true, -1);
        }
    }

    @Test
    void fleetEvents_ofOneNamespace_doNotReachTheOther() throws Exception {
        try (PostgresStore a = store(PgCluster.freshNamespace("push_a"));
             PostgresStore b = store(PgCluster.freshNamespace("push_b"))) {
            assertTrue(a.awaitFleetEvents(Duration.ofSeconds(10)), "a listens");
            assertTrue(b.awaitFleetEvents(Duration.ofSeconds(10)), "b listens");
            List<FleetEvent> heardByB = new CopyOnWriteArrayList<>();
            CountDownLatch aHeardItsOwn = new CountDownLatch(1);
            CountDownLatch bHeardItsOwn = new CountDownLatch(1);
            AutoCloseable subA = a.subscribe(e -> aHeardItsOwn.countDown());
            AutoCloseable subB = b.subscribe(e -> {
                heardByB.add(e);
                bHeardItsOwn.countDown();
            });
            try {
                a.record("wf", 3, HASH, Point.of(200, 120), Fixtures.image(8, 8, 3), true, Fixtures.T0);
                assertTrue(aHeardItsOwn.await(10, TimeUnit.SECONDS), "a hears its own fix");
                // The server delivers a session's notifications in commit order: had a's reached b,
                // b would hear it before its own.
                b.record("wf", 4, HASH, Point.of(1, 1), Fixtures.image(8, 8, 4), true, Fixtures.T0);
                assertTrue(bHeardItsOwn.await(10, TimeUnit.SECONDS), "b hears its own fix");
                assertEquals(4, heardByB.get(0).stepIndex(), "b heard " + heardByB);
                assertEquals(1, heardByB.size(), "b heard " + heardByB);
            } finally {
                subA.close();
                subB.close();
            }
        }
    }

    @Test
    void exclusively_sameStepInTwoNamespaces_doesNotWait() throws Exception {
        try (PostgresStore a = store(PgCluster.freshNamespace("lock_a"));
             PostgresStore b = PgCluster.shared().builder(PgCluster.freshNamespace("lock_b"))
                     .exclusiveTimeout(Duration.ZERO).build();
             PostgresStore a2 = PgCluster.shared().builder(a.namespace()).exclusiveTimeout(Duration.ZERO).build()) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = new Thread(() -> a.exclusively("wf", 1, () -> {
                holding.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            holder.start();
            try {
                assertTrue(holding.await(20, TimeUnit.SECONDS));
                assertEquals("healed", b.exclusively("wf", 1, () -> "healed"), "another namespace's lock");
                assertThrows(StoreException.class, () -> a2.exclusively("wf", 1, () -> "healed"),
                        "a second runner of the same namespace must wait (and gives up at once here)");
            } finally {
                release.countDown();
                holder.join(20_000);
            }
        }
    }

    private static Proposal proposal(String id) {
        return new Proposal(id, "wf", 1, "Post button", Point.of(10, 10),
                Candidate.at(Point.of(40, 50), 0.9, "template", "found"), ApprovalClass.B, FailureKind.MOVED,
                "publishing step", Fixtures.T0, Proposal.Status.PENDING, null);
    }

    private static Escalation escalation() {
        return new Escalation("wf", 1, "Click Send", Point.of(100, 120), FailureKind.MOVED, "no candidate",
                List.of(), "/runs/wf.json", List.of(), "find the element by hand", Fixtures.image(8, 8, 5),
                Fixtures.T0);
    }
}
