package dev.healing.core;

import dev.healing.api.Sleeper;
import dev.healing.api.BaselineStore;
import dev.healing.api.HealListener;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealingMemory;
import dev.healing.api.Locator;
import dev.healing.api.Proposal;
import dev.healing.api.ProposalStore;
import dev.healing.api.TrustLedger;
import dev.healing.api.ScreenCapture;
import dev.healing.api.SimilarityScorer;
import dev.healing.api.Verifier;
import dev.healing.api.WorkflowStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Heals a workflow step whose click no longer lands on its element, inline from the host's loop:
 *
 * <pre>{@code
 * HealResult r = healer.attemptHeal(HealRequest.of("checkout", 3, 0.24, failedCrop));
 * if (r.healed()) { reload the step and go on } else { stop and report r.reason() }
 * }</pre>
 *
 * <p>One call gates (threshold, consecutive failures, disabled), captures the screen, classifies
 * the failure, locates the element through the chain (memory, local matching, vision), writes the
 * best candidate provisionally with a backup, verifies it with the host's {@link Verifier}, and
 * rolls back and tries the next candidate on failure, at most {@code maxAttempts} times.
 *
 * <p>Configuration is immutable. A healer is thread-safe and serves many workflows; heals of one
 * workflow are serialized. It keeps one piece of state: per-step counts of consecutive failed
 * calls, used when the host does not count failures itself.
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
    final List<HealListener> listeners;
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
    final HealRateLimits rateLimits;

    private final ConcurrentMap<String, ReentrantLock> workflowLocks = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Integer> failureCounts = new ConcurrentHashMap<>();

    Healer(HealerBuilder b) {
        this.screen = b.screen;
        this.similarity = b.similarity != null ? b.similarity : HealerDefaults.similarity();
        this.memory = b.memory;
        List<Locator> all = new ArrayList<>();
        if (b.memory != null) {
            all.add(new MemoryLocator(b.memory, similarity));
        }
        all.addAll(b.locators);
        this.chain = new LocatorChain(all);
        this.baselines = b.baselines;
        this.workflows = b.workflows;
        this.verifier = b.verifier;
        this.classifier = b.classifier != null ? b.classifier : HealerDefaults.classifier();
        this.listeners = List.copyOf(b.listeners);
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
        this.rateLimits = new HealRateLimits(b.maxHealsPerRun, b.maxHealsPerHour);
    }

    /** @return a builder with the documented defaults */
    public static HealerBuilder builder() {
        return new HealerBuilder();
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
     * Tries to heal the step. Never throws for a heal that could not be done: the result says why.
     *
     * @return the outcome; {@link HealResult#healed()} tells whether the workflow now holds a verified fix
     * @throws NullPointerException if {@code request} is null
     */
    public HealResult attemptHeal(HealRequest request) {
        Objects.requireNonNull(request, "request");
        String stepKey = request.workflowId() + "\u0000" + request.stepIndex();
        int failures = request.consecutiveFailures() > 0
                ? request.consecutiveFailures()
                : failureCounts.merge(stepKey, 1, Integer::sum);
        ReentrantLock lock = workflowLocks.computeIfAbsent(request.workflowId(), id -> new ReentrantLock());
        lock.lock();
        try {
            HealResult result = new HealRun(this, request, failures).run();
            if (result.healed()) {
                failureCounts.remove(stepKey);
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies a proposal a person approved, exactly as an automatic heal would be applied: back up
     * and write the new point, verify by re-running from the step, commit or roll back, then save
     * the baseline and remember the fix on success.
     *
     * @return HEALED or PARTIAL when verified, NOT_HEALED (workflow restored) otherwise
     * <p>A proposal approved elsewhere (status {@link Proposal.Status#APPROVED}, e.g. by the
     * {@code approve} command on a shared store) is also applied by the next {@link #attemptHeal}
     * of its step, without locating again.
     *
     * @param proposalId the id from {@link HealResult#proposalId()}
     * @throws IllegalArgumentException if there is no such proposal
     * @throws IllegalStateException if it is neither pending nor approved-to-apply
     */
    public HealResult approve(String proposalId) {
        Proposal p = pendingProposal(proposalId);
        ReentrantLock lock = workflowLocks.computeIfAbsent(p.workflowId(), id -> new ReentrantLock());
        lock.lock();
        try {
            return new ApprovedHeal(this, p).apply();
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

    /** @return the locate chain, memory first when configured */
    public LocatorChain chain() {
        return chain;
    }

    /** @return the scorer used for crops */
    public SimilarityScorer similarity() {
        return similarity;
    }

    /** @return the classifier used before relocating */
    public FailureClassifier classifier() {
        return classifier;
    }

    /** @return the similarity 0..1 below which a step counts as failing */
    public double failureThreshold() {
        return failureThreshold;
    }

    /** @return the confidence a candidate needs, 0..1 */
    public double minConfidence() {
        return minConfidence;
    }
}
