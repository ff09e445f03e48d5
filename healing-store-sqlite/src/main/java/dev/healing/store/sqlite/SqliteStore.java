package dev.healing.store.sqlite;

import dev.healing.store.jdbc.HealRows;
import dev.healing.store.jdbc.OpsRowMapping;
import dev.healing.api.store.BaselineVersion;
import dev.healing.api.store.EvidencePng;
import dev.healing.api.store.OperationsStore;
import dev.healing.api.store.EscalationRecord;
import dev.healing.api.store.HealEvent;
import dev.healing.api.store.HealRecord;
import dev.healing.api.store.HealStats;
import dev.healing.api.store.RunRecord;
import dev.healing.api.store.StepHealth;
import dev.healing.api.store.StepLocks;
import dev.healing.api.store.StepRun;
import dev.healing.api.store.StoreStats;
import dev.healing.api.store.WorkflowHealth;
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
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Baselines with versions, healing memory, the heal and run log, stats and health, in one SQLite
 * file that several runner processes share.
 *
 * <pre>{@code
 * try (SqliteStore store = SqliteStore.builder().path(Path.of("healing.db")).build()) {
 *     Healer healer = Healer.builder()...baselines(store).memory(store).listener(store).build();
 * }
 * }</pre>
 *
 * <p><b>Concurrency and durability.</b> The file is in WAL mode; every logical write (a baseline
 * save, a memory outcome, a heal with all its attempts, a batch) is one {@code BEGIN IMMEDIATE}
 * transaction, so a runner killed mid-write leaves either the whole record or nothing, and
 * concurrent writers in other processes wait for the write lock up to the busy timeout instead of
 * failing. Within a process the instance is thread-safe; calls are serialised on one connection.
 * Commits use {@code synchronous=NORMAL}: they survive a killed process, a power cut may lose the
 * last few but never corrupts the file.
 *
 * <p><b>Failures.</b> Every failure is a {@link StoreException} naming the file. A file that is not
 * an SQLite database, is corrupt ({@code PRAGMA quick_check} at open: it reads every page once,
 * about 2 ms per MB from the page cache), is another program's database, has another database's
 * {@code -wal} beside it, or was written by a newer version is refused when the store is built,
 * before any connection that can write is opened, and is left byte for byte as it was (its WAL too).
 *
 * <p><b>Operations.</b> The store also keeps proposals waiting for a person ({@link ProposalStore}),
 * per-workflow trust ({@link TrustLedger}, starting at 0.5 and moving like
 * {@code InMemoryTrustLedger}), escalations (from {@link #onEscalation}) and the evidence pictures
 * of every heal and attempt (PNG). Wire it into the healer with
 * {@code .store(store)}.
 *
 * <p>Times are stored with millisecond precision.
 */
public final class SqliteStore implements OperationsStore, BaselineStore, HealingMemory, HealListener, ProposalStore,
        TrustLedger {
    /** Default wait for another process's write lock: 10 seconds. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);
    /** Longest allowed busy timeout: 10 minutes. */
    public static final Duration MAX_BUSY_TIMEOUT = Duration.ofMinutes(10);
    /** The schema version this code writes. */
    public static final int SCHEMA_VERSION = Schema.LATEST;

    private final Database db;
    private final Clock clock;
    private final StepLocks stepLocks = new StepLocks();

    private SqliteStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** @return a builder; {@link Builder#path(Path)} is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the database file */
    public Path path() {
        return db.path();
    }

    /** @return the file's path */
    @Override
    public String location() {
        return db.path().toString();
    }

    /** @return the file's schema version ({@link #SCHEMA_VERSION} after a successful open) */
    public int schemaVersion() {
        return db.read("read the schema version", c -> Schema.version(c, db.path()));
    }

    // ---------------------------------------------------------------- baselines

    /** @return the step's current baseline (its images decoded), if any */
    @Override
    public Optional<Baseline> current(String workflowId, int stepIndex) {
        Objects.requireNonNull(workflowId, "workflowId");
        return db.read("load the baseline of " + workflowId + " step " + stepIndex,
                c -> BaselineRows.current(c, workflowId, stepIndex));
    }

    /** Stores {@code baseline} as the step's next version and makes it current, in one transaction. */
    @Override
    public void save(Baseline baseline) {
        saveVersion(baseline, 0);
    }

    /**
     * Stores {@code baseline} as the step's next version, makes it current, and links it to the heal
     * that produced it.
     *
     * @param healId the heal's id from {@link #recordHeal} / {@link #recordHeals}, or 0 for none
     * @return the new version number, 1 for the step's first baseline
     */
    public int saveVersion(Baseline baseline, long healId) {
        Objects.requireNonNull(baseline, "baseline");
        if (healId < 0) {
            throw new IllegalArgumentException("healId must be 0 (none) or a heal's id, got " + healId);
        }
        byte[] crop = EvidencePng.encode(baseline.crop());
        byte[] frame = baseline.frame() == null ? null : EvidencePng.encode(baseline.frame());
        return db.write("save the baseline of " + baseline.workflowId() + " step " + baseline.stepIndex(),
                c -> BaselineRows.save(c, baseline, crop, frame, healId));
    }

    /** @return every stored version of the step, oldest first, without images; empty when none */
    public List<BaselineVersion> versions(String workflowId, int stepIndex) {
        Objects.requireNonNull(workflowId, "workflowId");
        return db.read("list the baselines of " + workflowId + " step " + stepIndex,
                c -> BaselineRows.versions(c, workflowId, stepIndex));
    }

    /** @return one stored version of the step with its images, if it exists */
    public Optional<Baseline> version(String workflowId, int stepIndex, int version) {
        Objects.requireNonNull(workflowId, "workflowId");
        return db.read("load baseline version " + version + " of " + workflowId + " step " + stepIndex,
                c -> BaselineRows.version(c, workflowId, stepIndex, version));
    }

    /**
     * Makes an earlier (or any stored) version the step's current baseline. Nothing is deleted; the
     * next save still gets a new, higher version number.
     *
     * @throws StoreException if the step has no such version
     */
    public void rollback(String workflowId, int stepIndex, int version) {
        Objects.requireNonNull(workflowId, "workflowId");
        db.write("roll back " + workflowId + " step " + stepIndex + " to baseline version " + version, c -> {
            if (!BaselineRows.exists(c, workflowId, stepIndex, version)) {
                throw new StoreException(db.path() + ": " + workflowId + " step " + stepIndex
                        + " has no baseline version " + version);
            }
            BaselineRows.setCurrent(c, workflowId, stepIndex, version);
            return null;
        });
    }

    // ---------------------------------------------------------------- memory

    /** Fixes for the step at this baseline appearance: recent successes first, fixes that failed last at the end. */
    @Override
    public List<RememberedFix> recall(String workflowId, int stepIndex, String appearanceHash) {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(appearanceHash, "appearanceHash");
        return db.read("recall fixes of " + workflowId + " step " + stepIndex,
                c -> MemoryRows.QUERIES.recall(c, workflowId, stepIndex, appearanceHash));
    }

    /**
     * Counts one outcome of a fix, adding it when new (also a failure, so that it is known to
     * have failed); atomic across processes.
     */
    @Override
    public void record(String workflowId, int stepIndex, String appearanceHash, Point point, Image crop,
                       boolean success, Instant at) {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(appearanceHash, "appearanceHash");
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(crop, "crop");
        byte[] png = EvidencePng.encode(crop);
        long millis = (at == null ? clock.instant() : at).toEpochMilli();
        db.write("remember a fix of " + workflowId + " step " + stepIndex, c -> {
            MemoryRows.QUERIES.record(c, workflowId, stepIndex, appearanceHash, point, png, success, millis);
            return null;
        });
    }

    // ---------------------------------------------------------------- heal log

    /**
     * Logs the heal and every attempt in its history, in one transaction. Attempts are logged
     * from the result's history rather than from {@link #onAttempt}, so a heal is on record whole
     * or not at all.
     *
     * @throws StoreException if the write fails (the healer logs and ignores listener failures)
     */
    @Override
    public void onResult(HealRequest request, HealResult result) {
        recordHeal(request, result);
    }

    /**
     * Logs one heal with its attempts in one transaction.
     *
     * @return the heal's id, for {@link #saveVersion}
     */
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
        return db.write("log " + copy.size() + " heal(s)", c -> HealLog.insert(c, copy, pictures, now));
    }

    /**
     * The PNG of a logged heal's evidence picture ({@code attempt} 0: the result's) or of one of its
     * attempts (1-based attempt number).
     *
     * @return the PNG bytes, or empty when none was stored
     */
    public Optional<byte[]> evidencePng(long healId, int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be 0 (the heal) or an attempt number, got " + attempt);
        }
        return Optional.ofNullable(db.read("read the evidence of heal " + healId,
                c -> HealLog.evidencePng(c, healId, attempt)));
    }

    /** @return the logged heal's evidence picture ({@code attempt} 0) or an attempt's, decoded */
    public Optional<Image> evidence(long healId, int attempt) {
        return evidencePng(healId, attempt).map(EvidencePng::decode);
    }

    /**
     * @param workflowId the workflow, or {@code null} for all
     * @param limit      most heals returned, at least 1
     * @return the most recent heals first, each with every attempt
     */
    public List<HealRecord> history(String workflowId, int limit) {
        checkLimit(limit);
        return db.read("read the heal history", c -> HealLog.history(c, workflowId, limit));
    }

    // ---------------------------------------------------------------- runs

    /**
     * Opens a run of a workflow.
     *
     * @param runner who runs it (host name or runner id)
     * @return the run's id, for {@link #finishRun} and {@link StepRun#runId()}
     */
    public long startRun(String workflowId, String runner) {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(runner, "runner");
        long now = clock.millis();
        return db.write("start a run of " + workflowId, c -> HealLog.startRun(c, workflowId, runner, now));
    }

    /**
     * Closes a run.
     *
     * @param failedAtStep the first failing step when {@code passed} is false, ignored otherwise
     * @throws StoreException if there is no such running run
     */
    public void finishRun(long runId, boolean passed, int failedAtStep) {
        long now = clock.millis();
        int changed = db.write("finish run " + runId, c -> HealLog.RUNS.finishRun(c, runId, passed, failedAtStep, now));
        if (changed != 1) {
            throw new StoreException(db.path() + ": no running run with id " + runId);
        }
    }

    /** @return the most recent runs first; {@code workflowId} null for all workflows */
    public List<RunRecord> runs(String workflowId, int limit) {
        checkLimit(limit);
        return db.read("read the runs", c -> HealLog.RUNS.runs(c, workflowId, limit));
    }

    /**
     * Records what a step looked like in a run, for health and drift.
     *
     * @param similarity similarity 0..1 of the live crop to the baseline
     */
    public void recordStepRun(String workflowId, int stepIndex, double similarity, boolean passed) {
        recordStepRuns(List.of(new StepRun(workflowId, stepIndex, similarity, passed, null, 0)));
    }

    /** Records many step runs in one transaction: all or none. */
    public void recordStepRuns(Collection<StepRun> runs) {
        List<StepRun> copy = List.copyOf(runs);
        if (copy.isEmpty()) {
            return;
        }
        long now = clock.millis();
        db.write("record " + copy.size() + " step run(s)", c -> {
            HealLog.RUNS.insertStepRuns(c, copy, now);
            return null;
        });
    }

    /** @return the step's most recent runs, oldest first */
    public List<StepRun> stepRuns(String workflowId, int stepIndex, int limit) {
        Objects.requireNonNull(workflowId, "workflowId");
        checkLimit(limit);
        return db.read("read step runs", c -> HealLog.RUNS.stepRuns(c, workflowId, stepIndex, limit));
    }

    // ---------------------------------------------------------------- proposals

    /** Stores a new proposal with its picture; fails with {@link StoreException} when the id is used. */
    @Override
    public void submit(Proposal proposal) {
        Objects.requireNonNull(proposal, "proposal");
        byte[] png = proposal.evidence() == null ? null : EvidencePng.encode(proposal.evidence());
        db.write("store proposal " + proposal.id(), c -> {
            OpsRows.submit(c, proposal, png);
            return null;
        });
    }

    /** @return the proposal with this id and its picture, in whatever status */
    @Override
    public Optional<Proposal> proposal(String id) {
        Objects.requireNonNull(id, "id");
        return db.read("read proposal " + id, c -> OpsRows.proposals(c, "id = ?", id, "created_at", 1))
                .stream().findFirst();
    }

    /** @return the proposals waiting for a person, oldest first, with their pictures */
    @Override
    public List<Proposal> pending() {
        return db.read("list pending proposals", c -> OpsRows.proposals(c, "status = ?",
                Proposal.Status.PENDING.name(), "created_at, id", Integer.MAX_VALUE));
    }

    /** @return the proposals a person approved that no healer has applied yet, oldest first */
    @Override
    public List<Proposal> approved() {
        return db.read("list approved proposals", c -> OpsRows.proposals(c, "status = ?",
                Proposal.Status.APPROVED.name(), "created_at, id", Integer.MAX_VALUE));
    }

    /** @return every proposal, newest first, at most {@code limit}, with their pictures */
    public List<Proposal> proposals(int limit) {
        checkLimit(limit);
        return db.read("list proposals", c -> OpsRows.proposals(c, null, null, "created_at DESC, id", limit));
    }

    /** Moves a proposal to a new status, whatever it was; {@link StoreException} when there is none. */
    @Override
    public void resolve(String id, Proposal.Status status, String note) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        long now = clock.millis();
        db.write("resolve proposal " + id, c -> OpsRows.resolve(c, id, status, note, now));
    }

    /**
     * A person approves a pending proposal from outside the runner (e.g. the {@code approve}
     * command): it becomes {@link Proposal.Status#APPROVED}, and the runner's healer applies it,
     * verified like an automatic heal, on its next heal of that step. Atomic across processes.
     *
     * @return the proposal, now APPROVED
     * @throws StoreException if there is no such proposal or it is not PENDING
     */
    public Proposal approve(String id) {
        Objects.requireNonNull(id, "id");
        long now = clock.millis();
        return db.write("approve proposal " + id, c -> {
            OpsRows.resolve(c, id, Proposal.Status.APPROVED, "approved", now, Proposal.Status.PENDING);
            return OpsRows.proposals(c, "id = ?", id, "created_at", 1).get(0);
        });
    }

    /**
     * A person rejects a pending (or approved, not yet applied) proposal: nothing is applied and
     * the workflow's trust falls, in one transaction.
     *
     * @return the proposal, now REJECTED
     * @throws StoreException if there is no such proposal or it is neither PENDING nor APPROVED
     */
    public Proposal reject(String id, String note) {
        Objects.requireNonNull(id, "id");
        long now = clock.millis();
        return db.write("reject proposal " + id, c -> {
            OpsRows.resolve(c, id, Proposal.Status.REJECTED, note, now, Proposal.Status.PENDING,
                    Proposal.Status.APPROVED);
            Proposal p = OpsRows.proposals(c, "id = ?", id, "created_at", 1).get(0);
            OpsRows.recordTrust(c, p.workflowId(), TrustLedger.Event.REJECTED, now);
            return p;
        });
    }

    // ---------------------------------------------------------------- trust

    /** @return the workflow's trust 0..1; 0.5 for a workflow never seen */
    @Override
    public double trust(String workflowId) {
        Objects.requireNonNull(workflowId, "workflowId");
        return db.read("read the trust of " + workflowId, c -> OpsRows.trust(c, workflowId));
    }

    /** Moves the workflow's trust by the event's step, clamped to 0..1; atomic across processes. */
    @Override
    public void record(String workflowId, TrustLedger.Event event) {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(event, "event");
        long now = clock.millis();
        db.write("record " + event + " for the trust of " + workflowId,
                c -> OpsRows.recordTrust(c, workflowId, event, now));
    }

    /** @return the trust 0..1 of every workflow with a recorded event, by id */
    public Map<String, Double> trustLevels() {
        return db.read("read trust", OpsRows::trustLevels);
    }

    // ---------------------------------------------------------------- escalations

    /** Stores the escalation with every attempt and picture, in one transaction. */
    @Override
    public void onEscalation(HealRequest request, Escalation escalation) {
        recordEscalation(escalation);
    }

    /**
     * Stores an escalation with every attempt and picture, in one transaction.
     *
     * @return its id
     */
    public long recordEscalation(Escalation escalation) {
        Objects.requireNonNull(escalation, "escalation");
        OpsRowMapping.EscalationPngs pngs = OpsRowMapping.EscalationPngs.of(escalation);
        return db.write("store an escalation of " + escalation.workflowId() + " step " + escalation.stepIndex(),
                c -> OpsRows.insertEscalation(c, escalation, pngs));
    }

    /**
     * @param workflowId the workflow, or {@code null} for all
     * @param limit      most escalations returned, at least 1
     * @return the most recent escalations first, every attempt included, pictures not loaded
     *     (see {@link EscalationRecord#pictures()} and {@link #escalationPng})
     */
    public List<EscalationRecord> escalations(String workflowId, int limit) {
        checkLimit(limit);
        return db.read("list escalations", c -> OpsRows.escalations(c, workflowId, 0, limit, false));
    }

    /** @return one escalation with all its pictures decoded, if it exists */
    public Optional<EscalationRecord> escalation(long id) {
        if (id < 1) {
            throw new IllegalArgumentException("escalation id starts at 1, got " + id);
        }
        return db.read("read escalation " + id, c -> OpsRows.escalations(c, null, id, 1, true)).stream()
                .findFirst();
    }

    /**
     * @param number 0 for the escalation's own picture, n for attempt n's
     * @return the PNG bytes, or empty when none was stored
     */
    public Optional<byte[]> escalationPng(long id, int number) {
        return Optional.ofNullable(db.read("read the picture of escalation " + id,
                c -> OpsRows.escalationPng(c, id, number)));
    }

    // ---------------------------------------------------------------- stats and health

    /** @return heal stats overall and per workflow, from one consistent snapshot */
    public StoreStats stats() {
        return db.read("compute stats", c -> {
            List<HealStats> per = HealLog.statsPerWorkflow(c);
            return new StoreStats(HealStats.total(per), per);
        });
    }

    /** @return heal stats of one workflow (all zero when it has no logged heals) */
    public HealStats stats(String workflowId) {
        Objects.requireNonNull(workflowId, "workflowId");
        return stats().workflows().stream().filter(s -> s.workflowId().equals(workflowId)).findFirst()
                .orElse(HealStats.none(workflowId));
    }

    /** @return the health of one step from its last runs and heals */
    public StepHealth health(String workflowId, int stepIndex) {
        Objects.requireNonNull(workflowId, "workflowId");
        return db.read("compute health", c -> HealthRules.QUERIES.step(c, workflowId, stepIndex));
    }

    /** @return the health of one workflow and each of its known steps */
    public WorkflowHealth health(String workflowId) {
        Objects.requireNonNull(workflowId, "workflowId");
        return db.read("compute health", c -> HealthRules.QUERIES.workflow(c, workflowId));
    }

    /** @return the health of every workflow with runs or heals, by id */
    public List<WorkflowHealth> health() {
        return db.read("compute health", c -> {
            List<WorkflowHealth> out = new ArrayList<>();
            for (String w : HealthRules.QUERIES.workflows(c)) {
                out.add(HealthRules.QUERIES.workflow(c, w));
            }
            return out;
        });
    }

    /** @return the problems {@code PRAGMA integrity_check} reports; empty when the file is sound */
    public List<String> integrityCheck() {
        return db.read("check integrity", c -> {
            List<String> problems = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    String line = rs.getString(1);
                    if (!"ok".equals(line)) {
                        problems.add(line);
                    }
                }
            }
            return problems;
        });
    }

    private static void checkLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }

    // ---------------------------------------------------------------- views

    /** @return this store */
    @Override
    public BaselineStore baselines() {
        return this;
    }

    /** @return this store */
    @Override
    public HealingMemory memory() {
        return this;
    }

    /** @return this store */
    @Override
    public ProposalStore proposals() {
        return this;
    }

    /** @return this store */
    @Override
    public TrustLedger trust() {
        return this;
    }

    /** @return this store */
    @Override
    public HealListener log() {
        return this;
    }

    /** @return this store */
    @Override
    public RunLog runs() {
        return this;
    }

    /**
     * What calibration learned about vision models, kept in the file (table {@code calibration}),
     * so a new process does not calibrate again. Thread-safe; the later save of a key wins.
     */
    @Override
    public ModelCalibrations calibrations() {
        return new ModelCalibrations() {
            @Override
            public Optional<String> find(String key) {
                Objects.requireNonNull(key, "key");
                return db.read("read the calibration " + key, c -> CalibrationRows.find(c, key));
            }

            @Override
            public void save(String key, String value) {
                Objects.requireNonNull(key, "key");
                Objects.requireNonNull(value, "value");
                long now = clock.millis();
                db.write("save the calibration " + key, c -> {
                    CalibrationRows.save(c, key, value, now);
                    return null;
                });
            }
        };
    }

    /**
     * Runs {@code heal} holding the step's lock within this process: threads sharing this store
     * take turns on one step. Runners in other processes are not excluded (the PostgreSQL store
     * excludes them fleet-wide); the second of two concurrent heals still finds the first's fix in
     * memory once it is committed.
     */
    @Override
    public <T> T exclusively(String workflowId, int stepIndex, Supplier<T> heal) {
        return stepLocks.exclusively(workflowId, stepIndex, heal);
    }

    /** Closes the connection; later calls throw {@link StoreException}. Idempotent. */
    @Override
    public void close() {
        db.close();
    }

    /**
     * Builds a {@link SqliteStore}. Not thread-safe; {@link #build()} opens the file.
     */
    public static final class Builder {
        private Path path;
        private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;
        private Clock clock = Clock.systemUTC();
        private boolean createIfMissing = true;
        private int schemaVersion = Schema.LATEST;

        private Builder() {
        }

        /** The database file; required. Its directory is created when missing. */
        public Builder path(Path path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * How long a write waits for another process's lock before failing, 0..10 minutes;
         * default {@link #DEFAULT_BUSY_TIMEOUT} (10 s).
         */
        public Builder busyTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "busyTimeout");
            if (timeout.isNegative() || timeout.compareTo(MAX_BUSY_TIMEOUT) > 0) {
                throw new IllegalArgumentException("busyTimeout must be within 0..10 minutes, got " + timeout);
            }
            this.busyTimeout = timeout;
            return this;
        }

        /** The clock for times the caller does not give; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Whether a missing file is created (default true); false makes {@link #build()} fail instead. */
        public Builder createIfMissing(boolean create) {
            this.createIfMissing = create;
            return this;
        }

        /** For migration tests: migrate only up to this version, 1..{@link #SCHEMA_VERSION}. */
        Builder schemaVersion(int version) {
            if (version < 1 || version > Schema.LATEST) {
                throw new IllegalArgumentException("schema version must be within 1.." + Schema.LATEST + ", got "
                        + version);
            }
            this.schemaVersion = version;
            return this;
        }

        /**
         * Opens the file, checks it and migrates its schema forward.
         *
         * @throws IllegalStateException if no path was given
         * @throws StoreException if the file is not a healing store, is corrupt, is newer than this
         *     library, or cannot be opened; the file is left untouched
         */
        public SqliteStore build() {
            if (path == null) {
                throw new IllegalStateException("SqliteStore needs a file: call path(Path.of(\"healing.db\"))");
            }
            Path file = path.toAbsolutePath().normalize();
            Database db = Database.open(file, busyTimeout, createIfMissing);
            try {
                Schema.migrate(db, schemaVersion, clock);
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
            return new SqliteStore(db, clock);
        }
    }
}
