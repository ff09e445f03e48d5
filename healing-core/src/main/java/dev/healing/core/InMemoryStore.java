package dev.healing.core;

import dev.healing.api.BaselineStore;
import dev.healing.api.Escalation;
import dev.healing.api.HealListener;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealingMemory;
import dev.healing.api.HealingStore;
import dev.healing.api.ModelCalibrations;
import dev.healing.api.ProposalStore;
import dev.healing.api.RunLog;
import dev.healing.api.StoreException;
import dev.healing.api.TrustLedger;
import dev.healing.api.store.StepLocks;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A {@link HealingStore} kept in memory, for tests, demos and single-process hosts: the
 * {@code InMemory*} views plus a heal log of the last {@value #LOG_LIMIT} results and a run log.
 * Nothing survives the process. Thread-safe; {@link #exclusively} holds a per-step lock, so threads
 * of one process healing the same step take turns.
 */
public final class InMemoryStore implements HealingStore {
    /** Most results the heal log keeps; older ones are dropped. */
    public static final int LOG_LIMIT = 1000;

    private final InMemoryBaselineStore baselines = new InMemoryBaselineStore();
    private final InMemoryHealingMemory memory = new InMemoryHealingMemory();
    private final InMemoryProposalStore proposals = new InMemoryProposalStore();
    private final InMemoryTrustLedger trust = new InMemoryTrustLedger();
    private final Log log = new Log();
    private final Runs runs = new Runs();
    private final StepLocks stepLocks = new StepLocks();
    private final ConcurrentMap<String, String> calibrations = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryStore() {
        // nothing stored yet
    }

    @Override
    public BaselineStore baselines() {
        return baselines;
    }

    @Override
    public HealingMemory memory() {
        return memory;
    }

    @Override
    public ProposalStore proposals() {
        return proposals;
    }

    @Override
    public TrustLedger trust() {
        return trust;
    }

    @Override
    public HealListener log() {
        return log;
    }

    @Override
    public RunLog runs() {
        return runs;
    }

    @Override
    public ModelCalibrations calibrations() {
        return new ModelCalibrations() {
            @Override
            public Optional<String> find(String key) {
                return Optional.ofNullable(calibrations.get(Objects.requireNonNull(key, "key")));
            }

            @Override
            public void save(String key, String value) {
                calibrations.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            }
        };
    }

    /** @return the logged results, oldest first (at most {@value #LOG_LIMIT}) */
    public List<HealResult> results() {
        return log.results();
    }

    /** Runs {@code heal} holding the step's lock; other threads healing the same step wait. */
    @Override
    public <T> T exclusively(String workflowId, int stepIndex, Supplier<T> heal) {
        return stepLocks.exclusively(workflowId, stepIndex, heal);
    }

    /** Nothing to release. */
    @Override
    public void close() {
        // memory only
    }

    private static final class Log implements HealListener {
        private final List<HealResult> results = new ArrayList<>();

        @Override
        public synchronized void onResult(HealRequest request, HealResult result) {
            if (results.size() == LOG_LIMIT) {
                results.remove(0);
            }
            results.add(result);
        }

        @Override
        public void onEscalation(HealRequest request, Escalation escalation) {
            // kept only as part of the result
        }

        synchronized List<HealResult> results() {
            return List.copyOf(results);
        }
    }

    private static final class Runs implements RunLog {
        private final AtomicLong nextRun = new AtomicLong(1);
        private final ConcurrentMap<Long, String> open = new ConcurrentHashMap<>();

        @Override
        public long startRun(String workflowId, String runner) {
            Objects.requireNonNull(workflowId, "workflowId");
            Objects.requireNonNull(runner, "runner");
            long id = nextRun.getAndIncrement();
            open.put(id, workflowId);
            return id;
        }

        @Override
        public void recordStepRun(String workflowId, int stepIndex, double similarity, boolean passed) {
            Objects.requireNonNull(workflowId, "workflowId");
        }

        @Override
        public void finishRun(long runId, boolean passed, int failedAtStep) {
            if (open.remove(runId) == null) {
                throw new StoreException("no running run with id " + runId);
            }
        }
    }
}
