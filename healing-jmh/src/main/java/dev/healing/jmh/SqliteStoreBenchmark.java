package dev.healing.jmh;

import dev.healing.api.ApprovalClass;
import dev.healing.api.Baseline;
import dev.healing.api.Candidate;
import dev.healing.api.Cost;
import dev.healing.api.FailureKind;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.VerificationResult;
import dev.healing.api.store.HealEvent;
import dev.healing.store.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The SQLite store against a plain JDBC insert loop on the same WAL file, in the same run.
 *
 * <ul>
 *   <li>{@code baselineSave}: {@link SqliteStore#save} of a 100x100 crop (PNG encoding, version
 *       number, current pointer, one {@code BEGIN IMMEDIATE} transaction each).</li>
 *   <li>{@code baselineSaveLoad}: the same plus {@link SqliteStore#current} (PNG decoding).</li>
 *   <li>{@code plainJdbcInsert}: the reference, one autocommit INSERT of the same PNG bytes.</li>
 *   <li>{@code healLogBatch}: {@link SqliteStore#recordHeals} of 1,000 heals with 2 attempts each
 *       in one transaction; reported per heal.</li>
 *   <li>{@code plainJdbcBatch}: the reference, a JDBC batch of 1,000 rows of the heal table's
 *       width in one transaction; reported per row.</li>
 *   <li>{@code healLogSingle}: {@link SqliteStore#onResult}, one transaction per heal (the
 *       listener path).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SqliteStoreBenchmark {
    private static final int BATCH = 1000;

    private Path dir;
    private SqliteStore store;
    private Connection jdbc;
    private PreparedStatement plainInsert;
    private PreparedStatement plainBatchInsert;
    private Image crop;
    private byte[] cropPng;
    private List<HealEvent> events;
    private HealRequest request;
    private HealResult result;
    private int counter;

    /** A 100x100 crop that looks like a button: flat fill, border, a few letter-like strokes. */
    static Image buttonCrop() {
        int[] px = new int[100 * 100];
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 100; x++) {
                boolean border = x < 2 || y < 2 || x > 97 || y > 97;
                boolean stroke = y > 40 && y < 60 && x > 20 && x < 80 && (x / 6) % 2 == 0;
                px[y * 100 + x] = border ? 0x202020 : stroke ? 0xFFFFFF : 0x1E6FD9 + (y / 10);
            }
        }
        return Image.wrap(100, 100, px);
    }

    @Setup(Level.Trial)
    public void open() throws IOException, SQLException {
        dir = Files.createTempDirectory("healing-jmh-store");
        Path file = dir.resolve("bench.db");
        store = SqliteStore.builder().path(file).build();
        jdbc = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = jdbc.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("CREATE TABLE ref_baseline (id INTEGER PRIMARY KEY, workflow_id TEXT, step_index INTEGER,"
                    + " x INTEGER, y INTEGER, crop_png BLOB, created_at INTEGER)");
            s.execute("CREATE TABLE ref_log (id INTEGER PRIMARY KEY, workflow_id TEXT, step_index INTEGER,"
                    + " similarity REAL, status TEXT, locator TEXT, x INTEGER, y INTEGER, confidence REAL,"
                    + " reason TEXT, cost_usd REAL, tokens INTEGER, duration_ms INTEGER, at INTEGER)");
        }
        plainInsert = jdbc.prepareStatement("INSERT INTO ref_baseline (workflow_id, step_index, x, y, crop_png,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?)");
        plainBatchInsert = jdbc.prepareStatement("INSERT INTO ref_log (workflow_id, step_index, similarity, status,"
                + " locator, x, y, confidence, reason, cost_usd, tokens, duration_ms, at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        crop = buttonCrop();
        cropPng = crop.toPng();
        request = HealRequest.of("bench", 3, 0.24, null).withConsecutiveFailures(2);
        Candidate wrong = Candidate.at(Point.of(10, 10), 0.85, "template", "first peak");
        Candidate right = Candidate.at(Point.of(200, 120), 0.93, "template", "second peak");
        result = HealResult.healed(new HealResult.Trace("bench", 3, Optional.of(Point.of(100, 120)),
                FailureKind.MOVED, List.of(
                        new HealAttempt(1, wrong, VerificationResult.failedAt(3, 0.3), false, "still failing", null),
                        new HealAttempt(2, right, VerificationResult.succeeded(), true, "verified", null)),
                List.of(), new Cost(1, 1200, 40, 0.0004), Duration.ofMillis(420), Optional.empty()), right,
                ApprovalClass.A, "verified");
        events = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            events.add(HealEvent.of(request, result));
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException, SQLException {
        plainInsert.close();
        plainBatchInsert.close();
        jdbc.close();
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public void baselineSave() {
        int n = counter++;
        store.save(new Baseline("bench", n & 63, Point.of(50, 50), crop, null, Instant.now(), "recorded"));
    }

    @Benchmark
    public Baseline baselineSaveLoad() {
        int n = counter++;
        store.save(new Baseline("bench", n & 63, Point.of(50, 50), crop, null, Instant.now(), "recorded"));
        return store.current("bench", n & 63).orElseThrow();
    }

    @Benchmark
    public int plainJdbcInsert() throws SQLException {
        int n = counter++;
        plainInsert.setString(1, "bench");
        plainInsert.setInt(2, n & 63);
        plainInsert.setInt(3, 50);
        plainInsert.setInt(4, 50);
        plainInsert.setBytes(5, cropPng);
        plainInsert.setLong(6, System.currentTimeMillis());
        return plainInsert.executeUpdate();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long[] healLogBatch() {
        return store.recordHeals(events);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int[] plainJdbcBatch() throws SQLException {
        jdbc.setAutoCommit(false);
        long now = System.currentTimeMillis();
        for (int i = 0; i < BATCH; i++) {
            plainBatchInsert.setString(1, "bench");
            plainBatchInsert.setInt(2, 3);
            plainBatchInsert.setDouble(3, 0.24);
            plainBatchInsert.setString(4, "HEALED");
            plainBatchInsert.setString(5, "template");
            plainBatchInsert.setInt(6, 200);
            plainBatchInsert.setInt(7, 120);
            plainBatchInsert.setDouble(8, 0.93);
            plainBatchInsert.setString(9, "second peak");
            plainBatchInsert.setDouble(10, 0.0004);
            plainBatchInsert.setLong(11, 1240);
            plainBatchInsert.setLong(12, 420);
            plainBatchInsert.setLong(13, now);
            plainBatchInsert.addBatch();
        }
        int[] counts = plainBatchInsert.executeBatch();
        jdbc.commit();
        jdbc.setAutoCommit(true);
        return counts;
    }

    @Benchmark
    public void healLogSingle() {
        store.onResult(request, result);
    }
}
