package dev.healing.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.healing.store.postgres.testing.PgCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Writes wait for the WAL flush unless the store opts out. */
@Timeout(60)
final class PostgresDurabilityTest {
    @Test
    void build_default_keepsSynchronousCommit() {
        try (PostgresStore s = PgCluster.shared().builder(PgCluster.freshNamespace("durable")).build()) {
            assertEquals("on", s.serverSetting("synchronous_commit"));
        }
    }

    @Test
    void build_synchronousCommitOff_connectionsCommitWithoutWaitingForTheFlush_andSavesWork() {
        try (PostgresStore s = PgCluster.shared().builder(PgCluster.freshNamespace("async"))
                .synchronousCommit(false).build()) {
            assertEquals("off", s.serverSetting("synchronous_commit"));
            assertEquals(1, s.saveVersion(Fixtures.baseline("wf", 1, 10, 1), 0));
            assertEquals(10, s.current("wf", 1).orElseThrow().point().x());
        }
    }
}
