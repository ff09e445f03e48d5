package dev.healing.core;

import dev.healing.api.Sleeper;
import dev.healing.api.BaselineStore;
import dev.healing.api.HealListener;
import dev.healing.api.HealingMemory;
import dev.healing.api.HealingStore;
import dev.healing.api.Locator;
import dev.healing.api.ProposalStore;
import dev.healing.api.TrustLedger;
import dev.healing.api.ScreenCapture;
import dev.healing.api.SimilarityScorer;
import dev.healing.api.Verifier;
import dev.healing.api.WorkflowStore;
import dev.healing.core.match.FailureClassifier;
import dev.healing.core.match.TemplateLocator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Configures a {@link Healer}. Mutable and not thread-safe; {@link #build()} makes an immutable,
 * thread-safe healer. Setters reject bad values at once; {@code build()} names what is missing.
 */
public final class HealerBuilder {
    /** Default {@link #maxAttempts}: candidates verified per heal. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Default {@link #minConfidence}: the bar a candidate must reach to be tried. */
    public static final double DEFAULT_MIN_CONFIDENCE = TemplateLocator.CONFIDENCE_BAR;
    /** Default {@link #failureThreshold}: similarity below which a step counts as failed. */
    public static final double DEFAULT_FAILURE_THRESHOLD = 0.70;
    /** Default {@link #consecutiveFailures}: failures in a row before healing starts. */
    public static final int DEFAULT_CONSECUTIVE_FAILURES = 2;
    /** Default {@link #cropSize} in pixels, width and height. */
    public static final int DEFAULT_CROP_SIZE = TemplateLocator.DEFAULT_CROP_SIDE;
    /** Default {@link #transientRetries}: recaptures while the screen looks transient. */
    public static final int DEFAULT_TRANSIENT_RETRIES = 3;
    /** Default {@link #transientWait} between those recaptures. */
    public static final Duration DEFAULT_TRANSIENT_WAIT = Duration.ofMillis(500);
    /** Pass to {@link #maxHealsPerRun} or {@link #maxHealsPerHour} for no limit. */
    public static final int NO_LIMIT = Integer.MAX_VALUE;
    /** Default {@link #maxHealsPerRun}: heals of one workflow in one run. */
    public static final int DEFAULT_MAX_HEALS_PER_RUN = 5;
    /** Default {@link #maxHealsPerHour}: heals of one workflow in a rolling hour. */
    public static final int DEFAULT_MAX_HEALS_PER_HOUR = 20;

    ScreenCapture screen;
    SimilarityScorer similarity;
    final List<Locator> locators = new ArrayList<>();
    BaselineStore baselines;
    HealingMemory memory;
    WorkflowStore workflows;
    Verifier verifier;
    FailureClassifier classifier;
    final List<HealListener> listeners = new ArrayList<>();
    int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    double minConfidence = DEFAULT_MIN_CONFIDENCE;
    double failureThreshold = DEFAULT_FAILURE_THRESHOLD;
    int consecutiveFailures = DEFAULT_CONSECUTIVE_FAILURES;
    int cropWidth = DEFAULT_CROP_SIZE;
    int cropHeight = DEFAULT_CROP_SIZE;
    int transientRetries = DEFAULT_TRANSIENT_RETRIES;
    Duration transientWait = DEFAULT_TRANSIENT_WAIT;
    boolean dryRun;
    boolean enabled = true;
    ApprovalPolicy approval = ApprovalPolicy.defaults();
    ProposalStore proposals;
    TrustLedger trust;
    int maxHealsPerRun = DEFAULT_MAX_HEALS_PER_RUN;
    int maxHealsPerHour = DEFAULT_MAX_HEALS_PER_HOUR;
    boolean evidence = true;
    Clock clock = Clock.systemUTC();
    Sleeper sleeper = Sleeper.system();

    /** The heal log of the store given to {@link #store}, heard after the listeners. */
    HealListener storeLog;
    /** The store given to {@link #store}: each heal runs inside its {@code exclusively}. */
    HealingStore store;

    HealerBuilder() {
    }

    /** @return an independent copy of these settings */
    HealerBuilder copy() {
        HealerBuilder c = new HealerBuilder();
        c.screen = screen;
        c.similarity = similarity;
        c.locators.addAll(locators);
        c.baselines = baselines;
        c.memory = memory;
        c.workflows = workflows;
        c.verifier = verifier;
        c.classifier = classifier;
        c.listeners.addAll(listeners);
        c.storeLog = storeLog;
        c.store = store;
        c.maxAttempts = maxAttempts;
        c.minConfidence = minConfidence;
        c.failureThreshold = failureThreshold;
        c.consecutiveFailures = consecutiveFailures;
        c.cropWidth = cropWidth;
        c.cropHeight = cropHeight;
        c.transientRetries = transientRetries;
        c.transientWait = transientWait;
        c.dryRun = dryRun;
        c.enabled = enabled;
        c.approval = approval;
        c.proposals = proposals;
        c.trust = trust;
        c.maxHealsPerRun = maxHealsPerRun;
        c.maxHealsPerHour = maxHealsPerHour;
        c.evidence = evidence;
        c.clock = clock;
        c.sleeper = sleeper;
        return c;
    }

    /**
     * Wires every store of the healer to one {@link HealingStore} (e.g. a {@code SqliteStore}):
     * its baselines, healing memory, proposals and trust, and its heal log as the last listener;
     * vision locators keep what calibration learns in its {@code calibrations()}
     * ({@link dev.healing.api.VisionLocator#withCalibrations}).
     * A per-concern setter called afterwards overrides that one view; calling this again replaces
     * the store. The run log is the host's (or the runner's) to write.
     *
     * <p>Each {@link Healer#attemptHeal} that passes the gate runs inside
     * {@link HealingStore#exclusively} for its step, so healers sharing the store (threads,
     * processes, a fleet on PostgreSQL) produce one verified fix: the second waits, then finds the
     * first one's fix in the store's memory. When the store cannot take that lock the heal is not
     * tried and the result is NOT_HEALED naming the store's error.
     */
    public HealerBuilder store(HealingStore store) {
        Objects.requireNonNull(store, "store");
        this.store = store;
        this.baselines = Objects.requireNonNull(store.baselines(), "store.baselines()");
        this.memory = Objects.requireNonNull(store.memory(), "store.memory()");
        this.proposals = Objects.requireNonNull(store.proposals(), "store.proposals()");
        this.trust = Objects.requireNonNull(store.trust(), "store.trust()");
        this.storeLog = Objects.requireNonNull(store.log(), "store.log()");
        return this;
    }

    /** Where screenshots come from (required). */
    public HealerBuilder screen(ScreenCapture screen) {
        this.screen = Objects.requireNonNull(screen, "screen");
        return this;
    }

    /** How crops are compared (default: zero-mean normalized cross-correlation). */
    public HealerBuilder similarity(SimilarityScorer similarity) {
        this.similarity = Objects.requireNonNull(similarity, "similarity");
        return this;
    }

    /**
     * Appends a locator to the chain (at least one is required). Locators are asked in the order
     * added, after healing memory; put free local ones before paid vision ones.
     */
    public HealerBuilder locator(Locator locator) {
        locators.add(Objects.requireNonNull(locator, "locator"));
        return this;
    }

    /** Where step baselines are read and new ones saved (required). */
    public HealerBuilder baselines(BaselineStore baselines) {
        this.baselines = Objects.requireNonNull(baselines, "baselines");
        return this;
    }

    /** Healing memory, asked before every other locator (optional; without it nothing is remembered). */
    public HealerBuilder memory(HealingMemory memory) {
        this.memory = Objects.requireNonNull(memory, "memory");
        return this;
    }

    /** Where step coordinates live (required). */
    public HealerBuilder workflows(WorkflowStore workflows) {
        this.workflows = Objects.requireNonNull(workflows, "workflows");
        return this;
    }

    /** The host's re-run from a step, used to verify each candidate (required). */
    public HealerBuilder verifier(Verifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        return this;
    }

    /** Decides what kind of failure the screen shows (default: the screen classifier). */
    public HealerBuilder classifier(FailureClassifier classifier) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        return this;
    }

    /** Adds a listener for heal events; listeners are called in the order added. */
    public HealerBuilder listener(HealListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Candidates verified per heal, 1..10 (default {@value #DEFAULT_MAX_ATTEMPTS}). */
    public HealerBuilder maxAttempts(int maxAttempts) {
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts must be within 1..10, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        return this;
    }

    /** Confidence 0..1 a candidate needs to be tried, above 0 (default {@value #DEFAULT_MIN_CONFIDENCE}). */
    public HealerBuilder minConfidence(double minConfidence) {
        if (!(minConfidence > 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("minConfidence must be within (0, 1], got " + minConfidence);
        }
        this.minConfidence = minConfidence;
        return this;
    }

    /** Similarity 0..1 below which a step counts as failed, above 0 (default {@value #DEFAULT_FAILURE_THRESHOLD}). */
    public HealerBuilder failureThreshold(double failureThreshold) {
        if (!(failureThreshold > 0 && failureThreshold <= 1)) {
            throw new IllegalArgumentException("failureThreshold must be within (0, 1], got " + failureThreshold);
        }
        this.failureThreshold = failureThreshold;
        return this;
    }

    /** Failures in a row of one step before healing starts, 1..100 (default {@value #DEFAULT_CONSECUTIVE_FAILURES}). */
    public HealerBuilder consecutiveFailures(int consecutiveFailures) {
        if (consecutiveFailures < 1 || consecutiveFailures > 100) {
            throw new IllegalArgumentException("consecutiveFailures must be within 1..100, got " + consecutiveFailures);
        }
        this.consecutiveFailures = consecutiveFailures;
        return this;
    }

    /** Baseline crop size in pixels, each 8..1000 (default {@value #DEFAULT_CROP_SIZE}x{@value #DEFAULT_CROP_SIZE}). */
    public HealerBuilder cropSize(int width, int height) {
        if (width < 8 || height < 8 || width > 1000 || height > 1000) {
            throw new IllegalArgumentException("crop size must be within 8..1000 each, got " + width + "x" + height);
        }
        this.cropWidth = width;
        this.cropHeight = height;
        return this;
    }

    /**
     * How often to recapture a screen that looks blank or loading, 0..20, and how long to wait
     * before each, up to a minute (defaults {@value #DEFAULT_TRANSIENT_RETRIES} and 500 ms).
     */
    public HealerBuilder transientRetries(int retries, Duration wait) {
        if (retries < 0 || retries > 20) {
            throw new IllegalArgumentException("transient retries must be within 0..20, got " + retries);
        }
        Objects.requireNonNull(wait, "wait");
        if (wait.isNegative() || wait.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("transient wait must be within 0..60 s, got " + wait);
        }
        this.transientRetries = retries;
        this.transientWait = wait;
        return this;
    }

    /** Locate and report only; change nothing (default false). */
    public HealerBuilder dryRun(boolean dryRun) {
        this.dryRun = dryRun;
        return this;
    }

    /** A disabled healer skips every request and says so (default true). */
    public HealerBuilder enabled(boolean enabled) {
        this.enabled = enabled;
        return this;
    }

    /** How proposed heals are sorted into approval classes A, B and C (default {@link ApprovalPolicy#defaults()}). */
    public HealerBuilder approval(ApprovalPolicy approval) {
        this.approval = Objects.requireNonNull(approval, "approval");
        return this;
    }

    /** Where class C proposals wait for a person (default: in memory, lost when the process ends). */
    public HealerBuilder proposals(ProposalStore proposals) {
        this.proposals = Objects.requireNonNull(proposals, "proposals");
        return this;
    }

    /** Per-workflow trust (default: in memory, every workflow starting at 0.5). */
    public HealerBuilder trust(TrustLedger trust) {
        this.trust = Objects.requireNonNull(trust, "trust");
        return this;
    }

    /**
     * Applied heals (HEALED or PARTIAL) of one workflow per explicit run, at least 1 (default
     * {@value #DEFAULT_MAX_HEALS_PER_RUN}); beyond, SKIPPED. Runs are named by
     * {@code HealRequest.withRun(id)}; requests without a run id are never counted against this
     * limit, so a healer shared by many runs never blocks a new one. {@link #NO_LIMIT} switches it off.
     */
    public HealerBuilder maxHealsPerRun(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxHealsPerRun must be at least 1, got " + max);
        }
        this.maxHealsPerRun = max;
        return this;
    }

    /**
     * Applied heals of one workflow per rolling hour, at least 1 (default
     * {@value #DEFAULT_MAX_HEALS_PER_HOUR}); beyond, SKIPPED. {@link #NO_LIMIT} switches the limit off.
     */
    public HealerBuilder maxHealsPerHour(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxHealsPerHour must be at least 1, got " + max);
        }
        this.maxHealsPerHour = max;
        return this;
    }

    /** Whether every attempt renders an evidence picture (default true; about 20 ms each). */
    public HealerBuilder evidence(boolean evidence) {
        this.evidence = evidence;
        return this;
    }

    /** Time source for results and memory (default the system UTC clock). */
    public HealerBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** How the healer waits for transient screens (default {@link Sleeper#system()}). */
    public HealerBuilder sleeper(Sleeper sleeper) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        return this;
    }

    /**
     * @return an immutable, thread-safe healer
     * @throws IllegalStateException naming every missing setting and how to provide it
     */
    public Healer build() {
        List<String> missing = new ArrayList<>();
        if (screen == null) {
            missing.add("screen(ScreenCapture): where screenshots come from, e.g. a VncClient");
        }
        if (locators.isEmpty()) {
            missing.add("locator(Locator): at least one, e.g. TemplateLocator.builder().build()");
        }
        if (baselines == null) {
            missing.add("baselines(BaselineStore) or store(HealingStore): where step baselines live, e.g."
                    + " store(SqliteStore.open(file)) or baselines(new InMemoryBaselineStore())");
        }
        if (workflows == null) {
            missing.add("workflows(WorkflowStore): where step coordinates live, e.g. JsonWorkflowStore.inDirectory(dir)");
        }
        if (verifier == null) {
            missing.add("verifier(Verifier): the host's re-run from a step, e.g. runner::runFrom");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Healer.builder() is missing " + String.join("; ", missing));
        }
        return new Healer(this);
    }
}
