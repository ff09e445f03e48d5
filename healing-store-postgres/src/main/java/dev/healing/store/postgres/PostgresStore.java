package dev.healing.store.postgres;

import dev.healing.store.jdbc.HealRows;
import dev.healing.store.jdbc.OpsRowMapping;
import dev.healing.api.Baseline;
import dev.healing.api.BaselineStore;
import dev.healing.api.Escalation;
import dev.healing.api.HealListener;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealingMemory;
import dev.healing.api.Image;
import dev.healing.api.ModelCalibrations;
import dev.healing.api.Point;
import dev.healing.api.Proposal;
import dev.healing.api.ProposalStore;
import dev.healing.api.RememberedFix;
import dev.healing.api.RunLog;
import dev.healing.api.StoreException;
import dev.healing.api.TrustLedger;
import dev.healing.api.store.BaselineVersion;
import dev.healing.api.store.EscalationRecord;
import dev.healing.api.store.EvidencePng;
import dev.healing.api.store.HealEvent;
import dev.healing.api.store.HealRecord;
import dev.healing.api.store.HealStats;
import dev.healing.api.store.OperationsStore;
import dev.healing.api.store.RunRecord;
import dev.healing.api.store.StepHealth;
import dev.healing.api.store.StepRun;
import dev.healing.api.store.StoreStats;
import dev.healing.api.store.WorkflowHealth;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Baselines with versions, healing memory, the heal and run log, proposals, trust, escalations,
 * stats and health on a PostgreSQL server that a fleet of runners shares.
 *
 * <pre>{@code
 * try (PostgresStore store = PostgresStore.builder()
 *         .url("postgresql://healer@db.internal:5432/healing")
 *         .password(System.getenv("PGPASSWORD").toCharArray())
 *         .namespace("checkout-team")
 *         .build()) {
 *     Healer healer = Healer.builder()...store(store).build();
 * }
 * }</pre>
 *
 * <p><b>Namespaces.</b> Every row carries its namespace (a team or a site) in a {@code namespace}
 * column that leads every key and index, in the one schema {@code healing}; every statement of a
 * store filters on its namespace, so it sees and changes only that namespace's baselines, memory,
 * proposals, trust, log, runs, escalations, stats and health; fleet events and step locks are per
 * namespace too. The schema is created and migrated on build; databases of the layout before
 * version 5 (one schema {@code healing_<namespace>} per namespace) are moved in then.
 *
 * <p><b>Fleet.</b> A fix remembered by one runner is pushed to the others (LISTEN/NOTIFY, see
 * {@link #subscribe}) and recalled by their next heal of that step; {@link #exclusively} holds a
 * fleet-wide advisory lock on the step, so two runners meeting the same broken step produce one
 * verified fix (the second waits, then heals from memory); a proposal approved once is approved for
 * every runner of the namespace; evidence pictures are stored once per heal.
 *
 * <p><b>Failures.</b> Every write is one transaction, applied exactly once even when the
 * connection breaks during COMMIT; a dropped connection or a restarting server is retried with
 * backoff within the retry budget (default {@link #DEFAULT_RETRY_WITHIN}), then the call fails with
 * a {@link StoreException} and nothing of it is written. A statement that runs past the statement
 * timeout is cancelled and rolled back. Messages name the server without its password, which is
 * never logged.
 *
 * <p>Thread-safe. Times are stored with millisecond precision.
 */
public final class PostgresStore implements OperationsStore, BaselineStore, HealingMemory, HealListener,
        ProposalStore, TrustLedger {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);
    /** Default namespace. */
    public static final String DEFAULT_NAMESPACE = "default";
    /** Default connections in the pool: {@value}. */
    public static final int DEFAULT_POOL_SIZE = 4;
    /** Default time to open a connection: 5 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default longest statement: 10 seconds. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(10);
    /** Default time a call keeps reconnecting before it fails: 30 seconds. */
    public static final Duration DEFAULT_RETRY_WITHIN = Duration.ofSeconds(30);
    /** Default longest wait for another runner's heal of the same step: 5 minutes. */
    public static final Duration DEFAULT_EXCLUSIVE_TIMEOUT = Duration.ofMinutes(5);
    /** Default longest use of a cached recall while fleet events flow: 5 seconds. */
    public static final Duration DEFAULT_MEMORY_CACHE = Duration.ofSeconds(5);
    /** The schema version this code writes. */
    public static final int SCHEMA_VERSION = PgSchema.LATEST;

    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9_]{1,40}");

    private final Pool pool;
    private final FleetFeed feed;
    private final String namespace;
    /** Names the namespace's NOTIFY channel and advisory-lock class. */
    private final String scope;
    private final boolean oldLayout;
    private final String location;
    private final Clock clock;
    private final Duration exclusiveTimeout;
    private final ConcurrentMap<String, ReentrantLock> stepLocks = new ConcurrentHashMap<>();

    private PostgresStore(Pool pool, FleetFeed feed, String namespace, String scope, boolean oldLayout,
                          String location, Clock clock, Duration exclusiveTimeout) {
        this.pool = pool;
        this.feed = feed;
        this.namespace = namespace;
        this.scope = scope;
        this.oldLayout = oldLayout;
        this.location = location;
        this.clock = clock;
        this.exclusiveTimeout = exclusiveTimeout;
    }

    /** @return a builder; {@link Builder#url(String)} is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return whether {@code db} is a PostgreSQL URL ({@code postgresql://}, {@code postgres://}, {@code jdbc:postgresql://}) */
    public static boolean isUrl(String db) {
        return db != null && ConnectionUrl.isPostgres(db);
    }

    /** @return the server, database and namespace, never the password */
    @Override
    public String location() {
        return location;
    }

    /** @return this store's namespace */
    public String namespace() {
        return namespace;
    }

    /** @return the value of a server setting as this store's connections see it (for tests) */
    String serverSetting(String name) {
        return pool.read("read the setting " + name, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT current_setting(?)")) {
                p.setString(1, name);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    /** @return the schema version of the store's tables ({@link #SCHEMA_VERSION} after a successful build) */
    public int schemaVersion() {
        return pool.read("read the schema version", c -> PgSchema.version(c, namespace, oldLayout));
    }

    /**
     * Calls {@code subscriber} with every event committed to this namespace by any runner (this one
     * too), pushed by the server; called on the listening thread, so it must be quick.
     *
     * @return closing it unsubscribes
     */
    public AutoCloseable subscribe(Consumer<FleetEvent> subscriber) {
        return feed.subscribe(Objects.requireNonNull(subscriber, "subscriber"));
    }

    /**
     * Waits until fleet events flow (the listening connection is up), at most {@code timeout}.
     *
     * @return whether they flow
     */
    public boolean awaitFleetEvents(Duration timeout) throws InterruptedException {
        return feed.awaitLive(timeout);
    }

    private <T> T read(String what, TxWork<T> work) {
        return pool.read(what, c -> {
            try (Tx tx = new Tx(c, namespace)) {
                return work.run(tx);
            }
        });
    }

    private <T> T write(String what, TxWork<T> work) {
        return pool.write(what, c -> {
            try (Tx tx = new Tx(c, namespace)) {
                return work.run(tx);
            }
        });
    }

    @FunctionalInterface
    private interface TxWork<T> {
        T run(Tx tx) throws SQLException;
    }

    private void notify(Tx c, FleetEvent event) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            p.setString(1, feed.channel());
            p.setString(2, event.payload());
            p.executeQuery().close();
        }
    }

    // ---------------------------------------------------------------- baselines

    @Override
    public Optional<Baseline> current(String workflowId, int stepIndex) {
        Objects.requireNonNull(workflowId, "workflowId");
        return read("load the baseline of " + workflowId + " step " + stepIndex,
                c -> BaselineRows.current(c, workflowId, stepIndex));
    }

    /** Stores {@code baseline} as the step's next version and makes it current, in one transaction. */
    @Override
    public void save(Baseline baseline) {
        saveVersion(baseline, 0);
    }

    /**
     * Stores {@code baseline} as the step's next version, makes it current, and links it to the heal
     * that produced it. Concurrent saves of one step take turns; each gets its own version.
     *
     * @param healId the heal's id from {@link #recordHeal}, or 0 for none
     * @return the new version number, 1 for the step's first baseline
     */
    public int saveVersion(Baseline baseline, long healId) {
        Objects.requireNonNull(baseline, "baseline");
        if (healId < 0) {
            throw new IllegalArgumentException("healId must be 0 (none) or a heal's id, got " + healId);
        }
        byte[] crop = EvidencePng.encode(baseline.crop());
        byte[] frame = baseline.frame() == null ? null : EvidencePng.encode(baseline.frame());
        // No fleet event here: baselines are read at each step, never cached, and a NOTIFY takes a
        // server-wide lock at commit that would serialise every runner's saves.
        // One autocommitted statement writes the version, carrying the save's receipt, and the
        // pointer. Concurrent saves run in parallel on the pool's connections, so the server
        // flushes their commits together (a group commit of its own).
        String workflowId = baseline.workflowId();
        int step = baseline.stepIndex();
        return (int) pool.writeStatement("save the baseline of " + workflowId + " step " + step,
                (c, receipt, at) -> {
                    try (Tx tx = new Tx(c, namespace)) {
                        return BaselineRows.save(tx, baseline, crop, frame, healId, receipt);
                    }
                }, (c, receipt) -> {
                    try (Tx tx = new Tx(c, namespace)) {
                        return BaselineRows.savedVersion(tx, workflowId, step, receipt);
                    }
                });
    }

    @Override
    public List<BaselineVersion> versions(String workflowId, int stepIndex) {
        Objects.requireNonNull(workflowId, "workflowId");
        return read("list the baselines of " + workflowId + " step " + stepIndex,
                c -> BaselineRows.versions(c, workflowId, stepIndex));
    }

    @Override
    public Optional<Baseline> version(String workflowId, int stepIndex, int version) {
        Objects.requireNonNull(workflowId, "workflowId");
        return read("load baseline version " + version + " of " + workflowId + " step " + stepIndex,
                c -> BaselineRows.version(c, workflowId, stepIndex, version));
    }

    @Override
    public void rollback(String workflowId, int stepIndex, int version) {
        Objects.requireNonNull(workflowId, "workflowId");
        write("roll back " + workflowId + " step " + stepIndex + " to baseline version " + version, c -> {
            if (!BaselineRows.exists(c, workflowId, stepIndex, version)) {
                throw new StoreException(location + ": " + workflowId + " step " + stepIndex
                        + " has no baseline version " + version);
            }
            BaselineRows.setCurrent(c, workflowId, stepIndex, version);
            notify(c, new FleetEvent(FleetEvent.Kind.BASELINE_SAVED, workflowId, stepIndex, ""));
            return null;
        });
    }

    // ---------------------------------------------------------------- memory

    /**
     * Fixes for the step at this baseline appearance, most trusted first. While fleet events flow,
     * a recall may be served from a cache that every runner's commit for the step clears at once.
     */
    @Override
    public List<RememberedFix> recall(String workflowId, int stepIndex, String appearanceHash) {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(appearanceHash, "appearanceHash");
        return feed.recall(workflowId, stepIndex, appearanceHash, () -> read("recall fixes of " + workflowId
                + " step " + stepIndex, c -> MemoryRows.QUERIES.recall(c, workflowId, stepIndex, appearanceHash)));
    }

    /** Counts one outcome of a fix (an atomic upsert) and tells the fleet when it was a success. */
    @Override
    public void record(String workflowId, int stepIndex, String appearanceHash, Point point, Image crop,
                       boolean success, Instant at) {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(appearanceHash, "appearanceHash");
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(crop, "crop");
        byte[] png = EvidencePng.encode(crop);
        long millis = (at == null ? clock.instant() : at).toEpochMilli();
        write("remember a fix of " + workflowId + " step " + stepIndex, c -> {
            MemoryRows.QUERIES.record(c, workflowId, stepIndex, appearanceHash, point, png, success, millis);
            notify(c, new FleetEvent(FleetEvent.Kind.FIX_REMEMBERED, workflowId, stepIndex, ""));
            return null;
        });
        feed.invalidate(workflowId, stepIndex);
    }

    /**
     * Runs {@code heal} holding the step's fleet-wide lock (a PostgreSQL advisory lock on a pooled
     * connection, taken after the step's lock within this process): the second runner waits, up to
     * the exclusive timeout, then runs its heal and finds the first one's fix in memory. Nested
     * calls for the same step on one thread do not wait. If the connection holding the lock breaks
     * during the heal, the server releases the lock; the heal itself is not interrupted.
     *
     * @throws StoreException if the lock cannot be had within the exclusive timeout or the
     *     server cannot be reached; the heal has not run then
     */
    @Override
    public <T> T exclusively(String workflowId, int stepIndex, Supplier<T> heal) {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(heal, "heal");
        String key = workflowId + ':' + stepIndex;
        ReentrantLock local = stepLocks.computeIfAbsent(key, k -> new ReentrantLock());
        long deadline = System.nanoTime() + exclusiveTimeout.toNanos();
        try {
            if (!local.tryLock(exclusiveTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new StoreException(location + ": " + workflowId + " step " + stepIndex + " is still being"
                        + " healed by another thread after " + exclusiveTimeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(location + ": interrupted while waiting to heal " + key, e);
        }
        try {
            if (local.getHoldCount() > 1) {
                return heal.get();
            }
            Connection c = lockStep(key, deadline);
            try {
                return heal.get();
            } finally {
                unlockStep(c, key);
            }
        } finally {
            local.unlock();
        }
    }

    private Connection lockStep(String key, long deadline) {
        String what = "lock " + key + " for healing";
        for (int attempt = 1; ; attempt++) {
            Connection c = pool.borrow(what);
            boolean keep = false;
            try {
                while (true) {
                    try (PreparedStatement p = c.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?), hashtext(?))")) {
                        p.setString(1, scope);
                        p.setString(2, key);
                        try (ResultSet rs = p.executeQuery()) {
                            rs.next();
                            if (rs.getBoolean(1)) {
                                keep = true;
                                return c;
                            }
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw new StoreException(location + ": " + key + " is still being healed by another runner"
                                + " after " + exclusiveTimeout.toMillis() + " ms");
                    }
                    TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(10, 40));
                }
            } catch (SQLException e) {
                if (!Pool.isConnectionFailure(e) || System.nanoTime() > deadline) {
                    throw pool.translate(what, e, attempt);
                }
                LOG.warn("{}: {} lost its connection; retrying", location, what);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(location + ": interrupted while waiting to " + what, e);
            } finally {
                if (!keep) {
                    closeQuietly(c);
                }
            }
        }
    }

    private void unlockStep(Connection c, String key) {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_unlock(hashtext(?), hashtext(?))")) {
            p.setString(1, scope);
            p.setString(2, key);
            p.executeQuery().close();
        } catch (SQLException e) {
            // The connection broke during the heal: the server released the lock with the session.
            LOG.warn("{}: the connection holding the lock on {} broke during the heal; the lock is released", location,
                    key);
            pool.evict(c);
        } finally {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.trace("close: {}", e.getMessage());
        }
    }

    // ---------------------------------------------------------------- heal log

    /** Logs the heal and every attempt in its history, with its evidence once, in one transaction. */
    @Override
    public void onResult(HealRequest request, HealResult result) {
        recordHeal(request, result);
    }

    /** Logs one heal with its attempts in one transaction; @return its id */
    public long recordHeal(HealRequest request, HealResult result) {
        return recordHeals(List.of(HealEvent.of(request, result)))[0];
    }

    /**
     * Logs many heals with their attempts in one transaction (JDBC batches): all or none.
     *
     * @return the heals' ids, in order
     */
    public long[] recordHeals(Collection<HealEvent> events) {
        List<HealEvent> copy = List.copyOf(events);
        if (copy.isEmpty()) {
            return new long[0];
        }
        List<HealRows.EvidencePngs> pictures = new ArrayList<>(copy.size());
        for (HealEvent e : copy) {
            pictures.add(HealRows.EvidencePngs.of(e.result()));
        }
        long now = clock.millis();
        return write("log " + copy.size() + " heal(s)", c -> HealLog.insert(c, copy, pictures, now));
    }

    @Override
    public Optional<byte[]> evidencePng(long healId, int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be 0 (the heal) or an attempt number, got " + attempt);
        }
        return Optional.ofNullable(read("read the evidence of heal " + healId,
                c -> HealLog.evidencePng(c, healId, attempt)));
    }

    @Override
    public List<HealRecord> history(String workflowId, int limit) {
        checkLimit(limit);
        return read("read the heal history", c -> HealLog.history(c, workflowId, limit));
    }

    // ---------------------------------------------------------------- runs

    @Override
    public long startRun(String workflowId, String runner) {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(runner, "runner");
        long now = clock.millis();
        return write("start a run of " + workflowId, c -> HealLog.startRun(c, workflowId, runner, now));
    }

    @Override
    public void finishRun(long runId, boolean passed, int failedAtStep) {
        long now = clock.millis();
        int changed = write("finish run " + runId, c -> HealLog.RUNS.finishRun(c, runId, passed, failedAtStep, now));
        if (changed != 1) {
            throw new StoreException(location + ": no running run with id " + runId);
        }
    }

    @Override
    public List<RunRecord> runs(String workflowId, int limit) {
        checkLimit(limit);
        return read("read the runs", c -> HealLog.RUNS.runs(c, workflowId, limit));
    }

    @Override
    public void recordStepRun(String workflowId, int stepIndex, double similarity, boolean passed) {
        recordStepRuns(List.of(new StepRun(workflowId, stepIndex, similarity, passed, null, 0)));
    }

    /** Records many step runs in one transaction (one JDBC batch): all or none. */
    public void recordStepRuns(Collection<StepRun> runs) {
        List<StepRun> copy = List.copyOf(runs);
        if (copy.isEmpty()) {
            return;
        }
        long now = clock.millis();
        write("record " + copy.size() + " step run(s)", c -> {
            HealLog.RUNS.insertStepRuns(c, copy, now);
            return null;
        });
    }

    @Override
    public List<StepRun> stepRuns(String workflowId, int stepIndex, int limit) {
        Objects.requireNonNull(workflowId, "workflowId");
        checkLimit(limit);
        return read("read step runs", c -> HealLog.RUNS.stepRuns(c, workflowId, stepIndex, limit));
    }

    // ---------------------------------------------------------------- proposals

    @Override
    public void submit(Proposal proposal) {
        Objects.requireNonNull(proposal, "proposal");
        byte[] png = proposal.evidence() == null ? null : EvidencePng.encode(proposal.evidence());
        write("store proposal " + proposal.id(), c -> {
            OpsRows.submit(c, proposal, png);
            return null;
        });
    }

    @Override
    public Optional<Proposal> proposal(String id) {
        Objects.requireNonNull(id, "id");
        return read("read proposal " + id, c -> OpsRows.proposals(c, "id = ?", id, "created_at", 1))
                .stream().findFirst();
    }

    @Override
    public List<Proposal> pending() {
        return read("list pending proposals", c -> OpsRows.proposals(c, "status = ?",
                Proposal.Status.PENDING.name(), "created_at, id", Integer.MAX_VALUE));
    }

    @Override
    public List<Proposal> approved() {
        return read("list approved proposals", c -> OpsRows.proposals(c, "status = ?",
                Proposal.Status.APPROVED.name(), "created_at, id", Integer.MAX_VALUE));
    }

    @Override
    public List<Proposal> proposals(int limit) {
        checkLimit(limit);
        return read("list proposals", c -> OpsRows.proposals(c, null, null, "created_at DESC, id", limit));
    }

    @Override
    public void resolve(String id, Proposal.Status status, String note) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        long now = clock.millis();
        write("resolve proposal " + id, c -> {
            OpsRows.resolve(c, id, status, note, now);
            notifyProposal(c, id);
            return null;
        });
    }

    @Override
    public Proposal approve(String id) {
        Objects.requireNonNull(id, "id");
        long now = clock.millis();
        return write("approve proposal " + id, c -> {
            OpsRows.resolve(c, id, Proposal.Status.APPROVED, "approved", now, Proposal.Status.PENDING);
            notifyProposal(c, id);
            return OpsRows.proposals(c, "id = ?", id, "created_at", 1).get(0);
        });
    }

    @Override
    public Proposal reject(String id, String note) {
        Objects.requireNonNull(id, "id");
        long now = clock.millis();
        return write("reject proposal " + id, c -> {
            OpsRows.resolve(c, id, Proposal.Status.REJECTED, note, now, Proposal.Status.PENDING,
                    Proposal.Status.APPROVED);
            Proposal p = OpsRows.proposals(c, "id = ?", id, "created_at", 1).get(0);
            OpsRows.recordTrust(c, p.workflowId(), TrustLedger.Event.REJECTED, now);
            notifyProposal(c, id);
            return p;
        });
    }

    private void notifyProposal(Tx c, String id) throws SQLException {
        Proposal p = OpsRows.proposals(c, "id = ?", id, "created_at", 1).get(0);
        notify(c, new FleetEvent(FleetEvent.Kind.PROPOSAL_RESOLVED, p.workflowId(), p.stepIndex(), id));
    }

    // ---------------------------------------------------------------- trust

    @Override
    public double trust(String workflowId) {
        Objects.requireNonNull(workflowId, "workflowId");
        return read("read the trust of " + workflowId, c -> OpsRows.trust(c, workflowId));
    }

    @Override
    public void record(String workflowId, TrustLedger.Event event) {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(event, "event");
        long now = clock.millis();
        write("record " + event + " for the trust of " + workflowId,
                c -> OpsRows.recordTrust(c, workflowId, event, now));
    }

    @Override
    public Map<String, Double> trustLevels() {
        return read("read trust", OpsRows::trustLevels);
    }

    // ---------------------------------------------------------------- escalations

    @Override
    public void onEscalation(HealRequest request, Escalation escalation) {
        recordEscalation(escalation);
    }

    /** Stores an escalation with every attempt and picture, in one transaction; @return its id */
    public long recordEscalation(Escalation escalation) {
        Objects.requireNonNull(escalation, "escalation");
        OpsRowMapping.EscalationPngs pngs = OpsRowMapping.EscalationPngs.of(escalation);
        return write("store an escalation of " + escalation.workflowId() + " step " + escalation.stepIndex(),
                c -> OpsRows.insertEscalation(c, escalation, pngs));
    }

    @Override
    public List<EscalationRecord> escalations(String workflowId, int limit) {
        checkLimit(limit);
        return read("list escalations", c -> OpsRows.escalations(c, workflowId, 0, limit, false));
    }

    @Override
    public Optional<EscalationRecord> escalation(long id) {
        if (id < 1) {
            throw new IllegalArgumentException("escalation id starts at 1, got " + id);
        }
        return read("read escalation " + id, c -> OpsRows.escalations(c, null, id, 1, true)).stream().findFirst();
    }

    @Override
    public Optional<byte[]> escalationPng(long id, int number) {
        return Optional.ofNullable(read("read the picture of escalation " + id,
                c -> OpsRows.escalationPng(c, id, number)));
    }

    // ---------------------------------------------------------------- stats and health

    @Override
    public StoreStats stats() {
        return read("compute stats", c -> {
            List<HealStats> per = HealLog.statsPerWorkflow(c);
            return new StoreStats(HealStats.total(per), per);
        });
    }

    @Override
    public StepHealth health(String workflowId, int stepIndex) {
        Objects.requireNonNull(workflowId, "workflowId");
        return read("compute health", c -> HealthRules.QUERIES.step(c, workflowId, stepIndex));
    }

    @Override
    public WorkflowHealth health(String workflowId) {
        Objects.requireNonNull(workflowId, "workflowId");
        return read("compute health", c -> HealthRules.QUERIES.workflow(c, workflowId));
    }

    @Override
    public List<WorkflowHealth> health() {
        return read("compute health", c -> {
            List<WorkflowHealth> out = new ArrayList<>();
            for (String w : HealthRules.QUERIES.workflows(c)) {
                out.add(HealthRules.QUERIES.workflow(c, w));
            }
            return out;
        });
    }

    private static void checkLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }

    // ---------------------------------------------------------------- views

    @Override
    public BaselineStore baselines() {
        return this;
    }

    @Override
    public HealingMemory memory() {
        return this;
    }

    @Override
    public ProposalStore proposals() {
        return this;
    }

    @Override
    public TrustLedger trust() {
        return this;
    }

    @Override
    public HealListener log() {
        return this;
    }

    @Override
    public RunLog runs() {
        return this;
    }

    /**
     * What calibration learned about vision models, kept per namespace (table {@code calibration}),
     * so every runner of the fleet and every new process finds it. Thread-safe; the later save of
     * a key wins.
     */
    @Override
    public ModelCalibrations calibrations() {
        return new ModelCalibrations() {
            @Override
            public Optional<String> find(String key) {
                Objects.requireNonNull(key, "key");
                return read("read the calibration " + key, c -> CalibrationRows.find(c, key));
            }

            @Override
            public void save(String key, String value) {
                Objects.requireNonNull(key, "key");
                Objects.requireNonNull(value, "value");
                long now = clock.millis();
                write("save the calibration " + key, c -> {
                    CalibrationRows.save(c, key, value, now);
                    return null;
                });
            }
        };
    }

    /** Stops listening and closes the pool; later calls throw {@link StoreException}. Idempotent. */
    @Override
    public void close() {
        feed.close();
        pool.close();
    }

    @Override
    public String toString() {
        return "PostgresStore[" + location + "]";
    }

    /** Builds a {@link PostgresStore}. Not thread-safe; {@link #build()} connects and migrates. */
    public static final class Builder {
        private String url;
        private String user;
        private char[] password;
        private String namespace;
        private int poolSize = DEFAULT_POOL_SIZE;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
        private boolean synchronousCommit = true;
        private Duration retryWithin = DEFAULT_RETRY_WITHIN;
        private Duration exclusiveTimeout = DEFAULT_EXCLUSIVE_TIMEOUT;
        private Duration memoryCache = DEFAULT_MEMORY_CACHE;
        private Clock clock = Clock.systemUTC();
        private int schemaVersion = PgSchema.LATEST;

        private Builder() {
        }

        /**
         * The server, required: {@code postgresql://[user[:password]@]host[:port]/database[?namespace=ns]}
         * ({@code postgres://} and {@code jdbc:postgresql://} also work). A password given by
         * {@link #password} wins over one in the URL.
         */
        public Builder url(String url) {
            Objects.requireNonNull(url, "url");
            ConnectionUrl.parse(url);
            this.url = url;
            return this;
        }

        /** The user; default the URL's. */
        public Builder user(String user) {
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        /** The password (copied; never logged); default the URL's, else none. */
        public Builder password(char[] password) {
            this.password = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /**
         * The namespace (a team or a site): 1..40 of {@code a-z 0-9 _}; default the URL's
         * {@code namespace} parameter, else {@value PostgresStore#DEFAULT_NAMESPACE}.
         */
        public Builder namespace(String namespace) {
            Objects.requireNonNull(namespace, "namespace");
            checkNamespace(namespace);
            this.namespace = namespace;
            return this;
        }

        private static void checkNamespace(String namespace) {
            if (!NAMESPACE.matcher(namespace).matches()) {
                throw new IllegalArgumentException("namespace must be 1..40 of a-z, 0-9 and _, got '" + namespace + "'");
            }
        }

        /** Connections in the pool, 1..64; default {@value PostgresStore#DEFAULT_POOL_SIZE}. */
        public Builder poolSize(int size) {
            if (size < 1 || size > 64) {
                throw new IllegalArgumentException("poolSize must be within 1..64, got " + size);
            }
            this.poolSize = size;
            return this;
        }

        /** Time to open a connection, 1 s..5 min; default 5 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = within("connectTimeout", timeout, Duration.ofSeconds(1), Duration.ofMinutes(5));
            return this;
        }

        /** Longest statement before the server cancels it, 100 ms..10 min; default 10 s. */
        public Builder statementTimeout(Duration timeout) {
            this.statementTimeout = within("statementTimeout", timeout, Duration.ofMillis(100), Duration.ofMinutes(10));
            return this;
        }

        /**
         * Whether a write returns only once the server has its WAL on disk (PostgreSQL's
         * {@code synchronous_commit}); default true, and the server's own setting applies.
         *
         * <p>{@code false} is an opt-in for fleets that value speed over the last moments of
         * writes: the server acknowledges a commit before flushing it, so a write costs no disk
         * flush (on a busy shared disk, baseline saves went from about 1,200/s to 4,000/s; see
         * BENCHMARKS.md). A crash of the server machine or of PostgreSQL (not a clean restart, not
         * a crash of the runner) may then lose writes acknowledged in the last moments (up to three
         * times {@code wal_writer_delay}, 600 ms by default): a saved baseline, a logged heal or a
         * remembered fix may be missing afterwards, never half-written or corrupt.
         */
        public Builder synchronousCommit(boolean synchronous) {
            this.synchronousCommit = synchronous;
            return this;
        }

        /** How long a call keeps reconnecting before it fails, 0..10 min; default 30 s. */
        public Builder retryWithin(Duration budget) {
            this.retryWithin = within("retryWithin", budget, Duration.ZERO, Duration.ofMinutes(10));
            return this;
        }

        /** Longest wait in {@link PostgresStore#exclusively} for another runner's heal, 0..1 h; default 5 min. */
        public Builder exclusiveTimeout(Duration timeout) {
            this.exclusiveTimeout = within("exclusiveTimeout", timeout, Duration.ZERO, Duration.ofHours(1));
            return this;
        }

        /**
         * Longest use of a cached recall while fleet events flow, 0..1 min; default 5 s; zero
         * reads the database on every recall.
         */
        public Builder memoryCache(Duration ttl) {
            this.memoryCache = within("memoryCache", ttl, Duration.ZERO, Duration.ofMinutes(1));
            return this;
        }

        /** The clock for times the caller does not give; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * For migration tests: migrate only up to this version. Below version 5 the store builds
         * the old layout (a schema per namespace) and answers only {@link #schemaVersion()}.
         */
        Builder schemaVersion(int version) {
            if (version < 1 || version > PgSchema.LATEST) {
                throw new IllegalArgumentException("schema version must be within 1.." + PgSchema.LATEST + ", got "
                        + version);
            }
            this.schemaVersion = version;
            return this;
        }

        private static Duration within(String name, Duration d, Duration min, Duration max) {
            Objects.requireNonNull(d, name);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be within " + min + ".." + max + ", got " + d);
            }
            return d;
        }

        /**
         * Connects, creates or migrates the schema (moving in namespaces of the layout before
         * version 5), and starts listening for fleet events.
         *
         * @throws IllegalStateException if no URL was given
         * @throws StoreException if the server cannot be reached, refuses the login, or has a newer
         *     schema; the message names the server without the password
         */
        public PostgresStore build() {
            if (url == null) {
                throw new IllegalStateException("PostgresStore needs a server: call"
                        + " url(\"postgresql://user@host:5432/database\")");
            }
            ConnectionUrl parsed = ConnectionUrl.parse(url);
            String ns = namespace != null ? namespace
                    : parsed.parameter("namespace") == null ? DEFAULT_NAMESPACE : parsed.parameter("namespace");
            checkNamespace(ns);
            String login = user != null ? user : parsed.user();
            char[] secret = password != null ? password.clone() : parsed.password();
            boolean oldLayout = schemaVersion < PgSchema.SHARED_SINCE;
            String scope = PgSchema.oldSchema(ns);
            String location = parsed.redacted() + "?namespace=" + ns;
            Pool pool = Pool.open(parsed, login, secret, oldLayout ? scope : PgSchema.SHARED, ns, poolSize,
                    connectTimeout, statementTimeout, retryWithin, location, RecentlyUsedDataSource.DEFAULT_TRUST_NANOS,
                    synchronousCommit);
            FleetFeed feed;
            try {
                PgSchema.migrate(pool, ns, schemaVersion, clock);
                if (!oldLayout) {
                    pool.transaction("forget old write receipts", c -> {
                        try (PreparedStatement p = c.prepareStatement(
                                "DELETE FROM write_receipt WHERE namespace = ? AND at < ?")) {
                            p.setString(1, ns);
                            p.setLong(2, System.currentTimeMillis() - Pool.RECEIPT_AGE_MILLIS);
                            return p.executeUpdate();
                        }
                    });
                }
                Properties props = new Properties();
                if (login != null) {
                    props.setProperty("user", login);
                }
                if (secret != null) {
                    props.setProperty("password", new String(secret));
                }
                props.setProperty("connectTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
                props.setProperty("socketTimeout", Long.toString(FleetFeed.HEARTBEAT_MILLIS / 1000 * 5 + 5));
                props.setProperty("tcpKeepAlive", "true");
                props.setProperty("ApplicationName", "healing-listen");
                feed = new FleetFeed(parsed.jdbcUrl(), props, scope, location, memoryCache);
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            } finally {
                if (secret != null) {
                    java.util.Arrays.fill(secret, '\0');
                }
            }
            feed.start();
            return new PostgresStore(pool, feed, ns, scope, oldLayout, location, clock, exclusiveTimeout);
        }
    }
}
