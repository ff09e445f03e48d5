package dev.healing.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.store.postgres.testing.PgCluster;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pool's liveness check before handing out a connection idle for more than half a second:
 * free while the connection was used recently, a round trip to the server after longer.
 */
@Timeout(60)
final class PoolLivenessTest {
    /** Longer than HikariCP's half second without a check, shorter than a second. */
    private static final long IDLE_MILLIS = 700;

    @Test
    void borrow_recentlyUsedConnectionIdleOverHalfASecond_isNotCheckedOnTheServer() throws Exception {
        try (Pool pool = open(TimeUnit.SECONDS.toNanos(30))) {
            assertEquals(1, selectOne(pool));
            Thread.sleep(IDLE_MILLIS);
            assertEquals(1, selectOne(pool));
            assertEquals(0, pool.serverChecks(), "a connection used 0.7 s ago is trusted");
        }
    }

    @Test
    void borrow_connectionIdleLongerThanTheTrustWindow_isCheckedOnTheServer() throws Exception {
        try (Pool pool = open(TimeUnit.MILLISECONDS.toNanos(100))) {
            assertEquals(1, selectOne(pool));
            Thread.sleep(IDLE_MILLIS);
            assertEquals(1, selectOne(pool));
            assertTrue(pool.serverChecks() >= 1, "checks: " + pool.serverChecks());
        }
    }

    private static int selectOne(Pool pool) {
        return pool.read("select 1", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static Pool open(long trustNanos) {
        ConnectionUrl url = ConnectionUrl.parse(PgCluster.shared().url());
        return Pool.open(url, url.user(), url.password(), PgSchema.SHARED, PgCluster.freshNamespace("alive"), 1,
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), "test", trustNanos);
    }
}
