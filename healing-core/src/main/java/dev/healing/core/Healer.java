package dev.healing.core;

import dev.healing.api.Sleeper;
import dev.healing.api.BaselineStore;
import dev.healing.api.HealListener;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealingMemory;
import dev.healing.api.HealingStore;
import dev.healing.api.LocateQuery;
import dev.healing.api.Locator;
import dev.healing.api.Proposal;
import dev.healing.api.ProposalStore;
import dev.healing.api.TrustLedger;
import dev.healing.api.ScreenCapture;
import dev.healing.api.SimilarityScorer;
import dev.healing.api.Verifier;
import dev.healing.api.VisionLocator;
import dev.healing.api.WorkflowStore;
import dev.healing.core.match.FailureClassifier;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Heals a workflow step whose click no longer lands on its element, inline from the host's loop:
 *
 * <pre>{@code
 * HealResult r = healer.attemptHeal(HealRequest.of("checkout", 3, 0.24, failedCrop).withRun(runId));
 * // HEALED: the verifier's re-run already played the rest of the workflow: the run is done.
 * // PARTIAL: the fix is kept; go on at r.failedAtStep(). Otherwise stop and report r.reason().
 * }</pre>
 *
 * <p>One call gates (threshold, consecutive failures, disabled), captures the screen, classifies
 * the failure, locates the element through the chain (memory, local matching, vision), writes the
 * best candidate provisionally with a backup, verifies it with the host's {@link Verifier}, and
 * rolls back and tries the next candidate on failure, at most {@code maxAttempts} times.
 *
 * <p>Configuration is immutable ({@link #toBuilder()} makes a changed copy). A healer is
 * thread-safe and serves many workflows; heals of one workflow are serialized. Apart from its
 * configuration it keeps bounded run state: per-step counts of consecutive failed calls (used
 * when the host does not count failures itself) and the heal limits, counted per explicit run id
 * ({@link HealRequest#withRun}); {@link #resetState()} forgets both.
 */
public final class Healer {
    final ScreenCapture screen;
    final SimilarityScorer similarity;
    final LocatorChain chain;
    final BaselineStore baselines;
    final HealingMemory memory;
    final WorkflowStore workflows;
    final Verifier verifier;
    final FailureClassifier classifier;
    final HealEvents events;
    final int maxAttempts;
    final double minConfidence;
    final double failureThreshold;
    final int consecutiveFailures;
    final int cropWidth;
    final int cropHeight;
    final int transientRetries;
    final Duration transientWait;
    final boolean dryRun;
    final boolean enabled;
    final Clock clock;
    final Sleeper sleeper;
    final ApprovalPolicy approval;
    final ProposalStore proposals;
    final TrustLedger trust;
    final boolean evidence;
    final HealerState state;
    /** The store given to {@link HealerBuilder#store}, whose lock each heal holds; {@code null} when none. */
    final HealingStore store;
    /** The settings this healer was built from, for {@link #toBuilder()}. */
    private final HealerBuilder settings;

    Healer(HealerBuilder b) {
        this.settings = b.copy();
        this.screen = b.screen;
        this.similarity = b.similarity != null ? b.similarity : HealerDefaults.similarity();
        this.memory = b.memory;
        List<Locator> all = new ArrayList<>();
        if (b.memory != null) {
            all.add(new MemoryLocator(b.memory, similarity));
        }
        for (Locator l : b.locators) {
            // A vision locator keeps what calibration learns in the healer's store, if it can.
            all.add(b.store != null && l instanceof VisionLocator v
                    ? Objects.requireNonNull(v.withCalibrations(b.store.calibrations()), "withCalibrations") : l);
        }
        this.chain = new LocatorChain(all);
        this.baselines = b.baselines;
        this.workflows = b.workflows;
        this.verifier = b.verifier;
        this.classifier = b.classifier != null ? b.classifier : HealerDefaults.classifier();
        List<HealListener> listeners = new ArrayList<>(b.listeners);
        if (b.storeLog != null) {
            listeners.add(b.storeLog);
        }
        this.events = new HealEvents(listeners);
        this.maxAttempts = b.maxAttempts;
        this.minConfidence = b.minConfidence;
        this.failureThreshold = b.failureThreshold;
        this.consecutiveFailures = b.consecutiveFailures;
        this.cropWidth = b.cropWidth;
        this.cropHeight = b.cropHeight;
        this.transientRetries = b.transientRetries;
        this.transientWait = b.transientWait;
        this.dryRun = b.dryRun;
        this.enabled = b.enabled;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.approval = b.approval;
        this.proposals = b.proposals != null ? b.proposals : new InMemoryProposalStore();
        this.trust = b.trust != null ? b.trust : new InMemoryTrustLedger();
        this.evidence = b.evidence;
        this.state = new HealerState(b.maxHealsPerRun, b.maxHealsPerHour);
        this.store = b.store;
    }

    /** @return a builder with the documented defaults */
    public static HealerBuilder builder() {
        return new HealerBuilder();
    }

    /**
     * @return a builder holding this healer's settings, to build a changed copy; the copy starts
     *     with fresh run state (and, when none was given, its own in-memory proposals and trust)
     */
    public HealerBuilder toBuilder() {
        return settings.copy();
    }

    /** Forgets the run state: consecutive-failure counts and heal-limit counts. Thread-safe. */
    public void resetState() {
        state.reset();
    }

    /** @return the scorer that compares a live crop with its baseline */
    public SimilarityScorer similarity() {
        return similarity;
    }

    /** @return the similarity 0..1 below which a step counts as failing */
    public double failureThreshold() {
        return failureThreshold;
    }

    /**
     * Whether a step with this similarity and this many consecutive failures should be healed,
     * for hosts that gate themselves before calling {@link #attemptHeal}.
     *
     * @param similarity          0..1, the live crop against the baseline
     * @param consecutiveFailures failures in a row including this one
     */
    public boolean shouldAttemptHeal(double similarity, int consecutiveFailures) {
        return enabled && similarity < failureThreshold && consecutiveFailures >= this.consecutiveFailures;
    }

    /**
     * Tries to heal the step. Never throws for a heal that could not be done, nor for inputs that
     * do not fit together (sizes of frame, crop and screen): the result says why.
     *
     * @return the outcome; {@link HealResult#healed()} tells whether the workflow now holds a verified fix
     * @throws NullPointerException if {@code request} is null
     */
    public HealResult attemptHeal(HealRequest request) {
        Objects.requireNonNull(request, "request");
        int failures = request.consecutiveFailures() > 0
                ? request.consecutiveFailures()
                : state.countFailure(request.workflowId(), request.stepIndex());
        ReentrantLock lock = state.lockFor(request.workflowId());
        lock.lock();
        try {
            HealResult result = new HealRun(this, request, failures).run();
            if (result.healed()) {
                state.clearFailures(request.workflowId(), request.stepIndex());
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Locates without applying: classifies the failure on {@code query.screen()} and walks the
     * locator chain (memory first when configured) exactly as {@link #attemptHeal} would, but
     * writes, clicks and verifies nothing. Used to evaluate the healer on a corpus.
     *
     * @param query the step; its {@code failureKind} is ignored (the classifier decides) and
     *              {@code minConfidence} is the bar candidates must reach
     * @return what the locate step decided
     * @throws IllegalArgumentException on inputs that do not fit (crop larger than the screen, point outside the frame)
     */
    public StepLocator.Result locate(LocateQuery query) {
        return StepLocator.of(classifier, chain).locate(query);
    }

    /**
     * Applies a proposal a person approved, exactly as an automatic heal would be applied: back up
     * and write the new point, verify by re-running from the step, commit or roll back, then save
     * the baseline and remember the fix on success.
     *
     * <p>A proposal approved elsewhere (status {@link Proposal.Status#APPROVED}, e.g. by the
     * {@code approve} command on a shared store) is also applied by the next {@link #attemptHeal}
     * of its step, without locating again.
     *
     * @param proposalId the id from {@link HealResult#proposalId()}
     * @return HEALED or PARTIAL when verified, NOT_HEALED (workflow restored) otherwise
     * <p>With a store given to {@link HealerBuilder#store}, the proposal is applied holding the
     * store's lock for its step, and checked again under it (another runner may have applied it).
     *
     * @throws IllegalArgumentException if there is no such proposal
     * @throws IllegalStateException if it is neither pending nor approved-to-apply
     * @throws dev.healing.api.StoreException if the store's lock for the step cannot be taken; nothing was applied
     */
    public HealResult approve(String proposalId) {
        Proposal p = pendingProposal(proposalId);
        ReentrantLock lock = state.lockFor(p.workflowId());
        lock.lock();
        try {
            if (store == null) {
                return new ApprovedHeal(this, p).apply();
            }
            return store.exclusively(p.workflowId(), p.stepIndex(),
                    () -> new ApprovedHeal(this, pendingProposal(proposalId)).apply());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Rejects a proposal: nothing is applied, and the workflow's trust falls.
     *
     * @throws IllegalArgumentException if there is no such proposal
     * @throws IllegalStateException if it is neither pending nor approved-to-apply
     */
    public void reject(String proposalId, String note) {
        Proposal p = pendingProposal(proposalId);
        proposals.resolve(p.id(), Proposal.Status.REJECTED, note);
        trust.record(p.workflowId(), TrustLedger.Event.REJECTED);
    }

    private Proposal pendingProposal(String proposalId) {
        Proposal p = proposals.proposal(Objects.requireNonNull(proposalId, "proposalId"))
                .orElseThrow(() -> new IllegalArgumentException("no proposal " + proposalId));
        if (p.status() != Proposal.Status.PENDING && p.status() != Proposal.Status.APPROVED) {
            throw new IllegalStateException("proposal " + proposalId + " is " + p.status()
                    + ", not PENDING or APPROVED");
        }
        return p;
    }
}
