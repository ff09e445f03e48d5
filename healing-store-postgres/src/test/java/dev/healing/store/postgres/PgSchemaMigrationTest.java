package dev.healing.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Point;
import dev.healing.api.StoreException;
import dev.healing.store.postgres.testing.PgCluster;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Migrations from an empty namespace and from every earlier version, keeping the data. */
@Timeout(60)
final class PgSchemaMigrationTest {
    @Test
    void emptyNamespace_getsTheLatestSchema() {
        try (PostgresStore s = PgCluster.shared().builder(PgCluster.freshNamespace("fresh")).build()) {
            assertEquals(PostgresStore.SCHEMA_VERSION, s.schemaVersion());
            assertEquals(4, PostgresStore.SCHEMA_VERSION);
        }
    }

    @Test
    void everyEarlierVersion_migratesForwardKeepingData() throws Exception {
        for (int version = 1; version < PgSchema.LATEST; version++) {
            String ns = PgCluster.freshNamespace("v" + version);
            try (PostgresStore old = PgCluster.shared().builder(ns).schemaVersion(version).build()) {
                assertEquals(version, old.schemaVersion());
                // Rows as that version's code wrote them: version 1's baseline columns.
                try (Connection admin = PgCluster.shared().admin();
                     java.sql.PreparedStatement p = admin.prepareStatement("INSERT INTO healing_" + ns + ".baseline"
                             + " (workflow_id, step_index, version, x, y, crop_png, frame_png, created_at, origin)"
                             + " VALUES ('wf', 1, 1, 10, 20, ?, NULL, 0, 'recorded')");
                     Statement st = admin.createStatement()) {
                    p.setBytes(1, Fixtures.image(16, 16, 1).toPng());
                    p.executeUpdate();
                    st.execute("INSERT INTO healing_" + ns + ".baseline_current VALUES ('wf', 1, 1)");
                }
                old.record("wf", 1, "h", Point.of(30, 40), Fixtures.image(8, 8, 2), true, Fixtures.T0);
            }
            try (PostgresStore now = PgCluster.shared().builder(ns).build()) {
                assertEquals(PgSchema.LATEST, now.schemaVersion(), "from version " + version);
                assertEquals(10, now.current("wf", 1).orElseThrow().point().x());
                assertEquals(Point.of(30, 40), now.recall("wf", 1, "h").get(0).point());
                now.save(Fixtures.baseline("wf", 1, 20, 3));
                assertEquals(2, now.versions("wf", 1).size());
                assertEquals(0, now.stats().overall().healsTried());
            }
        }
    }

    @Test
    void newerSchema_isRefusedAndLeftAlone() throws Exception {
        String ns = PgCluster.freshNamespace("newer");
        try (PostgresStore s = PgCluster.shared().builder(ns).build()) {
            s.save(Fixtures.baseline("wf", 1, 10, 1));
        }
        try (Connection admin = PgCluster.shared().admin(); Statement st = admin.createStatement()) {
            st.execute("INSERT INTO healing_" + ns + ".schema_version VALUES (99, 0)");
        }
        StoreException e = assertThrows(StoreException.class, () -> PgCluster.shared().builder(ns).build());
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
    }
}
