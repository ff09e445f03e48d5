package dev.healing.store.postgres;

import dev.healing.api.RememberedFix;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the namespace's channel on its own connection (LISTEN/NOTIFY), keeps the recall cache
 * fresh and tells subscribers what other runners committed.
 *
 * <p>The cache is used only while the listening connection is up and answered a heartbeat within
 * the last {@value #HEARTBEAT_MILLIS} ms, and an entry is used at most for the cache TTL after it
 * was read: when the connection drops, recall reads the database each time until the feed is back
 * (then the cache starts empty). The connection is re-made with exponential backoff (100 ms to
 * 5 s). Thread-safe; one daemon thread.
 */
final class FleetFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetFeed.class);
    static final int HEARTBEAT_MILLIS = 1000;
    private static final int POLL_MILLIS = 200;
    private static final long MAX_BACKOFF_MILLIS = 5000;

    private record Entry(List<RememberedFix> fixes, long readAtNanos) {
    }

    private final String jdbcUrl;
    private final Properties props;
    private final String channel;
    private final String where;
    private final long ttlNanos;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final List<Consumer<FleetEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile long liveUntilNanos;
    private volatile boolean closed;
    private volatile Connection connection;

    FleetFeed(String jdbcUrl, Properties props, String channel, String where, Duration ttl) {
        this.jdbcUrl = jdbcUrl;
        this.props = props;
        this.channel = channel;
        this.where = where;
        this.ttlNanos = ttl.toNanos();
        this.thread = new Thread(this::loop, "healing-pg-listen");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** @return the NOTIFY channel of the namespace */
    String channel() {
        return channel;
    }

    /** @return whether the listening connection is up (events arrive) */
    boolean live() {
        return System.nanoTime() < liveUntilNanos;
    }

    /** Waits until the feed is listening, up to {@code timeout}; returns whether it is. */
    boolean awaitLive(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!live() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return live();
    }

    /** Recall through the cache when it can be trusted, else straight from {@code read}. */
    List<RememberedFix> recall(String workflowId, int stepIndex, String hash, Supplier<List<RememberedFix>> read) {
        if (ttlNanos <= 0 || !live()) {
            return read.get();
        }
        String key = key(workflowId, stepIndex) + '\u0000' + hash;
        long now = System.nanoTime();
        Entry e = cache.get(key);
        if (e != null && now - e.readAtNanos() < ttlNanos) {
            return e.fixes();
        }
        long gen = generation.get();
        List<RememberedFix> fixes = read.get();
        // Only cache what no notification has overtaken while it was read.
        if (generation.get() == gen && live()) {
            cache.put(key, new Entry(fixes, now));
        }
        return fixes;
    }

    /** Forgets the step's cached recalls (also called after this store's own writes). */
    void invalidate(String workflowId, int stepIndex) {
        generation.incrementAndGet();
        String prefix = key(workflowId, stepIndex) + '\u0000';
        cache.keySet().removeIf(k -> k.startsWith(prefix));
    }

    private static String key(String workflowId, int stepIndex) {
        return workflowId + '\u0000' + stepIndex;
    }

    /** Adds a subscriber; it is called on the feed's thread and must be quick. */
    AutoCloseable subscribe(Consumer<FleetEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    private void loop() {
        int failures = 0;
        while (!closed) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, props)) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + PgSchema.quote(channel));
                }
                // Anything committed while we were not listening is unknown: start empty.
                generation.incrementAndGet();
                cache.clear();
                liveUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS);
                if (failures > 0) {
                    LOG.info("{}: listening for fleet events again", where);
                }
                failures = 0;
                listen(c);
            } catch (SQLException | RuntimeException e) {
                liveUntilNanos = 0;
                generation.incrementAndGet();
                cache.clear();
                if (closed) {
                    return;
                }
                failures++;
                LOG.warn("{}: fleet events lost their connection ({}); recall reads the database until it is back",
                        where, ConnectionUrl.redact(String.valueOf(e.getMessage())));
                long backoff = Math.min(MAX_BACKOFF_MILLIS, 100L << Math.min(failures - 1, 6));
                try {
                    TimeUnit.MILLISECONDS.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
            } finally {
                connection = null;
            }
        }
    }

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long nextBeat = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS / 2);
        while (!closed) {
            PGNotification[] events = pg.getNotifications(POLL_MILLIS);
            if (events != null) {
                for (PGNotification n : events) {
                    deliver(FleetEvent.parse(n.getParameter()));
                }
            }
            if (System.nanoTime() >= nextBeat) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                liveUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS);
                nextBeat = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS / 2);
            }
        }
    }

    private void deliver(FleetEvent event) {
        if (event == null) {
            return;
        }
        if (event.kind() == FleetEvent.Kind.FIX_REMEMBERED) {
            invalidate(event.workflowId(), event.stepIndex());
        }
        for (Consumer<FleetEvent> s : subscribers) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("{}: a fleet event subscriber failed: {}", where, e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        liveUntilNanos = 0;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.trace("closing the listening connection: {}", e.getMessage());
            }
        }
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
