package dev.healing.jmh;

import dev.healing.api.Baseline;
import dev.healing.api.ApprovalClass;
import dev.healing.api.Candidate;
import dev.healing.api.Cost;
import dev.healing.api.FailureKind;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.RememberedFix;
import dev.healing.api.VerificationResult;
import dev.healing.api.store.HealEvent;
import dev.healing.store.postgres.PostgresStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The PostgreSQL store against a plain JDBC loop on the same server, in the same run (a throwaway
 * cluster with the server's default durability, or {@code $HEALING_PG_URL}).
 *
 * <ul>
 *   <li>{@code baselineSave} (4 threads): {@link PostgresStore#save} of a 100x100 crop: PNG, then
 *       next version (carrying the save's receipt) and current pointer in one autocommitted
 *       statement; concurrent saves commit in parallel.</li>
 *   <li>{@code plainJdbcInsert} (4 threads): the reference, one autocommit INSERT of the same PNG
 *       bytes per call, one connection per thread.</li>
 *   <li>{@code plainJdbcSaveStatement} (4 threads): a second reference, the store's save statement
 *       (version with its receipt, pointer) sent over plain JDBC with the PNG already encoded: the server's
 *       share of a save, without the store's PNG encoding and pool.</li>
 *   <li>{@code healLogBatch}: {@link PostgresStore#recordHeals} of 1,000 heals with 2 attempts each
 *       in one transaction; reported per heal (3 rows each).</li>
 *   <li>{@code plainJdbcBatch}: the reference, a JDBC batch of 1,000 rows of the heal table's width
 *       in one transaction; reported per row.</li>
 *   <li>{@code recallCached} / {@code recallUncached}: the memory lookup on the heal path, served
 *       from the cache that fleet events keep fresh, and read from the server each time.</li>
 * </ul>
 *
 * <p>{@code durability} ({@code -p durability=...}): {@code DEFAULT} keeps the server's settings;
 * {@code ASYNC_COMMIT} starts the throwaway cluster with {@code synchronous_commit=off}, for ours and
 * the reference alike, to show what the commit's WAL flush costs. The server's settings are printed
 * at the start of each trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PostgresStoreBenchmark {
    private static final int BATCH = 1000;
    private static final String HASH = "bench-hash";

    /** The server's durability settings for this trial. */
    @Param({"DEFAULT", "ASYNC_COMMIT"})
    public String durability;

    private PgBenchServer server;
    private String namespace;
    private PostgresStore store;
    private PostgresStore uncached;
    private Image crop;
    private byte[] cropPng;
    private List<HealEvent> events;
    private final AtomicInteger threads = new AtomicInteger();

    /** One runner thread: its steps and its plain connection. */
    @State(Scope.Thread)
    public static class Runner {
        int base;
        int counter;
        Connection jdbc;
        PreparedStatement insert;
        PreparedStatement batch;
        PreparedStatement saveStatement;

        @Setup(Level.Trial)
        public void open(PostgresStoreBenchmark b) throws SQLException {
            base = b.threads.incrementAndGet() * 100_000;
            jdbc = DriverManager.getConnection(b.server.jdbcUrl(), b.server.user(), b.server.password());
            insert = jdbc.prepareStatement("INSERT INTO ref.baseline (workflow_id, step_index, x, y, crop_png,"
                    + " created_at) VALUES (?, ?, ?, ?, ?, ?)");
            batch = jdbc.prepareStatement("INSERT INTO ref.log (workflow_id, step_index, similarity, status,"
                    + " locator, x, y, confidence, reason, cost_usd, tokens, duration_ms, at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            String t = "healing.";
            String ns = "'" + b.namespace + "'";
            saveStatement = jdbc.prepareStatement("WITH v AS (INSERT INTO " + t + "baseline (namespace, workflow_id,"
                    + " step_index, version, x, y, crop_png, frame_png, created_at, origin, heal_id, save_id)"
                    + " SELECT " + ns + ", ?, ?, coalesce(max(version), 0) + 1, ?, ?, ?, NULL, ?, ?, NULL, ? FROM " + t
                    + "baseline WHERE namespace = " + ns + " AND workflow_id = ? AND step_index = ? ON CONFLICT DO NOTHING"
                    + " RETURNING workflow_id, step_index, version),"
                    + " cur AS (INSERT INTO " + t + "baseline_current (namespace, workflow_id, step_index, version)"
                    + " SELECT " + ns + ", workflow_id, step_index, version FROM v"
                    + " ON CONFLICT (namespace, workflow_id, step_index) DO UPDATE SET version = excluded.version"
                    + " RETURNING version) SELECT version FROM cur");
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            jdbc.close();
        }
    }

    @Setup(Level.Trial)
    public void open() throws IOException, InterruptedException, SQLException {
        server = PgBenchServer.start(PgBenchServer.Durability.valueOf(durability));
        String ns = "bench_" + ProcessHandle.current().pid();
        namespace = ns;
        store = PostgresStore.builder().url(server.url()).namespace(ns).poolSize(8).build();
        uncached = PostgresStore.builder().url(server.url()).namespace(ns).memoryCache(Duration.ZERO).poolSize(2)
                .build();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT string_agg(name || '=' || setting, ' ' ORDER BY name)"
                    + " FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method',"
                    + " 'full_page_writes', 'commit_delay', 'server_version')")) {
                rs.next();
                System.err.println("PostgreSQL server (" + durability + "): " + rs.getString(1));
            }
            s.execute("CREATE SCHEMA IF NOT EXISTS ref");
            s.execute("CREATE TABLE IF NOT EXISTS ref.baseline (id BIGSERIAL PRIMARY KEY, workflow_id TEXT,"
                    + " step_index INTEGER, x INTEGER, y INTEGER, crop_png BYTEA, created_at BIGINT)");
            s.execute("CREATE TABLE IF NOT EXISTS ref.log (id BIGSERIAL PRIMARY KEY, workflow_id TEXT,"
                    + " step_index INTEGER, similarity DOUBLE PRECISION, status TEXT, locator TEXT, x INTEGER,"
                    + " y INTEGER, confidence DOUBLE PRECISION, reason TEXT, cost_usd DOUBLE PRECISION, tokens BIGINT,"
                    + " duration_ms BIGINT, at BIGINT)");
        }
        crop = SqliteStoreBenchmark.buttonCrop();
        cropPng = crop.toPng();
        HealRequest request = HealRequest.of("bench", 3, 0.24, null).withConsecutiveFailures(2);
        Candidate wrong = Candidate.at(Point.of(10, 10), 0.85, "template", "first peak");
        Candidate right = Candidate.at(Point.of(200, 120), 0.93, "template", "second peak");
        HealResult result = HealResult.healed(new HealResult.Trace("bench", 3, Optional.of(Point.of(100, 120)),
                FailureKind.MOVED, List.of(
                        new HealAttempt(1, wrong, VerificationResult.failedAt(3, 0.3), false, "still failing", null),
                        new HealAttempt(2, right, VerificationResult.succeeded(), true, "verified", null)),
                List.of(), new Cost(1, 1200, 40, 0.0004), Duration.ofMillis(420), Optional.empty()), right,
                ApprovalClass.A, "verified");
        events = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            events.add(new HealEvent(request, result, Instant.EPOCH.plusMillis(i)));
        }
        for (int i = 0; i < 3; i++) {
            store.record("bench", 5, HASH, Point.of(100 + i * 40, 200), crop, true, Instant.EPOCH.plusSeconds(i));
        }
        if (!store.awaitFleetEvents(Duration.ofSeconds(10))) {
            throw new IllegalStateException("fleet events do not flow; the cached recall would not be measured");
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException, InterruptedException {
        store.close();
        uncached.close();
        server.close();
    }

    @Benchmark
    @Threads(4)
    public int baselineSave(Runner r) {
        int step = r.base + (r.counter++ % 200);
        store.save(new Baseline("bench", step, Point.of(100, 120), crop, null, Instant.EPOCH, "bench"));
        return step;
    }

    @Benchmark
    @Threads(4)
    public int plainJdbcInsert(Runner r) throws SQLException {
        int step = r.base + (r.counter++ % 200);
        r.insert.setString(1, "bench");
        r.insert.setInt(2, step);
        r.insert.setInt(3, 100);
        r.insert.setInt(4, 120);
        r.insert.setBytes(5, cropPng);
        r.insert.setLong(6, 0);
        return r.insert.executeUpdate();
    }

    @Benchmark
    @Threads(4)
    public int plainJdbcSaveStatement(Runner r) throws SQLException {
        int step = r.base + (r.counter++ % 200);
        PreparedStatement p = r.saveStatement;
        p.setString(1, "ref");
        p.setInt(2, step);
        p.setInt(3, 100);
        p.setInt(4, 120);
        p.setBytes(5, cropPng);
        p.setLong(6, 0);
        p.setString(7, "bench");
        p.setObject(8, UUID.randomUUID());
        p.setString(9, "ref");
        p.setInt(10, step);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long[] healLogBatch() {
        return store.recordHeals(events);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int[] plainJdbcBatch(Runner r) throws SQLException {
        r.jdbc.setAutoCommit(false);
        PreparedStatement p = r.batch;
        for (int i = 0; i < BATCH; i++) {
            p.setString(1, "bench");
            p.setInt(2, 3);
            p.setDouble(3, 0.24);
            p.setString(4, "HEALED");
            p.setString(5, "template");
            p.setInt(6, 200);
            p.setInt(7, 120);
            p.setDouble(8, 0.93);
            p.setString(9, "second peak");
            p.setDouble(10, 0.0004);
            p.setLong(11, 1240);
            p.setLong(12, 420);
            p.setLong(13, i);
            p.addBatch();
        }
        int[] rows = p.executeBatch();
        r.jdbc.commit();
        r.jdbc.setAutoCommit(true);
        return rows;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<RememberedFix> recallCached() {
        return store.recall("bench", 5, HASH);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<RememberedFix> recallUncached() {
        return uncached.recall("bench", 5, HASH);
    }
}
